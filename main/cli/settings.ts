import { openDatabase } from '../store/db';
import { resolveDatabasePath } from '../store/paths';
import { systemClock } from '../shared/clock';
import { createSettingsService } from '../settings/service';
import { SETTING_KEYS, parseSettingWord, settingKey, validateSetting } from '../settings/definitions';
import { translate, type Locale } from '../i18n';
import type { SettingsRun } from './args';
import type { Io } from './io';

/**
 * `xiaoniu settings list|get KEY|set KEY VALUE` — the 系统设置 keys from a terminal, so a shop can
 * script a set-up (docs/settings.md, docs/cli.md "Settings"). The same service and the same
 * per-key rules as the dialog: a value the window refuses is refused here with the same message.
 * A change made here reaches a running app's services at once (they read the database) and its
 * windows when they next load the settings (reload, reconnect).
 */

/** A value as one line of text: strings as they are (empty as `""`), numbers and booleans as JSON. */
function shown(value: unknown): string {
  if (value === '') return '""';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Runs one `settings` command; resolves to 0. Throws `settings.unknownKey` {key, accepted} and the
 * key's refusals (`settings.notInteger` …) before anything is stored, and the database's errors
 * (the CLI's `main` turns them into a message and exit code 2).
 */
export async function runSettings(cmd: SettingsRun, io: Io, locale: Locale): Promise<number> {
  // Key and value are checked before the database is opened: a typo costs nothing, creates nothing.
  const change = cmd.command === 'set' ? validateSetting(cmd.key!, parseSettingWord(cmd.key!, cmd.value!)) : undefined;
  const key = cmd.command === 'get' ? settingKey(cmd.key!) : undefined;
  const db = openDatabase(resolveDatabasePath(cmd.db), { busyTimeoutMs: 10_000 });
  try {
    const settings = createSettingsService(db, systemClock);
    if (change) {
      const stored = settings.update(change.key, change.value);
      if (cmd.json) io.out(JSON.stringify({ [stored.key]: stored.value }) + '\n');
      else io.out(translate(locale, 'settings.cliSaved', { key: stored.key, value: shown(stored.value) }) + '\n');
      return 0;
    }
    if (key) {
      const value = settings.value(key);
      io.out((cmd.json ? JSON.stringify({ [key]: value }) : String(value)) + '\n');
      return 0;
    }
    const all = settings.all();
    if (cmd.json) {
      io.out(JSON.stringify(all.values) + '\n');
      return 0;
    }
    const width = Math.max(...SETTING_KEYS.map((k) => k.length)) + 2;
    const mark = translate(locale, 'settings.cliDefault');
    const lines = SETTING_KEYS.map((k) => `${k.padEnd(width)}${shown(all.values[k])}${all.stored.includes(k) ? '' : `  ${mark}`}`);
    io.out(lines.join('\n') + '\n');
    return 0;
  } finally {
    db.close();
  }
}
