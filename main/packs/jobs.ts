import { Worker } from 'node:worker_threads';
import { XiaoniuError } from '../shared/errors';
import { compiledWorkerFile } from '../shared/worker-file';
import type { CodeConflictChoice } from '../phrases/code-conflicts';
import { createJobQueue, type JobLimits } from './job-queue';
import type { ImportResult, PackPreview, PackService } from './service';
import type { PackEncoding, PackFormat } from './types';

/** One import request as the contract carries it. */
export interface ImportRequest {
  bytes: Uint8Array;
  encoding?: PackEncoding;
  format?: PackFormat;
  replace: boolean;
  /** What to do with a row whose code the list holds; `keep` when absent. */
  onCodeConflict?: CodeConflictChoice;
}

/** Progress callback: phase, done, total (bytes while reading, rows while writing). */
export type ProgressListener = (phase: 'read' | 'write', done: number, total: number) => void;

/**
 * Runs one import and can cancel it. Two implementations: {@link inlineImportRunner} (the CLI,
 * tests with an in-memory database) and {@link workerImportRunner} (the app: the import runs on a
 * worker thread with its own connection, so the window and the auto-reply engine stay responsive —
 * docs/architecture.md "Threads").
 */
export interface ImportRunner {
  run(request: ImportRequest, onProgress: ProgressListener): { result: Promise<ImportResult>; cancel(): void };
  /** Reads the pack and counts what importing it would do (the import dialog's preview). */
  preview(request: ImportRequest): Promise<PackPreview>;
}

/** The read options of a request. */
function readOptionsOf(request: ImportRequest) {
  return {
    replace: request.replace,
    ...(request.onCodeConflict ? { onCodeConflict: request.onCodeConflict } : {}),
    ...(request.encoding ? { encoding: request.encoding } : {}),
    ...(request.format ? { format: request.format } : {}),
  };
}

/** Runs the import on the calling thread (progress and cancel still work between chunks). */
export function inlineImportRunner(packs: PackService): ImportRunner {
  return {
    run(request, onProgress) {
      let cancelled = false;
      // Deferred one tick so a cancel issued right after the call is seen before any row is written.
      const result = new Promise<void>((r) => setImmediate(r)).then(() =>
        packs.importPack(request.bytes, readOptionsOf(request), { onProgress, isCancelled: () => cancelled }),
      );
      return { result, cancel: () => void (cancelled = true) };
    },
    preview: (request) => packs.preview(request.bytes, readOptionsOf(request)),
  };
}

/** Messages from the import worker. */
export type WorkerMessage =
  | { type: 'progress'; phase: 'read' | 'write'; done: number; total: number }
  | { type: 'done'; result: ImportResult | PackPreview }
  | { type: 'failed'; code: string; params: Record<string, string | number>; internal?: string };

/** What the worker receives in `workerData`. */
export interface WorkerInput {
  dbFile: string;
  /** `import` writes; `preview` only reads and counts. */
  mode: 'import' | 'preview';
  request: ImportRequest;
  /** Int32Array over this buffer: element 0 is the job's {@link JobState}. */
  cancelFlag: SharedArrayBuffer;
}

/**
 * Where a worker job is, shared between the threads (Int32, changed only by compare-and-swap).
 * While `reading` the main thread may terminate the worker outright: nothing has been committed,
 * and a write transaction it may have begun is rolled back when better-sqlite3 closes the
 * connection as the thread goes. The worker leaves `reading` when the phrases service first polls
 * for a cancel inside the write transaction; from then on a commit may be under way, so the main
 * thread only asks (`cancelRequested`) and the worker rolls back at its next poll (every 1,000
 * rows) — a cancel that comes after the commit is too late and the import stands.
 */
export const JobState = { reading: 0, writing: 1, terminated: 2, cancelRequested: 3 } as const;

/**
 * Runs the import in `import-worker.js` (compiled beside this file) on its own database connection.
 * The caller must tell its phrase service to drop its search index afterwards (the service also
 * notices through `data_version`). Cancel terminates a worker that is still reading (any reader,
 * however long its file) and asks one that is writing to roll back (see {@link JobState}); either
 * way the promise rejects with `pack.cancelled` and the database is as it was.
 */
