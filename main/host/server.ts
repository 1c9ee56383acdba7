import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { App } from '../app';
import { decodeWire, encodeWire } from '../ipc/wire';
import { contentSecurityPolicy } from '../shared/csp';

/** Options of {@link startBrowserHost}. */
export interface HostOptions {
  app: App;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Fixed token (tests); default 32 random bytes, new every run. */
  token?: string;
}

/** A running browser host. */
export interface BrowserHost {
  /** `http://127.0.0.1:PORT/?token=…` — open this in a browser. */
  url: string;
  port: number;
  token: string;
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
 * `npm run serve`: serves the built renderer and bridges the app's router over a WebSocket on
 * 127.0.0.1 only (issue 6 §3). The WebSocket requires the per-run token (compared in constant
 * time) and a same-origin page; the HTML is sent with a strict CSP. Messages:
 * `{id, method, args}` → `{id, result: CallResult}`; pushed events are `{event, payload}`.
 */
export function startBrowserHost(options: HostOptions): Promise<BrowserHost> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const root = path.resolve(options.rendererDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      // Any page the agent visits can send this request (no token needed for static files): a
      // malformed escape must be a 400, never an exception that stops the host.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request');
      return;
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (file.endsWith('.html')) headers['content-security-policy'] = contentSecurityPolicy(`ws://127.0.0.1:${port}`);
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE,
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const origin = req.headers.origin;
    const okToken = given.length === tokenBuf.length && crypto.timingSafeEqual(given, tokenBuf);
    // Only the page this host served (its CSP allows ws://127.0.0.1 alone, so localhost is no use).
    const okOrigin = origin === undefined || origin === `http://127.0.0.1:${port}`;
    if (url.pathname !== '/bridge' || !okToken || !okOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const sockets = new Set<WebSocket>();
  const unsubscribe = options.app.onEvent((event, payload) => {
    const text = encodeWire({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (data, isBinary) => {
      let msg: unknown;
      try {
        msg = isBinary ? undefined : decodeWire(data.toString());
      } catch {
        msg = undefined;
      }
      const m = msg as { id?: unknown; method?: unknown; args?: unknown } | undefined;
      if (!m || typeof m !== 'object' || typeof m.id !== 'number') {
        ws.send(encodeWire({ id: null, result: { ok: false, error: { code: 'ipc.badMessage', params: {} } } }));
        return;
      }
      const result = await options.app.call(m.method, m.args);
      if (ws.readyState === ws.OPEN) ws.send(encodeWire({ id: m.id, result }));
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const ws of sockets) ws.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
