import type { AppEvents, ArgsOf, EventName, MethodName, PreloadBridge, ResultOf, XiaoniuApi } from '../../main/ipc/contract';
import type { CallResult } from '../../main/ipc/define';
import { ApiError, decodeWire, encodeWire, toBase64 } from '../../main/ipc/wire';

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

/**
 * The WebSocket bridge to `npm run serve` (same contract as the preload). The token comes from the
 * page URL the host printed; calls wait for the socket to open. A dropped connection rejects every
 * pending call with `ipc.disconnected`.
 */
export function createBridgeApi(location: Location = window.location): XiaoniuApi {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  // Without the token the host refuses the socket; say so rather than "connection lost".
  if (!token) {
    const missing = new ApiError('ipc.noToken');
    return { invoke: () => Promise.reject(missing), on: () => () => {} };
  }
  const ws = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new ApiError('ipc.disconnected')));
  });
  let closed = false;
  ws.addEventListener('close', () => {
    closed = true;
    for (const p of pending.values()) p.reject(new ApiError('ipc.disconnected'));
    pending.clear();
  });
  ws.addEventListener('message', (ev: MessageEvent<string>) => {
    const msg = decodeMessage(ev.data) as { id?: number; result?: CallResult<unknown>; event?: string; payload?: unknown };
    if (typeof msg.event === 'string') {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
    if (!p || !msg.result) return;
    pending.delete(msg.id!);
    if (msg.result.ok) p.resolve(msg.result.value);
    else p.reject(new ApiError(msg.result.error.code, msg.result.error.params));
  });
  return {
    async invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
      await opened;
      // After the host went away a send would vanish silently: fail at once, with the reason.
      if (closed || ws.readyState !== WebSocket.OPEN) throw new ApiError('ipc.disconnected');
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

/** The one API object: the Electron preload's when present, else the browser bridge. */
export function getApi(): XiaoniuApi {
  api ??= window.xiaoniuBridge ? fromPreload(window.xiaoniuBridge) : createBridgeApi();
  return api;
}