export function workerImportRunner(dbFile: string, workerFile = compiledWorkerFile(__dirname, 'import-worker.js')): ImportRunner {
  const start = <T>(mode: WorkerInput['mode'], request: ImportRequest, onProgress: ProgressListener) => {
    const cancelFlag = new SharedArrayBuffer(4);
    const state = new Int32Array(cancelFlag);
    const input: WorkerInput = { dbFile, mode, request, cancelFlag };
    const worker = new Worker(workerFile, { workerData: input });
    let settle: { resolve(v: T): void; reject(e: unknown): void } | undefined;
    const result = new Promise<T>((resolve, reject) => {
      let settled = false;
      settle = {
        resolve: (v) => void (settled || ((settled = true), resolve(v))),
        reject: (e) => void (settled || ((settled = true), reject(e))),
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          if (!settled) onProgress(m.phase, m.done, m.total);
        } else if (m.type === 'done') settle!.resolve(m.result as T);
        else settle!.reject(m.internal ? new Error(m.internal) : new XiaoniuError(m.code, m.params));
      });
      worker.on('error', (e) => settle!.reject(e));
      worker.on('exit', (code) => {
        if (Atomics.load(state, 0) === JobState.terminated) settle!.reject(new XiaoniuError('pack.cancelled'));
        else settle!.reject(new Error(`import worker exited with code ${code}`));
      });
    });
    const cancel = () => {
      const was = Atomics.compareExchange(state, 0, JobState.reading, JobState.terminated);
      if (was === JobState.reading) {
        // Answer at once; the thread stops at its next JavaScript instruction.
        settle!.reject(new XiaoniuError('pack.cancelled'));
        void worker.terminate();
      } else if (was === JobState.writing) {
        Atomics.compareExchange(state, 0, JobState.writing, JobState.cancelRequested);
      }
    };
    return { result, cancel };
  };
  return {
    run: (request, onProgress) => start<ImportResult>('import', request, onProgress),
    // Parsing a 15 MB pack or unzipping a workbook takes seconds: never on the main thread.
    preview: (request) => start<PackPreview>('preview', request, () => {}).result,
  };
}

/** Jobs run at once (each a worker thread in the app), and jobs that may wait for one. */
export const JOB_LIMITS: JobLimits = { running: 2, waiting: 8 };

/**
 * Keeps the imports by the renderer's job id so `packs.cancel` can reach them, and runs imports
 * and previews through one queue: at most `limits.running` at once, `limits.waiting` more in
 * line, the rest refused with `pack.busy` (see `createJobQueue`). Throws `pack.jobExists` when an
 * id is reused while its job runs or waits.
 */
export function createImportJobs(runner: ImportRunner, limits: JobLimits = JOB_LIMITS) {
  const queue = createJobQueue(limits);
  /** Cancels by job id, for jobs waiting or running. */
  const jobs = new Map<string, () => void>();
  // A cancel can overtake its import on the wire (the renderer sends it right after the call):
  // remember the last few so that import never starts.
  const cancelledEarly = new Set<string>();
  return {
    async start(jobId: string, request: ImportRequest, onProgress: ProgressListener): Promise<ImportResult> {
      if (jobs.has(jobId)) throw new XiaoniuError('pack.jobExists', { jobId });
      if (cancelledEarly.delete(jobId)) throw new XiaoniuError('pack.cancelled');
      let cancel = (): void => void scheduled.dequeue();
      const scheduled = queue.schedule(() => {
        const job = runner.run(request, onProgress);
        cancel = job.cancel;
        return job.result;
      });
      jobs.set(jobId, () => cancel());
      try {
        return await scheduled.result;
      } finally {
        jobs.delete(jobId);
      }
    },
    /** Previews a pack with the same runner (off the main thread in the app), in the same queue. */
    preview(request: ImportRequest): Promise<PackPreview> {
      return queue.schedule(() => runner.preview(request)).result;
    },
    /** Cancels a running or waiting job, or one not started yet; a finished one is unaffected. */
    cancel(jobId: string): void {
      const cancel = jobs.get(jobId);
      if (cancel) return cancel();
      cancelledEarly.add(jobId);
      if (cancelledEarly.size > 32) cancelledEarly.delete(cancelledEarly.values().next().value!);
    },
    /** Jobs running and waiting now. */
    get load() {
      return queue.size;
    },
  };
}
