import type { Database } from '../store/db';
import { XiaoniuError } from '../shared/errors';
import { formatInstant, localDateOf, localTimeOf, parseLocalDate, startOfLocalDay } from '../shared/time-zone';
import { csvCell } from '../packs/csv';
import * as repo from './repo';
import { eventJson, type TranscriptEventJson } from './transcript';
import { TRANSCRIPT_CHANNEL, type AgentStatus } from './types';

/**
 * Store → file (`xiaoniu history export`, 导出聊天记录; docs/transcripts.md "Exporting"). Events are
 * read from SQLite in time order and written out in chunks, so a million-message export never holds
 * the history in memory.
 *
 * - `json`: the transcript format, one event per line inside `{"timezone", "events"}`; times with
 *   the agent's offset. Importing it into an empty database and exporting again gives the same
 *   bytes (every field is derived from stored values in a fixed order).
 * - `csv`: for Excel — UTF-8 with a BOM, CRLF, cells escaped exactly as phrase packs escape them
 *   (`csvCell` of `main/packs/csv.ts`: a buyer's `=HYPERLINK(…)` is never run as a formula).
 * - `txt`: a readable chat log per buyer with day headings, for a dispute (纠纷举证).
 *
 * Messages still in the outbox (`pending`, `failed`) never reached the buyer and are left out.
 */

/** An export's format. */
export type HistoryFormat = 'json' | 'csv' | 'txt';

/** What to export. Dates are `YYYY-MM-DD` local days in the export's time zone, both inclusive. */
export interface HistoryFilter {
  /** Only these buyers (channel buyer ids, on any channel); every buyer when empty or omitted. */
  buyerIds?: readonly string[];
  /**
   * Only these buyers, by row id (`Buyer.id`) — exactly one channel's buyer each, as the window's
   * 导出聊天记录 of one conversation needs (a channel id alone may exist on two channels).
   */
  buyerRowIds?: readonly number[];
  from?: string;
  to?: string;
}

/**
 * The words of the csv and txt exports, in the agent's language — supplied by the edge (the CLI,
 * later the window) from the catalogue, since services build no sentences.
 */
export interface HistoryLabels {
  /** CSV header: time (naming the time zone), buyer, nickname, kind, content. */
  csvHeader: readonly [string, string, string, string, string];
  /** What a row is: by a buyer, by another shop's bot, by the agent, sent automatically by our side, an order placed, paid, a status change, a close. */
  kinds: Record<'buyer' | 'buyerAuto' | 'agent' | 'agentAuto' | 'order' | 'paid' | 'status' | 'close', string>;
  statuses: Record<AgentStatus, string>;
  /** The first line of a text export. */
  txtTitle: (timezone: string) => string;
  /** A buyer's section heading in a text export. */
  txtBuyer: (buyerId: string, nickname: string | null) => string;
  /** Who wrote a line of a text export. */
  txtBuyerName: (buyerId: string, nickname: string | null, automatic: boolean) => string;
  txtAgentName: (automatic: boolean) => string;
  /** An order line, `amount` already formatted (`199.00`). */
  txtOrder: (amount: string, paid: boolean) => string;
  txtClose: string;
  /** A text export that selected nothing. */
  txtEmpty: string;
}

/** Where export text goes, in chunks (a file, a buffer). */
export type TextSink = (chunk: string) => void;

/** Lines buffered before a write. */
const LINES_PER_WRITE = 2000;

function chunked(sink: TextSink) {
  let lines: string[] = [];
  return {
    line(s: string) {
      lines.push(s);
      if (lines.length >= LINES_PER_WRITE) this.flush();
    },
    flush() {
      if (lines.length) sink(lines.join(''));
      lines = [];
    },
  };
}

/** The next calendar day of `YYYY-MM-DD`. */
function dayAfter(date: string): string {
  const p = parseLocalDate(date)!;
  return new Date(Date.UTC(p.year, p.month - 1, p.day + 1)).toISOString().slice(0, 10);
}

/**
 * The id range and buyers a filter selects. Throws `history.badDate` {value} for a date that is not
 * a real `YYYY-MM-DD`, `history.badRange` {from, to} when `from` is after `to`, and
 * `history.unknownBuyer` {buyer} for a buyer id the store has never seen (an export for a dispute
 * must not come out silently empty because of a typo).
 */
export function rangeOf(db: Database, filter: HistoryFilter, timezone: string): repo.EventRange {
  for (const d of [filter.from, filter.to]) if (d !== undefined && !parseLocalDate(d)) throw new XiaoniuError('history.badDate', { value: d });
  if (filter.from && filter.to && filter.from > filter.to) throw new XiaoniuError('history.badRange', { from: filter.from, to: filter.to });
  const range: repo.EventRange = {
    fromId: filter.from ? startOfLocalDay(filter.from, timezone) * repo.SLOT : 0,
    toId: filter.to ? startOfLocalDay(dayAfter(filter.to), timezone) * repo.SLOT : Number.MAX_SAFE_INTEGER,
  };
  if (filter.buyerIds?.length) {
    const ids = [...new Set(filter.buyerIds)];
    const rows = repo.buyerRowIds(db, ids);
    const known = new Set(rows.length ? repo.buyerIdsOf(db, rows) : []);
    const missing = ids.find((id) => !known.has(id));
    if (missing !== undefined) throw new XiaoniuError('history.unknownBuyer', { buyer: missing });
    range.buyerRowIds = rows;
  }
  if (filter.buyerRowIds) range.buyerRowIds = [...new Set([...(range.buyerRowIds ?? []), ...filter.buyerRowIds])];
  return range;
}

