import type { XiaoniuApi } from '../../main/ipc/contract';

/** How long the panel waits after the last new message before it counts again (ms). */
export const REFRESH_DELAY_MS = 1000;

/** Timers, passed in so a test can run them by hand. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Calls `reload` once `delayMs` after the last of a burst of `chat.message` events (a buyer's
 * five quick lines, a peak of 200 buyers): the figures follow the conversation without recounting
 * a week per message. Returns the function that stops watching (and drops a pending reload).
 */
export function watchMessages(api: Pick<XiaoniuApi, 'on'>, reload: () => void, delayMs = REFRESH_DELAY_MS, timers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }): () => void {
  let pending: unknown = null;
  const off = api.on('chat.message', () => {
    if (pending !== null) timers.clear(pending);
    pending = timers.set(() => {
      pending = null;
      reload();
    }, delayMs);
  });
  return () => {
    off();
    if (pending !== null) timers.clear(pending);
    pending = null;
  };
}
