import { XiaoniuError } from '../shared/errors';

/**
 * A first-come-first-served limit on concurrent jobs. Each pack preview or import runs on a
 * worker thread with its own V8 heap, SQLite connection and copy of the file (tens of MB for a
 * large pack): 1,000 previews sent at once took 6.5 GB when each started its own thread. With a
 * limit, memory is bounded by `running` jobs plus the requests waiting, and a caller past
 * `waiting` is told at once instead of being queued behind minutes of work.
 */

/** How many jobs run at once, and how many may wait for a slot. */
export interface JobLimits {
  running: number;
  waiting: number;
}

/** A scheduled job; see {@link JobQueue.schedule}. */
export interface ScheduledJob<T> {
  /** The job's outcome; rejects with `pack.busy` when refused, `pack.cancelled` when dequeued. */
  result: Promise<T>;
  /** Removes the job if it is still waiting (true); false once it has started or settled. */
  dequeue(): boolean;
}

/** See {@link createJobQueue}. */
export type JobQueue = ReturnType<typeof createJobQueue>;

/**
 * Creates a queue that starts at most `limits.running` tasks at once, in the order they were
 * scheduled, keeps at most `limits.waiting` more, and refuses the rest with `pack.busy`.
 */
export function createJobQueue(limits: JobLimits) {
  let active = 0;
  const waiting: { start(): void; cancel(): void }[] = [];

  const startNext = () => {
    while (active < limits.running && waiting.length) waiting.shift()!.start();
  };

  return {
    /** Schedules `task`; it runs when a slot is free. */
    schedule<T>(task: () => Promise<T>): ScheduledJob<T> {
      if (active >= limits.running && waiting.length >= limits.waiting) {
        return { result: Promise.reject(new XiaoniuError('pack.busy')), dequeue: () => false };
      }
      let entry: { start(): void; cancel(): void } | undefined;
      const result = new Promise<T>((resolve, reject) => {
        entry = {
          start() {
            active++;
            let running: Promise<T>;
            try {
              running = task();
            } catch (e) {
              running = Promise.reject(e);
            }
            // The slot is freed before the caller hears the outcome, so the next job is already
            // under way when this one's result settles.
            const release = () => {
              active--;
              startNext();
            };
            running.then(
              (v) => (release(), resolve(v)),
              (e: unknown) => (release(), reject(e)),
            );
          },
          cancel: () => reject(new XiaoniuError('pack.cancelled')),
        };
      });
      waiting.push(entry!);
      startNext();
      return {
        result,
        dequeue() {
          const at = waiting.indexOf(entry!);
          if (at < 0) return false;
          waiting.splice(at, 1);
          entry!.cancel();
          return true;
        },
      };
    },
    /** Jobs running now and jobs waiting, for tests and diagnostics. */
    get size(): { running: number; waiting: number } {
      return { running: active, waiting: waiting.length };
    },
  };
}
