import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { App } from '../app';
import type { Logger } from '../ipc/router';
import type { CallResult } from '../ipc/define';
import { decodeWire, encodeWire, exceedsJsonDepth } from '../ipc/wire';
import { contentSecurityPolicy } from '../shared/csp';

/** Options of {@link startBrowserHost}. */
export interface HostOptions {
  /**
   * The app, or a function that opens it. A function is called only once the port is bound, so a
   * port in use fails before any database file is created or migrated.
   */
  app: App | (() => Promise<App>);
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Fixed token (tests, scripts); default 32 random bytes, new every run. */
  token?: string;
  /** Where connection-level problems go (a client's malformed frame); default: nowhere. */
  log?: Logger;
}

/** A running browser host. */
export interface BrowserHost {
  /** `http://127.0.0.1:PORT/?token=…` — open this in a browser. */
  url: string;
  port: number;
  token: string;
  /** The app it serves (opened by the host when {@link HostOptions.app} was a function). */
  app: App;
  /** Stops listening and drops every connection; the app stays open (the caller closes it). */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** Largest message the bridge accepts: a 64 MB pack in base64 plus its envelope. */
const MAX_MESSAGE = 96 * 1024 * 1024;

/**
 * Deepest nesting of arrays and objects a call may have. The deepest real call is 3 levels
 * (`{args: {bytes: {$bytes}}}`); 32 leaves room for any future argument while refusing, before
 * parsing, the `[[[[…` that would cost seconds and gigabytes (see {@link exceedsJsonDepth}).
 */
const MAX_MESSAGE_DEPTH = 32;

/** The path the page asks whether its token is still the host's (see {@link startBrowserHost}). */
export const TOKEN_CHECK_PATH = '/token-check';

/** What the host answers to a message it cannot read as a call (`id` null: it has none). */
function badMessage(reason: string): { id: null; result: CallResult<never> } {
  return { id: null, result: { ok: false, error: { code: 'ipc.badMessage', params: { reason } } } };
}

/** A call as it arrives: `{id, method, args}` with `id` a safe integer; method and args unchecked. */
type Request = { id: number; method: unknown; args: unknown };

/**
 * Reads one WebSocket message as a call, or says why not. Binary frames, malformed JSON, nesting
 * past {@link MAX_MESSAGE_DEPTH}, a non-object, and an id that is not a safe integer (JSON's
 * `1e400` is Infinity, `2**53 + 1` cannot be answered exactly) are all `ipc.badMessage`.
 */
function readRequest(data: RawData, isBinary: boolean): Request | { refused: string } {
  if (isBinary) return { refused: 'binary' };
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  const text = bytes.toString('utf8');
  if (exceedsJsonDepth(text, MAX_MESSAGE_DEPTH)) return { refused: 'depth' };
  let msg: unknown;
  try {
    msg = decodeWire(text);
  } catch {
    return { refused: 'json' };
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return { refused: 'shape' };
  const m = msg as Record<string, unknown>;
  if (!Number.isSafeInteger(m.id)) return { refused: 'id' };
  return { id: m.id as number, method: m.method, args: m.args };
}

/**
 * `npm run serve`: serves the built renderer and bridges the app's router over a WebSocket on
 * 127.0.0.1 only. The WebSocket requires the per-run token (compared in constant time) and a
 * same-origin page; the HTML is sent with a strict CSP. Messages: `{id, method, args}` →
 * `{id, result: CallResult}`; pushed events are `{event, payload}`.
 *
 * `GET /token-check?token=T` answers 204 when T is this run's token and 403 when not. A page needs
 * it to tell "the host restarted with a new token" from "the host is down": a browser reports a
 * refused WebSocket handshake exactly like an unreachable server (close code 1006, no status),
 * which the WebSockets Standard requires so that scripts cannot probe other hosts' ports
 * (https://websockets.spec.whatwg.org/#feedback-from-the-protocol). A `fetch` to the page's own
 * origin does show the status. Closing an accepted socket with a "bad token" code instead would
 * mean completing handshakes for clients without the token; the upgrade stays a plain 403.
 *
 * Nothing a client sends ends the process: every socket has an `error` listener (`ws` emits one for
 * an unmasked frame, bad UTF-8, RSV bits, an oversized or absurd length, a bad close code … and
 * closes the socket with the matching RFC 6455 §7.4.1 status), every message handler catches, and a
 * malformed request line or URL is a 400.
 */
export function startBrowserHost(options: HostOptions): Promise<BrowserHost> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const root = path.resolve(options.rendererDir);
  const log: Logger = options.log ?? (() => {});
  let port = 0;
  let app: App | undefined;
  let resolveApp!: (app: App) => void;
  /** Calls that arrive while the app is still opening wait here (a page reconnecting early). */
  const appReady = new Promise<App>((resolve) => (resolveApp = resolve));
  let closing = false;

  const tokenMatches = (given: string | null): boolean => {
    const buf = Buffer.from(given ?? '');
    return buf.length === tokenBuf.length && crypto.timingSafeEqual(buf, tokenBuf);
  };

  /** The request's URL, or null when it cannot be parsed (`GET http://[ HTTP/1.1` throws in URL). */
  const parseUrl = (raw: string | undefined): URL | null => {
    try {
      return new URL(raw ?? '/', 'http://127.0.0.1');
    } catch {
      return null;
    }
  };

  const plain = (res: http.ServerResponse, status: number, body: string) =>
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(body);

  const serveFile = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = parseUrl(req.url);
    let rel: string;
    try {
      if (!url) throw new URIError('bad url');
      rel = decodeURIComponent(url.pathname);
    } catch {
      // Any page the agent visits can send this request (no token needed for static files): a
      // malformed escape must be a 400, never an exception that stops the host.
      plain(res, 400, 'bad request');
      return;
    }
    if (rel === TOKEN_CHECK_PATH) {
      res.writeHead(tokenMatches(url.searchParams.get('token')) ? 204 : 403, { 'cache-control': 'no-store' }).end();
      return;
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    // Browsers ask for /favicon.ico on their own (for pages without a <link rel=icon>).
    if (rel === '/favicon.ico') rel = '/favicon.svg';
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      plain(res, 404, 'not found');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (file.endsWith('.html')) headers['content-security-policy'] = contentSecurityPolicy(`'self' ws://127.0.0.1:${port}`);
    res.writeHead(200, headers);
    // A file removed between the stat and the read (a rebuild) must not become an 'error' nobody hears.
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = http.createServer((req, res) => {
    try {
      serveFile(req, res);
    } catch (e) {
      log('browser host: request failed', e);
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    }
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE,
    // One call per turn of the event loop: a call answered at once (most are) has its answer sent
    // before the next call runs. By default `ws` emits every message of a received chunk in the
    // same tick, so the dozen calls a page makes as it opens all ran before any answer left: the
    // contact list's 5 ms answer waited behind the unread total over every conversation (tens of
    // ms on a million messages). Option: https://github.com/websockets/ws/blob/master/doc/ws.md#new-websocketserveroptions-callback
    allowSynchronousEvents: false,
  });

  const refuse = (socket: Duplex) => {
    socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.destroy();
  };

  server.on('upgrade', (req, socket, head) => {
    // Until `ws` takes the socket over, a reset from the client must not be an unheard 'error'.
    socket.on('error', () => socket.destroy());
    try {
      const url = parseUrl(req.url);
      const origin = req.headers.origin;
      // Only the page this host served (its CSP allows ws://127.0.0.1 alone, so localhost is no use).
      const okOrigin = origin === undefined || origin === `http://127.0.0.1:${port}`;
      if (closing || !url || url.pathname !== '/bridge' || !tokenMatches(url.searchParams.get('token')) || !okOrigin) {
        refuse(socket);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (e) {
      log('browser host: upgrade failed', e);
      socket.destroy();
    }
  });

  const sockets = new Set<WebSocket>();
  let unsubscribe = () => {};

  const send = (ws: WebSocket, value: unknown) => {
    // A reply to a socket that closed meanwhile (the client left mid-call) is dropped.
    if (ws.readyState === ws.OPEN) ws.send(encodeWire(value));
  };

  const handleMessage = async (ws: WebSocket, data: RawData, isBinary: boolean) => {
    try {
      const request = readRequest(data, isBinary);
      if ('refused' in request) {
        send(ws, badMessage(request.refused));
        return;
      }
      const target = app ?? (await appReady);
      const result = await target.call(request.method, request.args);
      if (!closing) send(ws, { id: request.id, result });
    } catch (e) {
      // The router never throws; this is encoding a reply, or a socket gone in between.
      log('browser host: could not answer a message', e);
    }
  };

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // `ws` closes the connection itself with the RFC 6455 status for the violation (1002, 1007,
    // 1009 …) and then emits this; without a listener the EventEmitter would throw it and the
    // process would end on one malformed frame.
    ws.on('error', (e: Error & { code?: string }) => log(`browser host: closed a connection after a bad frame (${e.code ?? e.message})`));
    ws.on('message', (data, isBinary) => {
      if (closing) return;
      void handleMessage(ws, data, isBinary);
    });
  });

  const shutdown = () =>
    new Promise<void>((done) => {
      closing = true;
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.close(() => done());
      server.closeAllConnections();
    });

  return new Promise<BrowserHost>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      // After the bind, errors are per connection (EMFILE on accept …): reported, never fatal.
      server.on('error', (e) => log('browser host: server error', e));
      port = (server.address() as { port: number }).port;
      const opened = typeof options.app === 'function' ? options.app() : Promise.resolve(options.app);
      opened.then(
        (ready) => {
          app = ready;
          resolveApp(ready);
          unsubscribe = ready.onEvent((event, payload) => {
            const text = encodeWire({ event, payload });
            for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
          });
          resolve({
            url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
            port,
            token,
            app: ready,
            close: shutdown,
          });
        },
        (e: unknown) => {
          void shutdown().then(() => reject(e));
        },
      );
    });
  });
}
