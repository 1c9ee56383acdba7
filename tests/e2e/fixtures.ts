import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { ArgsOf, MethodName, ResultOf } from '../../main/ipc/contract';
import type { CallResult } from '../../main/ipc/define';
import { decodeWire, encodeWire } from '../../main/ipc/wire';
import { openDatabase } from '../../main/store/db';
import { setSetting } from '../../main/settings/repo';

const ROOT = path.resolve(__dirname, '..', '..');
/** Where the screenshots a person reviews are written (gitignored). */
export const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

/** A running browser host over a fresh database (the starter pack seeded). */
export interface Host {
  url: string;
  dbFile: string;
  /** Calls the same API the page uses, over the host's WebSocket (test setup and checks). */
  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
}

/** How to start a host: a free port and a random token unless given (a restart reuses both). */
export interface HostStartOptions {
  port?: number;
  token?: string;
  /**
   * Run the simulator channel (simulated buyers arriving in real time). Default off, so a test
   * sees only the buyers it seeded; the host's own default (on for a new database) is what a
   * newcomer gets and is tested where the simulator is the subject.
   */
  simulator?: boolean;
}

/** A browser host process started by {@link startHost}. */
export interface HostProcess {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
}

/** Starts `bin/xiaoniu-serve.js` on `dbFile` and resolves once it printed its address. */
export function startHost(dbFile: string, options: HostStartOptions = {}): Promise<HostProcess> {
  if (!options.simulator) {
    // The setting 基本设置 writes (docs/settings.md), put in before the host reads it.
    const db = openDatabase(dbFile);
    setSetting(db, 'simulator.enabled', false, Date.now());
    db.close();
  }
  const args = [path.join(ROOT, 'bin', 'xiaoniu-serve.js'), '--db', dbFile, '--port', String(options.port ?? 0)];
  if (options.token !== undefined) args.push('--token', options.token);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('timed out after 30 s')), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`browser host did not start (${e.message}).\nstdout: ${out}\nstderr: ${err}\nRun \`npm run build\` and try \`node bin/xiaoniu-serve.js --db /tmp/x.db\` by hand.`));
    };
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const url = new URL(m[1]!);
        resolve({ child, url: m[1]!, port: Number(url.port), token: url.searchParams.get('token') ?? '' });
      }
    });
    child.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    child.on('error', fail);
  });
}

/** A chat transcript (docs/transcripts.md): what `xiaoniu history import` reads. */
export interface Transcript {
  timezone: string;
  events: Record<string, unknown>[];
}

/**
 * Stores `transcript` in `dbFile` through `xiaoniu history import` — the way a shop moves history
 * in, and the way e2e tests seed buyers and messages before the host starts. Throws with the CLI's
 * output when it refuses.
 */
