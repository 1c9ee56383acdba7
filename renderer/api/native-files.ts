import type { DialogFilter, NativeFilesBridge, OpenFileArgs, SaveFileArgs } from '../../main/electron/files-api';
import { ApiError } from '../../main/ipc/wire';

declare global {
  interface Window {
    /** Set by the Electron preload (native open/save dialogs); absent in the browser host. */
    xiaoniuFiles?: NativeFilesBridge;
  }
}

/** The desktop app's native file dialogs, as values or rejected {@link ApiError}s. */
export interface NativeFiles {
  /** The system's save dialog, then the write; null when the agent cancelled. */
  saveFile(args: SaveFileArgs): Promise<{ fileName: string } | null>;
  /** The system's open dialog, then the read; null when the agent cancelled. */
  openFile(args: OpenFileArgs): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> } | null>;
}

/**
 * The native dialogs when the window runs in the desktop app (the preload exposed
 * `window.xiaoniuFiles`), else null: the browser host keeps its file input and download link.
 * Main validates every argument again (main/electron/files-api.ts).
 */
export function nativeFiles(bridge: NativeFilesBridge | undefined = typeof window === 'undefined' ? undefined : window.xiaoniuFiles): NativeFiles | null {
  if (!bridge) return null;
  const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; params: Record<string, string | number> } }): T => {
    if (result.ok) return result.value;
    throw new ApiError(result.error.code, result.error.params);
  };
  return {
    saveFile: async (args) => unwrap(await bridge.saveFile(args)),
    async openFile(args) {
      const file = unwrap(await bridge.openFile(args));
      // Structured clone hands over a Uint8Array; copy into one on its own ArrayBuffer for fetch/Blob typing.
      return file ? { fileName: file.fileName, bytes: new Uint8Array(file.bytes) } : null;
    },
  };
}

/** Extensions of each phrase-pack export format (docs/packs.md "What the app writes"). */
const EXPORT_EXTENSIONS = { csv: 'csv', 'qianniu-csv': 'csv', xml: 'xml', xlsx: 'xlsx' } as const;

/**
 * The save dialog's filters for a phrase-pack export of `format`: that format's files first, then
 * all files. `t` looks a `shell.filter*` label up in the agent's language.
 */
export function exportFilters(format: keyof typeof EXPORT_EXTENSIONS, t: (key: 'shell.filterCsv' | 'shell.filterXml' | 'shell.filterXlsx' | 'shell.filterAll') => string): DialogFilter[] {
  const ext = EXPORT_EXTENSIONS[format];
  const label = ext === 'csv' ? t('shell.filterCsv') : ext === 'xml' ? t('shell.filterXml') : t('shell.filterXlsx');
  return [
    { name: label, extensions: [ext] },
    { name: t('shell.filterAll'), extensions: ['*'] },
  ];
}

/** The open dialog's filters for a phrase-pack import: the formats the reader knows, then all files. */
export function importFilters(t: (key: 'shell.filterPhrasePacks' | 'shell.filterAll') => string): DialogFilter[] {
  return [
    { name: t('shell.filterPhrasePacks'), extensions: ['csv', 'txt', 'xml', 'xlsx'] },
    { name: t('shell.filterAll'), extensions: ['*'] },
  ];
}
