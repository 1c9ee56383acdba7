import type { AppEvents, ArgsOf, EventName, MethodName, PreloadBridge, ResultOf, XiaoniuApi } from '../../main/ipc/contract';
import type { CallResult } from '../../main/ipc/define';
import { ApiError, decodeWire, encodeWire, toBase64 } from '../../main/ipc/wire';
import { reconnectDelay, useConnection, type ConnectionState, type ConnectionStatus } from './connection';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    xiaoniuBridge?: PreloadBridge;
  }
}

/**
 * {@link decodeWire}, with a fast path: JSON.parse with a reviver calls back for every value, which
 * for `phrases.list` over 100,000 phrases (21 MB) takes seconds; a message that carries no byte
 * array parses the same without one.
 */
function decodeMessage(text: string): unknown {
  return text.includes('"$bytes"') ? decodeWire(text) : JSON.parse(text);
}

/** `Uint8Array.prototype.toBase64` (TC39, Chromium 140+ and so Electron 45): native and fast. */
type NativeBase64 = Uint8Array & { toBase64?: () => string };

/**
 * {@link encodeWire}, with the browser's native base64 when it has one: a 14 MB pack through the
 * JavaScript encoder blocks the window for over a second (a click on 取消 waits behind it). Same
 * output: standard base64 with padding under `{"$bytes": …}`.
 */
function encodeMessage(value: unknown): string {
  if (typeof (Uint8Array.prototype as NativeBase64).toBase64 !== 'function') return encodeWire(value);
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { $bytes: (v as NativeBase64).toBase64?.() ?? toBase64(v) } : v,
  );
}

/** The part of a browser WebSocket the bridge uses (a fake in unit tests). */
export type BridgeSocket = Pick<WebSocket, 'readyState' | 'send' | 'close' | 'addEventListener'>;

/** What the bridge needs from the browser; {@link browserEnvironment} is the real one. */
export interface BridgeEnvironment {
  /** The page's address: the host, and `?token=` in the query. */
  location: Pick<Location, 'host' | 'search'>;
  openSocket(url: string): BridgeSocket;
  /**
   * Asks the host whether `token` is still its token (`GET /token-check`): `valid`, `stale`
   * (the host answered 403: it restarted with another token), or a rejection when the host
   * cannot be reached.
   */
  checkToken(token: string): Promise<'valid' | 'stale'>;
  /** Registers `listener` for moments worth an immediate retry: back online, tab shown again. */
  onWake(listener: () => void): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** A number in [0, 1) (the backoff's jitter). */
  random(): number;
  /** Where the bridge publishes its state (the app's {@link useConnection}). */
  state: { getState(): ConnectionState; setState(patch: Partial<ConnectionState>): void };
}

/** The real browser: `WebSocket`, `fetch` to the page's own origin, `online` and visibility events. */
export function browserEnvironment(): BridgeEnvironment {
  return {
    location: window.location,
    openSocket: (url) => new WebSocket(url),
    async checkToken(token) {
      const res = await fetch(`/token-check?token=${encodeURIComponent(token)}`, { cache: 'no-store' });
      // Anything but 403 (an older host without the endpoint, another server now on the port)
      // is left to the WebSocket attempt to settle.
      return res.status === 403 ? 'stale' : 'valid';
    },
    onWake(listener) {
      window.addEventListener('online', listener);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') listener();
      });
    },
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: Math.random,
    state: useConnection,
  };
}

/** `WebSocket.OPEN`, spelled out so a fake socket needs no constants. */
const OPEN = 1;

/**
 * The WebSocket bridge to `npm run serve` (same contract as the preload), which outlives the host:
 * when the socket closes, pending calls reject with `ipc.disconnected`, the state turns `lost`,
 * and the bridge reconnects with backoff ({@link reconnectDelay}; at once on `online` or when the
 * tab is shown again). Each attempt first asks `/token-check`, because a refused WebSocket
 * handshake looks to a page exactly like a host that is down: a 403 there means the host restarted
 * with a new token, and the state turns `stale` for good (no retry can succeed). Back `open`, it
 * bumps `reconnects` so stores reload what may have changed meanwhile. Event listeners survive
 * reconnects.
 *
 * Calls wait while the first connection opens; while `lost` they fail at once with
 * `ipc.disconnected`, while `stale` with `ipc.staleToken`, without a token with `ipc.noToken`.
 */
