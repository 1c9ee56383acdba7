import i18next from 'i18next';
import { create } from 'zustand';
import { getApi } from '../api/client';
import { exportFilters, nativeFiles } from '../api/native-files';
import type { ExportResult, ImportResult, PackPreview } from '../../main/packs/service';
import type { ExportFormat, PackEncoding } from '../../main/packs/types';
import type { CodeConflictChoice } from '../../main/phrases/code-conflicts';
import { usePhrases } from '../phrases/store';

/** Progress of the running import, from `packs.progress` events. */
export interface ImportProgress {
  phase: 'read' | 'write';
  done: number;
  total: number;
}

/** Where the import dialog is. */
export type ImportStep = 'choose' | 'preview' | 'importing' | 'done';

interface ImportState {
  step: ImportStep;
  fileName: string;
  bytes: Uint8Array<ArrayBuffer> | null;
  /** The agent's encoding override; undefined = detected. */
  encoding: PackEncoding | undefined;
  preview: PackPreview | null;
  previewing: boolean;
  /** A file-level failure (ApiError `pack.*`) of the preview or the import. */
  error: unknown;
  /** 清空当前正在使用的快捷短语列表. */
  replace: boolean;
  /** What a merging import does with a row whose shortcut code the list holds. */
  onCodeConflict: CodeConflictChoice;
  jobId: string | null;
  progress: ImportProgress | null;
  cancelling: boolean;
  result: ImportResult | null;

