import BetterSqlite3, { type Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { XiaoniuError } from '../shared/errors';
import { migrations as shippedMigrations, type Migration } from './migrations';

export type { Database } from 'better-sqlite3';

/** Page cache of each connection, in KiB (https://sqlite.org/pragma.html#pragma_cache_size: a negative value is KiB). */
export const PAGE_CACHE_KIB = 32 * 1024;

/** Page size of a database this build creates, in bytes (https://sqlite.org/pragma.html#pragma_page_size). */
const NEW_PAGE_SIZE = 16384;

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
 * foreign keys on, and brings its schema up to date (docs: "The database" in the README).
 *
 * An existing file is first inspected on a read-only connection, so that a file this build must
 * not touch is left byte-for-byte as it was (no WAL switch, no migration). Throws, naming the file:
 * - `store.fromTheFuture` {file, found, supported} when it was written by a newer Xiaoniu;
 * - `store.notXiaoniu` {file} when it is another program's SQLite database (`user_version` 0 but
 *   tables of its own) — a new file, a 0-byte file or a database without any table is initialised;
 * - `store.corrupt` {file} when SQLite finds no database in it (garbage, a text file) or a damaged
 *   one (a truncated file, a broken page met while opening);
 * - `store.cannotOpen` {file, reason} for anything else SQLite or the file system refuses: `reason`
 *   is the error's code, or `EUNKNOWN` when it has none (the original is the error's `cause`).
 *
 * Safe when several processes open one new file at once: the schema version is read inside the
 * migration's write transaction (see {@link migrate}) and every step waits `busyTimeoutMs` for the
 * others' locks.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const list = options.migrations ?? shippedMigrations;
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  if (file !== ':memory:') inspectExisting(file, list, busyTimeoutMs);
  let db: Database;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new BetterSqlite3(file);
  } catch (e) {
    throw openError(file, e);
  }
  try {
    // First, so that the WAL switch and the migration wait for a process that is creating the
    // same new file right now instead of failing with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // 16 KB pages for a database being created (SQLite ignores this for one that exists): a
    // 100,000-phrase import writes ~10 % faster than with the default 4 KB (fewer, fuller B-tree
    // pages and WAL frames; measured on the bench's library). An existing file keeps its own size.
    db.pragma(`page_size = ${NEW_PAGE_SIZE}`);
    if (file !== ':memory:') enableWal(db, busyTimeoutMs);
    db.pragma('synchronous = NORMAL');
    // SQLite's default page cache is 2 MB — 128 of our 16 KB pages — so a write to a message index
    // of a 200 MB history evicts what the next one needs. 32 MB (allocated only as pages are
    // read, so a small database never reaches it): bulk ingest at a million messages went from
    // 19,000 to 23,300 messages/s in the bench's bare floor (tests/bench/chat.ts, quiet machine).
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    migrate(db, list);
    db.pragma('foreign_keys = ON');
    return db;
  } catch (e) {
    db.close();
    throw openError(file, e);
  }
}

/**
 * Refuses an existing file this build must not open read-write (see {@link openDatabase}), looking
 * at it through a read-only connection. A missing or 0-byte file is a new database: nothing to check.
 */
function inspectExisting(file: string, list: readonly Migration[], busyTimeoutMs: number): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return; // missing (or unreadable: the read-write open below reports why)
  }
  if (size === 0) return;
  // Read-only: it can neither migrate nor checkpoint. Beside a WAL-mode file it may leave an empty
  // `-wal` and `-shm`, which change nothing (SQLite removes them at the owner's next close); deleting
  // them here could pull a live `-shm` from under another process that opened the file meanwhile.
  let ro: Database | undefined;
  try {
    ro = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    ro.pragma(`busy_timeout = ${busyTimeoutMs}`);
    refuseForeign(ro, file, list);
  } catch (e) {
    throw openError(file, e);
  } finally {
    ro?.close();
  }
}

/**
 * Throws `store.fromTheFuture` or `store.notXiaoniu` for a database this build must not migrate.
 * Every Xiaoniu migration sets `user_version` in the same transaction as its tables, so tables under
 * version 0 were made by another program.
 */
