import type { Handlers } from '../ipc/define';
import type { packsApi, PackEvents } from './api';
import type { createImportJobs } from './jobs';
import type { PackService } from './service';

/** Emits an event to every window. */
export type EmitPackEvent = <E extends keyof PackEvents>(event: E, payload: PackEvents[E]) => void;

/**
 * Binds the phrase-pack slice; `afterImport` brings the search index up to date and resolves when
 * it is. Progress is throttled to at most one event per 50 ms (plus the
 * final one) so a 100,000-row import doesn't flood the bridge.
 */
export function packHandlers(
  packs: PackService,
  jobs: ReturnType<typeof createImportJobs>,
  emit: EmitPackEvent,
  afterImport: () => Promise<void>,
): Handlers<typeof packsApi> {
  return {
    'packs.preview': ({ bytes, encoding, format, replace, onCodeConflict }) =>
      jobs.preview({
        bytes,
        replace: replace ?? false,
        ...(onCodeConflict ? { onCodeConflict } : {}),
        ...(encoding ? { encoding } : {}),
        ...(format ? { format } : {}),
      }),
    'packs.import': async ({ jobId, bytes, encoding, format, replace, onCodeConflict }) => {
      let last = 0;
      try {
        return await jobs.start(
          jobId,
          { bytes, replace, ...(onCodeConflict ? { onCodeConflict } : {}), ...(encoding ? { encoding } : {}), ...(format ? { format } : {}) },
          (phase, done, total) => {
            const now = Date.now();
            if (done !== total && now - last < 50) return;
            last = now;
            emit('packs.progress', { jobId, phase, done, total });
          },
        );
      } finally {
        // Rebuilds the search index before the summary reaches the window (a failed or cancelled
        // import may still have been committed by a racing cancel: rebuild either way).
        await afterImport();
      }
    },
    'packs.cancel': ({ jobId }) => (jobs.cancel(jobId), null),
    'packs.export': ({ format, encoding, groupIds }) => packs.exportPack(format, encoding, groupIds),
  };
}
