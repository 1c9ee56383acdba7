import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import { canonicalTimeZone, systemTimeZone } from '../shared/time-zone';
import { getSetting, setSetting } from './repo';

/** Keys the app stores; new settings (系统设置 tabs) are added here with their value types. */
export interface SettingValues {
  /** The starter pack went into this database once; never again, even if the list is emptied. */
  'phrases.starterPackSeeded': boolean;
  /** The agent's IANA time zone (基本设置): every "day" — exports, metrics, `{date}` — is a day there. */
  timezone: string;
  /**
   * The simulator channel runs in the window (基本设置; docs/channels.md "The simulator"): true or
   * missing (a new database) — on; false — off.
   */
  'simulator.enabled': boolean;
  /** 消息中心: a desktop notification for a new buyer message while the window is not focused (default on). */
  'notifications.desktop': boolean;
  /** 消息中心: the notification plays the system sound (default on). */
  'notifications.sound': boolean;
  /** The agent's nickname (基本设置): `{agent}` in reply text. */
  agentNickname: string;
  /** The shop's name (基本设置): `{shop}` in reply text; never sent as `{shop}` while unset. */
  shopName: string;
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

/** The settings feature; see {@link createSettingsService}. */
export type SettingsService = ReturnType<typeof createSettingsService>;

/** Typed access to the `setting` table (migration 0020); `updated_at` stamped from the clock (ms). */
export function createSettingsService(db: Database, clock: Clock) {
  return {
    /** The stored value, or undefined when never set (or unreadable). */
    get<K extends keyof SettingValues>(key: K): SettingValues[K] | undefined {
      return getSetting<SettingValues[K]>(db, key);
    },
    /** Stores a value. */
    set<K extends keyof SettingValues>(key: K, value: SettingValues[K]): void {
      setSetting(db, key, value, clock.now());
    },
  };
}
