import type { Database } from 'better-sqlite3';
import { stmt } from '../store/statements';
import { XiaoniuError } from '../shared/errors';
import type { AgentStatus, Buyer, Composed, Contact, Message, MessageState, Sender } from './types';

/**
 * The only SQL that touches the chat tables of migration 0030 (`buyer`, `conversation`, `message`,
 * `message_search`, `order_event`, `status_change`, `conversation_close`). Plain functions taking
 * the database first; no rules here — the service, the importer and the search own them.
 */


// ───────────────────────────── time-ordered ids ─────────────────────────────

/** Events per millisecond in the shared id space: `id = at × SLOT + n`, 0 ≤ n < SLOT (migration 0030). */
export const SLOT = 1000;

/** The largest id in the shared event space (messages, orders, statuses, closes), or 0 when empty. */
export function maxEventId(db: Database): number {
  return (
    stmt(
      db,
      `SELECT max(coalesce((SELECT max(id) FROM message), 0), coalesce((SELECT max(id) FROM order_event), 0),
                  coalesce((SELECT max(id) FROM status_change), 0), coalesce((SELECT max(id) FROM conversation_close), 0)) AS m`,
    ).get() as { m: number }
  ).m;
}

/** The largest id used in millisecond `at`'s slot, or -1 when the slot is empty. */
export function slotTop(db: Database, at: number): number {
  const lo = at * SLOT;
  const hi = lo + SLOT;
  return (
    stmt(
      db,
      `SELECT max(coalesce((SELECT max(id) FROM message WHERE id >= @lo AND id < @hi), -1),
                  coalesce((SELECT max(id) FROM order_event WHERE id >= @lo AND id < @hi), -1),
                  coalesce((SELECT max(id) FROM status_change WHERE id >= @lo AND id < @hi), -1),
                  coalesce((SELECT max(id) FROM conversation_close WHERE id >= @lo AND id < @hi), -1)) AS m`,
    ).get({ lo, hi }) as { m: number }
  ).m;
}

/**
 * The next free id for an event at `at` (ms): after every event already stored in that
 * millisecond. Throws `history.tooManyAtOnce` {at} when the millisecond already holds
 * {@link SLOT} events (never from a live channel; a generated file that stamps thousands of events
 * with one time is refused rather than reordered).
 */
export function nextEventId(db: Database, at: number): number {
  const top = slotTop(db, at);
  const id = top < 0 ? at * SLOT : top + 1;
  if (id >= (at + 1) * SLOT) throw new XiaoniuError('history.tooManyAtOnce', { at: new Date(at).toISOString() });
  return id;
}

// ───────────────────────────── buyers and conversations ─────────────────────────────

interface BuyerRow {
  b_id: number;
  channel: string;
  channel_buyer_id: string;
  nickname: string | null;
  first_seen_at: number;
}

function toBuyer(r: BuyerRow): Buyer {
  return { id: r.b_id, channel: r.channel, buyerId: r.channel_buyer_id, nickname: r.nickname, firstSeenAt: r.first_seen_at };
}

/** A buyer with their conversation's id. */
export interface BuyerWithConversation extends Buyer {
  conversationId: number;
}

/** The buyer `buyerId` on `channel` and their conversation, or undefined. */
export function findBuyer(db: Database, channel: string, buyerId: string): BuyerWithConversation | undefined {
  const r = stmt(
    db,
    // A correlated subquery, not a join: SQLite 3.54 runs this join ~6× slower (≈30 µs against 5 µs
    // on 600 buyers) with the very same plan, and the import and every incoming message call it.
    `SELECT b.id AS b_id, b.channel, b.channel_buyer_id, b.nickname, b.first_seen_at,
            (SELECT c.id FROM conversation c WHERE c.buyer_id = b.id) AS conversation_id
       FROM buyer b WHERE b.channel = ? AND b.channel_buyer_id = ?`,
  ).get(channel, buyerId) as (BuyerRow & { conversation_id: number }) | undefined;
  return r && { ...toBuyer(r), conversationId: r.conversation_id };
}

