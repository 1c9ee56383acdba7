import { z } from 'zod';
import { method } from '../ipc/define';
import { parseLocalDate } from '../shared/time-zone';
import { MAX_RECENT_DAYS, type MetricsOfDay } from './service';

/** A local day, `YYYY-MM-DD`, that names a real date (1970–2199); anything else is `ipc.badArgument` (path `day`). */
const day = z.string().max(10).refine((s) => parseLocalDate(s) !== null, { message: 'not a YYYY-MM-DD date' });

/** The metrics slice of the IPC contract (docs/metrics.md "In the window"). */
export const metricsApi = {
  /** One day's figures, default today, in the agent's time zone. */
  'metrics.day': method(z.strictObject({ day: day.optional() })).returns<MetricsOfDay>(),
  /** The figures of the last `days` days (1–31), today included, oldest first: the 今日数据 chart. */
  'metrics.recentDays': method(z.strictObject({ days: z.number().int().min(1).max(MAX_RECENT_DAYS) })).returns<MetricsOfDay[]>(),
};
