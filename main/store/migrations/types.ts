import type { Database } from 'better-sqlite3';

/**
 * One schema step. `version` is the file's number (0010 → 10), numbered in tens so a step can be
 * slotted in later; it becomes `PRAGMA user_version` once applied. A shipped migration never
 * changes: fix forward with a new file.
 */
export interface Migration {
  /** Positive, strictly increasing across the list in `index.ts`. */
  version: number;
  /** The file name after the number, for messages. */
  name: string;
  /** Runs inside the store's migration transaction; throw to roll every pending step back. */
  up(db: Database): void;
}