export function importTranscript(dbFile: string, transcript: Transcript): void {
  const file = path.join(path.dirname(dbFile), `seed-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(transcript));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'xiaoniu.js'), 'history', 'import', file, '--json', '--db', dbFile], { cwd: ROOT, encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  if (r.status !== 0) throw new Error(`xiaoniu history import failed (exit ${r.status}): ${r.stdout} ${r.stderr}`);
}

/**
 * What a test puts in the database before the host opens it (`test.use({ seed })`): a transcript
 * imported through the CLI, then SQL for what a transcript cannot say (imported history is read:
 * `UPDATE conversation SET last_read_message_id = 0 …` makes a buyer's messages unread again; a
 * message's delivery state).
 */
export interface Seed {
  transcript: Transcript;
  sql?: string[];
}

/** Applies a {@link Seed} to `dbFile`. */
export function seedDatabase(dbFile: string, seed: Seed): void {
  importTranscript(dbFile, seed.transcript);
  if (!seed.sql?.length) return;
  const db = new Database(dbFile);
  try {
    for (const s of seed.sql) db.exec(s);
  } finally {
    db.close();
  }
}

/** Stops a host as Ctrl+C would (SIGTERM; SIGKILL after 5 s) and waits for the process to end. */
export function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A WebSocket client of the host's bridge, like the renderer's (`renderer/api/client.ts`). */
export async function connect(url: string): Promise<{ call: Host['call']; close(): void }> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/bridge?token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (r: CallResult<unknown>) => void>();
  ws.on('message', (data) => {
    const msg = decodeWire(data.toString()) as { id?: number; result?: CallResult<unknown> };
    if (typeof msg.id === 'number' && msg.result) pending.get(msg.id)?.(msg.result);
  });
  return {
    call(method, args) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, (r) => {
          pending.delete(id);
          if (r.ok) resolve(r.value as never);
          else reject(new Error(`${method} failed: ${r.error.code} ${JSON.stringify(r.error.params)}`));
        });
        ws.send(encodeWire({ id, method, args }));
      });
    },
    close: () => ws.close(),
  };
}

/**
 * What Chromium itself logs while a page reconnects to a host that is away: the refused WebSocket,
 * the refused token check, and the check's 403 once the token is stale.
 */
export const RECONNECT_CONSOLE_ERRORS =
  /WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/bridge\?token=[^']*' failed|Failed to load resource: net::ERR_CONNECTION_REFUSED|Failed to load resource: the server responded with a status of 403/;

/**
 * True while the `host` fixture stops its host. Playwright tears `host` down before `page`, and a
 * page still open then starts reconnecting, as it should; that is not the test's error.
 */
let hostStopping = false;

/**
 * `host`: a browser host started from the compiled JS over a fresh temporary database for each
 * test (prepared by the `seed` option first, when a test sets one), stopped afterwards. `openApp(page)` loads the page and waits for the phrase panel.
 * `expectedConsoleErrors` (an option, `test.use({...})`): console errors a test provokes on purpose,
 * such as the browser's own "WebSocket connection … failed" while a host is stopped.
 */
export const test = base.extend<{ host: Host; expectedConsoleErrors: RegExp | null; seed: Seed | null; simulator: boolean }>({
  expectedConsoleErrors: [null, { option: true }],
  seed: [null, { option: true }],
  /** Simulated buyers in the host (see {@link HostStartOptions.simulator}); `test.use({ simulator: true })`. */
  simulator: [false, { option: true }],
  // Every test also fails on what a person would only see in the console: an exception, or a
  // CSP violation (a library injecting a <style> or an inline script would otherwise pass).
  page: async ({ page, expectedConsoleErrors }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = m.text() + ' ' + (m.location().url ?? '');
      if (/favicon\.ico/.test(text) || expectedConsoleErrors?.test(text)) return;
      if (hostStopping && RECONNECT_CONSOLE_ERRORS.test(text)) return;
      problems.push(`console: ${m.text()}`);
    });
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },
  host: async ({ seed, simulator }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-e2e-'));
    const dbFile = path.join(dir, 'xiaoniu.db');
    if (seed) seedDatabase(dbFile, seed);
    hostStopping = false;
    const { child, url } = await startHost(dbFile, { simulator });
    const client = await connect(url);
    try {
      await use({ url, dbFile, call: client.call });
    } finally {
      hostStopping = true;
      client.close();
      await stopHost(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** Opens the workbench and waits until the phrase list has loaded. */
export async function openApp(page: Page, host: Host, timeout = 10_000): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('tree', { name: '快捷短语列表' })).toBeVisible({ timeout });
}

/** The id of 默认分组. */
export async function defaultGroupId(host: Host): Promise<number> {
  const groups = await host.call('phrases.listGroups', {});
  return groups.find((g) => g.isDefault)!.id;
}

/** Saves a screenshot for review under tests/e2e/screenshots/. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

export { expect };

/**
 * One buyer, 小王 (`tb_wang`), who asked one question a minute before the tests started: enough for
 * a test that sends from the composer (`test.use({ seed: ONE_BUYER })`, then {@link openConversation}).
 */
export const ONE_BUYER: Seed = {
  transcript: {
    timezone: 'Asia/Shanghai',
    events: [{ at: new Date(Date.now() - 60_000).toISOString(), type: 'buyer', buyer: 'tb_wang', nickname: '小王', text: '在吗？这款有货吗' }],
  },
};

/** Opens the conversation with the buyer of this nickname from 最近联系. */
export async function openConversation(page: Page, nickname: string): Promise<void> {
  await page.getByRole('listbox', { name: '最近联系' }).getByRole('option', { name: new RegExp(`^${nickname}`) }).click();
  await expect(page.getByRole('heading', { name: new RegExp(nickname) })).toBeVisible();
}
