import type { DayMetrics } from '../../main/metrics/compute';

/**
 * How the 今日数据 panel writes each figure (docs/metrics.md "In the window"): percentages with at
 * most one decimal, seconds with one, ratios and yuan with two. A null figure (nothing to divide
 * by) is never shown as 0 or NaN: the caller shows the catalogue's `metrics.none` (—).
 */

/** A figure's name (the glossary identifier). */
export type MetricName = keyof DayMetrics;

/** The figures in the order the panel shows them. */
export const METRIC_ORDER: readonly MetricName[] = ['buyers', 'replyRate', 'avgResponseSeconds', 'avgFirstResponseSeconds', 'qaRatio', 'conversion', 'avgOrderValue'];

/** What a figure's number becomes: the digits, and the catalogue unit that wraps them (if any). */
export interface Shown {
  value: string;
  /** `metrics.percent`, `metrics.seconds` or `metrics.yuan`, each `{{value}}` plus its unit. */
  unit: 'percent' | 'seconds' | 'yuan' | null;
}

/** Formats figure `name`'s non-null value `v` for `locale` (`zh-CN`, `en`). */
export function formatMetric(name: MetricName, v: number, locale: string): Shown {
  const fixed = (digits: number, max = digits) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: max }).format(v);
  switch (name) {
    case 'buyers':
      return { value: fixed(0), unit: null };
    case 'replyRate':
    case 'conversion':
      return { value: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v * 100), unit: 'percent' };
    case 'avgResponseSeconds':
    case 'avgFirstResponseSeconds':
      return { value: fixed(1), unit: 'seconds' };
    case 'qaRatio':
      return { value: fixed(2), unit: null };
    case 'avgOrderValue':
      return { value: fixed(2), unit: 'yuan' };
  }
}

/** The height of a bar for figure `name`'s value `v`, as a share (0–1) of the largest `max` of the week. */
export function barShare(name: MetricName, v: number | null, max: number): number {
  if (v === null || v <= 0) return 0;
  if (name === 'replyRate' || name === 'conversion') return Math.min(1, v);
  return max > 0 ? v / max : 0;
}