function refuseForeign(db: Database, file: string, list: readonly Migration[]): number {
  // One statement, so one snapshot: read separately, another process's migration could commit in
  // between and its tables would look foreign under the version 0 read just before.
  const { found, tables } = db
    .prepare('SELECT (SELECT user_version FROM pragma_user_version) AS found, EXISTS (SELECT 1 FROM sqlite_master) AS tables')
    .get() as { found: number; tables: number };
  const supported = latestSchemaVersion(list);
  if (found > supported) throw new XiaoniuError('store.fromTheFuture', { file, found, supported });
  if (found === 0 && tables) throw new XiaoniuError('store.notXiaoniu', { file });
  return found;
}

/**
 * Switches a file database to WAL (SQLite: "Write-Ahead Logging", https://sqlite.org/wal.html):
 * readers (the window) never wait for the import worker's writes. The switch needs an exclusive
 * lock, and SQLite answers SQLITE_BUSY at once — without calling the busy handler — while another
 * process holds the brand-new file (seen with eight processes opening one new file), so the switch
 * is retried every few ms until `timeoutMs` has passed.
 */
function enableWal(db: Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase() === 'wal') return;
    } catch (e) {
      if (!isBusy(e)) throw e;
    }
    if (Date.now() >= deadline) throw new XiaoniuError('store.busy');
    // Random back-off (5–25 ms) so that the processes waiting on one file do not retry in step.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.random() * 20);
  }
}

function isBusy(e: unknown): boolean {
  const code = reasonOf(e);
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_');
}

/** Maps what opening threw to the catalogue error that names the file. */
function openError(file: string, e: unknown): XiaoniuError {
  if (e instanceof XiaoniuError) return e;
  const code = reasonOf(e);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return new XiaoniuError('store.corrupt', { file });
  if (isBusy(e)) return new XiaoniuError('store.busy');
  return new XiaoniuError('store.cannotOpen', { file, reason: code }, { cause: e });
}

/**
 * Applies every migration newer than `PRAGMA user_version`, all in one transaction: either the
 * database reaches the newest version or it stays exactly as it was. Throws `store.badMigrations`
 * when the list is out of order (a programming error caught by the test suite),
 * `store.migrationBrokeReferences` (rolling back) when a step leaves a dangling reference, and
 * `store.fromTheFuture` / `store.notXiaoniu` as {@link openDatabase} does.
 *
 * The version is read again inside the IMMEDIATE (write-locked) transaction: read outside it, two
 * processes opening one new file both saw version 0 and the second failed with "table phrase_group
 * already exists" once the first had committed.
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
  // Up to date (the usual start): no write lock taken at all.
  if ((db.pragma('user_version', { simple: true }) as number) >= latestSchemaVersion(list)) {
    refuseForeign(db, db.name, list);
    return;
  }
  const wasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      const current = refuseForeign(db, db.name, list);
      // References that were already dangling (a file edited with foreign keys off, in the sqlite3
      // shell say) are the database's own: only what the steps break refuses the upgrade, so an
      // agent is never locked out of a file that opened fine before.
      const before = danglingByTable(db);
      for (const m of list) {
        if (m.version <= current) continue;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
      for (const [table, count] of danglingByTable(db)) {
        if (count > (before.get(table) ?? 0)) throw new XiaoniuError('store.migrationBrokeReferences', { table, count: count - (before.get(table) ?? 0) });
      }
    }).immediate();
  } finally {
    if (wasOn) db.pragma('foreign_keys = ON');
  }
}

/** `PRAGMA foreign_key_check`'s findings, counted per table. */
function danglingByTable(db: Database): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of db.pragma('foreign_key_check') as { table: string }[]) counts.set(r.table, (counts.get(r.table) ?? 0) + 1);
  return counts;
}

/** The schema version this build writes (the last migration's number). */
export function latestSchemaVersion(list: readonly Migration[] = shippedMigrations): number {
  return list.length ? list[list.length - 1]!.version : 0;
}

/**
 * The catalogue reason for what opening threw: its errno or SQLite code (`SQLITE_CANTOPEN`,
 * `EACCES`), read as a sentence of the catalogue's `reasons` at the edge, or `EUNKNOWN` for an
 * error without one (a TypeError from the driver, a bug in a migration): such an error's text is
 * English whatever the agent's language, so it never enters the message — it stays the
 * XiaoniuError's `cause` for whoever logs it.
 */
function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : 'EUNKNOWN';
}
