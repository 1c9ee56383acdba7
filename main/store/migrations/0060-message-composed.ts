import type { Migration } from './types';

/**
 * How an agent message was composed (docs/chat-window.md "How a message was composed"): the
 * column `message.composed`, one of
 *
 * - `suggestion` — sent straight from 推荐回复 (Alt+1…3 or its button);
 * - `phrase` — a quick phrase went out: sent from the phrase panel, or a draft into which a quick
 *   phrase was inserted (`/code`, a click or Enter in the panel), edited or not;
 * - `typed` — anything else the agent sent from the window;
 * - NULL — not known: buyer messages, auto-replies, imported history, and every agent message
 *   stored before this migration. Nobody recorded it then, so the migration guesses nothing.
 *
 * The training shift's response time with and without 推荐回复 reads it (docs/metrics.md "Response
 * time with and without 推荐回复"). A column CHECK may name other columns of its row in SQLite, so
 * the table itself refuses a value on anything but the agent's own message, as it does for
 * `rule_id` and `state`.
 *
 * Cost, once: `ADD COLUMN` rewrites only the schema, not the rows, but SQLite tests a new column's
 * CHECK against every existing row ("ALTER TABLE ADD COLUMN",
 * https://sqlite.org/lang_altertable.html#altertabaddcol). On the shared 2-core build machine a
 * million messages took 2.5 s with the CHECK and 35 ms without; the whole upgrade (with the
 * runner's foreign-key checks) 1.8–2.8 s. Paid once, at the first start of this version — as
 * 0050's index over `message` was — and kept for the guarantee.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'message-composed',
  up(db) {
    db.exec(`
      ALTER TABLE message ADD COLUMN composed TEXT
        CHECK (composed IS NULL OR (sender = 'agent' AND composed IN ('typed', 'phrase', 'suggestion')));
    `);
  },
};
