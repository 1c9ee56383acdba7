import type { Database, Statement } from 'better-sqlite3';

/** Prepared statements, per database and SQL text: hot paths (an import's million rows) never re-prepare. */
const cache = new WeakMap<Database, Map<string, Statement>>();

/**
 * The prepared statement for `sql` on `db`, prepared once and kept as long as the database object
 * lives. Throws what `db.prepare` throws (an SQL error) on first use.
 */
export function stmt(db: Database, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
