import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './db';
import { acquireLease, pidAlive, STALE_AFTER_MS } from './lease';
import { isXiaoniuError } from '../shared/errors';

const file = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-lease-')), 'x.db');

function refusal(f: () => unknown): { code: string; params: Record<string, string | number> } {
  try {
    f();
  } catch (e) {
    if (isXiaoniuError(e)) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('not refused');
}

describe('the one-host lease', () => {
  it('refuses a second holder naming the first, both ways, and is free again once released', () => {
    const f = file();
    const a = openDatabase(f);
    const b = openDatabase(f);
    const held = acquireLease(a, 'window', { pid: 111, alive: () => true, renew: false });
    expect(refusal(() => acquireLease(b, 'run', { pid: 222, alive: () => true, renew: false }))).toEqual({ code: 'run.heldByWindow', params: { pid: 111 } });
    held.release();
    const run = acquireLease(b, 'run', { pid: 222, alive: () => true, renew: false });
    expect(refusal(() => acquireLease(a, 'window', { pid: 111, alive: () => true, renew: false }))).toEqual({ code: 'run.heldByRun', params: { pid: 222 } });
    run.release();
    run.release();
    a.close();
    b.close();
  });

  it('takes over a lease whose holder died (kill -9: its pid is gone), or whose heartbeat stopped', () => {
    const db = openDatabase(file());
    let t = 1_000_000;
    acquireLease(db, 'window', { pid: 111, now: () => t, renew: false });
    // pid 111 is dead on this machine.
    acquireLease(db, 'run', { pid: 222, now: () => t, alive: (pid) => pid !== 111, renew: false });
    expect(db.prepare('SELECT holder, pid FROM host_lease').get()).toEqual({ holder: 'run', pid: 222 });
    // 222 still runs but has not renewed for STALE_AFTER_MS (a pid reused, another machine).
    t += STALE_AFTER_MS - 1;
    expect(refusal(() => acquireLease(db, 'window', { pid: 333, now: () => t, alive: () => true, renew: false })).code).toBe('run.heldByRun');
    t += 1;
    acquireLease(db, 'window', { pid: 333, now: () => t, alive: () => true, renew: false });
    expect(db.prepare('SELECT holder, pid FROM host_lease').get()).toEqual({ holder: 'window', pid: 333 });
    db.close();
  });

  it("a holder on another machine is judged by its heartbeat only (its pid means nothing here)", () => {
    const db = openDatabase(file());
    acquireLease(db, 'run', { pid: 1, host: 'shop-server', now: () => 5000, renew: false });
    expect(refusal(() => acquireLease(db, 'window', { pid: 2, host: 'laptop', now: () => 6000, alive: () => false, renew: false })).code).toBe('run.heldByRun');
    db.close();
  });

  it('knows this process is alive and a finished one is not', async () => {
    expect(pidAlive(process.pid)).toBe(true);
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    expect(pidAlive(Number(r.stdout))).toBe(false);
  });
});
