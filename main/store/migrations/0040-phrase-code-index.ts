import type { Migration } from './types';

/**
 * Shortcut-code uniqueness moves from a column constraint (`code_key TEXT UNIQUE`, whose automatic
 * index SQLite never lets go) to a named unique index, `phrase_by_code_key`, so that a bulk import
 * can drop it and build it once at the end, as it does the display-order index: SQLite builds an
 * index over 100,000 rows by sorting them faster than it maintains one row by row (measured ~95 ms
 * on the bench's 100,000 phrases; docs/phrases.md "Rules"). The rule itself is unchanged: one
 * phrase per folded code, NULL for none.
 *
 * The table is rebuilt the way SQLite documents for changes ALTER TABLE cannot make ("Making Other
 * Kinds Of Table Schema Changes", https://sqlite.org/lang_altertable.html#otheralter): new table,
 * copy every row with its id, drop, rename, indexes. Foreign keys are off while migrating (see
 * `migrate`), so dropping the old table cascades nothing.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'phrase-code-index',
  up(db) {
    db.exec(`
      CREATE TABLE phrase_new (
        id            INTEGER PRIMARY KEY,
        group_id      INTEGER NOT NULL REFERENCES phrase_group(id) ON DELETE CASCADE,
        shortcut_code TEXT,
        code_key      TEXT,
        content       TEXT    NOT NULL,
        sort_order    INTEGER NOT NULL,
        use_count     INTEGER NOT NULL DEFAULT 0,
        last_used_at  INTEGER,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      INSERT INTO phrase_new (id, group_id, shortcut_code, code_key, content, sort_order, use_count, last_used_at, created_at, updated_at)
        SELECT id, group_id, shortcut_code, code_key, content, sort_order, use_count, last_used_at, created_at, updated_at FROM phrase;
      DROP TABLE phrase;
      ALTER TABLE phrase_new RENAME TO phrase;
      CREATE UNIQUE INDEX phrase_by_code_key ON phrase(code_key);
      CREATE INDEX phrase_by_group_order ON phrase(group_id, sort_order);
    `);
  },
};
