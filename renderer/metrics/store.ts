import { create } from 'zustand';
import type { MetricsOfDay } from '../../main/metrics/service';
import { getApi } from '../api/client';
import type { MetricName } from './format';

/** Days in the panel's chart. */
export const CHART_DAYS = 7;

/** The 今日数据 panel's state: open or not, the week's figures (today last), the chart's figure. */
interface MetricsState {
  open: boolean;
  /** The last `CHART_DAYS` days, oldest first; null until first loaded. */
  week: MetricsOfDay[] | null;
  loading: boolean;
  /** The last load's failure (an `ApiError` or a lost connection), shown until the next success. */
  error: unknown;
  chartMetric: MetricName;
  setOpen(open: boolean): void;
  setChartMetric(name: MetricName): void;
  /** Asks main for the week (`metrics.recentDays`); a newer load supersedes an older one. */
  load(): Promise<void>;
}

let loadSeq = 0;

/** The panel's store (zustand). */
export const useMetrics = create<MetricsState>((set) => ({
  open: false,
  week: null,
  loading: false,
  error: null,
  chartMetric: 'buyers',
  setOpen: (open) => set({ open }),
  setChartMetric: (chartMetric) => set({ chartMetric }),
  async load() {
    const seq = ++loadSeq;
    set({ loading: true });
    try {
      const week = await getApi().invoke('metrics.recentDays', { days: CHART_DAYS });
      if (seq === loadSeq) set({ week, loading: false, error: null });
    } catch (error) {
      if (seq === loadSeq) set({ loading: false, error });
    }
  },
}));
