import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import type { DayMetrics } from './compute';
import { addDays, dayBounds, todayIn } from './days';
import { storeMetrics } from './sources';

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

/** The metrics feature; see {@link createMetricsService}. */
export type MetricsService = ReturnType<typeof createMetricsService>;

/**
 * Binds the metrics to one database, clock and time-zone source (`timeZone` is read at each call:
 * the agent may change the setting).
 */
export function createMetricsService(db: Database, clock: Clock, timeZone: () => string) {
  return {
    /** The figures of `day`, default today (both in the agent's time zone). */
    day(day?: string): MetricsOfDay {
      const zone = timeZone();
      return metricsOfDay(db, day ?? todayIn(clock.now(), zone), zone);
    },
    /** The figures of the last `count` days, today included, oldest first. */
    recentDays: (count: number): MetricsOfDay[] => recentDays(db, clock.now(), timeZone(), count),
    /** Today in the agent's time zone, `YYYY-MM-DD`. */
    today: (): string => todayIn(clock.now(), timeZone()),
  };
}
