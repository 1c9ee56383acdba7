import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/db';
import { systemClock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import { createPhraseService } from '../phrases/service';
import { createPackService } from './service';
import { JobState, type WorkerInput, type WorkerMessage } from './jobs';

/**
 * The import worker thread (see `workerImportRunner`): its own connection (WAL lets the main
 * connection keep reading), one transaction, progress posted back, cancel polled from shared memory
 * (see `JobState`: the first poll, from inside the write transaction, ends the phase in which the
 * main thread may terminate this thread).
 */
async function main(): Promise<void> {
  const input = workerData as WorkerInput;
  const state = new Int32Array(input.cancelFlag);
  const isCancelled = () => {
    const was = Atomics.compareExchange(state, 0, JobState.reading, JobState.writing);
    return was === JobState.terminated || Atomics.load(state, 0) === JobState.cancelRequested;
  };
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  // The worker may wait for another import's lock; only this thread waits.
  const db = openDatabase(input.dbFile, { busyTimeoutMs: 60_000 });
  try {
    const packs = createPackService(createPhraseService(db, systemClock));
    const { request } = input;
    const options = {
      replace: request.replace,
      ...(request.onCodeConflict ? { onCodeConflict: request.onCodeConflict } : {}),
      ...(request.encoding ? { encoding: request.encoding } : {}),
      ...(request.format ? { format: request.format } : {}),
    };
    const result =
      input.mode === 'preview'
        ? await packs.preview(request.bytes, options)
        : await packs.importPack(request.bytes, options, {
            onProgress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
            isCancelled,
          });
    post({ type: 'done', result });
  } catch (e) {
    if (e instanceof XiaoniuError) post({ type: 'failed', code: e.code, params: e.params });
    else post({ type: 'failed', code: 'internal', params: {}, internal: (e as Error).stack ?? String(e) });
  } finally {
    db.close();
  }
}

void main();
