import { Worker } from 'node:worker_threads';
import { XiaoniuError } from '../shared/errors';
import { compiledWorkerFile } from '../shared/worker-file';
import type { CodeConflictChoice } from '../phrases/code-conflicts';
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
 * issue 6 §2).
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
  /** Int32Array over this buffer: element 0 becomes 1 to cancel. */
  cancelFlag: SharedArrayBuffer;
}

/**
 * Runs the import in `import-worker.js` (compiled beside this file) on its own database connection.
 * The caller must tell its phrase service to drop its search index afterwards (the service also
 * notices through `data_version`). Cancel sets a shared flag the worker polls every 1,000 rows; the
 * worker's transaction then rolls back and the promise rejects with `pack.cancelled`.
 */
export function workerImportRunner(dbFile: string, workerFile = compiledWorkerFile(__dirname, 'import-worker.js')): ImportRunner {
  const start = <T>(mode: WorkerInput['mode'], request: ImportRequest, onProgress: ProgressListener) => {
    const cancelFlag = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancelFlag);
    const input: WorkerInput = { dbFile, mode, request, cancelFlag };
    const worker = new Worker(workerFile, { workerData: input });
    const result = new Promise<T>((resolve, reject) => {
      let settled = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') onProgress(m.phase, m.done, m.total);
        else if (m.type === 'done') {
          settled = true;
          resolve(m.result as T);
        } else {
          settled = true;
          reject(m.internal ? new Error(m.internal) : new XiaoniuError(m.code, m.params));
        }
      });
      worker.on('error', (e) => {
        settled = true;
        reject(e);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`import worker exited with code ${code}`));
      });
    });
    return { result, cancel: () => Atomics.store(flag, 0, 1) };
  };
  return {
    run: (request, onProgress) => start<ImportResult>('import', request, onProgress),
    // Parsing a 15 MB pack or unzipping a workbook takes seconds: never on the main thread.
    preview: (request) => start<PackPreview>('preview', request, () => {}).result,
  };
}

/**
 * Keeps the running imports by the renderer's job id so `packs.cancel` can reach them.
 * Throws `pack.jobExists` when an id is reused while running.
 */
export function createImportJobs(runner: ImportRunner) {
  const running = new Map<string, () => void>();
  // A cancel can overtake its import on the wire (the renderer sends it right after the call):
  // remember the last few so that import never starts.
  const cancelledEarly = new Set<string>();
  return {
    async start(jobId: string, request: ImportRequest, onProgress: ProgressListener): Promise<ImportResult> {
      if (running.has(jobId)) throw new XiaoniuError('pack.jobExists', { jobId });
      if (cancelledEarly.delete(jobId)) throw new XiaoniuError('pack.cancelled');
      const job = runner.run(request, onProgress);
      running.set(jobId, job.cancel);
      try {
        return await job.result;
      } finally {
        running.delete(jobId);
      }
    },
    /** Previews a pack with the same runner (off the main thread in the app). */
    preview(request: ImportRequest): Promise<PackPreview> {
      return runner.preview(request);
    },
    /** Cancels a running job, or one not started yet; a finished one is unaffected. */
    cancel(jobId: string): void {
      const cancel = running.get(jobId);
      if (cancel) return cancel();
      cancelledEarly.add(jobId);
      if (cancelledEarly.size > 32) cancelledEarly.delete(cancelledEarly.values().next().value!);
    },
  };
}
