import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import { SLOT } from '../chat/repo';
import type { DayMetrics, ResponseBySuggestion } from './compute';
import { addDays, dayBounds, todayIn } from './days';
import { firstCountedMessageFrom, rangeStamp } from './repo';
import { storeAccumulator, storeMetrics } from './sources';

/**
 * The metrics of the store's history, per local day in the agent's time zone (docs/metrics.md):
 * one day (`xiaoniu metrics`, the 今日数据 panel's figures) and a run of recent days (its chart).
 */

/** One day's figures. */
export interface MetricsOfDay {
  /** `YYYY-MM-DD`, a day in {@link MetricsOfDay.timezone}. */
  day: string;
  /** The IANA zone the day was counted in (the agent's). */
  timezone: string;
  metrics: DayMetrics;
}

/** The most days {@link MetricsService.recentDays} answers (a month: the panel asks for 7). */
export const MAX_RECENT_DAYS = 31;

/**
 * The figures of local `day` (`YYYY-MM-DD`, assumed valid: the contract and the CLI check it) in
 * `zone`, from the store.
 */
export function metricsOfDay(db: Database, day: string, zone: string): MetricsOfDay {
  return { day, timezone: zone, metrics: storeMetrics(db, dayBounds(day, 1, zone))[0]! };
}

/**
 * The figures of the `count` local days ending today (oldest first) in `zone`, from one read of
 * their events (each day's pending turns are settled by the next day's events in the same pass).
 */
export function recentDays(db: Database, now: number, zone: string, count: number): MetricsOfDay[] {
  const first = addDays(todayIn(now, zone), 1 - count);
  const figures = storeMetrics(db, dayBounds(first, count, zone));
  return figures.map((metrics, i) => ({ day: addDays(first, i), timezone: zone, metrics }));
}

/** The figures of a stretch of time that is not a calendar day (a training shift). */
export interface MetricsOfRange {
  /** The stretch, ms since the epoch: [from, to). */
  from: number;
  to: number;
  /** The IANA zone whose midnights end turns inside the stretch (the agent's). */
  timezone: string;
  metrics: DayMetrics;
  /**
   * 平均响应时间 of the stretch's answered turns split by whether a suggested reply answered them
   * (docs/metrics.md "Response time with and without 推荐回复").
   */
  responseBySuggestion: ResponseBySuggestion;
}

/**
 * The figures of the stretch [from, to) (ms) counted as one period by the rules of docs/metrics.md
 * — 开始模拟接待's figures for the shift (docs/channels.md "Training shift"). The same computation
 * as a day's, with the stretch in place of the day: only what happened in it counts (a turn that
 * started before it does not), a turn pending at its end is answered by the agent's next counted
 * message if that comes before the buyer's next turn, and a local midnight of `zone` inside the
 * stretch still ends every turn. With the seven figures comes `responseBySuggestion`: the same
 * answered turns' response time, with 推荐回复 and without. Throws RangeError unless from < to.
 */
export function rangeMetrics(db: Database, from: number, to: number, zone: string): MetricsOfRange {
  if (!(from < to)) throw new RangeError('from must be before to');
  const cuts: number[] = [];
  for (let day = todayIn(from, zone); ; day = addDays(day, 1)) {
    const midnight = dayBounds(day, 1, zone)[1]!;
    if (midnight >= to) break;
    if (midnight > from) cuts.push(midnight);
  }
  const acc = storeAccumulator(db, [from, to], undefined, cuts);
  return { from, to, timezone: zone, metrics: acc.result()[0]!, responseBySuggestion: acc.bySuggestion()[0]! };
}

/** A day's figures as last counted, with what they depended on. */
interface Counted {
  /** {@link rangeStamp} of the day's ids when counted. */
  stamp: string;
  /** Each conversation whose turn was pending at the day's end, and the id of the message that settled it (-1: none). */
  settled: [conversationId: number, messageId: number][];
  metrics: DayMetrics;
}

/** Days remembered per service; past this the memory is emptied (a window shows a week). */
const REMEMBERED_DAYS = 100;

/**
 * The figures of `day` in `zone`, recounted only when something they depend on changed: the day's
 * own events ({@link rangeStamp}: a row added, a message leaving the outbox) or, for a turn still
 * pending at its end, the message that settles it. Everything is read in one read transaction (one
 * snapshot). The figures are always those {@link metricsOfDay} would give now; a past day with
 * nothing new costs two index lookups instead of reading its thousands of messages — which is
 * what lets the 今日数据 panel recount a week at every new message.
 */
function rememberedDay(db: Database, memory: Map<string, Counted>, day: string, zone: string): DayMetrics {
  const bounds = dayBounds(day, 1, zone);
  const [fromId, toId] = [bounds[0]! * SLOT, bounds[1]! * SLOT];
  const key = `${zone} ${day}`;
  const stamp = rangeStamp(db, fromId, toId);
  const known = memory.get(key);
  if (known && known.stamp === stamp && known.settled.every(([c, id]) => (firstCountedMessageFrom(db, c, toId)?.[0] ?? -1) === id)) return known.metrics;
  const settled: Counted['settled'] = [];
  const metrics = storeMetrics(db, bounds, (c, id) => settled.push([c, id ?? -1]))[0]!;
  if (memory.size >= REMEMBERED_DAYS) memory.clear();
  memory.set(key, { stamp, settled, metrics });
  return metrics;
}

/** The metrics feature; see {@link createMetricsService}. */
export type MetricsService = ReturnType<typeof createMetricsService>;

/**
 * Binds the metrics to one database, clock and time-zone source (`timeZone` is read at each call:
 * the agent may change the setting). Remembers the figures of the days it counted (see
 * {@link rememberedDay}), so asking again for an unchanged week reads almost nothing.
 */
export function createMetricsService(db: Database, clock: Clock, timeZone: () => string) {
  const memory = new Map<string, Counted>();
  const days = (first: string, count: number, zone: string): MetricsOfDay[] =>
    db.transaction(() => Array.from({ length: count }, (_, i) => addDays(first, i)).map((day) => ({ day, timezone: zone, metrics: rememberedDay(db, memory, day, zone) })))();
  return {
    /** The figures of `day`, default today (both in the agent's time zone). */
    day(day?: string): MetricsOfDay {
      const zone = timeZone();
      return days(day ?? todayIn(clock.now(), zone), 1, zone)[0]!;
    },
    /** The figures of the last `count` days, today included, oldest first. */
    recentDays(count: number): MetricsOfDay[] {
      const zone = timeZone();
      return days(addDays(todayIn(clock.now(), zone), 1 - count), count, zone);
    },
    /** The figures of [from, to) (ms) as one period, in the agent's time zone ({@link rangeMetrics}). */
    range: (from: number, to: number): MetricsOfRange => rangeMetrics(db, from, to, timeZone()),
    /** Today in the agent's time zone, `YYYY-MM-DD`. */
    today: (): string => todayIn(clock.now(), timeZone()),
  };
}
