import fs from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../ipc/define';
import { XiaoniuError } from '../shared/errors';
import type { ShellDialog } from './electron-api';
import { MAX_OPEN_BYTES, shellFilesApi } from './files-api';

/** What the dialogs need: Electron's `dialog`, the window they belong to, and where to start. */
export interface FileDialogDeps {
  dialog: ShellDialog;
  /** The window the dialog is modal to; null when it is gone (the call is then refused). */
  window(): object | null;
  /** The folder a save dialog opens in (the user's Documents or Downloads folder). */
  defaultFolder(): string;
}

/** An errno code (`ENOENT`, `EACCES`) of a failed file operation, for the catalogue's `reasons`. */
function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

/**
 * The handlers of {@link shellFilesApi}: `dialog.showSaveDialog` / `showOpenDialog` modal to the
 * app's window, then one write or read with Node's fs. A file over {@link MAX_OPEN_BYTES} is refused
 * from its size before a byte is read. Errors are {@link XiaoniuError}s (see the contract), so they
 * reach the window as codes and are translated there.
 */
export function fileDialogHandlers(deps: FileDialogDeps): Handlers<typeof shellFilesApi> {
  const parent = () => {
    const w = deps.window();
    if (!w) throw new XiaoniuError('ipc.forbidden');
    return w;
  };
  return {
    async 'shell.saveFile'(args) {
      const result = await deps.dialog.showSaveDialog(parent(), {
        defaultPath: path.join(deps.defaultFolder(), args.suggestedName),
        ...(args.filters ? { filters: args.filters } : {}),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return null;
      const file = result.filePath;
      try {
        await fs.writeFile(file, 'bytes' in args ? args.bytes : args.text);
      } catch (e) {
        throw new XiaoniuError('shell.writeFailed', { file: path.basename(file), reason: reasonOf(e) }, { cause: e });
      }
      return { fileName: path.basename(file) };
    },

    async 'shell.openFile'(args) {
      const result = await deps.dialog.showOpenDialog(parent(), {
        properties: ['openFile'],
        ...(args.filters ? { filters: args.filters } : {}),
      });
      const file = result.canceled ? undefined : result.filePaths[0];
      if (!file) return null;
      const fileName = path.basename(file);
      try {
        const stat = await fs.stat(file);
        if (stat.size > MAX_OPEN_BYTES) throw new XiaoniuError('shell.fileTooLarge', { file: fileName, maxMb: MAX_OPEN_BYTES / (1024 * 1024) });
        return { fileName, bytes: new Uint8Array(await fs.readFile(file)) };
      } catch (e) {
        if (e instanceof XiaoniuError) throw e;
        throw new XiaoniuError('shell.readFailed', { file: fileName, reason: reasonOf(e) }, { cause: e });
      }
    },
  };
}
