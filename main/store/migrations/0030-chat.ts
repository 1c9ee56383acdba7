import type { Migration } from './types';

/**
 * Buyers, conversations, messages and what the metrics need beside them: order events, the agent's
 * status changes and conversation closes (docs/transcripts.md "How history is stored").
 *
 * - **Time-ordered ids.** `message`, `order_event`, `status_change` and `conversation_close` share
 *   one id space: `id = at_ms × 1000 + n`, n counting 0–999 events in the same millisecond in the
 *   order they arrived (a CHECK keeps `id / 1000` equal to the time column). So `ORDER BY id` is
 *   time order everywhere — also after older history is imported into a live database — events of
 *   the same millisecond keep their order across tables (a transcript's file order, which the
 *   metrics read), and the search index returns newest first by walking rowids backwards.
 * - **Unread** has one source: `conversation.last_read_message_id`, a watermark. Unread = the
 *   conversation's buyer messages with a larger id; nothing is counted up or down, so nothing can
 *   drift across a crash or a restart.
 * - **Closed** is derived too: a conversation is closed when a close is newer than its last message.
 * - `conversation.last_message_id` orders the contact list (最近联系) by last activity through its
 *   index; the repo moves it forward in the same transaction as each insert.
 * - De-duplication of a channel's deliveries: UNIQUE (conversation, channel_message_id). Per
 *   conversation rather than per channel: a channel's message ids are chosen by each sender's
 *   client (an XMPP stanza id), so two buyers may well both send id "1"; a redelivery always comes
 *   from the same buyer.
 * - `message_search` is the history-search index (`main/chat/history-search.ts`): contentless FTS5
 *   over our own n-gram tokens, rowid = message id. Deleting a message deletes its postings (the
 *   trigger), so the index can never point at a message that is gone.
 * - Money is integer fen (分); times are ms since the epoch (UTC).
 */
export const migration0030: Migration = {
  version: 30,
  name: 'chat',
  up(db) {
    db.exec(`
      CREATE TABLE buyer (
        id               INTEGER PRIMARY KEY,
        channel          TEXT    NOT NULL,
        channel_buyer_id TEXT    NOT NULL,
        nickname         TEXT,
        first_seen_at    INTEGER NOT NULL,
        notes            TEXT,
        tags             TEXT    NOT NULL DEFAULT '[]',
        UNIQUE (channel, channel_buyer_id)
      );
      CREATE TABLE conversation (
        id                   INTEGER PRIMARY KEY,
        buyer_id             INTEGER NOT NULL UNIQUE REFERENCES buyer(id) ON DELETE CASCADE,
        last_message_id      INTEGER,
        last_read_message_id INTEGER NOT NULL DEFAULT 0,
        created_at           INTEGER NOT NULL
      );
      CREATE INDEX conversation_by_activity ON conversation(last_message_id);
      CREATE TABLE message (
        id                 INTEGER PRIMARY KEY,
        conversation_id    INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        sender             TEXT    NOT NULL CHECK (sender IN ('buyer', 'agent', 'autoReply')),
        rule_id            INTEGER CHECK (rule_id IS NULL OR sender = 'autoReply'),
        automatic          INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1) AND (sender <> 'autoReply' OR automatic = 1)),
        body               TEXT    NOT NULL,
        created_at         INTEGER NOT NULL CHECK (created_at >= 0 AND id / 1000 = created_at),
        state              TEXT    CHECK ((sender = 'buyer') = (state IS NULL) AND (state IS NULL OR state IN ('pending', 'sent', 'failed', 'delivered', 'read'))),
        channel_message_id TEXT,
        client_id          TEXT
      );
      CREATE INDEX message_by_conversation ON message(conversation_id);
      CREATE UNIQUE INDEX message_by_channel_id ON message(conversation_id, channel_message_id) WHERE channel_message_id IS NOT NULL;
      CREATE UNIQUE INDEX message_by_client_id ON message(client_id) WHERE client_id IS NOT NULL;
      CREATE VIRTUAL TABLE message_search USING fts5(grams, content = '', contentless_delete = 1, detail = none);
      CREATE TRIGGER message_search_forget AFTER DELETE ON message BEGIN
        DELETE FROM message_search WHERE rowid = old.id;
      END;
      CREATE TABLE order_event (
        id         INTEGER PRIMARY KEY,
        buyer_id   INTEGER NOT NULL REFERENCES buyer(id) ON DELETE CASCADE,
        amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
        paid       INTEGER NOT NULL CHECK (paid IN (0, 1)),
        at         INTEGER NOT NULL CHECK (at >= 0 AND id / 1000 = at)
      );
      CREATE INDEX order_event_by_buyer ON order_event(buyer_id);
      CREATE TABLE status_change (
        id     INTEGER PRIMARY KEY,
        status TEXT    NOT NULL CHECK (status IN ('online', 'busy', 'away', 'suspended')),
        at     INTEGER NOT NULL CHECK (at >= 0 AND id / 1000 = at)
      );
      CREATE TABLE conversation_close (
        id              INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        at              INTEGER NOT NULL CHECK (at >= 0 AND id / 1000 = at)
      );
      CREATE INDEX conversation_close_by_conversation ON conversation_close(conversation_id);
    `);
  },
};
