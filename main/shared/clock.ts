/**
 * A source of the current time, passed into every service that stamps or measures time, so tests
 * (and the auto-reply engine and metrics of later issues) can run on a virtual clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (UTC). */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that moves only when told to: `advance(ms)` or `set(ms)`. Starts at `startMs`
 * (ms since the epoch).
 */
export function virtualClock(startMs = Date.UTC(2026, 0, 1)): Clock & {
  advance(ms: number): void;
  set(ms: number): void;
} {
  let t = startMs;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