/**
 * The buyers among `buyerIds` on `channel` that are stored, with their conversations — one
 * statement for a whole batch where {@link findBuyer} would be one per buyer (bulk ingest touches
 * thousands of buyers per transaction; the per-call overhead was most of the lookups' cost).
 * Absent buyers are simply not returned.
 */
export function findBuyers(db: Database, channel: string, buyerIds: readonly string[]): BuyerWithConversation[] {
  const rows = stmt(
    db,
    // The same correlated subquery as findBuyer, for the same reason.
    `SELECT b.id AS b_id, b.channel, b.channel_buyer_id, b.nickname, b.first_seen_at,
            (SELECT c.id FROM conversation c WHERE c.buyer_id = b.id) AS conversation_id
       FROM buyer b WHERE b.channel = ? AND b.channel_buyer_id IN (SELECT value FROM json_each(?))`,
  ).all(channel, JSON.stringify(buyerIds)) as (BuyerRow & { conversation_id: number })[];
  return rows.map((r) => ({ ...toBuyer(r), conversationId: r.conversation_id }));
}

/** Stores a new buyer and their (one) conversation; returns both ids. `firstSeenAt`, `now` in ms. */
export function insertBuyer(db: Database, channel: string, buyerId: string, nickname: string | null, firstSeenAt: number, now: number): BuyerWithConversation {
  const id = Number(
    stmt(db, `INSERT INTO buyer (channel, channel_buyer_id, nickname, first_seen_at) VALUES (?, ?, ?, ?)`).run(channel, buyerId, nickname, firstSeenAt)
      .lastInsertRowid,
  );
  const conversationId = Number(stmt(db, `INSERT INTO conversation (buyer_id, created_at) VALUES (?, ?)`).run(id, now).lastInsertRowid);
  return { id, channel, buyerId, nickname, firstSeenAt, conversationId };
}

/** The largest buyer row id, or 0 (new rows get larger ones: `INTEGER PRIMARY KEY` takes max + 1). */
export function maxBuyerRowId(db: Database): number {
  return stmt(db, `SELECT coalesce(max(id), 0) FROM buyer`).pluck().get() as number;
}

/** Sets a buyer's nickname. */
export function setBuyerNickname(db: Database, id: number, nickname: string | null): void {
  stmt(db, `UPDATE buyer SET nickname = ? WHERE id = ?`).run(nickname, id);
}

/** Moves a buyer's first-seen time back to `at` (ms) when that is earlier. */
export function moveFirstSeen(db: Database, id: number, at: number): void {
  stmt(db, `UPDATE buyer SET first_seen_at = ? WHERE id = ? AND first_seen_at > ?`).run(at, id, at);
}

/** Row ids of the buyers whose channel id is one of `buyerIds`, on any channel. */
export function buyerRowIds(db: Database, buyerIds: readonly string[]): number[] {
  return stmt(db, `SELECT id FROM buyer WHERE channel_buyer_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .pluck()
    .all(JSON.stringify(buyerIds)) as number[];
}

/** The channel buyer ids of these buyer rows. */
export function buyerIdsOf(db: Database, rowIds: readonly number[]): string[] {
  return stmt(db, `SELECT channel_buyer_id FROM buyer WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(rowIds)) as string[];
}

/**
 * Moves a conversation's last activity forward to `lastMessageId` and, when `readUpTo` is given,
 * its read watermark forward to it. Never moves either back.
 */
export function advanceConversation(db: Database, conversationId: number, lastMessageId: number, readUpTo: number | null): void {
  stmt(
    db,
    `UPDATE conversation SET last_message_id = max(coalesce(last_message_id, 0), @last),
                             last_read_message_id = max(last_read_message_id, coalesce(@read, 0))
      WHERE id = @id`,
  ).run({ last: lastMessageId, read: readUpTo, id: conversationId });
}

/** The newest message id of a conversation, or 0. */
export function lastMessageId(db: Database, conversationId: number): number {
  return (stmt(db, `SELECT coalesce(last_message_id, 0) FROM conversation WHERE id = ?`).pluck().get(conversationId) as number | undefined) ?? 0;
}

