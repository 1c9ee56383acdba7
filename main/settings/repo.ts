import type { Database } from '../store/db';

/**
 * The only SQL for the `setting` table (migration 0020). Values are JSON; a missing or unreadable
 * value reads as undefined.
 */
export function getSetting<T>(db: Database, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return undefined;
  }
}

/** Stores a JSON-serialisable value under `key`; `now` in ms. */
export function setSetting(db: Database, key: string, value: unknown, now: number): void {
  db.prepare(
    `INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now);
}
