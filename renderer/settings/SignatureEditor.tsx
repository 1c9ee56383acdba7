import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from './store';

/**
 * The 个性签名 in the top bar, as in Qianniu: the text shown beside the status; a click (or Enter
 * on it) turns it into a field — Enter saves, Esc cancels, leaving the field saves. A refused
 * signature (too long) keeps the field open with the reason under it.
 */
export function SignatureEditor() {
  const { t } = useTranslation();
  const signature = useSettings((s) => s.values.signature);
  const kind = useSettings((s) => s.kinds?.signature);
  const max = kind?.type === 'text' ? kind.maxLength : undefined;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const display = useRef<HTMLButtonElement>(null);
  /** A save is under way, or the field is closing: the blur that follows must not save again. */
  const busy = useRef(false);

  /** Focus goes back to the signature once the field has closed (Enter, Esc; not a click elsewhere). */
  const refocus = useRef(false);

  useEffect(() => {
    if (draft !== null) input.current?.select();
    else if (refocus.current) {
      refocus.current = false;
      display.current?.focus();
    }
  }, [draft !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  function stop(focusBack: boolean) {
    busy.current = true;
    refocus.current = focusBack;
    setDraft(null);
    setError(null);
  }

  async function save(refocus: boolean) {
    if (draft === null || busy.current) return;
    if (draft.trim() === signature) return stop(refocus);
    busy.current = true;
    const refused = await useSettings.getState().set('signature', draft);
    busy.current = false;
    if (refused) {
      setError(refused);
      input.current?.focus();
    } else {
      stop(refocus);
    }
  }

  if (draft === null) {
    return (
      <button
        ref={display}
        type="button"
        className={`signature${signature ? '' : ' empty'}`}
        aria-label={signature ? t('settings.signatureShown', { signature }) : t('settings.signaturePlaceholder')}
        title={t('settings.labels.signature')}
        onClick={() => {
          busy.current = false;
          setDraft(signature);
        }}
      >
        {signature || t('settings.signaturePlaceholder')}
      </button>
    );
  }
  const length = [...draft.trim()].length;
  return (
    <span className="signature-edit">
      <input
        ref={input}
        className="input signature-input"
        aria-label={t('settings.labels.signature')}
        aria-invalid={!!error}
        aria-describedby="signature-help"
        value={draft}
        placeholder={t('settings.signaturePlaceholder')}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.nativeEvent.isComposing) return;
          if (e.key === 'Enter') {
            e.preventDefault();
            void save(true);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            stop(true);
          }
        }}
        onBlur={() => void save(false)}
      />
      <span id="signature-help" className={error ? 'signature-error' : 'signature-help'} role={error ? 'alert' : undefined}>
        {error ?? `${t('settings.signatureEditHint')} · ${t('settings.counter', { length, max: max ?? '' })}`}
      </span>
    </span>
  );
}