/** Moves the read watermark of a conversation forward to `upTo` (a message id). */
export function markRead(db: Database, conversationId: number, upTo: number): void {
  stmt(db, `UPDATE conversation SET last_read_message_id = max(last_read_message_id, ?) WHERE id = ?`).run(upTo, conversationId);
}

/** Buyer messages of a conversation newer than its read watermark. */
export function unreadCount(db: Database, conversationId: number): number {
  return stmt(
    db,
    `SELECT count(*) FROM message WHERE conversation_id = @id AND sender = 'buyer'
        AND id > (SELECT last_read_message_id FROM conversation WHERE id = @id)`,
  )
    .pluck()
    .get({ id: conversationId }) as number;
}

/**
 * Buyer messages newer than their conversation's read watermark, over every conversation (the
 * window title and the tray). Only conversations whose last message is past the watermark are
 * counted, each through `message_by_conversation`, so a large, read history costs nothing.
 */
export function totalUnread(db: Database): number {
  return stmt(
    db,
    `SELECT coalesce(sum((SELECT count(*) FROM message m WHERE m.conversation_id = c.id AND m.sender = 'buyer' AND m.id > c.last_read_message_id)), 0)
       FROM conversation c WHERE c.last_message_id > c.last_read_message_id`,
  )
    .pluck()
    .get() as number;
}

