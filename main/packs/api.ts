import { z } from 'zod';
import { method } from '../ipc/define';
import { CODE_CONFLICT_CHOICES } from '../phrases/code-conflicts';
import type { ExportResult, ImportResult, PackPreview } from './service';

import { MAX_PACK_BYTES } from './types';

const bytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_PACK_BYTES, { message: 'pack.tooLarge' });
const encoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']);
const format = z.enum(['csv', 'xml', 'xlsx']);
/** What a merging import does with a row whose shortcut code the list holds (`keep` when absent). */
const onCodeConflict = z.enum(CODE_CONFLICT_CHOICES);
/** Chosen by the renderer so it can match progress events and cancel before the call returns. */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** The phrase-pack slice of the IPC contract (docs/packs.md). Events: see {@link PackEvents}. */
export const packsApi = {
  'packs.preview': method(
    z.object({
      bytes,
      encoding: encoding.optional(),
      format: format.optional(),
      replace: z.boolean().optional(),
      onCodeConflict: onCodeConflict.optional(),
    }),
  ).returns<PackPreview>(),
  'packs.import': method(
    z.object({
      jobId,
      bytes,
      encoding: encoding.optional(),
      format: format.optional(),
      replace: z.boolean(),
      onCodeConflict: onCodeConflict.optional(),
    }),
  ).returns<ImportResult>(),
  'packs.cancel': method(z.object({ jobId })).returns<null>(),
  'packs.export': method(
    z.object({
      format: z.enum(['csv', 'qianniu-csv', 'xml', 'xlsx']),
      encoding: z.enum(['utf8', 'gb18030']).optional(),
      groupIds: z.array(z.number().int().positive()).max(100_000),
    }),
  ).returns<ExportResult>(),
};

/** Events the packs feature pushes to the window. */
export interface PackEvents {
  /** Import progress: `done` of `total` rows; phase `read` (parsing) then `write` (storing). */
  'packs.progress': { jobId: string; phase: 'read' | 'write'; done: number; total: number };
}
