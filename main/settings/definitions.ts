import { z } from 'zod';
import { XiaoniuError } from '../shared/errors';
import { canonicalTimeZone, systemTimeZone } from '../shared/time-zone';
import { FONT_SIZE, LANGUAGES, MAX_CONCURRENT, MAX_NICKNAME, MAX_SHOP_NAME, MAX_SIGNATURE, SEND_KEYS } from './limits';

/**
 * Every setting the agent can change (系统设置, `xiaoniu settings`), declared once: its kind (what
 * values it accepts), its default, and the zod schema built from that kind. The window, the IPC
 * contract and the CLI all validate through {@link validateSetting}, so a value the dialog refuses
 * is refused by a script too, with the same message (docs/settings.md lists every key).
 */

/**
 * What a setting accepts, as plain data (it crosses IPC so the window's controls use the same
 * limits main checks):
 * - `boolean`: true / false;
 * - `choice`: one of `choices`;
 * - `integer`: a whole number in [min, max];
 * - `text`: one line of at most `maxLength` characters (code points), trimmed; may be empty;
 * - `timeZone`: an IANA time-zone name Intl knows (`Asia/Shanghai`), stored in its canonical spelling.
 */
export type SettingKind =
  | { type: 'boolean' }
  | { type: 'choice'; choices: readonly string[] }
  | { type: 'integer'; min: number; max: number }
  | { type: 'text'; maxLength: number }
  | { type: 'timeZone' };

/**
 * The settings, key → kind and default. Keys are the glossary's identifiers (docs/glossary.md); a
 * default of `null` is computed at read time (`timezone`: the system's).
 */
export const SETTINGS = {
  agentNickname: { kind: { type: 'text', maxLength: MAX_NICKNAME }, default: '' },
  shopName: { kind: { type: 'text', maxLength: MAX_SHOP_NAME }, default: '' },
  timezone: { kind: { type: 'timeZone' }, default: null },
  language: { kind: { type: 'choice', choices: LANGUAGES }, default: 'zh-CN' },
  'simulator.enabled': { kind: { type: 'boolean' }, default: true },
  'notifications.desktop': { kind: { type: 'boolean' }, default: true },
  'notifications.sound': { kind: { type: 'boolean' }, default: true },
  sendKey: { kind: { type: 'choice', choices: SEND_KEYS }, default: 'enter' },
  fontSize: { kind: { type: 'integer', ...FONT_SIZE }, default: 14 },
  signature: { kind: { type: 'text', maxLength: MAX_SIGNATURE }, default: '' },
  maxConcurrent: { kind: { type: 'integer', ...MAX_CONCURRENT }, default: 10 },
} as const satisfies Record<string, { kind: SettingKind; default: string | number | boolean | null }>;

/** A setting the agent can change. */
export type SettingKey = keyof typeof SETTINGS;

/** Every key, in the order the dialog's tabs and `xiaoniu settings list` show them. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The value type of each setting. */
export interface UserSettingValues {
  agentNickname: string;
  shopName: string;
  /** IANA name; every "day" (exports, metrics, `{date}`) is a day there. */
  timezone: string;
  language: (typeof LANGUAGES)[number];
  'simulator.enabled': boolean;
  'notifications.desktop': boolean;
  'notifications.sound': boolean;
  sendKey: (typeof SEND_KEYS)[number];
  /** px */
  fontSize: number;
  signature: string;
  maxConcurrent: number;
}

/** The kinds, key → kind, as `settings.all` hands them to the window. */
export type SettingKinds = { [K in SettingKey]: SettingKind };

/** True when `key` names a setting the agent can change. */
export function isSettingKey(key: unknown): key is SettingKey {
  return typeof key === 'string' && Object.hasOwn(SETTINGS, key);
}

/** `key` as a setting's key. Throws `settings.unknownKey` {key, accepted} (every key, joined by `|`). */
export function settingKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw new XiaoniuError('settings.unknownKey', { key, accepted: SETTING_KEYS.join('|') });
  return key;
}

