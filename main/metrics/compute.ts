/**
 * The service metrics (接待人数, 回复率, 平均响应时间, 首次响应时间, 问答比, 询单转化率, 客单价) as one pure
 * computation over an ordered stream of events — the same code whether the events come straight
 * from a transcript file or from the store (`sources.ts`). The rules are docs/metrics.md
 * "Definitions", which restates SPEC.md "Metric definitions".
 *
 * Memory: per buyer, one pending turn; per buyer and day, a handful of numbers. Nothing else is
 * kept, whatever the length of the stream.
 */

import type { Composed } from '../chat/types';

/**
 * One event as the metrics read it. `buyer` is any {@link BuyerKey} that names one buyer (a
 * transcript's `channel + U+0001 + buyerId`, the store's conversation id), `at` ms since the epoch. `automatic`: sent by a program — another
 * shop's bot on a buyer message, an auto-reply or other automatic message on an agent message;
 * such a message never counts. Status changes and closes play no part in any figure and are not
 * part of the stream. `composed` (agent messages): how the agent wrote it, null or absent when
 * unknown — only {@link ResponseBySuggestion} reads it.
 */
export type MetricEvent =
  | { kind: 'buyer'; buyer: BuyerKey; at: number; automatic: boolean }
  | { kind: 'agent'; buyer: BuyerKey; at: number; automatic: boolean; composed?: Composed | null }
  | { kind: 'order'; buyer: BuyerKey; at: number; amountFen: number; paid: boolean };

/** Names one buyer within one stream (a transcript's channel and id, or the store's conversation id). */
export type BuyerKey = string | number;

/**
 * One local day's figures, unrounded. Each is null when its denominator is zero (never 0, never
 * NaN). Ratios are 0–1; times in seconds; money in yuan.
 */
export interface DayMetrics {
  /** 接待人数: distinct buyers with at least one counted message that day. */
  buyers: number;
  /** 回复率: buyers with an answered turn that started that day ÷ buyers. */
  replyRate: number | null;
  /** 平均响应时间 (s): mean response time of the turns that started that day and were answered. */
  avgResponseSeconds: number | null;
  /** 首次响应时间 (s): the same over each buyer's first turn of the day, when answered. */
  avgFirstResponseSeconds: number | null;
  /** 问答比: counted agent messages ÷ counted buyer messages, both sent that day. */
  qaRatio: number | null;
  /** 询单转化率: buyers who paid an order after their first message that same day ÷ buyers. */
  conversion: number | null;
  /** 客单价 (yuan): those paying buyers' orders paid that day after their first message ÷ their number. */
  avgOrderValue: number | null;
}

/** The answered turns of one side of {@link ResponseBySuggestion}. */
export interface ResponseSide {
  /** Answered turns on this side. */
  turns: number;
  /** Their mean response time (s), as `avgResponseSeconds` counts it; null when `turns` is 0. */
  avgResponseSeconds: number | null;
}

/**
 * 平均响应时间 split by how each answered turn was answered (docs/metrics.md "Response time with
 * and without 推荐回复"): a turn's answer is the agent's first counted message after it (SPEC.md
 * "Metric definitions"), and its `composed` puts the turn on one side — `suggestion` with,
 * `typed` or `phrase` without. An answer of unknown composition (null: imported history, a
 * message stored before migration 0060) is on neither side, so the two counts may add up to fewer
 * than the answered turns. Not one of the seven figures: the training shift reports it.
 */
export interface ResponseBySuggestion {
  withSuggestion: ResponseSide;
  withoutSuggestion: ResponseSide;
}

/** The figure names, in the order the CLI's JSON, the table and the panel show them. */
export const METRIC_NAMES = ['buyers', 'replyRate', 'avgResponseSeconds', 'avgFirstResponseSeconds', 'qaRatio', 'conversion', 'avgOrderValue'] as const;

/** A buyer's state on one day. */
interface BuyerDay {
  /** An answered turn of this buyer started this day. */
  answered: boolean;
  /** A turn of this buyer started this day already (so the next one is not the first). */
  hadTurn: boolean;
  /** Fen paid this day after the first message; -1 while nothing was paid. */
  paidFen: number;
}

/** The buyer's latest turn while it is neither answered nor overtaken. */
interface PendingTurn {
  day: number;
  /** The midnight-free stretch of its day it started in (see `cuts` of {@link metricsAccumulator}). */
  stretch: number;
  start: number;
  first: boolean;
}

