import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { useShift } from './store';

/**
 * Most buyers a training shift takes: main's `MAX_SHIFT_BUYERS` (main/channels/api.ts), which
 * checks again — the renderer may import only types from main (tests/layers).
 */
const MAX_SHIFT_BUYERS = 500;

/** The speeds offered (script time ÷ real time): real time, and faster for practice and demos. */
export const SHIFT_SPEEDS = [1, 2, 5, 10, 20, 50, 100] as const;

/**
 * 开始模拟接待: choose the speed, the number of buyers (empty: one per script) and peak mode, then
 * 开始. Main checks the choice again (`simulator.startShift`); its refusal shows in the dialog.
 */
export function ShiftDialog() {
  const { t } = useTranslation();
  const { busy, error, start, closeChooser } = useShift();
  const [speed, setSpeed] = useState<number>(10);
  const [buyers, setBuyers] = useState('');
  const [peak, setPeak] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const id = useId();

  function submit(e: FormEvent) {
    e.preventDefault();
    const text = buyers.trim();
    const n = text === '' ? undefined : Number(text);
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= MAX_SHIFT_BUYERS)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void start({ speed, peak, ...(n !== undefined ? { buyers: n } : {}) });
  }

  return (
    <Dialog
      title={t('shift.dialogTitle')}
      onClose={closeChooser}
      busy={busy}
      width={460}
      className="shift-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={closeChooser} disabled={busy}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={`${id}-form`} className="button primary" disabled={busy}>
            {t('shift.go')}
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="shift-form" onSubmit={submit}>
        <p className="shift-intro">{t('shift.intro')}</p>
        <div className="shift-row">
          <label htmlFor={`${id}-speed`}>{t('shift.speed')}</label>
          <select id={`${id}-speed`} className="select" data-autofocus value={speed} aria-describedby={`${id}-speed-hint`} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SHIFT_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {t('shift.speedOption', { speed: s })}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${id}-speed-hint`}>
            {t('shift.speedHint')}
          </p>
        </div>
        <div className="shift-row">
          <label htmlFor={`${id}-buyers`}>{t('shift.buyers')}</label>
          <input
            id={`${id}-buyers`}
            className="input"
            inputMode="numeric"
            value={buyers}
            aria-invalid={invalid}
            aria-describedby={`${id}-buyers-hint`}
            onChange={(e) => setBuyers(e.target.value)}
          />
          {invalid ? (
            <p className="field-error" id={`${id}-buyers-hint`} role="alert">
              {t('shift.buyersInvalid', { max: MAX_SHIFT_BUYERS })}
            </p>
          ) : (
            <p className="field-hint" id={`${id}-buyers-hint`}>
              {t('shift.buyersHint')}
            </p>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={peak} onChange={(e) => setPeak(e.target.checked)} />
          <span>{t('shift.peak')}</span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
