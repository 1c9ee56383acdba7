import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SettingRow } from './fields';
import { useSettings } from './store';

/** A zone as the list shows it: its IANA name, its name in the UI language and its offset now. */
interface ZoneEntry {
  id: string;
  name: string;
  offset: string;
  /** Lower-cased text the search matches against. */
  haystack: string;
}

/** Rows rendered at once: the list scrolls; typing narrows it. */
const MAX_ROWS = 200;

/** The part of `parts` of type `timeZoneName`, or ''. */
const zoneName = (f: Intl.DateTimeFormat, at: Date) => f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';

/**
 * Every IANA zone this browser knows (`Intl.supportedValuesOf('timeZone')`, plus `UTC` and the
 * system's zone, which some engines list under another spelling), described in `locale`: long
 * name (中国标准时间) and current offset (GMT+08:00). Built once per language when the picker opens.
 */
function zoneEntries(locale: string, extra: string[]): ZoneEntry[] {
  const at = new Date();
  const ids = [...new Set([...extra, ...Intl.supportedValuesOf('timeZone'), 'UTC'])];
  return ids.map((id) => {
    let name = '';
    let offset = '';
    try {
      name = zoneName(new Intl.DateTimeFormat(locale, { timeZone: id, timeZoneName: 'long' }), at);
      offset = zoneName(new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'longOffset' }), at);
    } catch {
      // An engine that lists a zone it cannot format: the name alone still finds it.
    }
    return { id, name, offset, haystack: `${id} ${id.replace(/_/g, ' ')} ${name} ${offset}`.toLowerCase() };
  });
}

/** Entries matching every whitespace-separated word of `query` (case-insensitive), in list order. */
function filterZones(entries: ZoneEntry[], query: string): ZoneEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter((e) => words.every((w) => e.haystack.includes(w)));
}

/**
 * 基本设置's time zone: a searchable list (the ARIA combobox pattern) — type part of a name
 * (shanghai, 中国, new york, GMT+08), ↑ ↓ to move, Enter to choose, Esc to put back what was
 * there. Every "day" of the app is a day in this zone; the system's zone until the agent picks.
 */
export function TimeZonePicker() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const value = useSettings((s) => s.values.timezone);
  const system = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const entries = useMemo(() => zoneEntries(i18n.language, [system, value]), [i18n.language, system, value]);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const open = query !== null;
  const matches = useMemo(() => (open ? filterZones(entries, query) : []), [entries, open, query]);
  const shown = matches.slice(0, MAX_ROWS);
  const current = entries.find((e) => e.id === value);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  async function choose(zone: string) {
    setQuery(null);
    setError(await useSettings.getState().set('timezone', zone));
  }

  const optionId = (i: number) => `${id}-opt-${i}`;
  return (
    <SettingRow label={t('settings.labels.timezone')} htmlFor={id}>
      <div className="tz-picker">
        <input
          id={id}
          className="input settings-input"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={open && shown.length ? optionId(active) : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          aria-invalid={!!error}
          placeholder={t('settings.timezoneSearch')}
          autoComplete="off"
          spellCheck={false}
          value={open ? query : value}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.nativeEvent.isComposing) return;
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (!open) {
                setQuery('');
                setActive(Math.max(0, entries.findIndex((x) => x.id === value)));
                return;
              }
              const n = shown.length;
              if (n) setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a - 1 + n) % n));
            } else if (e.key === 'Enter' && open) {
              e.preventDefault();
              // Nothing in the list: send what was typed, and main says why it is not a zone.
              const pick = shown[active]?.id ?? query.trim();
              if (pick) void choose(pick);
              else setQuery(null);
            } else if (e.key === 'Escape' && open) {
              e.preventDefault();
              e.stopPropagation();
              setQuery(null);
              setError(null);
            }
          }}
          onBlur={() => setQuery(null)}
        />
        {open && (
          <ul className="tz-list" id={`${id}-list`} role="listbox" aria-label={t('settings.timezoneList')} ref={list}>
            {shown.map((z, i) => (
              <li
                key={z.id}
                id={optionId(i)}
                data-index={i}
                role="option"
                aria-selected={i === active}
                className={`tz-option${i === active ? ' active' : ''}`}
                // mousedown, not click: the input keeps focus, so its blur does not close the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  void choose(z.id);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="tz-id">{z.id}</span>
                <span className="tz-meta">
                  {z.name}
                  {z.offset && ` · ${z.offset}`}
                  {z.id === system && ` · ${t('settings.timezoneSystem')}`}
                </span>
              </li>
            ))}
            {shown.length === 0 && <li className="tz-none">{t('settings.timezoneNone')}</li>}
          </ul>
        )}
      </div>
      {current && !open && (
        <p className="settings-zone-now">
          {current.name}
          {current.offset && ` · ${current.offset}`}
        </p>
      )}
      <p className="field-hint" id={`${id}-hint`}>
        {t('settings.hints.timezone', { system })}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </SettingRow>
  );
}
