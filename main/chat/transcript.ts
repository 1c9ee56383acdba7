import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { Tokenizer, TokenParser, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { XiaoniuError } from '../shared/errors';
import { isTimeZone, parseInstant } from '../shared/time-zone';
import { AGENT_STATUSES, type AgentStatus } from './types';

/**
 * The transcript format — one JSON format for a stretch of chat history, read by history import,
 * the metrics and the auto-reply rule tester, written by history export and the simulator
 * (docs/transcripts.md):
 *
 *     {"timezone": "Asia/Shanghai", "events": [
 *       {"at": "2026-03-01T10:00:05+08:00", "type": "buyer", "buyer": "tb_8812", "nickname": "小王", "text": "在吗"},
 *       {"at": "2026-03-01T10:00:20+08:00", "type": "agent", "buyer": "tb_8812", "text": "亲，在的"},
 *       {"at": "2026-03-01T10:05:00+08:00", "type": "order", "buyer": "tb_8812", "amount": 199, "paid": true},
 *       {"at": "2026-03-01T10:06:00+08:00", "type": "status", "status": "busy"},
 *       {"at": "2026-03-01T10:30:00+08:00", "type": "close", "buyer": "tb_8812"}]}
 *
 * or the same as JSON Lines: a first line `{"timezone": …}`, then one event per line — told apart
 * from the bytes, so a million-event file streams either way. This module holds the one schema
 * (zod), the streaming reader and the writer of one event.
 */

/** Earliest and latest instants a transcript may hold (1970 up to 2200), so ids stay exact in a double. */
const MIN_AT = 0;
const MAX_AT = Date.UTC(2200, 0, 1);
/** Longest message text, in UTF-16 code units. */
export const MAX_TEXT = 20_000;
/** Longest buyer id and nickname, in code units. */
const MAX_BUYER_ID = 256;
const MAX_NICKNAME = 64;
/** Largest order amount, in yuan. */
const MAX_AMOUNT = 100_000_000;
/** Longest line of a JSON Lines transcript, in bytes (a 20,000-character text escaped as \uXXXX fits). */
const MAX_LINE_BYTES = 1 << 20;

/** No NUL (SQLite's C API ends text there) and no lone surrogate (it would be stored as U+FFFD). */
function storable(s: string): boolean {
  return !/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** `at`: ISO-8601 with an offset → ms since the epoch. */
const instant = z.string().transform((s, ctx) => {
  const ms = parseInstant(s);
  if (ms === null || ms < MIN_AT || ms >= MAX_AT) {
    ctx.addIssue({ code: 'custom', message: 'at' });
    return z.NEVER;
  }
  return ms;
});
/** A buyer id: text, or an integer (written back as text). */
const buyerId = z.union([
  z.string().min(1).max(MAX_BUYER_ID).refine(storable),
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).transform(String),
]);
const nickname = z.string().min(1).max(MAX_NICKNAME).refine(storable);
const channel = z.string().regex(/^[a-z][a-z0-9._-]{0,31}$/);
const text = z.string().min(1).max(MAX_TEXT).refine(storable);
/** Yuan with at most two decimals → integer fen. */
const amount = z
  .number()
  .min(0)
  .max(MAX_AMOUNT)
  .refine((y) => Math.abs(y * 100 - Math.round(y * 100)) < 1e-6)
  .transform((y) => Math.round(y * 100));

const withBuyer = { at: instant, buyer: buyerId, channel: channel.optional(), nickname: nickname.optional() };

/**
 * One transcript event, checked and converted: `at` becomes ms since the epoch, `amount` integer
 * fen. Unknown fields are refused (a misspelt `"txt"` must not vanish silently).
 */
export const transcriptEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...withBuyer, type: z.literal('buyer'), text, auto: z.boolean().optional() }),
  z.strictObject({ ...withBuyer, type: z.literal('agent'), text, auto: z.boolean().optional() }),
  z.strictObject({ at: instant, type: z.literal('status'), status: z.enum(AGENT_STATUSES as [AgentStatus, ...AgentStatus[]]) }),
  z.strictObject({ ...withBuyer, type: z.literal('close') }),
  z.strictObject({ ...withBuyer, type: z.literal('order'), amount, paid: z.boolean().optional() }),
]);

/** A checked transcript event: times in ms, amounts in fen. */
export type TranscriptEvent = z.output<typeof transcriptEventSchema>;
/** A transcript event as written in the file. */
export type TranscriptEventJson = z.input<typeof transcriptEventSchema>;

/** An IANA time-zone name the runtime knows (Asia/Shanghai). */
const timeZoneSchema = z.string().refine(isTimeZone, { message: 'not an IANA time-zone name' });

/** The whole document, for callers that hold a small transcript in memory (tests, the rule tester). */
export const transcriptSchema = z.strictObject({ timezone: timeZoneSchema, events: z.array(transcriptEventSchema) });

