import type { Handlers } from '../ipc/define';
import type { metricsApi } from './api';
import type { MetricsService } from './service';

/** Binds the metrics contract slice to the service. Arguments arrive validated. */
export function metricsHandlers(metrics: MetricsService): Handlers<typeof metricsApi> {
  return {
    'metrics.day': ({ day }) => metrics.day(day),
    'metrics.recentDays': ({ days }) => metrics.recentDays(days),
  };
}
