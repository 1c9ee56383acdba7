import { systemClock, virtualClock, type Clock } from './clock';

/**
 * Timers passed in, as the clock is: the outbox's backoff and the simulator's script delays come
 * from a scheduler, so tests run them in virtual time (no real sleeps) and the app runs them on
 * Node's timers. A scheduler is also the clock its timers are measured on.
 */
export interface Scheduler extends Clock {
  /** Calls `fn` once, `ms` milliseconds from now (0 or less: as soon as possible). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer that has not fired; cancelling a fired or cancelled one does nothing. */
  clearTimeout(handle: TimerHandle): void;
}

/** An opaque timer handle. */
export type TimerHandle = { readonly __timer: true };

/**
 * Node's timers and a clock (the wall clock by default). Timers are unref'd: a pending retry or a
 * simulated buyer's next line never keeps a process alive on its own — the host decides when to stop.
 */
export function realScheduler(clock: Clock = systemClock): Scheduler {
  return {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      const t = setTimeout(fn, Math.max(0, ms));
      t.unref();
      return t as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      clearTimeout(handle as unknown as NodeJS.Timeout);
    },
  };
}

/** A scheduler whose time moves only when a test says so; see {@link virtualScheduler}. */
export interface VirtualScheduler extends Scheduler {
  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way in time order (ties
   * in the order they were set), and letting promises settle after each one — so an `await` inside
   * a timer's work (a channel's send) completes before the next timer fires, as it would in real
   * time. Timers set meanwhile fire too when they fall within the span.
   */
  advance(ms: number): Promise<void>;
  /** Timers not yet fired. */
  pending(): number;
}

/**
 * A virtual clock with timers (for tests), starting at `startMs` (ms since the epoch).
 */
export function virtualScheduler(startMs = Date.UTC(2026, 0, 1)): VirtualScheduler {
  const clock = virtualClock(startMs);
  let seq = 0;
  const timers = new Map<number, { at: number; seq: number; fn: () => void }>();
  const settle = async () => {
    // Several turns: a send that awaits a promise that awaits another needs more than one.
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: clock.now() + Math.max(0, ms), seq: id, fn });
      return { __timer: true, id } as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete((handle as unknown as { id: number }).id);
    },
    async advance(ms) {
      const target = clock.now() + ms;
      await settle();
      for (;;) {
        let next: [number, { at: number; seq: number; fn: () => void }] | undefined;
        for (const e of timers) if (e[1].at <= target && (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[1].seq < next[1].seq))) next = e;
        if (!next) break;
        timers.delete(next[0]);
        clock.set(next[1].at);
        next[1].fn();
        await settle();
      }
      clock.set(target);
    },
    pending: () => timers.size,
  };
}
