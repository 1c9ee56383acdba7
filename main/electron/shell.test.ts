import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron } from './fake-electron.test-util';

/**
 * The real entry, shell.ts, with 'electron' replaced by the recording fake (the binary cannot run
 * here) and the database in memory: what it does on import, before Electron is ready, and once it is.
 */
const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeElectron> | null }));

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fake-electron.test-util');
  fake.current = createFakeElectron();
  return fake.current.electron;
});

const appOptions: unknown[] = [];
vi.mock('../app', async (importOriginal) => {
  const real = await importOriginal<typeof import('../app')>();
  return {
    ...real,
    createApp: (options: Parameters<typeof real.createApp>[0]) => {
      appOptions.push(options);
      return real.createApp({ ...options, dbFile: ':memory:', seedStarterPack: false });
    },
  };
});

describe('shell.ts, the Electron entry', () => {
  it('enables the sandbox and registers the scheme on import, before ready; opens the window only once ready', async () => {
    await import('./shell');
    const f = fake.current!;
    expect(f.calls).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.setName Xiaoniu']);
    expect(f.windows).toHaveLength(0);
    f.makeReady();
    await vi.waitFor(() => expect(f.windows[0]?.loaded).toEqual(['xiaoniu://app/index.html']));
    // The window holds its database against a headless run and runs the simulator as 基本设置 says.
    expect(appOptions[0]).toMatchObject({ hold: 'window', channel: 'simulator', simulatorFollowsSetting: true, seedStarterPack: true });
    expect(f.calls.indexOf('ready')).toBeLessThan(f.calls.indexOf('protocol.handle xiaoniu'));
    expect([...f.handlers.keys()]).toEqual(['xiaoniu:invoke']);
    expect(f.windows[0]!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String(f.windows[0]!.options.webPreferences!.preload)).toMatch(/preload[\\/]index\.js$/);
    expect(f.trays).toHaveLength(1);
    expect(f.errorBoxes).toEqual([]);
  });
});
