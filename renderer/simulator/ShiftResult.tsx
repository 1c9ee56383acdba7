import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { MetricFigures, useFigureText } from '../metrics/Figures';
import { localDateTime } from '../chat/time';
import type { EndedShift } from '../../main/channels/shift';
import type { ResponseBySuggestion, ResponseSide } from '../../main/metrics/compute';
import { useShift } from './store';

/**
 * 模拟接待结束: the shift's figures (the 今日数据 panel's seven, formatted alike) counted over the
 * shift's own time range by the metrics' rules, with when it ran, its speed and how it ended —
 * and the training mode's own figure, the response time of the turns answered with a suggested
 * reply beside those answered without one (docs/channels.md "Training shift").
 */
export function ShiftResult({ info }: { info: EndedShift }) {
  const { t } = useTranslation();
  const close = useShift((s) => s.closeResult);
  const again = () => {
    close();
    useShift.getState().openChooser();
  };
  const zone = info.result?.timezone ?? 'UTC';
  const time = (ms: number) => localDateTime(ms, zone).time;
  return (
    <Dialog
      title={t('shift.resultTitle')}
      onClose={close}
      width={640}
      className="metrics-dialog shift-result"
      footer={
        <>
          <button type="button" className="button" onClick={again}>
            {t('shift.again')}
          </button>
          <button type="button" className="button primary" data-autofocus onClick={close}>
            {t('app.close')}
          </button>
        </>
      }
    >
      <p className="metrics-day">
        {t('shift.resultSummary', {
          from: time(info.startedAt),
          to: time(info.endedAt ?? info.startedAt),
          speed: info.choice.speed,
          peak: info.choice.peak ? t('shift.peakSuffix') : '',
          finished: info.progress.finished,
          total: info.progress.total,
        })}{' '}
        {t(info.how === 'stopped' ? 'shift.howStopped' : 'shift.howFinished')}
      </p>
      {info.result && <MetricFigures metrics={info.result.metrics} />}
      <p className="metrics-hint">{t('shift.resultHint')}</p>
      {info.result && <SuggestionSplit split={info.result.responseBySuggestion} />}
    </Dialog>
  );
}

/**
 * 推荐回复与响应时间: 平均 12.0 秒（8 次） with, and without — a side no turn was answered on shows
 * —（0 次）, never 0 秒 (docs/metrics.md "Response time with and without 推荐回复").
 */
function SuggestionSplit({ split }: { split: ResponseBySuggestion }) {
  const { t } = useTranslation();
  const text = useFigureText();
  const titleId = useId();
  const value = (s: ResponseSide) =>
    s.avgResponseSeconds === null ? t('shift.splitNone') : t('shift.splitValue', { time: text('avgResponseSeconds', s.avgResponseSeconds), count: s.turns });
  const sides = [
    ['withSuggestion', split.withSuggestion],
    ['withoutSuggestion', split.withoutSuggestion],
  ] as const;
  return (
    <section className="shift-split" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('shift.splitTitle')}</h3>
      <dl className="metrics-figures">
        {sides.map(([name, side]) => (
          <div key={name} className="metrics-figure" data-split={name}>
            <dt>{t(`shift.${name}`)}</dt>
            <dd title={side.avgResponseSeconds === null ? t('metrics.notMeasurable') : undefined}>
              {value(side)}
              {side.avgResponseSeconds === null && <span className="visually-hidden">{t('metrics.notMeasurable')}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <p className="metrics-hint">{t('shift.splitHint')}</p>
    </section>
  );
}
