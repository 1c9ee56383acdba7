import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MetricsPanel } from './MetricsPanel';
import { useMetrics } from './store';
import './metrics.css';

/** A small bar-chart icon (decorative; the button carries the name). */
const IconChart = () => (
  <svg className="icon" width={18} height={18} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" aria-hidden="true" focusable="false">
    <path d="M2.5 13.5h11M4.5 11V8M8 11V4.5M11.5 11V6.5" />
  </svg>
);

/** The top bar's 今日数据 button and the panel it opens (focus returns to the button on close). */
export function MetricsButton() {
  const { t } = useTranslation();
  const { open, setOpen } = useMetrics();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={button} type="button" className="top-button" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)}>
        <IconChart />
        <span>{t('metrics.open')}</span>
      </button>
      {open && <MetricsPanel onClose={() => setOpen(false)} />}
    </>
  );
}
