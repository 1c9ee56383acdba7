import type { Migration } from './types';

/**
 * Auto-reply rules (docs/autoreply.md "How rules are stored"): one row per rule, as the one schema
 * (`main/autoreply/rules.ts`) checked it.
 *
 * - `keywords` is a JSON array of strings, on keyword rules only; `priority` and `name` likewise.
 * - `sort_order` is the creation order (ties between equal priorities go to the lower); a new rule
 *   takes the next one.
 * - A status situation may hold several texts, but only one checked: the partial unique index lets
 *   at most one enabled rule of each status type exist (SQLite "Partial Indexes" §3,
 *   https://sqlite.org/partialindex.html), so no writer can store two.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'auto-reply-rules',
  up(db) {
    db.exec(`
      CREATE TABLE auto_reply_rule (
        id         INTEGER PRIMARY KEY,
        type       TEXT    NOT NULL CHECK (type IN ('firstOfDay', 'busy', 'away', 'overLimit', 'keyword')),
        enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        text       TEXT    NOT NULL,
        keywords   TEXT    CHECK ((type = 'keyword') = (keywords IS NOT NULL)),
        priority   INTEGER CHECK (type = 'keyword' OR priority IS NULL),
        name       TEXT    CHECK (type = 'keyword' OR name IS NULL),
        sort_order INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX auto_reply_rule_checked ON auto_reply_rule(type) WHERE enabled = 1 AND type <> 'keyword';
    `);
  },
};
