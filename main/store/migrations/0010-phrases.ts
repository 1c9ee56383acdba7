import type { Migration } from './types';

/**
 * Quick phrases and their groups (docs/phrases.md). Timestamps are ms since the epoch.
 *
 * - `code_key` is the shortcut code folded for uniqueness (NFKC + lower case, so ａｂｃ, ABC and abc
 *   collide, as Qianniu treats them as one code); NULL when the phrase has no code.
 * - There is deliberately no unique index on (group_id, content): duplicate detection during an
 *   import happens in the import's own transaction, and a 100,000-row import must stay within 1.5× of
 *   a bare insert (the bench), which a second copy of every content string in a B-tree would break.
 * - 默认分组 exists from the start so every phrase always has a group.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'phrases',
  up(db) {
    db.exec(`
      CREATE TABLE phrase_group (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL UNIQUE,
        sort_order  INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      CREATE TABLE phrase (
        id            INTEGER PRIMARY KEY,
        group_id      INTEGER NOT NULL REFERENCES phrase_group(id) ON DELETE CASCADE,
        shortcut_code TEXT,
        code_key      TEXT UNIQUE,
        content       TEXT    NOT NULL,
        sort_order    INTEGER NOT NULL,
        use_count     INTEGER NOT NULL DEFAULT 0,
        last_used_at  INTEGER,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      CREATE INDEX phrase_by_group_order ON phrase(group_id, sort_order);
      INSERT INTO phrase_group (name, sort_order, created_at, updated_at)
        VALUES ('默认分组', 0, 0, 0);
    `);
  },
};