/** The catalogue code for a bad value of each field (`errors.history.bad…` {index, value}). */
const BAD_FIELD: Record<string, string> = {
  at: 'history.badAt',
  buyer: 'history.badBuyer',
  channel: 'history.badChannel',
  nickname: 'history.badNickname',
  text: 'history.badText',
  auto: 'history.badAuto',
  status: 'history.badStatus',
  amount: 'history.badAmount',
  paid: 'history.badPaid',
};

/** A value for a message: strings cut to 60 characters, everything else as JSON. */
function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
}

/**
 * Checks one raw event (as parsed from JSON) at position `index` of the events. Throws a
 * {@link XiaoniuError} naming the index: `history.notAnEvent`, `history.badType`,
 * `history.missingField` {field}, `history.unknownField` {field, type}, or `history.bad<Field>`
 * {value} (see {@link BAD_FIELD}).
 */
export function checkEvent(raw: unknown, index: number): TranscriptEvent {
  const r = transcriptEventSchema.safeParse(raw);
  if (r.success) return r.data;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new XiaoniuError('history.notAnEvent', { index });
  const obj = raw as Record<string, unknown>;
  const issue = r.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  if (field === 'type' || (!field && issue.code === 'invalid_union')) {
    if (obj.type === undefined) throw new XiaoniuError('history.missingField', { index, field: 'type' });
    throw new XiaoniuError('history.badType', { index, value: shown(obj.type) });
  }
  if (issue.code === 'unrecognized_keys') throw new XiaoniuError('history.unknownField', { index, field: issue.keys[0] ?? '', type: String(obj.type) });
  if (field && obj[field] === undefined) throw new XiaoniuError('history.missingField', { index, field });
  throw new XiaoniuError(BAD_FIELD[field] ?? 'history.notAnEvent', { index, value: shown(obj[field]) });
}

/** Checks a transcript's `timezone`; throws `history.noTimezone` or `history.badTimezone` {value}. */
function checkTimezone(v: unknown): string {
  if (v === undefined) throw new XiaoniuError('history.noTimezone');
  const r = timeZoneSchema.safeParse(v);
  if (!r.success) throw new XiaoniuError('history.badTimezone', { value: shown(v) });
  return r.data;
}

// ───────────────────────────── reading ─────────────────────────────

/** Where a transcript's bytes come from, pulled synchronously so an import can stay one SQLite transaction. */
export interface ByteSource {
  /** Fills the start of `into`; returns how many bytes, 0 at the end. */
  read(into: Uint8Array): number;
}

/** A {@link ByteSource} over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let at = 0;
  return {
    read(into) {
      const n = Math.min(into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
  };
}

/**
 * A {@link ByteSource} over a file, and its `close`. Throws `cli.cannotRead` {file, reason}: only
 * regular files are read (a device such as /dev/zero would never end).
 */
