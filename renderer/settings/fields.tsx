import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingKey, UserSettingValues } from '../../main/settings/definitions';
import { useSettings } from './store';

/**
 * The controls of the 系统设置 dialog, one per kind of setting. Each saves through the settings
 * store (main checks the value by the key's rules) and shows a refusal under itself, in the
 * agent's language, without losing what was typed. Choices and switches save at once; text and
 * numbers when the agent presses Enter or leaves the field (and when the dialog closes).
 */

/**
 * A setting saved as soon as it is chosen, shown chosen at once: `shown` is the value being saved
 * until main answers (then the stored value again — the old one if main refused, with the reason).
 */
function useImmediateSetting<K extends SettingKey>(key: K) {
  const value = useSettings((s) => s.values[key]);
  const [pending, setPending] = useState<{ value: UserSettingValues[K] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function choose(next: UserSettingValues[K]) {
    setPending({ value: next });
    setError(await useSettings.getState().set(key, next));
    setPending(null);
  }
  return { shown: pending ? pending.value : value, error, choose };
}

/** A labelled row: label on the left, the control with its hint and error on the right. */
export function SettingRow(props: { label: string; htmlFor?: string; labelId?: string; children: ReactNode }) {
  return (
    <div className="settings-row">
      {props.htmlFor ? (
        <label className="settings-label" htmlFor={props.htmlFor}>
          {props.label}
        </label>
      ) : (
        <span className="settings-label" id={props.labelId}>
          {props.label}
        </span>
      )}
      <div className="settings-field">{props.children}</div>
    </div>
  );
}

/** Hint and error lines under a control; `hintId` / `errorId` are what the control is described by. */
function Notes(props: { hintId: string; hint?: ReactNode; errorId: string; error: string | null; status?: string | null }) {
  return (
    <>
      {props.hint && (
        <p className="field-hint" id={props.hintId}>
          {props.hint}
        </p>
      )}
      {props.error ? (
        <p className="field-error" id={props.errorId} role="alert">
          {props.error}
        </p>
      ) : (
        <p className="settings-saved" aria-live="polite">
          {props.status}
        </p>
      )}
    </>
  );
}

/**
 * A text or number setting edited as text: saved on Enter, on leaving the field and when the
 * dialog closes with a change pending. `kind` text shows a character counter.
 */
export function TextSetting(props: { settingKey: Extract<SettingKey, 'agentNickname' | 'shopName' | 'signature' | 'maxConcurrent'>; hint?: ReactNode; unit?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const key = props.settingKey;
  const value = useSettings((s) => s.values[key]);
  const kind = useSettings((s) => s.kinds?.[key]);
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // The latest draft and stored value, for the save that runs as the dialog closes.
  const latest = useRef({ draft, value });
  /** The text of the last save sent: leaving the field and closing the dialog must not send it twice. */
  const sent = useRef<string | null>(null);
  latest.current = { draft, value };

  // A change from another window (or the top bar) shows here unless the agent is editing.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(String(value));
  }, [value]);

  /** Numbers go as numbers when they look like one; anything else as typed, and main names the rule. */
  const asValue = (text: string) => (kind?.type === 'integer' && /^\s*-?\d+\s*$/.test(text) ? Number(text) : text) as UserSettingValues[typeof key];

  async function save(): Promise<void> {
    const { draft: text, value: current } = latest.current;
    if (text === String(current) || text === sent.current) return;
    sent.current = text;
    setStatus(t('settings.saving'));
    const refused = await useSettings.getState().set(key, asValue(text));
    sent.current = null;
    setError(refused);
    setStatus(refused ? null : t('settings.saved'));
    if (!refused) {
      editing.current = false;
      setDraft(String(useSettings.getState().values[key]));
    }
  }

  useEffect(
    () => () => {
      // The dialog closed (Esc, ×) with a change typed but not yet saved: keep it.
      const { draft: text, value: current } = latest.current;
      if (text !== String(current) && text !== sent.current) void useSettings.getState().set(key, asValue(text));
    },
    [], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const length = [...draft.trim()].length;
  const counter = kind?.type === 'text' ? t('settings.counter', { length, max: kind.maxLength }) : null;
  return (
    <SettingRow label={t(`settings.labels.${key}`)} htmlFor={id}>
      <div className="inline-controls">
        <input
          id={id}
          className={`input settings-input${kind?.type === 'integer' ? ' narrow' : ''}`}
          type={kind?.type === 'integer' ? 'number' : 'text'}
          inputMode={kind?.type === 'integer' ? 'numeric' : undefined}
          min={kind?.type === 'integer' ? kind.min : undefined}
          max={kind?.type === 'integer' ? kind.max : undefined}
          value={draft}
          aria-invalid={!!error}
          aria-describedby={[props.hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
          onChange={(e) => {
            editing.current = true;
            setDraft(e.target.value);
            setStatus(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void save();
            }
          }}
          onBlur={() => void save()}
        />
        {props.unit && <span className="settings-unit">{props.unit}</span>}
        {counter && (
          <span className={`settings-counter${kind?.type === 'text' && length > kind.maxLength ? ' over' : ''}`} aria-hidden="true">
            {counter}
          </span>
        )}
      </div>
      <Notes hintId={hintId} hint={props.hint} errorId={errorId} error={error} status={status} />
    </SettingRow>
  );
}

/** An on/off setting: a checkbox saved at once. */
export function ToggleSetting(props: { settingKey: Extract<SettingKey, 'simulator.enabled' | 'notifications.desktop' | 'notifications.sound'>; text: string; hint: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  const key = props.settingKey;
  const { shown, error, choose } = useImmediateSetting(key);
  return (
    <SettingRow label={t(`settings.labels.${key}`)} labelId={`${id}-label`}>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={shown}
          aria-labelledby={`${id}-label ${id}-text`}
          aria-describedby={`${id}-hint`}
          onChange={(e) => void choose(e.target.checked)}
        />
        <span id={`${id}-text`}>{props.text}</span>
      </label>
      <Notes hintId={`${id}-hint`} hint={props.hint} errorId={`${id}-error`} error={error} />
    </SettingRow>
  );
}

/** One of a few values: radio buttons in a labelled group, saved at once. */
export function ChoiceSetting<K extends Extract<SettingKey, 'language' | 'sendKey'>>(props: {
  settingKey: K;
  options: { value: UserSettingValues[K]; label: string; lang?: string }[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const key = props.settingKey;
  const { shown, error, choose } = useImmediateSetting(key);
  return (
    <SettingRow label={t(`settings.labels.${key}`)} labelId={`${id}-label`}>
      <div role="radiogroup" aria-labelledby={`${id}-label`} className="settings-choices">
        {props.options.map((o) => (
          <label key={o.value} className="choice" lang={o.lang}>
            <input
              type="radio"
              name={`${id}-${key}`}
              checked={shown === o.value}
              onChange={() => void choose(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
      <Notes hintId={`${id}-hint`} errorId={`${id}-error`} error={error} />
    </SettingRow>
  );
}

/** The conversation's font size: a list of the sizes main accepts, and a sample bubble at that size. */
export function FontSizeSetting() {
  const { t } = useTranslation();
  const id = useId();
  const { shown: value, error, choose } = useImmediateSetting('fontSize');
  const kind = useSettings((s) => s.kinds?.fontSize);
  const sizes = kind?.type === 'integer' ? Array.from({ length: kind.max - kind.min + 1 }, (_, i) => kind.min + i) : [value];
  return (
    <SettingRow label={t('settings.labels.fontSize')} htmlFor={id}>
      <select
        id={id}
        className="select settings-select"
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void choose(Number(e.target.value))}
      >
        {sizes.map((n) => (
          <option key={n} value={n}>
            {t('settings.fontSizeValue', { size: n })}
          </option>
        ))}
      </select>
      <div className="settings-preview" aria-label={t('settings.fontSizePreviewLabel')} role="group">
        <span className="bubble settings-preview-bubble">{t('settings.fontSizePreview')}</span>
      </div>
      <Notes hintId={`${id}-hint`} hint={t('settings.hints.fontSize')} errorId={`${id}-error`} error={error} />
    </SettingRow>
  );
}
