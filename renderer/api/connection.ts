import { create } from 'zustand';

/**
 * Where the window stands with the app it talks to:
 * - `connecting`: the first connection is being opened; calls wait for it.
 * - `open`: calls go through.
 * - `lost`: the browser host stopped or restarted; reconnecting with backoff, calls fail at once
 *   with `ipc.disconnected`.
 * - `stale`: the host is back but refuses this page's token (it restarted with a new one); no
 *   retry can help, the agent must open the new address.
 * - `noToken`: the page was opened without `?token=`.
 * The Electron window is always `open` (its IPC cannot be lost while the window lives).
 */
export type ConnectionStatus = 'connecting' | 'open' | 'lost' | 'stale' | 'noToken';

/** The connection as components read it (`useConnection`). */
export interface ConnectionState {
  status: ConnectionStatus;
  /** Reconnect attempts that failed since the connection was lost (0 right after the loss). */
  attempts: number;
  /** Bumped each time the connection comes back after a loss; stores reload when it changes. */
  reconnects: number;
  /** Tries to reconnect now instead of waiting for the next backoff step (no-op unless `lost`). */
  retryNow(): void;
}

/** The one connection state, set by the API client (`renderer/api/client.ts`). */
export const useConnection = create<ConnectionState>(() => ({
  status: 'connecting',
  attempts: 0,
  reconnects: 0,
  retryNow: () => {},
}));

/** True while calls can reach the app, or are waiting for the first connection to open. */
export function canReachApp(state: Pick<ConnectionState, 'status'>): boolean {
  return state.status === 'open' || state.status === 'connecting';
}

/** Hook: whether sending and editing are possible (false while the app is out of reach). */
export function useConnected(): boolean {
  return useConnection(canReachApp);
}

/** The same, outside React (a store action deciding whether to send). */
export function isConnected(): boolean {
  return canReachApp(useConnection.getState());
}

/** First reconnect delay, ms. */
export const RECONNECT_FIRST_MS = 500;
/** Longest reconnect delay, ms: a host that comes back is found within ~10 s. */
export const RECONNECT_CAP_MS = 10_000;

/**
 * Delay in ms before reconnect attempt `attempt` (0 = the first after the loss): 500 ms doubling
 * to a cap of 10 s, with "equal jitter" — half the step fixed, half random — so the windows of one
 * restarted host do not all knock at the same instant (AWS Architecture Blog, "Exponential Backoff
 * And Jitter", https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * `random` returns a number in [0, 1).
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(RECONNECT_CAP_MS, RECONNECT_FIRST_MS * 2 ** Math.min(Math.max(0, attempt), 30));
  return step / 2 + random() * (step / 2);
}