/** C0 and C1 controls, line and paragraph separators: a setting is one line of visible text. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Characters as a person counts them: code points (an emoji is one). */
const characters = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** The zod schema of a kind: parses and normalises (trims text, canonicalises a zone name). */
function schemaOf(kind: SettingKind): z.ZodType<string | number | boolean> {
  switch (kind.type) {
    case 'boolean':
      return z.boolean();
    case 'choice':
      return z.string().refine((v) => kind.choices.includes(v));
    case 'integer':
      return z.number().int().min(kind.min).max(kind.max);
    case 'text':
      return z
        .string()
        .transform((v) => v.trim())
        .refine((v) => v.isWellFormed() && !CONTROL.test(v) && characters(v) <= kind.maxLength);
    case 'timeZone':
      return z
        .string()
        .transform((v) => canonicalTimeZone(v.trim()))
        .refine((v): v is string => v !== null);
  }
}

const SCHEMAS = Object.fromEntries(SETTING_KEYS.map((k) => [k, schemaOf(SETTINGS[k].kind)])) as Record<SettingKey, z.ZodType<string | number | boolean>>;

/**
 * The catalogue error for `value` refused by `key`'s kind, naming the key and what it accepts:
 * `settings.notBoolean` {key}, `settings.notChoice` {key, value, accepted} (accepted joined by
 * `|`), `settings.notInteger` {key, min, max}, `settings.textTooLong` {key, max, length},
 * `settings.textInvalidChars` {key}, `settings.notText` {key}, `settings.badTimeZone` {key, value}.
 */
function refusal(key: SettingKey, kind: SettingKind, value: unknown): XiaoniuError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  switch (kind.type) {
    case 'boolean':
      return new XiaoniuError('settings.notBoolean', { key });
    case 'choice':
      return new XiaoniuError('settings.notChoice', { key, value: shown, accepted: kind.choices.join('|') });
    case 'integer':
      return new XiaoniuError('settings.notInteger', { key, min: kind.min, max: kind.max });
    case 'text': {
      if (typeof value !== 'string') return new XiaoniuError('settings.notText', { key });
      const length = characters(value.trim());
      if (length > kind.maxLength) return new XiaoniuError('settings.textTooLong', { key, max: kind.maxLength, length });
      return new XiaoniuError('settings.textInvalidChars', { key });
    }
    case 'timeZone':
      return new XiaoniuError('settings.badTimeZone', { key, value: shown });
  }
}

/**
 * Checks `value` against `key`'s schema and returns it as stored (text trimmed, a zone name in its
 * canonical spelling). Throws `settings.unknownKey` {key, accepted} (accepted joined by `|`) for a key
 * that is not a setting, else the refusal of the key's kind (see {@link SettingKind}).
 */
export function validateSetting(name: string, value: unknown): { key: SettingKey; value: UserSettingValues[SettingKey] } {
  const key = settingKey(name);
  const parsed = SCHEMAS[key].safeParse(value);
  if (!parsed.success) throw refusal(key, SETTINGS[key].kind, value);
  return { key, value: parsed.data as UserSettingValues[SettingKey] };
}

/** The default of `key`: the declared one, or the system's time zone for `timezone`. */
export function defaultSetting<K extends SettingKey>(key: K): UserSettingValues[K] {
  const d = SETTINGS[key].default;
  return (d === null ? systemTimeZone() : d) as UserSettingValues[K];
}

/**
 * A command-line word as `key`'s value: `true` / `false` for a boolean, a whole number for an
 * integer (anything else stays text, so the kind's own refusal names what is accepted), the word
 * itself otherwise. Throws `settings.unknownKey` {key, accepted}.
 */
export function parseSettingWord(key: string, word: string): unknown {
  const kind = SETTINGS[settingKey(key)].kind;
  if (kind.type === 'boolean') {
    const w = word.trim().toLowerCase();
    return w === 'true' ? true : w === 'false' ? false : word;
  }
  if (kind.type === 'integer') return /^\s*[+-]?\d+\s*$/.test(word) ? Number(word) : word;
  return word;
}