export function fileSource(file: string): ByteSource & { close(): void } {
  let fd: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new XiaoniuError('cli.cannotRead', { file, reason: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if (e instanceof XiaoniuError) throw e;
    throw new XiaoniuError('cli.cannotRead', { file, reason: (e as NodeJS.ErrnoException).code ?? 'EIO' });
  }
  let open = true;
  return {
    read(into) {
      try {
        return fs.readSync(fd, into, 0, into.length, null);
      } catch (e) {
        throw new XiaoniuError('cli.cannotRead', { file, reason: (e as NodeJS.ErrnoException).code ?? 'EIO' });
      }
    },
    close() {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

/**
 * Top-level fields a reader of the format accepts besides `timezone` and `events` (the rule
 * tester's `maxConcurrent`, `agent` … — docs/autoreply.md "The rule tester"): each value is handed,
 * as parsed JSON, to `onValue` for the caller to check. Any other key is still refused.
 */
export interface TopLevelExtras {
  keys: readonly string[];
  onValue(key: string, value: unknown): void;
}

/** What {@link readTranscript} found besides the events. */
export interface TranscriptInfo {
  timezone: string;
  /** How the file was written. */
  format: 'json' | 'jsonl';
  /** Events read. */
  events: number;
}

const CHUNK = 1 << 16;

/**
 * Reads a transcript from `source`, handing each checked event and its index to `onEvent` as soon
 * as it is complete, so neither the document nor its events are ever held whole. The layout comes
 * from the bytes: JSON Lines when the first line is a complete object with `timezone` and no
 * `events`, else one JSON document (streamed by @streamparser/json). A UTF-8 BOM is skipped.
 *
 * Throws (after `onEvent` saw the events before the fault, so the caller must be able to roll
 * back): `history.notTranscript`, `history.notUtf8` {offset}, `history.badJson` {index} /
 * `history.badJsonHeader`, `history.badJsonLine` {line, index}, `history.lineTooLong` {line},
 * `history.unknownTopLevel` {field}, `history.eventsNotArray`, `history.noEvents`,
 * `history.noTimezone`, `history.badTimezone` {value}, and everything {@link checkEvent} throws;
 * whatever `onEvent` and `extra.onValue` throw propagates unchanged. `extra` names the top-level
 * fields accepted besides `timezone` and `events` (none by default).
 */
export function readTranscript(source: ByteSource, onEvent: (event: TranscriptEvent, index: number) => void, extra?: TopLevelExtras): TranscriptInfo {
  const reader = new Utf8Chunks(source);
  // The head: enough bytes to tell the layout (a JSON Lines header line is far shorter).
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let c = reader.next(false); c; c = size < CHUNK ? reader.next(false) : null) {
    parts.push(c);
    size += c.length;
  }
  const first = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  let start = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  while (start < first.length && (first[start] === 0x20 || first[start] === 0x0a || first[start] === 0x0d || first[start] === 0x09)) start++;
  // Checked before UTF-8, so a picture or a spreadsheet is "not a transcript", not "not UTF-8".
  if (first[start] !== 0x7b /* { */) throw new XiaoniuError('history.notTranscript');
  reader.check(first);
  const head = first.subarray(start);
  const header = jsonLinesHeader(head, extra);
  if (header) return readJsonLines(head, reader, header, onEvent);
  return readDocument(head, reader, onEvent, extra);
}

/** Chunks of a source, each ending on a whole UTF-8 character, checked to be UTF-8 (`history.notUtf8` {offset}). */
class Utf8Chunks {
  private carry: Uint8Array = new Uint8Array(0);
  private offset = 0;
  constructor(private readonly source: ByteSource) {}

  /** The next chunk, checked unless `check` is false (then the caller must {@link check} it). */
  next(check = true): Uint8Array | null {
    for (;;) {
      const buf = new Uint8Array(this.carry.length + CHUNK);
      buf.set(this.carry);
      const n = this.source.read(buf.subarray(this.carry.length));
      const filled = this.carry.length + n;
      if (n === 0) {
        if (!this.carry.length) return null;
        if (check) this.check(this.carry);
        const last = this.carry;
        this.carry = new Uint8Array(0);
        return last;
      }
      // Hold back a character cut by the chunk's end; it is completed by the next read.
      let cut = filled;
      for (let back = 1; back <= 3 && filled - back >= 0; back++) {
        const b = buf[filled - back]!;
        if ((b & 0xc0) === 0x80) continue;
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        if (need > back) cut = filled - back;
        break;
      }
      const chunk = buf.subarray(0, cut);
      this.carry = buf.slice(cut, filled);
      if (!chunk.length) continue;
      if (check) this.check(chunk);
      return chunk;
    }
  }

  /** Throws `history.notUtf8` {offset} unless `chunk` (the next bytes after those checked so far) is UTF-8. */
  check(chunk: Uint8Array): void {
    if (!isUtf8(chunk)) {
      // Find the first bad sequence (only on the way to an error): each character checked alone.
      let at = 0;
      while (at < chunk.length) {
        const b = chunk[at]!;
        const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
        if (!len || at + len > chunk.length || !isUtf8(chunk.subarray(at, at + len))) break;
        at += len;
      }
      throw new XiaoniuError('history.notUtf8', { offset: this.offset + at });
    }
    this.offset += chunk.length;
  }
}

/** The timezone of a JSON Lines header when `head`'s first line is one, else null. */
function jsonLinesHeader(head: Uint8Array, extra?: TopLevelExtras): string | null {
  const nl = head.indexOf(0x0a);
  if (nl < 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(head.buffer, head.byteOffset, nl).toString('utf8'));
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('timezone' in value) || 'events' in value) return null;
  for (const key of Object.keys(value)) if (key !== 'timezone' && !extra?.keys.includes(key)) throw new XiaoniuError('history.unknownTopLevel', { field: key });
  const zone = checkTimezone((value as { timezone: unknown }).timezone);
  for (const [key, v] of Object.entries(value)) if (key !== 'timezone') extra!.onValue(key, v);
  return zone;
}

function readJsonLines(head: Uint8Array, reader: Utf8Chunks, timezone: string, onEvent: (event: TranscriptEvent, index: number) => void): TranscriptInfo {
  let pending: Buffer = Buffer.from(head.buffer, head.byteOffset, head.length);
  let line = 0;
  let index = 0;
  const take = (bytes: Buffer) => {
    line++;
    if (line === 1) return; // the header, read already
    let end = bytes.length;
    if (end && bytes[end - 1] === 0x0d) end--;
    const s = bytes.toString('utf8', 0, end);
    if (!s.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(s);
    } catch {
      throw new XiaoniuError('history.badJsonLine', { line, index });
    }
    onEvent(checkEvent(raw, index), index);
    index++;
  };
  for (let chunk: Uint8Array | null = null; ; ) {
    let from = 0;
    for (let nl = pending.indexOf(0x0a); nl >= 0; nl = pending.indexOf(0x0a, from)) {
      take(pending.subarray(from, nl));
      from = nl + 1;
    }
    const rest = pending.subarray(from);
    if (rest.length > MAX_LINE_BYTES) throw new XiaoniuError('history.lineTooLong', { line: line + 1 });
    chunk = reader.next();
    if (!chunk) {
      if (rest.length) take(rest);
      break;
    }
    pending = Buffer.concat([rest, chunk]);
  }
  return { timezone, format: 'jsonl', events: index };
}

function readDocument(head: Uint8Array, reader: Utf8Chunks, onEvent: (event: TranscriptEvent, index: number) => void, extra?: TopLevelExtras): TranscriptInfo {
  let timezone: unknown;
  let index = 0;
  let sawEvents = false;
  // Where the tokens are: depth 1 is inside the root object, depth ≥ 2 inside one of its values.
  let depth = 0;
  let expectKey = false;
  let key = '';
  let rootDone = false;

  const tokenizer = new Tokenizer();
  // keepStack false: each event is dropped from its array once handed over, so memory stays flat.
  const parser = new TokenParser({ paths: ['$.timezone', '$.events.*', ...(extra?.keys ?? []).map((k) => `$.${k}`)], keepStack: false });
  const extraValues: [string, unknown][] = [];
  parser.onValue = ({ value, stack, key: at }) => {
    if (stack.length === 1 && at === 'timezone') timezone = value;
    else if (stack.length === 1) extraValues.push([String(at), value]);
    else {
      onEvent(checkEvent(value, index), index);
      index++;
    }
  };
  tokenizer.onToken = (t: ParsedTokenInfo) => {
    if (rootDone) throw new XiaoniuError('history.badJsonHeader');
    switch (t.token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        if (depth === 1) checkValueStart(t.token);
        depth++;
        if (depth === 1) expectKey = true;
        break;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        depth--;
        if (depth === 0) rootDone = true;
        break;
      case TokenType.COMMA:
        if (depth === 1) expectKey = true;
        break;
      case TokenType.COLON:
        break;
      default:
        if (depth === 1 && expectKey) {
          key = String(t.value);
          expectKey = false;
          if (key !== 'timezone' && key !== 'events' && !extra?.keys.includes(key)) throw new XiaoniuError('history.unknownTopLevel', { field: shown(key) });
          if (key === 'events') sawEvents = true;
        } else if (depth === 1) checkValueStart(t.token);
    }
    parser.write(t);
  };
  const checkValueStart = (token: TokenType) => {
    if (key === 'events' && token !== TokenType.LEFT_BRACKET) throw new XiaoniuError('history.eventsNotArray');
  };
  const feed = (bytes: Uint8Array | null) => {
    try {
      if (bytes) tokenizer.write(bytes);
      else if (!tokenizer.isEnded) tokenizer.end();
    } catch (e) {
      if (e instanceof XiaoniuError) throw e;
      throw depth >= 2 && key === 'events' ? new XiaoniuError('history.badJson', { index }) : new XiaoniuError('history.badJsonHeader');
    }
  };
  feed(head);
  for (let chunk = reader.next(); chunk; chunk = reader.next()) feed(chunk);
  feed(null);
  if (!rootDone) throw sawEvents ? new XiaoniuError('history.badJson', { index }) : new XiaoniuError('history.badJsonHeader');
  if (!sawEvents) throw new XiaoniuError('history.noEvents');
  const zone = checkTimezone(timezone);
  for (const [key, value] of extraValues) extra!.onValue(key, value);
  return { timezone: zone, format: 'json', events: index };
}

// ───────────────────────────── writing ─────────────────────────────

/**
 * One event as a line of JSON, fields in a fixed order (at, type, buyer, channel, nickname, text,
 * auto, status, amount, paid) so that the same history always exports to the same bytes. `amount`
 * is written in yuan (`fen / 100`, which prints with at most two decimals); `auto` only when true.
 */
export function eventJson(e: TranscriptEventJson): string {
  const o: Record<string, unknown> = { at: e.at, type: e.type };
  if (e.type === 'status') {
    o.status = e.status;
    return JSON.stringify(o);
  }
  o.buyer = e.buyer;
  if (e.channel !== undefined) o.channel = e.channel;
  if (e.nickname !== undefined) o.nickname = e.nickname;
  if (e.type === 'buyer' || e.type === 'agent') {
    o.text = e.text;
    if (e.auto) o.auto = true;
  } else if (e.type === 'order') {
    o.amount = e.amount;
    o.paid = e.paid ?? false;
  }
  return JSON.stringify(o);
}
