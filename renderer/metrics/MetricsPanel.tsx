import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { getApi } from '../api/client';
import { errorText } from '../app/i18n';
import { MetricFigures, useFigureText } from './Figures';
import type { MetricsOfDay } from '../../main/metrics/service';
import { METRIC_ORDER, barShare, type MetricName } from './format';
import { useMetrics } from './store';
import { watchMessages } from './watch';

/**
 * 今日数据: today's seven service figures (docs/metrics.md) and a bar chart of one of them over the
 * last 7 days, with the same week as a table for screen readers and anyone who wants the numbers.
 * Counts again 1 s after the last new message while open (`watch.ts`), and on 刷新.
 */
export function MetricsPanel({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { week, loading, error, chartMetric, setChartMetric, load } = useMetrics();
  const text = useFigureText();
  const selectId = useId();

  useEffect(() => {
    void load();
    return watchMessages(getApi(), () => void load());
  }, [load]);

  const today = week?.[week.length - 1];
  return (
    <Dialog
      title={t('metrics.title')}
      onClose={onClose}
      width={640}
      className="metrics-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => void load()} disabled={loading}>
            {t('metrics.refresh')}
          </button>
          <button type="button" className="button primary" onClick={onClose}>
            {t('app.close')}
          </button>
        </>
      }
    >
      {error !== null && (
        <p className="form-error" role="alert">
          {errorText(error)}
        </p>
      )}
      {!today ? (
        <p className="metrics-loading" role="status">
          {t('metrics.loading')}
        </p>
      ) : (
        <>
          <p className="metrics-day">{t('metrics.today', { day: today.day, timezone: today.timezone })}</p>
          <MetricFigures metrics={today.metrics} busy={loading} />
          <p className="metrics-hint">{t('metrics.hint')}</p>
          <section className="metrics-chart" aria-label={t('metrics.chartTitle')}>
            <div className="metrics-chart-head">
              <h3>{t('metrics.chartTitle')}</h3>
              <label htmlFor={selectId}>{t('metrics.chartMetric')}</label>
              <select id={selectId} className="select" value={chartMetric} onChange={(e) => setChartMetric(e.target.value as MetricName)}>
                {METRIC_ORDER.map((name) => (
                  <option key={name} value={name}>
                    {t(`metrics.names.${name}`)}
                  </option>
                ))}
              </select>
            </div>
            <WeekChart week={week!} metric={chartMetric} label={t('metrics.chartLabel', { metric: t(`metrics.names.${chartMetric}`) })} text={text} />
            <details className="metrics-table">
              <summary>{t('metrics.tableSummary')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('metrics.day')}</th>
                    {METRIC_ORDER.map((name) => (
                      <th key={name} scope="col">
                        {t(`metrics.names.${name}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {week!.map((d) => (
                    <tr key={d.day}>
                      <th scope="row">{d.day}</th>
                      {METRIC_ORDER.map((name) => (
                        <td key={name}>{text(name, d.metrics[name])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>
        </>
      )}
    </Dialog>
  );
}

const W = 560;
const H = 150;
const TOP = 18;
const BOTTOM = 22;

/**
 * Bars of one figure per day, drawn as SVG elements (no chart library: seven bars; and the strict
 * CSP allows no injected styles). The picture is one image with a name; its numbers are in the
 * table beside it.
 */
function WeekChart({ week, metric, label, text }: { week: MetricsOfDay[]; metric: MetricName; label: string; text: (name: MetricName, v: number | null) => string }) {
  const values = week.map((d) => d.metrics[metric]);
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const slot = W / week.length;
  const bar = Math.min(44, slot * 0.6);
  return (
    <svg className="metrics-bars" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
      <line x1={0} x2={W} y1={H - BOTTOM} y2={H - BOTTOM} className="metrics-axis" />
      {week.map((d, i) => {
        const v = values[i]!;
        const h = barShare(metric, v, max) * (H - TOP - BOTTOM);
        const x = i * slot + (slot - bar) / 2;
        const last = i === week.length - 1;
        return (
          <g key={d.day} aria-hidden="true">
            <rect x={x} y={H - BOTTOM - h} width={bar} height={h} rx={3} className={last ? 'metrics-bar today' : 'metrics-bar'} />
            <text x={x + bar / 2} y={H - BOTTOM - h - 5} textAnchor="middle" className="metrics-bar-value">
              {text(metric, v)}
            </text>
            <text x={x + bar / 2} y={H - 6} textAnchor="middle" className="metrics-bar-day">
              {d.day.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
