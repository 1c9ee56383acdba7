import type { Migration } from './types';

/**
 * Key–value settings (系统设置 tabs come in a later issue; the first key is the starter-pack flag).
 * `value` holds JSON text.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE setting (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
