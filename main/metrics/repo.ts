import type { Database } from 'better-sqlite3';
import { stmt } from '../store/statements';
import type { Composed } from '../chat/types';

/**
 * The metrics' reads of the chat tables (migration 0030: `message`, `order_event`,
 * `conversation`) — read only, and only the four numbers a figure needs per event. The general
 * `eventsInRange` of `main/chat/repo.ts` joins every message to its buyer and hands over its text;
 * over the 35,000 messages of a busy week that took 150 ms against 30 ms for this query on our
 * build machine, and the 今日数据 panel asks for a week at every new message (debounced). Same
 * order (event ids: time, then arrival), same rule for the outbox (`pending` and `failed` never
 * reached the buyer), so the figures are those of the events `eventsInRange` yields.
 */


/**
 * What a stored event is to the metrics: `[id, conversation id, kind, automatic, amount in fen,
 * paid, composed]` — `composed` how the agent wrote an agent message (migration 0060), else null.
 */
export type MetricRow = [
  id: number,
  conversation: number,
  kind: 0 | 1 | 2,
  automatic: 0 | 1,
  amountFen: number | null,
  paid: 0 | 1 | null,
  composed: Composed | null,
];
/** {@link MetricRow}'s `kind` of a buyer's message (1 is our side's: the agent's or an auto-reply). */
export const BUYER = 0;
/** {@link MetricRow}'s `kind` of an order event. */
export const ORDER = 2;

/** Rows per page of {@link metricRowsInRange}: a page is fetched whole (far cheaper per row than a cursor). */
const PAGE = 4096;

/**
 * Messages and order events with ids in [fromId, toId) in id order, lazily, as {@link MetricRow}s,
 * fetched in pages of {@link PAGE} rows (keyset paging on the id, so each page is an index seek and
 * memory stays at one page). An order is given its buyer's conversation (one per buyer). An
 * auto-reply is `automatic` (the table's CHECK guarantees it).
 */
export function* metricRowsInRange(db: Database, fromId: number, toId: number): Generator<MetricRow> {
  const page = stmt(
    db,
    `SELECT * FROM (
       SELECT m.id, m.conversation_id, m.sender <> 'buyer', m.automatic, NULL, NULL, m.composed
         FROM message m WHERE m.id >= @from AND m.id < @to AND (m.state IS NULL OR m.state NOT IN ('pending', 'failed'))
       UNION ALL
       SELECT o.id, (SELECT c.id FROM conversation c WHERE c.buyer_id = o.buyer_id), 2, 0, o.amount_fen, o.paid, NULL
         FROM order_event o WHERE o.id >= @from AND o.id < @to
       ORDER BY 1 LIMIT ${PAGE})`,
  ).raw();
  for (let from = fromId; ; ) {
    const rows = page.all({ from, to: toId }) as MetricRow[];
    yield* rows;
    if (rows.length < PAGE) return;
    from = rows[rows.length - 1]![0] + 1;
  }
}

/**
 * The first counted message (not automatic, not in the outbox) of a conversation with an id ≥
 * `fromId`, as a {@link MetricRow}, or undefined — the one message that settles a turn still
 * pending at a range's end (served by `message_by_conversation`).
 */
export function firstCountedMessageFrom(db: Database, conversationId: number, fromId: number): MetricRow | undefined {
  return stmt(
    db,
    `SELECT m.id, m.conversation_id, m.sender <> 'buyer', m.automatic, NULL, NULL, m.composed FROM message m
      WHERE m.conversation_id = ? AND m.id >= ? AND m.automatic = 0 AND (m.state IS NULL OR m.state NOT IN ('pending', 'failed'))
      ORDER BY m.id LIMIT 1`,
  )
    .raw()
    .get(conversationId, fromId) as MetricRow | undefined;
}

/**
 * A stamp of what a range [fromId, toId) holds for the metrics: how many counted-or-automatic
 * messages that reached the buyer and how many order events, and the sums of their ids. Any row
 * added to the range, or a message leaving the outbox (`pending` → `sent`), changes it; computed
 * in SQLite over the id range without handing a row to JavaScript (~0.3 ms for a day of 5,000
 * messages), so the figures of a day whose stamp is unchanged need not be recounted.
 */
export function rangeStamp(db: Database, fromId: number, toId: number): string {
  return stmt(
    db,
    `SELECT (SELECT count(*) || ':' || total(id) FROM message WHERE id >= @from AND id < @to AND (state IS NULL OR state NOT IN ('pending', 'failed')))
            || '/' || (SELECT count(*) || ':' || total(id) FROM order_event WHERE id >= @from AND id < @to)`,
  )
    .pluck()
    .get({ from: fromId, to: toId }) as string;
}
