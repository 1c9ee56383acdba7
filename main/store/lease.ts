import os from 'node:os';
import type { Database } from './db';
import { XiaoniuError } from '../shared/errors';

/**
 * One host per database (docs/channels.md "One host per database"): the process that connects
 * channels and runs the outbox — a window (the Electron app, the browser host) or `xiaoniu run` —
 * holds the database's lease, a row of `host_lease` (migration 0050). Two such processes on one
 * database would both send every pending message and both play the simulator's buyers, so the
 * second is refused with the first's kind and pid.
 *
 * Why a row and not a lock file beside the database: taking it is one write transaction, so two
 * processes starting at the same instant cannot both win (a lock file's "stale, replace it" step
 * races), and it lives in the one file that is the database however its path is spelled.
 *
 * A lease is stale — and taken over — when its holder's pid no longer runs on this machine (a
 * kill -9, a crash, a power cut) or its heartbeat is older than {@link STALE_AFTER_MS} (a holder on
 * another machine sharing the file, or a pid the system has since given to another program).
 * The holder renews it every {@link RENEW_EVERY_MS}.
 */

/** Who holds a lease. */
export type LeaseHolder = 'window' | 'run';

/** How often a holder renews its heartbeat, ms. */
export const RENEW_EVERY_MS = 10_000;
/** A heartbeat older than this (ms) no longer holds the lease: three missed renewals. */
export const STALE_AFTER_MS = 3 * RENEW_EVERY_MS;

/** A lease taken; see {@link acquireLease}. */
export interface Lease {
  /** Gives the lease up (only if still ours). Safe to call twice. */
  release(): void;
}

/** What {@link acquireLease} needs besides the database; defaults are this process. */
export interface LeaseOptions {
  pid?: number;
  host?: string;
  /** ms since the epoch; the wall clock by default (leases are between real processes). */
  now?: () => number;
  /** Whether `pid` runs on this machine (default: `process.kill(pid, 0)`). */
  alive?: (pid: number) => boolean;
  /** Renew the heartbeat on a timer (default true; the timer never keeps the process alive). */
  renew?: boolean;
}

/** True when a process with this pid exists on this machine (EPERM: it exists, owned by another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * Takes the database's lease for `holder`, or throws naming who has it: `run.heldByWindow` {pid}
 * (the app's window or the browser host) or `run.heldByRun` {pid} (`xiaoniu run`). A stale lease
 * (see above) is taken over.
 */
export function acquireLease(db: Database, holder: LeaseHolder, options: LeaseOptions = {}): Lease {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? os.hostname();
  const now = options.now ?? Date.now;
  const alive = options.alive ?? pidAlive;
  db.transaction(() => {
    const row = db.prepare(`SELECT holder, pid, host, renewed_at FROM host_lease WHERE id = 1`).get() as
      | { holder: LeaseHolder; pid: number; host: string; renewed_at: number }
      | undefined;
    if (row) {
      const fresh = now() - row.renewed_at < STALE_AFTER_MS;
      const running = row.host !== host || alive(row.pid);
      if (fresh && running) throw new XiaoniuError(row.holder === 'run' ? 'run.heldByRun' : 'run.heldByWindow', { pid: row.pid });
    }
    const t = now();
    db.prepare(
      `INSERT INTO host_lease (id, holder, pid, host, acquired_at, renewed_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
                                      acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at`,
    ).run(holder, pid, host, t, t);
  }).immediate();
  let timer: NodeJS.Timeout | null = null;
  if (options.renew !== false) {
    timer = setInterval(() => {
      try {
        db.prepare(`UPDATE host_lease SET renewed_at = ? WHERE id = 1 AND pid = ? AND host = ?`).run(now(), pid, host);
      } catch {
        // A busy database: the next beat tries again (three may fail before the lease goes stale).
      }
    }, RENEW_EVERY_MS);
    timer.unref();
  }
  return {
    release() {
      if (timer) clearInterval(timer);
      timer = null;
      if (db.open) db.prepare(`DELETE FROM host_lease WHERE id = 1 AND pid = ? AND host = ?`).run(pid, host);
    },
  };
}
