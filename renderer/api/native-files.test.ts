import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NativeFilesBridge } from '../../main/electron/files-api';
import { ApiError } from '../../main/ipc/wire';
import { exportFilters, importFilters, nativeFiles } from './native-files';

const t = (key: string) => `«${key}»`;

describe('native file dialogs in the renderer', () => {
  it('are absent in the browser host (no preload object)', () => {
    expect(nativeFiles(undefined)).toBeNull();
  });

  it('unwrap the preload’s raw results into values and ApiErrors', async () => {
    const calls: unknown[] = [];
    const bridge: NativeFilesBridge = {
      async saveFile(args) {
        calls.push(args);
        return { ok: false, error: { code: 'shell.writeFailed', params: { file: 'a.csv', reason: 'EACCES' } } };
      },
      async openFile(args) {
        calls.push(args);
        return { ok: true, value: { fileName: 'p.csv', bytes: new Uint8Array([0x61]) } };
      },
    };
    const files = nativeFiles(bridge)!;
    const opened = await files.openFile({ filters: importFilters(t) });
    expect(opened).toEqual({ fileName: 'p.csv', bytes: new Uint8Array([0x61]) });
    const failure = await files.saveFile({ suggestedName: 'a.csv', text: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'shell.writeFailed', params: { file: 'a.csv', reason: 'EACCES' } });
    expect(calls[0]).toEqual({ filters: [{ name: '«shell.filterPhrasePacks»', extensions: ['csv', 'txt', 'xml', 'xlsx'] }, { name: '«shell.filterAll»', extensions: ['*'] }] });
  });

  it('offer each export format’s own extension first', () => {
    expect(exportFilters('qianniu-csv', t)[0]).toEqual({ name: '«shell.filterCsv»', extensions: ['csv'] });
    expect(exportFilters('xml', t)[0]).toEqual({ name: '«shell.filterXml»', extensions: ['xml'] });
    expect(exportFilters('xlsx', t)[0]).toEqual({ name: '«shell.filterXlsx»', extensions: ['xlsx'] });
  });
});

describe('phrase-pack export in the desktop app', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('goes to the save dialog instead of a download, and a cancelled dialog saves nothing', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf]);
    vi.doMock('./client', () => ({ getApi: () => ({ invoke: async () => ({ bytes, fileName: '快捷短语.csv', count: 12 }), on: () => () => {} }) }));
    const saved: unknown[] = [];
    let answer: { fileName: string } | null = { fileName: '我的短语.csv' };
    vi.stubGlobal('window', {
      xiaoniuFiles: {
        async saveFile(args: unknown) {
          saved.push(args);
          return { ok: true, value: answer };
        },
        async openFile() {
          return { ok: true, value: null };
        },
      } satisfies NativeFilesBridge,
    });
    const { useExport } = await import('../packs/store');
    expect(await useExport.getState().run()).toBe(true);
    expect(useExport.getState().lastResult).toEqual({ fileName: '我的短语.csv', count: 12 });
    expect(saved[0]).toMatchObject({ suggestedName: '快捷短语.csv', bytes });
    useExport.getState().reset();
    answer = null;
    expect(await useExport.getState().run()).toBe(false);
    expect(useExport.getState()).toMatchObject({ lastResult: null, busy: false, error: null });
  });
});
