import { useTranslation } from 'react-i18next';
import { useShift } from './store';

/**
 * The banner under the top bar while a training shift runs — 模拟接待中 · 3/12 位买家 — with 结束,
 * so nobody forgets the buyers on screen are simulated. A live region: arrivals are read out
 * politely.
 */
export function ShiftBanner() {
  const { t } = useTranslation();
  const info = useShift((s) => s.info);
  const busy = useShift((s) => s.busy);
  const error = useShift((s) => s.error);
  const choosing = useShift((s) => s.choosing);
  if (info.state !== 'running') return null;
  return (
    <section className="shift-banner" aria-label={t('shift.bannerLabel')}>
      <span className="shift-banner-text" role="status">
        {t('shift.banner', { arrived: info.progress.arrived, total: info.progress.total })}
      </span>
      {error && !choosing && (
        <span className="shift-banner-error" role="alert">
          {error}
        </span>
      )}
      <button type="button" className="button small" aria-label={t('shift.endLabel')} disabled={busy} onClick={() => void useShift.getState().stop()}>
        {t('shift.end')}
      </button>
    </section>
  );
}