const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.sender, m.automatic, m.rule_id, m.body, m.created_at, m.state, m.channel_message_id, m.client_id, m.composed`;
const BUYER_COLUMNS = `b.id AS b_id, b.channel, b.channel_buyer_id, b.nickname, b.first_seen_at`;

interface MessageRow {
  id: number;
  conversation_id: number;
  sender: Sender;
  automatic: number;
  rule_id: number | null;
  body: string;
  created_at: number;
  state: MessageState | null;
  channel_message_id: string | null;
  client_id: string | null;
  composed: Composed | null;
}

function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    sender: r.sender,
    automatic: r.automatic === 1,
    ruleId: r.rule_id,
    body: r.body,
    createdAt: r.created_at,
    state: r.state,
    channelMessageId: r.channel_message_id,
    clientId: r.client_id,
    composed: r.composed,
  };
}

/**
 * The contact list (最近联系): conversations by last activity, newest first, `limit` of them,
 * starting after `beforeLastMessageId` (the last row's `lastMessage.id` of the previous page) when
 * given. Conversations without messages come last. Served by `conversation_by_activity`.
 */
export function listContacts(db: Database, limit: number, beforeLastMessageId?: number): Contact[] {
  return contactRows(db, '1', { before: beforeLastMessageId ?? null, limit });
}

/**
 * The contact list filtered by nickname (最近联系's search box): conversations whose buyer's
 * nickname or channel id contains `query` (ASCII letters case-insensitively, via SQLite's
 * `lower()`), by last activity, newest first, paged like {@link listContacts}. A scan of the
 * conversations — tens of thousands of short rows, a few ms — rather than an index: nicknames
 * change with every message a channel delivers.
 */
export function searchContacts(db: Database, query: string, limit: number, beforeLastMessageId?: number): Contact[] {
  return contactRows(db, `(instr(lower(coalesce(b.nickname, '')), lower(@query)) > 0 OR instr(lower(b.channel_buyer_id), lower(@query)) > 0)`, {
    query,
    before: beforeLastMessageId ?? null,
    limit,
  });
}

/** One conversation's contact row, or undefined when there is no such conversation. */
export function getContact(db: Database, conversationId: number): Contact | undefined {
  return contactRows(db, `c.id = @id`, { id: conversationId, before: null, limit: 1 })[0];
}

function contactRows(db: Database, where: string, params: Record<string, unknown>): Contact[] {
  const rows = stmt(
    db,
    `SELECT c.id AS conversation_id, c.last_read_message_id, ${BUYER_COLUMNS},
            m.id, m.conversation_id AS m_conversation_id, m.sender, m.automatic, m.rule_id, m.body, m.created_at, m.state, m.channel_message_id, m.client_id, m.composed,
            (SELECT count(*) FROM message u WHERE u.conversation_id = c.id AND u.sender = 'buyer' AND u.id > c.last_read_message_id) AS unread,
            coalesce((SELECT max(x.id) FROM conversation_close x WHERE x.conversation_id = c.id), 0) > coalesce(c.last_message_id, 0) AS closed
       FROM conversation c JOIN buyer b ON b.id = c.buyer_id LEFT JOIN message m ON m.id = c.last_message_id
      WHERE ${where} AND (@before IS NULL OR c.last_message_id < @before)
      ORDER BY c.last_message_id DESC LIMIT @limit`,
  ).all(params) as (MessageRow & BuyerRow & { conversation_id: number; m_conversation_id: number | null; unread: number; closed: number })[];
  return rows.map((r) => ({
    conversationId: r.conversation_id,
    buyer: toBuyer(r),
    lastMessage: r.m_conversation_id === null ? null : toMessage({ ...r, conversation_id: r.m_conversation_id }),
    unread: r.unread,
    closed: r.closed === 1,
  }));
}

/** Our message with this client id (the window's idempotency key), or undefined. */
export function findByClientId(db: Database, clientId: string): Message | undefined {
  const r = stmt(db, `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m.client_id = ?`).get(clientId) as MessageRow | undefined;
  return r && toMessage(r);
}

/** One message by id, or undefined. */
export function getMessage(db: Database, id: number): Message | undefined {
  const r = stmt(db, `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m.id = ?`).get(id) as MessageRow | undefined;
  return r && toMessage(r);
}

/** The message a channel already delivered with this id in this conversation, or undefined. */
export function findByChannelMessageId(db: Database, conversationId: number, channelMessageId: string): Message | undefined {
  const r = stmt(db, `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m.conversation_id = ? AND m.channel_message_id = ?`).get(conversationId, channelMessageId) as
    | MessageRow
    | undefined;
  return r && toMessage(r);
}

/**
 * A conversation's newest `limit` messages before message id `beforeId` (all when omitted), oldest
 * first, as the window shows them. Served by `message_by_conversation` (rowid order).
 */
export function latestMessages(db: Database, conversationId: number, limit: number, beforeId?: number): Message[] {
  const rows = stmt(
    db,
    `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m.conversation_id = @conversation AND (@before IS NULL OR m.id < @before) ORDER BY m.id DESC LIMIT @limit`,
  ).all({ conversation: conversationId, before: beforeId ?? null, limit }) as MessageRow[];
  return rows.reverse().map(toMessage);
}

/** Up to `after` messages of a conversation after message id `afterId`, oldest first. */
export function messagesAfter(db: Database, conversationId: number, afterId: number, after: number): Message[] {
  const rows = stmt(db, `SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m.conversation_id = ? AND m.id > ? ORDER BY m.id LIMIT ?`).all(
    conversationId,
    afterId,
    after,
  ) as MessageRow[];
  return rows.map(toMessage);
}

/** A message to store; `id` from {@link nextEventId} (the time is `id / SLOT`). */
export interface NewMessage {
  id: number;
  conversationId: number;
  sender: Sender;
  automatic: boolean;
  ruleId: number | null;
  body: string;
  state: MessageState | null;
  channelMessageId: string | null;
  clientId: string | null;
  /** How the agent composed it (sender `agent` only: the table's CHECK refuses it on any other), else null. */
  composed: Composed | null;
}

const INSERT_MESSAGE = `INSERT INTO message (id, conversation_id, sender, automatic, rule_id, body, created_at, state, channel_message_id, client_id, composed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_MESSAGE_ONCE = `${INSERT_MESSAGE} ON CONFLICT (conversation_id, channel_message_id) WHERE channel_message_id IS NOT NULL DO NOTHING`;

/**
 * Stores a message and its search postings — `grams` from `history-search.ts` {@link searchGrams}
 * is a required argument so no path can store a message the search cannot find. The caller moves
 * the conversation's activity ({@link advanceConversation}) in the same transaction. Returns false,
 * storing nothing, when the conversation already holds a message with the same channel message id.
 */
export function insertMessage(db: Database, m: NewMessage, grams: string): boolean {
  const params = [m.id, m.conversationId, m.sender, m.automatic ? 1 : 0, m.ruleId, m.body, Math.floor(m.id / SLOT), m.state, m.channelMessageId, m.clientId, m.composed];
  // With the channel's id, the insert itself is the de-duplication: message_by_channel_id refuses a
  // second row of that conversation and id, and DO NOTHING names only that index (any other
  // constraint still throws). One index probe instead of a lookup followed by the insert's own.
  const inserted =
    m.channelMessageId === null
      ? stmt(db, INSERT_MESSAGE).run(...params).changes
      : stmt(db, INSERT_MESSAGE_ONCE).run(...params).changes;
  if (!inserted) return false;
  stmt(db, `INSERT INTO message_search (rowid, grams) VALUES (?, ?)`).run(m.id, grams);
  return true;
}

/** Stores an order event (下单 / 付款). `id` from {@link nextEventId}; amount in fen. */
export function insertOrder(db: Database, id: number, buyerRowId: number, amountFen: number, paid: boolean): void {
  stmt(db, `INSERT INTO order_event (id, buyer_id, amount_fen, paid, at) VALUES (?, ?, ?, ?, ?)`).run(id, buyerRowId, amountFen, paid ? 1 : 0, Math.floor(id / SLOT));
}

/** Stores a status change. `id` from {@link nextEventId}. */
export function insertStatus(db: Database, id: number, status: AgentStatus): void {
  stmt(db, `INSERT INTO status_change (id, status, at) VALUES (?, ?, ?)`).run(id, status, Math.floor(id / SLOT));
}

/** Stores a conversation close (结束会话). `id` from {@link nextEventId}. */
export function insertClose(db: Database, id: number, conversationId: number): void {
  stmt(db, `INSERT INTO conversation_close (id, conversation_id, at) VALUES (?, ?, ?)`).run(id, conversationId, Math.floor(id / SLOT));
}

// ───────────────────────────── identical events (import de-duplication) ─────────────────────────────

/** Messages in millisecond `at` of a conversation from the buyer (`fromBuyer`) or our side, with this body. */
export function countSameMessages(db: Database, at: number, conversationId: number, fromBuyer: boolean, body: string): number {
  return stmt(
    db,
    `SELECT count(*) FROM message WHERE id >= ? AND id < ? AND conversation_id = ? AND (sender = 'buyer') = ? AND body = ?`,
  )
    .pluck()
    .get(at * SLOT, (at + 1) * SLOT, conversationId, fromBuyer ? 1 : 0, body) as number;
}

/** Order events in millisecond `at` of a buyer with this amount (fen) and paid flag. */
export function countSameOrders(db: Database, at: number, buyerRowId: number, amountFen: number, paid: boolean): number {
  return stmt(db, `SELECT count(*) FROM order_event WHERE id >= ? AND id < ? AND buyer_id = ? AND amount_fen = ? AND paid = ?`)
    .pluck()
    .get(at * SLOT, (at + 1) * SLOT, buyerRowId, amountFen, paid ? 1 : 0) as number;
}

/** The newest status change (by time: ids are time-ordered), or undefined when there is none. */
export function latestStatus(db: Database): { status: AgentStatus; at: number } | undefined {
  return stmt(db, `SELECT status, at FROM status_change ORDER BY id DESC LIMIT 1`).get() as { status: AgentStatus; at: number } | undefined;
}

/** Status changes to `status` in millisecond `at`. */
export function countSameStatuses(db: Database, at: number, status: AgentStatus): number {
  return stmt(db, `SELECT count(*) FROM status_change WHERE id >= ? AND id < ? AND status = ?`).pluck().get(at * SLOT, (at + 1) * SLOT, status) as number;
}

/** Closes of a conversation in millisecond `at`. */
export function countSameCloses(db: Database, at: number, conversationId: number): number {
  return stmt(db, `SELECT count(*) FROM conversation_close WHERE id >= ? AND id < ? AND conversation_id = ?`)
    .pluck()
    .get(at * SLOT, (at + 1) * SLOT, conversationId) as number;
}

/**
 * Counts, per identity, how many times an import has met an event so far (the n-th identical event
 * of a file is the n-th copy, not a duplicate of the first). A TEMP table, so a re-imported
 * million-event file costs SQLite pages (spilled to a temp file), not JS heap. Call
 * {@link resetOccurrences} before each import.
 */
export function nextOccurrence(db: Database, key: string): number {
  return (
    stmt(
      db,
      `INSERT INTO temp.import_seen (key, n) VALUES (?, 0) ON CONFLICT (key) DO UPDATE SET n = n + 1 RETURNING n`,
    ).get(key) as { n: number }
  ).n;
}

/** Creates (or empties) the TEMP table behind {@link nextOccurrence}. */
export function resetOccurrences(db: Database): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS import_seen (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID; DELETE FROM temp.import_seen;`);
}

// ───────────────────────────── search ─────────────────────────────

/** A message row joined with its buyer, as search and export read it. */
export interface MessageWithBuyer {
  message: Message;
  buyer: Buyer;
}

type JoinedRow = MessageRow & BuyerRow;

function toJoined(r: JoinedRow): MessageWithBuyer {
  return { message: toMessage(r), buyer: toBuyer(r) };
}

/**
 * Messages whose postings match the FTS5 expression `match` (bare tokens joined by AND), newest
 * first, lazily: FTS5 walks its doclists by descending rowid, and rowids are time-ordered, so the
 * first rows are the newest and nothing is sorted. Stop iterating to stop reading.
 */
export function* searchCandidates(db: Database, match: string): Generator<MessageWithBuyer> {
  const it = stmt(
    db,
    `SELECT ${MESSAGE_COLUMNS}, ${BUYER_COLUMNS}
       FROM message_search s JOIN message m ON m.id = s.rowid JOIN conversation c ON c.id = m.conversation_id JOIN buyer b ON b.id = c.buyer_id
      WHERE message_search MATCH ? ORDER BY s.rowid DESC`,
  ).iterate(match) as IterableIterator<JoinedRow>;
  for (const r of it) yield toJoined(r);
}

/** Every message, newest first, lazily (a blank history search). */
export function* allMessagesNewestFirst(db: Database): Generator<MessageWithBuyer> {
  const it = stmt(
    db,
    `SELECT ${MESSAGE_COLUMNS}, ${BUYER_COLUMNS}
       FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN buyer b ON b.id = c.buyer_id ORDER BY m.id DESC`,
  ).iterate() as IterableIterator<JoinedRow>;
  for (const r of it) yield toJoined(r);
}

// ───────────────────────────── export ─────────────────────────────

/** One stored event of any kind, as an export reads it (ids time-ordered across kinds). */
export interface StoredEvent {
  id: number;
  kind: 'message' | 'order' | 'status' | 'close';
  /** ms; `id / SLOT`. */
  at: number;
  /** Null for a status change. */
  buyer: { id: number; channel: string; buyerId: string; nickname: string | null } | null;
  sender: Sender | null;
  automatic: boolean;
  text: string | null;
  status: AgentStatus | null;
  amountFen: number | null;
  paid: boolean | null;
}

interface EventRow {
  id: number;
  kind: StoredEvent['kind'];
  b_id: number | null;
  channel: string | null;
  channel_buyer_id: string | null;
  nickname: string | null;
  sender: Sender | null;
  automatic: number | null;
  text: string | null;
  status: AgentStatus | null;
  amount_fen: number | null;
  paid: number | null;
}

function toEvent(r: EventRow): StoredEvent {
  return {
    id: r.id,
    kind: r.kind,
    at: Math.floor(r.id / SLOT),
    buyer: r.b_id === null ? null : { id: r.b_id, channel: r.channel!, buyerId: r.channel_buyer_id!, nickname: r.nickname },
    sender: r.sender,
    automatic: r.automatic === 1,
    text: r.text,
    status: r.status,
    amountFen: r.amount_fen,
    paid: r.paid === null ? null : r.paid === 1,
  };
}

/** What an export selects: event ids in [fromId, toId) and, when given, only these buyers' (row ids). */
export interface EventRange {
  fromId: number;
  toId: number;
  buyerRowIds?: readonly number[];
}

/**
 * Every event in the range, in id (= time, then arrival) order, lazily, merged by SQLite from the
 * four tables. Messages still in the outbox (`pending`, `failed`) never reached the buyer and are
 * left out.
 */
export function* eventsInRange(db: Database, range: EventRange): Generator<StoredEvent> {
  const byBuyer = range.buyerRowIds !== undefined;
  const buyerFilter = (col: string) => (byBuyer ? ` AND ${col} IN (SELECT value FROM json_each(@buyers))` : ' AND @buyers IS NULL');
  const sql = `
    SELECT m.id AS id, 'message' AS kind, b.id AS b_id, b.channel, b.channel_buyer_id, b.nickname, m.sender, m.automatic, m.body AS text,
           NULL AS status, NULL AS amount_fen, NULL AS paid
      FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN buyer b ON b.id = c.buyer_id
     WHERE m.id >= @from AND m.id < @to AND (m.state IS NULL OR m.state NOT IN ('pending', 'failed'))${buyerFilter('c.buyer_id')}
    UNION ALL
    SELECT o.id, 'order', b.id, b.channel, b.channel_buyer_id, b.nickname, NULL, NULL, NULL, NULL, o.amount_fen, o.paid
      FROM order_event o JOIN buyer b ON b.id = o.buyer_id
     WHERE o.id >= @from AND o.id < @to${buyerFilter('o.buyer_id')}
    UNION ALL
    SELECT x.id, 'close', b.id, b.channel, b.channel_buyer_id, b.nickname, NULL, NULL, NULL, NULL, NULL, NULL
      FROM conversation_close x JOIN conversation c ON c.id = x.conversation_id JOIN buyer b ON b.id = c.buyer_id
     WHERE x.id >= @from AND x.id < @to${buyerFilter('c.buyer_id')}
    UNION ALL
    SELECT s.id, 'status', NULL, NULL, NULL, NULL, NULL, NULL, NULL, s.status, NULL, NULL
      FROM status_change s WHERE s.id >= @from AND s.id < @to
    ORDER BY 1`;
  const it = stmt(db, sql).iterate({
    from: range.fromId,
    to: range.toId,
    buyers: byBuyer ? JSON.stringify(range.buyerRowIds) : null,
  }) as IterableIterator<EventRow>;
  for (const r of it) yield toEvent(r);
}

/**
 * One conversation's messages, orders and closes in [fromId, toId), in id order, lazily — a
 * section of a text export, read through the per-conversation indexes (not a scan of the range).
 */
export function* conversationEvents(db: Database, conversationId: number, buyerRowId: number, fromId: number, toId: number): Generator<StoredEvent> {
  const it = stmt(
    db,
    `SELECT m.id AS id, 'message' AS kind, b.id AS b_id, b.channel, b.channel_buyer_id, b.nickname, m.sender, m.automatic, m.body AS text,
            NULL AS status, NULL AS amount_fen, NULL AS paid
       FROM message m JOIN buyer b ON b.id = @buyer
      WHERE m.conversation_id = @conversation AND m.id >= @from AND m.id < @to AND (m.state IS NULL OR m.state NOT IN ('pending', 'failed'))
     UNION ALL
     SELECT o.id, 'order', b.id, b.channel, b.channel_buyer_id, b.nickname, NULL, NULL, NULL, NULL, o.amount_fen, o.paid
       FROM order_event o JOIN buyer b ON b.id = o.buyer_id
      WHERE o.buyer_id = @buyer AND o.id >= @from AND o.id < @to
     UNION ALL
     SELECT x.id, 'close', b.id, b.channel, b.channel_buyer_id, b.nickname, NULL, NULL, NULL, NULL, NULL, NULL
       FROM conversation_close x JOIN buyer b ON b.id = @buyer
      WHERE x.conversation_id = @conversation AND x.id >= @from AND x.id < @to
     ORDER BY 1`,
  ).iterate({ conversation: conversationId, buyer: buyerRowId, from: fromId, to: toId }) as IterableIterator<EventRow>;
  for (const r of it) yield toEvent(r);
}

/**
 * The conversations with a message, order or close in [fromId, toId) (only these buyers' when
 * given), ordered by their first such event — the sections of a text export.
 */
export function conversationsInRange(db: Database, range: EventRange): { conversationId: number; buyerRowId: number }[] {
  const byBuyer = range.buyerRowIds !== undefined;
  return stmt(
    db,
    `SELECT c.id AS conversationId, c.buyer_id AS buyerRowId FROM conversation c JOIN (
        SELECT conversation_id, min(id) AS first FROM message WHERE id >= @from AND id < @to AND (state IS NULL OR state NOT IN ('pending', 'failed')) GROUP BY conversation_id
        UNION ALL
        SELECT c2.id, min(o.id) FROM order_event o JOIN conversation c2 ON c2.buyer_id = o.buyer_id WHERE o.id >= @from AND o.id < @to GROUP BY c2.id
        UNION ALL
        SELECT conversation_id, min(id) FROM conversation_close WHERE id >= @from AND id < @to GROUP BY conversation_id
      ) e ON e.conversation_id = c.id
      WHERE ${byBuyer ? 'c.buyer_id IN (SELECT value FROM json_each(@buyers))' : '@buyers IS NULL'}
      GROUP BY c.id ORDER BY min(e.first)`,
  ).all({ from: range.fromId, to: range.toId, buyers: byBuyer ? JSON.stringify(range.buyerRowIds) : null }) as { conversationId: number; buyerRowId: number }[];
}

// ───────────────────────────── the outbox (migration 0050) ─────────────────────────────

/** An outgoing message waiting in the outbox, with where it goes. */
export interface PendingOutgoing {
  message: Message;
  /** The buyer's channel (`buyer.channel`) and id on it. */
  channel: string;
  buyerId: string;
}

/**
 * The oldest `pending` message of each conversation, oldest first, at most `limit` — the heads of
 * the outbox's per-conversation queues (a later message never overtakes an earlier one to the
 * same buyer). Served by the partial index `message_outbox`, which holds only pending rows.
 */
export function pendingHeads(db: Database, limit: number): PendingOutgoing[] {
  const rows = stmt(
    db,
    `SELECT ${MESSAGE_COLUMNS}, b.channel, b.channel_buyer_id
       FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN buyer b ON b.id = c.buyer_id
      WHERE m.id IN (SELECT min(id) FROM message WHERE state = 'pending' GROUP BY conversation_id)
      ORDER BY m.id LIMIT ?`,
  ).all(limit) as (MessageRow & { channel: string; channel_buyer_id: string })[];
  return rows.map((r) => ({ message: toMessage(r), channel: r.channel, buyerId: r.channel_buyer_id }));
}

/**
 * Moves an outgoing message from state `from` to `to`, recording the channel's id for it when
 * given. Returns false when the message is not in state `from` (another path moved it first).
 */
export function moveMessageState(db: Database, id: number, from: MessageState, to: MessageState, channelMessageId?: string): boolean {
  if (channelMessageId === undefined) return stmt(db, `UPDATE message SET state = ? WHERE id = ? AND state = ?`).run(to, id, from).changes === 1;
  return stmt(db, `UPDATE message SET state = ?, channel_message_id = ? WHERE id = ? AND state = ?`).run(to, channelMessageId, id, from).changes === 1;
}

/** Gives an outgoing message its client id (stored before its first send, so every resend carries the same one). */
export function setClientId(db: Database, id: number, clientId: string): void {
  stmt(db, `UPDATE message SET client_id = ? WHERE id = ? AND client_id IS NULL`).run(clientId, id);
}