export function createBridgeApi(env: BridgeEnvironment = browserEnvironment()): XiaoniuApi {
  const token = new URLSearchParams(env.location.search).get('token') ?? '';
  // Without the token the host refuses the socket; say so rather than "connection lost".
  if (!token) {
    env.state.setState({ status: 'noToken' });
    const missing = new ApiError('ipc.noToken');
    return { invoke: () => Promise.reject(missing), on: () => () => {} };
  }
  const url = `ws://${env.location.host}/bridge?token=${encodeURIComponent(token)}`;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** Calls made while the first connection opens. */
  let waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let socket: BridgeSocket | null = null;
  let status: ConnectionStatus = 'connecting';
  let attempts = 0;
  let timer: unknown = null;
  /** A token check or a socket attempt is under way (no second one meanwhile). */
  let trying = false;

  const publish = (patch: Partial<ConnectionState>) => env.state.setState(patch);

  function settleWaiting(error?: ApiError) {
    const list = waiting;
    waiting = [];
    for (const w of list) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }

  function onMessage(ev: MessageEvent) {
    let msg: { id?: number; result?: CallResult<unknown>; event?: string; payload?: unknown };
    try {
      msg = decodeMessage(String(ev.data)) as typeof msg;
    } catch (e) {
      console.error('unreadable message from the host', e);
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
    if (!p || !msg.result) return;
    pending.delete(msg.id!);
    if (msg.result.ok) p.resolve(msg.result.value);
    else p.reject(new ApiError(msg.result.error.code, msg.result.error.params));
  }

  function connect() {
    trying = true;
    const ws = env.openSocket(url);
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      opened = true;
      trying = false;
      const wasLost = status === 'lost';
      status = 'open';
      attempts = 0;
      publish({ status, attempts, ...(wasLost ? { reconnects: env.state.getState().reconnects + 1 } : {}) });
      settleWaiting();
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      trying = false;
      for (const p of pending.values()) p.reject(new ApiError('ipc.disconnected'));
      pending.clear();
      if (opened || status === 'connecting') {
        // Just lost (or the very first attempt failed): find out at once whether a stale token
        // is the reason — a page opened from an old address should not spin "reconnecting".
        const first = status === 'connecting';
        status = 'lost';
        attempts = 0;
        publish({ status, attempts });
        settleWaiting(new ApiError('ipc.disconnected'));
        if (first) attempt();
        else schedule();
      } else {
        attempts++;
        publish({ attempts });
        schedule();
      }
    });
  }

  function schedule() {
    if (timer !== null) env.clearTimer(timer);
    timer = env.setTimer(() => {
      timer = null;
      attempt();
    }, reconnectDelay(attempts, env.random));
  }

  function attempt() {
    if (status !== 'lost' || trying) return;
    if (timer !== null) {
      env.clearTimer(timer);
      timer = null;
    }
    trying = true;
    env.checkToken(token).then(
      (verdict) => {
        trying = false;
        if (status !== 'lost') return;
        if (verdict === 'stale') {
          status = 'stale';
          publish({ status });
          return;
        }
        connect();
      },
      () => {
        // The host is not there (yet).
        trying = false;
        if (status !== 'lost') return;
        attempts++;
        publish({ attempts });
        schedule();
      },
    );
  }

  env.onWake(attempt);
  env.state.setState({ status, attempts: 0, retryNow: attempt });
  connect();

  return {
    async invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
      if (status === 'connecting') await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
      // A send while the host is away would vanish silently: fail at once, with the reason.
      if (status === 'stale') throw new ApiError('ipc.staleToken');
      const ws = socket;
      if (status !== 'open' || !ws || ws.readyState !== OPEN) throw new ApiError('ipc.disconnected');
      const id = nextId++;
      return new Promise<ResultOf<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(encodeMessage({ id, method, args }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}

let api: XiaoniuApi | undefined;

/** Wraps the Electron preload's raw results into the same promise-or-ApiError API as the bridge. */
export function fromPreload(bridge: PreloadBridge): XiaoniuApi {
  return {
    async invoke(method, args) {
      const result = await bridge.invoke(method, args);
      if (result.ok) return result.value;
      throw new ApiError(result.error.code, result.error.params);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** The one API object: the Electron preload's when present (always `open`), else the browser bridge. */
export function getApi(): XiaoniuApi {
  if (!api) {
    if (window.xiaoniuBridge) {
      api = fromPreload(window.xiaoniuBridge);
      useConnection.setState({ status: 'open' });
    } else {
      api = createBridgeApi();
    }
  }
  return api;
}
