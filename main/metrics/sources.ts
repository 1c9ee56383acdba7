import type { Database } from '../store/db';
import { XiaoniuError } from '../shared/errors';
import { localDateOf } from '../shared/time-zone';
import * as repo from '../chat/repo';
import { readTranscript, type ByteSource, type TranscriptEvent } from '../chat/transcript';
import { TRANSCRIPT_CHANNEL } from '../chat/types';
import { computeMetrics, type DayMetrics, type MetricEvent } from './compute';
import { dayBounds } from './days';

/**
 * Where the metrics' events come from — the store or a transcript file — mapped to the one shape
 * {@link MetricEvent} and fed to the one computation (`compute.ts`), so a transcript imported into
 * the store gives exactly the figures the transcript gives read straight (docs/metrics.md "Two
 * sources, one computation").
 */

/** A buyer's key in the stream: their channel and their id on it (the store's identity of a buyer). */
const buyerKey = (channel: string, buyerId: string): string => channel + '\u0001' + buyerId;

// ───────────────────────────── the store ─────────────────────────────

/** A stored event as a metric event, or null for what no figure reads (status changes, closes). */
function fromStored(e: repo.StoredEvent): MetricEvent | null {
  if (!e.buyer) return null;
  const buyer = buyerKey(e.buyer.channel, e.buyer.buyerId);
  if (e.kind === 'message') {
    if (e.sender === 'buyer') return { kind: 'buyer', buyer, at: e.at, automatic: e.automatic };
    // An auto-reply is automatic by definition (the store's CHECK says so too).
    return { kind: 'agent', buyer, at: e.at, automatic: e.automatic || e.sender === 'autoReply' };
  }
  if (e.kind === 'order') return { kind: 'order', buyer, at: e.at, amountFen: e.amountFen ?? 0, paid: e.paid === true };
  return null;
}

/** The largest event id (ms × 1000 + n) any stored event can have: ids stop before 2200. */
const NO_END = Number.MAX_SAFE_INTEGER;

/**
 * The figures of the local days between `bounds` (ms; see `compute.ts` `metricsAccumulator`) from
 * the store. Reads the range's events in id order (time, then arrival — `repo.eventsInRange`),
 * then, for each buyer whose turn is still pending at the range's end, only that buyer's messages
 * after it, up to the first counted one (`repo.conversationEvents`, through the per-conversation
 * index): never the history before the range, never everyone's history after it. Messages still
 * in the outbox (`pending`, `failed`) never reached the buyer and do not count.
 */
export function storeMetrics(db: Database, bounds: readonly number[]): DayMetrics[] {
  const end = bounds[bounds.length - 1]!;
  const rows = new Map<string, number>();
  function* within(): Generator<MetricEvent> {
    for (const e of repo.eventsInRange(db, { fromId: bounds[0]! * repo.SLOT, toId: end * repo.SLOT })) {
      const m = fromStored(e);
      if (!m) continue;
      if (!rows.has(m.buyer)) rows.set(m.buyer, e.buyer!.id);
      yield m;
    }
  }
  function after(pendingBuyers: string[]): MetricEvent[] {
    const next: { id: number; event: MetricEvent }[] = [];
    for (const key of pendingBuyers) {
      const [channel, buyerId] = key.split('\u0001') as [string, string];
      const found = repo.findBuyer(db, channel, buyerId);
      if (!found) continue;
      // One SQLite cursor at a time: findBuyer ran before this one opens; `break` closes it.
      for (const e of repo.conversationEvents(db, found.conversationId, rows.get(key) ?? found.id, end * repo.SLOT, NO_END)) {
        const m = fromStored(e);
        if (m && m.kind !== 'order' && !m.automatic) {
          next.push({ id: e.id, event: m });
          break;
        }
      }
    }
    return next.sort((a, b) => a.id - b.id).map((n) => n.event);
  }
  return computeMetrics(bounds, within(), after);
}

// ───────────────────────────── a transcript ─────────────────────────────

/** A transcript event as a metric event, or null for status changes and closes. */
function fromTranscript(e: TranscriptEvent): MetricEvent | null {
  if (e.type === 'status' || e.type === 'close') return null;
  const buyer = buyerKey(e.channel ?? TRANSCRIPT_CHANNEL, e.buyer);
  if (e.type === 'order') return { kind: 'order', buyer, at: e.at, amountFen: e.amount, paid: e.paid === true };
  return { kind: e.type, buyer, at: e.at, automatic: e.auto === true };
}

/** A metric event with its place in the file (events of one ms keep the file's order). */
interface Placed {
  event: MetricEvent;
  index: number;
}
const byTimeThenFile = (a: Placed, b: Placed) => a.event.at - b.event.at || a.index - b.index;

/** Offsets never exceed ±26 h: a local day lies within 26 h either side of that date's UTC day. */
const SLACK_MS = 26 * 3_600_000;

/** What {@link transcriptMetrics} found. */
export interface TranscriptMetrics {
  /** The local day measured, `YYYY-MM-DD`. */
  day: string;
  /** The transcript's time zone (its days are days there). */
  timezone: string;
  metrics: DayMetrics;
}

/**
 * The figures of local day `day` (`YYYY-MM-DD`, in the transcript's own time zone) straight from a
 * transcript; without `day`, the day of its earliest buyer message (then the file is read twice:
 * once for that day, once for the figures). `open` returns the file's bytes from the start each
 * time it is called.
 *
 * A transcript's events may come in any order (docs/transcripts.md "The format") and its
 * `timezone` may even come after them, so one pass keeps, in memory: the events of the dates
 * around `day` (at most the day ± 26 h, without their text) and, per buyer, their first counted
 * message after that — never the file. Those are sorted by time, then file order, and fed to the
 * same computation as the store's events.
 *
 * Throws whatever `readTranscript` throws (a malformed file, naming the event), and
 * `metrics.noBuyerMessage` when `day` is omitted and the transcript holds no buyer message.
 */
export function transcriptMetrics(open: () => ByteSource, day?: string): TranscriptMetrics {
  if (day === undefined) {
    let earliest: number | null = null;
    const info = readTranscript(open(), (e) => {
      if (e.type === 'buyer' && (earliest === null || e.at < earliest)) earliest = e.at;
    });
    if (earliest === null) throw new XiaoniuError('metrics.noBuyerMessage');
    day = localDateOf(earliest, info.timezone);
  }
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const windowStart = Date.UTC(y, m - 1, d) - SLACK_MS;
  const windowEnd = Date.UTC(y, m - 1, d + 1) + SLACK_MS;
  const near: Placed[] = [];
  const firstAfter = new Map<string, Placed>();
  const info = readTranscript(open(), (e, index) => {
    const event = fromTranscript(e);
    if (!event || event.at < windowStart) return;
    if (event.at < windowEnd) near.push({ event, index });
    else if (event.kind !== 'order' && !event.automatic) {
      // Past the window only a buyer's next counted message can still settle a pending turn.
      const seen = firstAfter.get(event.buyer);
      if (!seen || byTimeThenFile({ event, index }, seen) < 0) firstAfter.set(event.buyer, { event, index });
    }
  });
  const bounds = dayBounds(day, 1, info.timezone);
  const events = [...near.sort(byTimeThenFile), ...[...firstAfter.values()].sort(byTimeThenFile)]
    .map((p) => p.event)
    .filter((e) => e.at >= bounds[0]!);
  return { day, timezone: info.timezone, metrics: computeMetrics(bounds, events)[0]! };
}
