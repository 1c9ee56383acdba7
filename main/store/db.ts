import BetterSqlite3, { type Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { XiaoniuError } from '../shared/errors';
import { migrations as shippedMigrations, type Migration } from './migrations';

export type { Database } from 'better-sqlite3';

/** Options for {@link openDatabase}. */
export interface OpenOptions {
  /** The migration list; tests pass a prefix to build a database of an older version. */
  migrations?: readonly Migration[];
  /**
   * How long a write waits for another writer's lock, in ms (default 5,000). better-sqlite3 waits
   * synchronously, so the app's main thread keeps it short; the CLI and the import worker, which
   * may meet another import, wait 60 s.
   */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating when missing) the one Xiaoniu database at `file` (or `:memory:`), with WAL and
 * foreign keys on, and brings its schema up to date (issue 6 §2).
 *
 * Throws `XiaoniuError('store.fromTheFuture', { found, supported })` — leaving the file untouched —
 * when the file was written by a newer Xiaoniu, and `store.cannotOpen` when SQLite refuses the file.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const list = options.migrations ?? shippedMigrations;
  let db: Database;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new BetterSqlite3(file);
  } catch (e) {
    throw new XiaoniuError('store.cannotOpen', { file, reason: reasonOf(e) });
  }
  try {
    // Checked before any pragma that writes (journal_mode=WAL rewrites the header), so a database
    // from the future is left byte-for-byte as it was.
    const found = db.pragma('user_version', { simple: true }) as number;
    const supported = list.length ? list[list.length - 1]!.version : 0;
    if (found > supported) throw new XiaoniuError('store.fromTheFuture', { file, found, supported });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    migrate(db, list);
    db.pragma('foreign_keys = ON');
    return db;
  } catch (e) {
    db.close();
    if (e instanceof XiaoniuError) throw e;
    throw new XiaoniuError('store.cannotOpen', { file, reason: reasonOf(e) });
  }
}

/**
 * Applies every migration newer than `PRAGMA user_version`, all in one transaction: either the
 * database reaches the newest version or it stays exactly as it was. Throws `store.badMigrations`
 * when the list is out of order (a programming error caught by the test suite), and
 * `store.migrationBrokeReferences` (rolling back) when a step leaves a dangling reference.
 *
 * Foreign keys are off while migrating (SQLite's own rule for schema changes, §7 of "ALTER TABLE"):
 * with them on, the usual rebuild of a parent table (create, copy, DROP, rename) would cascade the
 * DROP into every phrase, and `PRAGMA foreign_keys` cannot be changed inside a transaction.
 */
export function migrate(db: Database, list: readonly Migration[] = shippedMigrations): void {
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.version <= list[i - 1]!.version) {
      throw new XiaoniuError('store.badMigrations', { at: list[i]!.version });
    }
  }
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = list.filter((m) => m.version > current);
  if (!pending.length) return;
  const wasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
      const dangling = db.pragma('foreign_key_check') as { table: string }[];
      if (dangling.length) throw new XiaoniuError('store.migrationBrokeReferences', { table: dangling[0]!.table, count: dangling.length });
    }).immediate();
  } finally {
    if (wasOn) db.pragma('foreign_keys = ON');
  }
}

/** The schema version this build writes (the last migration's number). */
export function latestSchemaVersion(list: readonly Migration[] = shippedMigrations): number {
  return list.length ? list[list.length - 1]!.version : 0;
}

/** An errno or SQLite code (translated at the edge via the catalogue's `reasons`), else the message. */
function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : String((e as Error)?.message ?? e);
}
