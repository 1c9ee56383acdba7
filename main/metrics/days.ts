import { localDateOf, parseLocalDate, startOfLocalDay } from '../shared/time-zone';

/**
 * Local days for the metrics: every figure belongs to a day in the agent's time zone (SPEC.md
 * "Metric definitions"; docs/metrics.md "Days"), and a day is the span between two local
 * midnights — 23 or 25 hours across a daylight-saving change, never a fixed 24.
 */

/**
 * `day` (`YYYY-MM-DD`) moved by `n` calendar days (negative: back). Throws RangeError for a
 * malformed date.
 */
export function addDays(day: string, n: number): string {
  const p = parseLocalDate(day);
  if (!p) throw new RangeError(`not a date: ${day}`);
  const t = new Date(Date.UTC(p.year, p.month - 1, p.day + n));
  return t.toISOString().slice(0, 10);
}

/**
 * The instants (ms) bounding `count` consecutive local days from `firstDay` in `zone`: `count + 1`
 * increasing values, day i being [result[i], result[i + 1]). Where daylight saving skips midnight,
 * a day starts at its first instant (`startOfLocalDay`). Throws RangeError for a malformed date.
 */
export function dayBounds(firstDay: string, count: number, zone: string): number[] {
  const out: number[] = [];
  for (let i = 0; i <= count; i++) out.push(startOfLocalDay(addDays(firstDay, i), zone));
  return out;
}

/** Today (`YYYY-MM-DD`) in `zone` at instant `now` (ms). */
export function todayIn(now: number, zone: string): string {
  return localDateOf(now, zone);
}
