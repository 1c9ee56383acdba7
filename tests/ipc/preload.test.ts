import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CHANNELS } from '../../main/ipc/wire';

/**
 * The Electron preload, with 'electron' replaced by a recorder: what it exposes to the window and
 * what each function sends. A sandboxed preload may require nothing but 'electron'
 * (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts), so its run-time imports
 * are checked too.
 */
const recorded = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), invoked: [] as unknown[][] }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => recorded.exposed.set(name, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      recorded.invoked.push(args);
      return { ok: true, value: null };
    },
    on: () => {},
    removeListener: () => {},
  },
}));

describe('preload', () => {
  it('requires nothing but electron at run time', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '..', '..', 'preload', 'index.ts'), 'utf8');
    const runtime = [...source.matchAll(/^import\s+(?!type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(runtime).toEqual(['electron']);
  });

  it('exposes the bridge and the native file dialogs, each sending on the invoke channel', async () => {
    await import('../../preload/index');
    expect([...recorded.exposed.keys()]).toEqual(['xiaoniuBridge', 'xiaoniuFiles']);
    const files = recorded.exposed.get('xiaoniuFiles') as { saveFile(a: unknown): Promise<unknown>; openFile(a: unknown): Promise<unknown> };
    const bytes = new Uint8Array([1, 2, 3]);
    await files.saveFile({ suggestedName: 'a.csv', bytes });
    await files.openFile({ filters: [] });
    const bridge = recorded.exposed.get('xiaoniuBridge') as { invoke(m: string, a: unknown): Promise<unknown> };
    await bridge.invoke('phrases.list', {});
    expect(recorded.invoked).toEqual([
      [CHANNELS.invoke, 'shell.saveFile', { suggestedName: 'a.csv', bytes }],
      [CHANNELS.invoke, 'shell.openFile', { filters: [] }],
      [CHANNELS.invoke, 'phrases.list', {}],
    ]);
  });
});
