import { z } from 'zod';
import { method } from '../ipc/define';
import type { CallResult } from '../ipc/define';
import { MAX_PACK_BYTES } from '../packs/types';

/**
 * The shell's own IPC slice: native open and save dialogs (Electron's `dialog`), which only the
 * desktop app has — the browser host keeps its file input and download link. Calls travel on the
 * same invoke channel as the app's contract, pass the same sender check and are validated by the
 * same router (main/ipc/router.ts) against these schemas. The renderer chooses nothing but a
 * suggested file name, the dialog's filters and the content: the path is the agent's choice in the
 * system dialog, and only the file's name (never its folder) goes back to the window.
 */

/** Largest file `shell.openFile` reads: the largest phrase pack an import accepts (bytes). */
export const MAX_OPEN_BYTES = MAX_PACK_BYTES;
/** Largest content `shell.saveFile` writes in one call (bytes; exports of packs and chat history). */
export const MAX_SAVE_BYTES = 256 * 1024 * 1024;

/** A dialog filter: a label in the agent's language and extensions without the dot (`csv`, `*`). */
const filters = z
  .array(
    z.object({
      name: z.string().min(1).max(100),
      extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/)).min(1).max(20),
    }),
  )
  .max(10);

/**
 * A file name with no folder in it: no separator of any platform, no control character, not `.` or
 * `..`, at most 200 characters (Windows allows 255 per name, and the dialog may append a number).
 */
const fileName = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex
  .refine((n) => !/[\\/:*?"<>|\u0000-\u001f]/.test(n) && n !== '.' && n !== '..', { message: 'shell.badFileName' });

/** The shell's slice of the contract: `shell.saveFile` and `shell.openFile`. */
export const shellFilesApi = {
  /**
   * Asks where to save (`suggestedName` pre-filled in the system's save dialog) and writes `bytes`,
   * or `text` as UTF-8. Resolves `{fileName}` (the chosen name, no folder), or `null` when the agent
   * cancelled. Errors: `shell.badFileName`, `shell.contentTooLarge` (over {@link MAX_SAVE_BYTES}), `shell.writeFailed` {file, reason}.
   */
  'shell.saveFile': method(
    z.union([
      z.object({
        suggestedName: fileName,
        bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_SAVE_BYTES, { message: 'shell.contentTooLarge' }),
        filters: filters.optional(),
      }),
      z.object({
        suggestedName: fileName,
        text: z.string().max(MAX_SAVE_BYTES / 3),
        filters: filters.optional(),
      }),
    ]),
  ).returns<{ fileName: string } | null>(),
  /**
   * Asks for one file in the system's open dialog and reads it. Resolves `{fileName, bytes}`, or
   * `null` when the agent cancelled. Errors: `shell.fileTooLarge` {file, maxMb} over
   * {@link MAX_OPEN_BYTES}, `shell.readFailed` {file, reason}.
   */
  'shell.openFile': method(z.object({ filters: filters.optional() })).returns<{ fileName: string; bytes: Uint8Array } | null>(),
};

/** A dialog filter as the contract takes it: a label and extensions without the dot. */
export interface DialogFilter {
  name: string;
  extensions: string[];
}
/** The argument of `shell.saveFile`: a suggested name and the content, as bytes or UTF-8 text. */
export type SaveFileArgs = { suggestedName: string; filters?: DialogFilter[] } & ({ bytes: Uint8Array } | { text: string });
/** The argument of `shell.openFile`. */
export interface OpenFileArgs {
  filters?: DialogFilter[];
}

/**
 * What the preload exposes as `window.xiaoniuFiles` in the desktop app (absent in the browser
 * host): the raw results, as for the main bridge (an error's fields do not survive Electron's
 * context bridge), turned into values or `ApiError`s by the renderer.
 */
export interface NativeFilesBridge {
  saveFile(args: SaveFileArgs): Promise<CallResult<{ fileName: string } | null>>;
  openFile(args: OpenFileArgs): Promise<CallResult<{ fileName: string; bytes: Uint8Array } | null>>;
}
