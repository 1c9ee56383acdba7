import type { Database } from '../store/db';
import { XiaoniuError } from '../shared/errors';
import { localDateOf } from '../shared/time-zone';
import { SLOT } from '../chat/repo';
import { readTranscript, type ByteSource, type TranscriptEvent } from '../chat/transcript';
import { TRANSCRIPT_CHANNEL } from '../chat/types';
import { accumulate, computeMetrics, type BuyerKey, type DayMetrics, type MetricEvent, type MetricsAccumulator } from './compute';
import { dayBounds } from './days';
import { BUYER, ORDER, firstCountedMessageFrom, metricRowsInRange, type MetricRow } from './repo';

/**
 * Where the metrics' events come from — the store or a transcript file — mapped to the one shape
 * {@link MetricEvent} and fed to the one computation (`compute.ts`), so a transcript imported into
 * the store gives exactly the figures the transcript gives read straight (docs/metrics.md "Two
 * sources, one computation").
 */

/** A transcript buyer's key in the stream: their channel and their id on it (the store's identity of a buyer). */
const buyerKey = (channel: string, buyerId: string): string => channel + '\u0001' + buyerId;

// ───────────────────────────── the store ─────────────────────────────

/** A stored event (`repo.ts` {@link MetricRow}) as a metric event; the buyer is their conversation (one per buyer). */
function fromRow(r: MetricRow): MetricEvent {
  const [id, conversation, kind, automatic, amountFen, paid, composed] = r;
  const at = Math.floor(id / SLOT);
  if (kind === ORDER) return { kind: 'order', buyer: conversation, at, amountFen: amountFen ?? 0, paid: paid === 1 };
  if (kind === BUYER) return { kind: 'buyer', buyer: conversation, at, automatic: automatic === 1 };
  return { kind: 'agent', buyer: conversation, at, automatic: automatic === 1, composed };
}

/**
 * The figures of the local days between `bounds` (ms; see `compute.ts` `metricsAccumulator`) from
 * the store. Reads the range's messages and orders in id order (time, then arrival), then, for
 * each buyer whose turn is still pending at the range's end, only that buyer's first counted
 * message after it (through the per-conversation index): never the history before the range,
 * never everyone's history after it. Messages still in the outbox (`pending`, `failed`) never
 * reached the buyer and do not count. `onSettle`, when given, hears each conversation whose turn was
 * pending at the end and the id of the message that settled it (null: none yet) — what a cache of
 * the figures must re-check. `cuts`: local midnights inside a period that is not a calendar day
 * (a training shift), where turns still end (`compute.ts` `metricsAccumulator`).
 */
export function storeMetrics(
  db: Database,
  bounds: readonly number[],
  onSettle?: (conversationId: number, settledById: number | null) => void,
  cuts: readonly number[] = [],
): DayMetrics[] {
  return storeAccumulator(db, bounds, onSettle, cuts).result();
}

/**
 * {@link storeMetrics}'s reading of the store, returning the fed accumulator: `result()` is what
 * storeMetrics returns, `bySuggestion()` the same days' response time with and without 推荐回复
 * (the training shift's; `compute.ts` `ResponseBySuggestion`).
 */
export function storeAccumulator(
  db: Database,
  bounds: readonly number[],
  onSettle?: (conversationId: number, settledById: number | null) => void,
  cuts: readonly number[] = [],
): MetricsAccumulator {
  const endId = bounds[bounds.length - 1]! * SLOT;
  function* within(): Generator<MetricEvent> {
    for (const r of metricRowsInRange(db, bounds[0]! * SLOT, endId)) yield fromRow(r);
  }
  function after(pendingBuyers: BuyerKey[]): MetricEvent[] {
    const next: MetricRow[] = [];
    for (const conversation of pendingBuyers) {
      const r = firstCountedMessageFrom(db, conversation as number, endId);
      onSettle?.(conversation as number, r ? r[0] : null);
      if (r) next.push(r);
    }
    return next.sort((a, b) => a[0] - b[0]).map(fromRow);
  }
  return accumulate(bounds, within(), after, cuts);
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
  const firstAfter = new Map<BuyerKey, Placed>();
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