/** Sums of one day. */
interface DaySums {
  buyers: Map<BuyerKey, BuyerDay>;
  buyerMessages: number;
  agentMessages: number;
  responseMs: number;
  responses: number;
  firstResponseMs: number;
  firstResponses: number;
  /** Answered turns whose answer was a suggested reply, and their response times summed (ms). */
  suggestedMs: number;
  suggested: number;
  /** Answered turns whose answer was typed or a quick phrase, and their response times summed (ms). */
  unsuggestedMs: number;
  unsuggested: number;
}

/**
 * An accumulator for consecutive local days whose instants are `bounds` (ms, increasing): day i is
 * [bounds[i], bounds[i + 1]), so n + 1 bounds make n days — a day of 23 or 25 hours is just its
 * two bounds. Feed it events in stream order with {@link MetricsAccumulator.push}: time order,
 * events of the same ms in the order they happened (a transcript's file order). Events before the
 * first bound must not be fed (none of them can change a figure: a turn never reaches back across
 * midnight). Events from the last bound on only settle turns still pending; once
 * {@link MetricsAccumulator.settled} is true nothing more can change.
 */
export interface MetricsAccumulator {
  push(e: MetricEvent): void;
  /** Past the last day and no turn of the range is pending: reading on cannot change a figure. */
  settled(): boolean;
  /** Buyers whose turn of the range is still pending: only their next counted message matters. */
  pendingBuyers(): BuyerKey[];
  /** The figures of each day, in order. */
  result(): DayMetrics[];
  /** Each day's response time with and without 推荐回复, in order. */
  bySuggestion(): ResponseBySuggestion[];
}

/**
 * Makes a {@link MetricsAccumulator}; throws RangeError unless `bounds` has ≥ 2 increasing instants.
 * `cuts` (ms, increasing) are local midnights that fall inside one of its periods: a period that is
 * not a calendar day (a training shift that runs past midnight, `service.ts` `rangeMetrics`) still
 * ends every turn at midnight, as docs/metrics.md "Turns" says, while its sums stay one.
 */
