import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { MetricFigures } from '../metrics/Figures';
import { localDateTime } from '../chat/time';
import type { EndedShift } from '../../main/channels/shift';
import { useShift } from './store';

/**
 * 模拟接待结束: the shift's figures (the 今日数据 panel's seven, formatted alike) counted over the
 * shift's own time range by the metrics' rules, with when it ran, its speed and how it ended.
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
    </Dialog>
  );
}