/** A stored event in the transcript's shape; `nickname` only when asked (a buyer's first event). */
function toTranscriptEvent(e: repo.StoredEvent, timezone: string, withNickname: boolean): TranscriptEventJson {
  const at = formatInstant(e.at, timezone);
  if (e.kind === 'status') return { at, type: 'status', status: e.status! };
  const b = e.buyer!;
  const who = {
    buyer: b.buyerId,
    ...(b.channel !== TRANSCRIPT_CHANNEL ? { channel: b.channel } : {}),
    ...(withNickname && b.nickname !== null ? { nickname: b.nickname } : {}),
  };
  switch (e.kind) {
    case 'message':
      return { at, type: e.sender === 'buyer' ? 'buyer' : 'agent', ...who, text: e.text!, ...(e.automatic ? { auto: true } : {}) };
    case 'order':
      return { at, type: 'order', ...who, amount: e.amountFen! / 100, paid: e.paid! };
    case 'close':
      return { at, type: 'close', ...who };
  }
}

/** Fen as yuan with two decimals: 19990 → `199.90`. */
function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/**
 * Writes the history `filter` selects to `sink` in `format`, times in `timezone`; returns how many
 * events were written. Throws what {@link rangeOf} throws. `labels` is required for csv and txt.
 * The caller adds the BOM a csv or txt file starts with ({@link HISTORY_BOM}).
 */
export function exportHistory(db: Database, format: HistoryFormat, filter: HistoryFilter, timezone: string, sink: TextSink, labels?: HistoryLabels): number {
  const range = rangeOf(db, filter, timezone);
  const out = chunked(sink);
  let count = 0;
  if (format === 'json') {
    const named = new Set<number>();
    out.line(`{"timezone":${JSON.stringify(timezone)},"events":[`);
    for (const e of repo.eventsInRange(db, range)) {
      const first = e.buyer !== null && !named.has(e.buyer.id);
      if (first) named.add(e.buyer!.id);
      out.line((count ? ',\n' : '\n') + eventJson(toTranscriptEvent(e, timezone, first)));
      count++;
    }
    out.line('\n]}\n');
  } else if (format === 'csv') {
    if (!labels) throw new Error('csv export needs labels');
    out.line(labels.csvHeader.map((c) => csvCell(c)).join(',') + '\r\n');
    for (const e of repo.eventsInRange(db, range)) {
      const when = `${localDateOf(e.at, timezone)} ${localTimeOf(e.at, timezone)}`;
      const b = e.buyer;
      const kind =
        e.kind === 'message'
          ? e.sender === 'buyer'
            ? labels.kinds[e.automatic ? 'buyerAuto' : 'buyer']
            : labels.kinds[e.automatic ? 'agentAuto' : 'agent']
          : e.kind === 'order'
            ? labels.kinds[e.paid ? 'paid' : 'order']
            : labels.kinds[e.kind];
      const content = e.kind === 'message' ? e.text! : e.kind === 'order' ? yuan(e.amountFen!) : e.kind === 'status' ? labels.statuses[e.status!] : '';
      out.line([when, b?.buyerId ?? '', b?.nickname ?? '', kind, content].map((c) => csvCell(c)).join(',') + '\r\n');
      count++;
    }
  } else {
    if (!labels) throw new Error('txt export needs labels');
    out.line(labels.txtTitle(timezone) + '\r\n');
    const sections = repo.conversationsInRange(db, range);
    if (!sections.length) out.line('\r\n' + labels.txtEmpty + '\r\n');
    for (const s of sections) {
      let day = '';
      let heading = false;
      for (const e of repo.conversationEvents(db, s.conversationId, s.buyerRowId, range.fromId, range.toId)) {
        const b = e.buyer!;
        if (!heading) {
          out.line('\r\n' + labels.txtBuyer(b.buyerId, b.nickname) + '\r\n');
          heading = true;
        }
        const date = localDateOf(e.at, timezone);
        if (date !== day) {
          out.line(`—— ${date} ——\r\n`);
          day = date;
        }
        const time = localTimeOf(e.at, timezone);
        let line: string;
        if (e.kind === 'message') {
          const who = e.sender === 'buyer' ? labels.txtBuyerName(b.buyerId, b.nickname, e.automatic) : labels.txtAgentName(e.automatic);
          // Continuation lines of a multi-line message are indented under its first.
          line = `${time} ${who}: ${e.text!.replace(/\r\n?|\n/g, '\r\n         ')}`;
        } else if (e.kind === 'order') line = `${time} ${labels.txtOrder(yuan(e.amountFen!), e.paid!)}`;
        else line = `${time} ${labels.txtClose}`;
        out.line(line + '\r\n');
        count++;
      }
    }
  }
  out.flush();
  return count;
}

/** The byte-order mark csv and txt exports start with (Excel and old Notepad detect UTF-8 by it); json has none (RFC 8259 §8.1). */
export const HISTORY_BOM = '\uFEFF';
