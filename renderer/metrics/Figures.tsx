import { useTranslation } from 'react-i18next';
import { useLocale } from '../app/i18n';
import type { DayMetrics } from '../../main/metrics/compute';
import { METRIC_ORDER, formatMetric, type MetricName } from './format';

/**
 * A figure as text in the agent's language: number and unit, or — when there is nothing to divide
 * by (docs/metrics.md: a zero denominator is null, never 0).
 */
export function useFigureText(): (name: MetricName, v: number | null) => string {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (name, v) => {
    if (v === null) return t('metrics.none');
    const s = formatMetric(name, v, locale);
    return s.unit ? t(`metrics.${s.unit}`, { value: s.value }) : s.value;
  };
}

/**
 * The seven figures as a definition list, label over value (— with a spoken reason for a null
 * one): the 今日数据 panel's day and a training shift's result (开始模拟接待) show them alike.
 */
export function MetricFigures({ metrics, busy = false }: { metrics: DayMetrics; busy?: boolean }) {
  const { t } = useTranslation();
  const text = useFigureText();
  return (
    <dl className="metrics-figures" aria-busy={busy}>
      {METRIC_ORDER.map((name) => {
        const v = metrics[name];
        return (
          <div key={name} className="metrics-figure" data-metric={name}>
            <dt>{t(`metrics.names.${name}`)}</dt>
            <dd title={v === null ? t('metrics.notMeasurable') : undefined}>
              {text(name, v)}
              {v === null && <span className="visually-hidden">{t('metrics.notMeasurable')}</span>}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
