import type { Migration } from './types';

/**
 * The outbox's queue and the one-host lease (docs/channels.md "The outbox", "One host per
 * database").
 *
 * - `message_outbox`: a partial index over the messages still to send (`state = 'pending'`), by
 *   conversation then id, so the outbox finds each conversation's oldest pending message without
 *   reading a million sent ones. It holds only the few rows in flight; the outbox's query must
 *   say `state = 'pending'` literally for SQLite to use it ("Partial Indexes" §2,
 *   https://sqlite.org/partialindex.html).
 * - `host_lease`: at most one row — the process that runs channels and the outbox on this
 *   database (a window, or `xiaoniu run`), with its pid, machine and a heartbeat (ms). Taken in a
 *   write transaction, so two processes starting at once cannot both win; a holder whose pid is
 *   dead on this machine, or whose heartbeat stopped, has lost it.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'outbox-and-lease',
  up(db) {
    db.exec(`
      CREATE INDEX message_outbox ON message(conversation_id, id) WHERE state = 'pending';
      CREATE TABLE host_lease (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        holder      TEXT    NOT NULL CHECK (holder IN ('window', 'run')),
        pid         INTEGER NOT NULL,
        host        TEXT    NOT NULL,
        acquired_at INTEGER NOT NULL,
        renewed_at  INTEGER NOT NULL
      );
    `);
  },
};
