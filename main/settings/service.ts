import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import { canonicalTimeZone, systemTimeZone } from '../shared/time-zone';
import { getSetting, setSetting } from './repo';
import {
  SETTING_KEYS,
  SETTINGS,
  defaultSetting,
  isSettingKey,
  validateSetting,
  type SettingKey,
  type SettingKinds,
  type UserSettingValues,
} from './definitions';

/**
 * Keys the app stores: the agent's settings ({@link UserSettingValues}, declared in
 * definitions.ts) and the app's own bookkeeping, which no window or script may write.
 */
export interface SettingValues extends UserSettingValues {
  /** The starter pack went into this database once; never again, even if the list is emptied. */
  'phrases.starterPackSeeded': boolean;
}

/**
 * The agent's time zone: the `timezone` setting when it names an IANA zone Intl knows, else the
 * system's (`Intl.DateTimeFormat().resolvedOptions().timeZone`), so a new database follows the
 * machine it runs on.
 */
export function agentTimeZone(settings: Pick<SettingsService, 'get'>): string {
  const stored = settings.get('timezone');
  return (typeof stored === 'string' && canonicalTimeZone(stored)) || systemTimeZone();
}

/** Every setting's effective value, which of them the agent set, and what each accepts. */
export interface SettingsSnapshot {
  /** Key → the stored value, or the default when never set (or stored by a version that read it otherwise). */
  values: UserSettingValues;
  /** Keys with a stored value (the rest follow their default: `timezone` follows the system). */
  stored: SettingKey[];
  /** Key → what it accepts, for the window's controls. */
  kinds: SettingKinds;
}

/** A setting that changed: the key and its value as stored. */
export interface SettingChange<K extends SettingKey = SettingKey> {
  key: K;
  value: UserSettingValues[K];
}

/** Options of {@link createSettingsService}. */
export interface SettingsServiceOptions {
  /** Told after every stored change of an agent setting (the app pushes `settings.changed` to windows). */
  onChange?: (change: SettingChange) => void;
}

/** The settings feature; see {@link createSettingsService}. */
export type SettingsService = ReturnType<typeof createSettingsService>;

/** The stored value of `key` when it still passes the key's rules, else undefined. */
function storedValid<K extends SettingKey>(db: Database, key: K): UserSettingValues[K] | undefined {
  const raw = getSetting<unknown>(db, key);
  if (raw === undefined) return undefined;
  try {
    return validateSetting(key, raw).value as UserSettingValues[K];
  } catch {
    // Written by hand, or by a version with other limits: the default stands until the agent sets it.
    return undefined;
  }
}

/**
 * Typed access to the `setting` table (migration 0020); `updated_at` stamped from the clock (ms).
 * Every write of an agent setting goes through {@link validateSetting} (the window's and the CLI's
 * alike) and is reported to `onChange`.
 */
export function createSettingsService(db: Database, clock: Clock, options: SettingsServiceOptions = {}) {
  /** Validates and stores; returns the value as stored. Throws the refusals of {@link validateSetting}. */
  function update(key: string, value: unknown): SettingChange {
    const valid = validateSetting(key, value);
    setSetting(db, valid.key, valid.value, clock.now());
    options.onChange?.(valid);
    return valid;
  }

  return {
    /** The stored value, or undefined when never set (or unreadable). No default applied. */
    get<K extends keyof SettingValues>(key: K): SettingValues[K] | undefined {
      return getSetting<SettingValues[K]>(db, key);
    },
    /**
     * Stores a value. An agent setting is validated first (throws as {@link validateSetting});
     * the app's bookkeeping keys are stored as given.
     */
    set<K extends keyof SettingValues>(key: K, value: SettingValues[K]): void {
      if (isSettingKey(key)) update(key, value);
      else setSetting(db, key, value, clock.now());
    },
    /** The effective value of an agent setting: stored and valid, else its default. */
    value<K extends SettingKey>(key: K): UserSettingValues[K] {
      return storedValid(db, key) ?? defaultSetting(key);
    },
    /**
     * Sets an agent setting from untyped input (IPC, the CLI): `key` must be a setting, `value`
     * pass its rules. Returns the key and the value as stored. Throws `settings.unknownKey` {key,
     * accepted} and the kind's refusals (definitions.ts).
     */
    update,
    /** Every agent setting with its effective value (see {@link SettingsSnapshot}). */
    all(): SettingsSnapshot {
      const values = {} as Record<SettingKey, unknown>;
      const stored: SettingKey[] = [];
      for (const key of SETTING_KEYS) {
        const v = storedValid(db, key);
        if (v !== undefined) stored.push(key);
        values[key] = v ?? defaultSetting(key);
      }
      const kinds = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].kind])) as SettingKinds;
      return { values: values as unknown as UserSettingValues, stored, kinds };
    },
  };
}