export function metricsAccumulator(bounds: readonly number[], cuts: readonly number[] = []): MetricsAccumulator {
  if (bounds.length < 2 || bounds.some((b, i) => i > 0 && !(b > bounds[i - 1]!))) throw new RangeError('bounds must be ≥ 2 increasing instants');
  /** How many cuts lie at or before `at`: turns of different stretches never join. */
  const stretchOf = (at: number): number => {
    let n = 0;
    while (n < cuts.length && cuts[n]! <= at) n++;
    return n;
  };
  const days: DaySums[] = bounds.slice(1).map(() => ({
    buyers: new Map(),
    buyerMessages: 0,
    agentMessages: 0,
    responseMs: 0,
    responses: 0,
    firstResponseMs: 0,
    firstResponses: 0,
    suggestedMs: 0,
    suggested: 0,
    unsuggestedMs: 0,
    unsuggested: 0,
  }));
  const end = bounds[bounds.length - 1]!;
  const pending = new Map<BuyerKey, PendingTurn>();
  let past = false;

  /** The day index of `at`: -1 before the range, days.length from its end on. */
  const dayOf = (at: number): number => {
    if (at < bounds[0]!) return -1;
    if (at >= end) return days.length;
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return {
    push(e) {
      if (e.kind !== 'order' && e.automatic) return; // neither counts, nor ends, nor answers a turn
      const d = dayOf(e.at);
      if (d < 0) return;
      if (d === days.length) past = true;
      const inRange = d < days.length;
      if (e.kind === 'buyer') {
        const turn = pending.get(e.buyer);
        if (!inRange) {
          // The buyer's next turn starts after the range: any turn still pending is overtaken.
          if (turn) pending.delete(e.buyer);
          return;
        }
        const sums = days[d]!;
        sums.buyerMessages++;
        let bd = sums.buyers.get(e.buyer);
        if (!bd) sums.buyers.set(e.buyer, (bd = { answered: false, hadTurn: false, paidFen: -1 }));
        // A pending turn of the same day goes on; one of an earlier day ended at midnight and is
        // overtaken by the turn starting now (it stays unanswered).
        const stretch = stretchOf(e.at);
        if (turn && turn.day === d && turn.stretch === stretch) return;
        pending.set(e.buyer, { day: d, stretch, start: e.at, first: !bd.hadTurn });
        bd.hadTurn = true;
        return;
      }
      if (e.kind === 'agent') {
        if (inRange) days[d]!.agentMessages++;
        const turn = pending.get(e.buyer);
        if (!turn) return;
        pending.delete(e.buyer);
        const sums = days[turn.day]!;
        const ms = e.at - turn.start;
        sums.responseMs += ms;
        sums.responses++;
        if (turn.first) {
          sums.firstResponseMs += ms;
          sums.firstResponses++;
        }
        if (e.composed === 'suggestion') {
          sums.suggestedMs += ms;
          sums.suggested++;
        } else if (e.composed === 'typed' || e.composed === 'phrase') {
          sums.unsuggestedMs += ms;
          sums.unsuggested++;
        }
        sums.buyers.get(e.buyer)!.answered = true;
        return;
      }
      // An order counts only when paid on a day the buyer had already written (earlier in the stream).
      if (!inRange || !e.paid) return;
      const bd = days[d]!.buyers.get(e.buyer);
      if (bd) bd.paidFen = Math.max(bd.paidFen, 0) + e.amountFen;
    },
    settled: () => past && pending.size === 0,
    pendingBuyers: () => [...pending.keys()],
    result: () => days.map(figures),
    bySuggestion: () => days.map((s) => ({ withSuggestion: side(s.suggestedMs, s.suggested), withoutSuggestion: side(s.unsuggestedMs, s.unsuggested) })),
  };
}

/** One side of {@link ResponseBySuggestion} from its sums (ms). */
function side(ms: number, turns: number): ResponseSide {
  const avg = ratio(ms, turns);
  return { turns, avgResponseSeconds: avg === null ? null : avg / 1000 };
}

/** A ratio, or null when the denominator is 0. */
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

function figures(s: DaySums): DayMetrics {
  let answered = 0;
  let paying = 0;
  let paidFen = 0;
  for (const bd of s.buyers.values()) {
    if (bd.answered) answered++;
    if (bd.paidFen >= 0) {
      paying++;
      paidFen += bd.paidFen;
    }
  }
  const buyers = s.buyers.size;
  const avgFen = ratio(paidFen, paying);
  const avgMs = ratio(s.responseMs, s.responses);
  const avgFirstMs = ratio(s.firstResponseMs, s.firstResponses);
  return {
    buyers,
    replyRate: ratio(answered, buyers),
    avgResponseSeconds: avgMs === null ? null : avgMs / 1000,
    avgFirstResponseSeconds: avgFirstMs === null ? null : avgFirstMs / 1000,
    qaRatio: ratio(s.agentMessages, s.buyerMessages),
    conversion: ratio(paying, buyers),
    avgOrderValue: avgFen === null ? null : avgFen / 100,
  };
}

/**
 * The figures of the days between `bounds` (see {@link metricsAccumulator}) from `events`, read
 * in order and only as far as needed: reading stops (the iterator's `return` runs, so a database
 * cursor closes) once every turn of the range is answered or overtaken. `more`, when given, is
 * asked once the events are exhausted, with the buyers whose turns are still pending, for events
 * from the last bound on — a store reads the range first and then only those buyers' next
 * messages instead of everything after it.
 */
export function computeMetrics(
  bounds: readonly number[],
  events: Iterable<MetricEvent>,
  more?: (pendingBuyers: BuyerKey[]) => Iterable<MetricEvent>,
  cuts: readonly number[] = [],
): DayMetrics[] {
  return accumulate(bounds, events, more, cuts).result();
}

/**
 * {@link computeMetrics}'s reading, returning the accumulator itself: its `result()` is what
 * computeMetrics returns, and its `bySuggestion()` the same days' split by 推荐回复.
 */
export function accumulate(
  bounds: readonly number[],
  events: Iterable<MetricEvent>,
  more?: (pendingBuyers: BuyerKey[]) => Iterable<MetricEvent>,
  cuts: readonly number[] = [],
): MetricsAccumulator {
  const acc = metricsAccumulator(bounds, cuts);
  const feed = (it: Iterable<MetricEvent>): boolean => {
    for (const e of it) {
      acc.push(e);
      if (acc.settled()) return true;
    }
    return false;
  };
  if (!feed(events) && more) {
    const waiting = acc.pendingBuyers();
    if (waiting.length) feed(more(waiting));
  }
  return acc;
}