  reset(): void;
  chooseFile(file: File): Promise<void>;
  /** A file read some other way (the desktop app's open dialog): previewed like a chosen one. */
  chooseBytes(fileName: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  setEncoding(encoding: PackEncoding): Promise<void>;
  setReplace(replace: boolean): void;
  setOnCodeConflict(choice: CodeConflictChoice): void;
  start(): Promise<void>;
  cancel(): void;
}

const initialImport = {
  step: 'choose' as ImportStep,
  fileName: '',
  bytes: null as Uint8Array<ArrayBuffer> | null,
  encoding: undefined,
  preview: null,
  previewing: false,
  error: null,
  replace: false,
  onCodeConflict: 'keep' as CodeConflictChoice,
  jobId: null,
  progress: null,
  cancelling: false,
  result: null,
};

let previewSeq = 0;

function newJobId(): string {
  const rnd = crypto.getRandomValues(new Uint32Array(2));
  return `import-${Date.now().toString(36)}-${rnd[0]!.toString(36)}${rnd[1]!.toString(36)}`;
}

/** The import dialog's state (docs/packs.md "The preview"): choose → preview → importing → done. */
export const useImport = create<ImportState>((set, get) => {
  async function runPreview(): Promise<void> {
    const { bytes, encoding } = get();
    if (!bytes) return;
    const seq = ++previewSeq;
    set({ previewing: true, error: null });
    try {
      const preview = await getApi().invoke('packs.preview', { bytes, ...(encoding ? { encoding } : {}) });
      if (seq === previewSeq) set({ preview, previewing: false, step: 'preview' });
    } catch (e) {
      if (seq === previewSeq) set({ preview: null, previewing: false, error: e, step: 'preview' });
    }
  }

  return {
    ...initialImport,

    reset() {
      previewSeq++;
      set({ ...initialImport });
    },

    async chooseFile(file) {
      await get().chooseBytes(file.name, new Uint8Array(await file.arrayBuffer()));
    },

    async chooseBytes(fileName, bytes) {
      set({ ...initialImport, fileName, bytes });
      await runPreview();
    },

    async setEncoding(encoding) {
      set({ encoding });
      await runPreview();
    },

    setReplace: (replace) => set({ replace }),
    setOnCodeConflict: (onCodeConflict) => set({ onCodeConflict }),

    async start() {
      const { bytes, encoding, replace, onCodeConflict, preview } = get();
      if (!bytes || get().step === 'importing') return;
      const jobId = newJobId();
      const api = getApi();
      set({ step: 'importing', jobId, progress: { phase: 'read', done: 0, total: bytes.byteLength }, error: null, cancelling: false });
      let cancelSentAt = 0;
      const off = api.on('packs.progress', (p) => {
        if (p.jobId !== jobId) return;
        set({ progress: { phase: p.phase, done: p.done, total: p.total } });
        // A cancel sent before the host registered the job is ignored there (an unknown id), so
        // while the agent has asked to cancel, every progress event repeats it (at most every 300 ms).
        if (get().cancelling && Date.now() - cancelSentAt > 300) {
          cancelSentAt = Date.now();
          get().cancel();
        }
      });
      try {
        const result = await api.invoke('packs.import', {
          jobId,
          bytes,
          replace,
          // Moot after 清空 (nothing left to conflict with); the dialog disables the choice then.
          ...(replace ? {} : { onCodeConflict }),
          // Import the way the agent previewed it: the override, else what the preview detected.
          ...(encoding ? { encoding } : preview && preview.format !== 'xlsx' ? { encoding: preview.encoding } : {}),
          ...(preview ? { format: preview.format } : {}),
        });
        // Done: nothing left to cancel while the panel reloads (jobId cleared, 取消 gone).
        set({ progress: { phase: 'write', done: 1, total: 1 }, jobId: null, cancelling: false });
        // The summary appears with the new list already in the panel behind it (the host rebuilt
        // the search index before answering, so the first search is as fast as any other).
        off();
        await usePhrases.getState().load();
        set({ step: 'done', result, jobId: null, cancelling: false });
      } catch (e) {
        set({ jobId: null, cancelling: false });
        off();
        await usePhrases.getState().load();
        set({ step: 'done', error: e, result: null, jobId: null, cancelling: false });
      }
    },

    cancel() {
      const { jobId } = get();
      if (!jobId || get().step !== 'importing') return;
      set({ cancelling: true });
      getApi()
        .invoke('packs.cancel', { jobId })
        .catch((e: unknown) => console.error('packs.cancel failed', e));
    },
  };
});

/** Export encodings for the CSV layout. */
export type ExportEncoding = 'utf8' | 'gb18030';

interface ExportState {
  scope: 'all' | 'chosen';
  groupIds: ReadonlySet<number>;
  format: ExportFormat;
  encoding: ExportEncoding;
  busy: boolean;
  error: unknown;
  /** The last file handed to the browser or saved through the desktop app's save dialog. */
  lastResult: Pick<ExportResult, 'fileName' | 'count'> | null;
  reset(): void;
  setScope(scope: 'all' | 'chosen'): void;
  toggleGroup(id: number): void;
  setFormat(format: ExportFormat): void;
  setEncoding(encoding: ExportEncoding): void;
  /**
   * Runs `packs.export` and hands the bytes over: to the desktop app's save dialog when there is
   * one (false when the agent cancels it), else to the browser as a download. True once saved.
   */
  run(): Promise<boolean>;
}

/** Hands `bytes` to the browser as a download and releases the object URL afterwards. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking synchronously can cancel the download in some browsers; a tick later is enough.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv',
  'qianniu-csv': 'text/csv',
  xml: 'application/xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The export dialog's state (docs/packs.md "What the app writes"). */
export const useExport = create<ExportState>((set, get) => ({
  scope: 'all',
  groupIds: new Set(),
  format: 'csv',
  encoding: 'utf8',
  busy: false,
  error: null,
  lastResult: null,
  reset: () => set({ scope: 'all', groupIds: new Set(), busy: false, error: null, lastResult: null }),
  setScope: (scope) => set({ scope, error: null }),
  toggleGroup(id) {
    const groupIds = new Set(get().groupIds);
    if (groupIds.has(id)) groupIds.delete(id);
    else groupIds.add(id);
    set({ groupIds, error: null });
  },
  setFormat: (format) => set({ format, error: null }),
  setEncoding: (encoding) => set({ encoding, error: null }),
  async run() {
    const { scope, groupIds, format, encoding } = get();
    set({ busy: true, error: null });
    try {
      const result = await getApi().invoke('packs.export', {
        format,
        ...(format === 'csv' ? { encoding } : {}),
        groupIds: scope === 'all' ? [] : [...groupIds],
      });
      const native = nativeFiles();
      if (native) {
        const saved = await native.saveFile({ suggestedName: result.fileName, bytes: result.bytes, filters: exportFilters(format, (k) => i18next.t(k)) });
        set({ busy: false, ...(saved ? { lastResult: { fileName: saved.fileName, count: result.count } } : {}) });
        return saved !== null;
      }
      downloadBytes(result.bytes, result.fileName, MIME[format]);
      set({ busy: false, lastResult: { fileName: result.fileName, count: result.count } });
      return true;
    } catch (e) {
      set({ busy: false, error: e });
      return false;
    }
  },
}));
