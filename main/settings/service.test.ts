import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { isXiaoniuError, type XiaoniuError } from '../shared/errors';
import { systemTimeZone } from '../shared/time-zone';
import { createSettingsService, type SettingChange } from './service';
import { SETTING_KEYS, parseSettingWord } from './definitions';

function open() {
  const db = openDatabase(':memory:');
  const changes: SettingChange[] = [];
  const settings = createSettingsService(db, virtualClock(Date.UTC(2026, 2, 1)), { onChange: (c) => changes.push(c) });
  return { db, settings, changes };
}

/** The XiaoniuError `fn` throws (fails the test when it throws nothing or something else). */
function refusal(fn: () => unknown): XiaoniuError {
  try {
    fn();
  } catch (e) {
    if (isXiaoniuError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('settings', () => {
  it('gives every key its default on a new database, the system zone for timezone', () => {
    const { settings } = open();
    const all = settings.all();
    expect(Object.keys(all.values)).toEqual(SETTING_KEYS);
    expect(all.values).toMatchObject({
      agentNickname: '',
      shopName: '',
      timezone: systemTimeZone(),
      language: 'zh-CN',
      'simulator.enabled': true,
      'notifications.desktop': true,
      'notifications.sound': true,
      sendKey: 'enter',
      fontSize: 14,
      signature: '',
      maxConcurrent: 10,
    });
    expect(all.stored).toEqual([]);
    expect(all.kinds.maxConcurrent).toEqual({ type: 'integer', min: 1, max: 200 });
  });

  it('stores a valid value as normalised, reports it, and reads it back', () => {
    const { db, settings, changes } = open();
    expect(settings.update('timezone', 'america/new_york')).toEqual({ key: 'timezone', value: 'America/New_York' });
    expect(settings.update('shopName', '  小牛旗舰店 ')).toEqual({ key: 'shopName', value: '小牛旗舰店' });
    settings.update('fontSize', 18);
    settings.update('sendKey', 'ctrlEnter');
    settings.update('simulator.enabled', false);
    expect(changes.map((c) => c.key)).toEqual(['timezone', 'shopName', 'fontSize', 'sendKey', 'simulator.enabled']);
    const all = settings.all();
    expect(all.values).toMatchObject({ timezone: 'America/New_York', shopName: '小牛旗舰店', fontSize: 18, sendKey: 'ctrlEnter', 'simulator.enabled': false });
    expect(all.stored.sort()).toEqual(['fontSize', 'sendKey', 'shopName', 'simulator.enabled', 'timezone']);
    expect(db.prepare(`SELECT value FROM setting WHERE key = 'shopName'`).pluck().get()).toBe('"小牛旗舰店"');
  });

  it('refuses each wrong value with the key and what it accepts, and stores nothing', () => {
    const { db, settings, changes } = open();
    expect(refusal(() => settings.update('fontSize', 100))).toMatchObject({ code: 'settings.notInteger', params: { key: 'fontSize', min: 12, max: 24 } });
    expect(refusal(() => settings.update('fontSize', 14.5)).code).toBe('settings.notInteger');
    expect(refusal(() => settings.update('maxConcurrent', 0))).toMatchObject({ code: 'settings.notInteger', params: { key: 'maxConcurrent', min: 1, max: 200 } });
    expect(refusal(() => settings.update('sendKey', 'space'))).toMatchObject({ code: 'settings.notChoice', params: { key: 'sendKey', value: 'space', accepted: 'enter|ctrlEnter' } });
    expect(refusal(() => settings.update('language', 'fr'))).toMatchObject({ code: 'settings.notChoice', params: { accepted: 'zh-CN|en' } });
    expect(refusal(() => settings.update('simulator.enabled', 'yes'))).toMatchObject({ code: 'settings.notBoolean', params: { key: 'simulator.enabled' } });
    expect(refusal(() => settings.update('timezone', 'Mars/Olympus'))).toMatchObject({ code: 'settings.badTimeZone', params: { key: 'timezone', value: 'Mars/Olympus' } });
    // A fixed offset has no daylight-saving rules: not an agent's zone.
    expect(refusal(() => settings.update('timezone', '+08:00')).code).toBe('settings.badTimeZone');
    expect(refusal(() => settings.update('signature', '好'.repeat(51)))).toMatchObject({ code: 'settings.textTooLong', params: { key: 'signature', max: 50, length: 51 } });
    // 50 emoji are 50 characters, though 100 UTF-16 units.
    expect(settings.update('signature', '🐮'.repeat(50)).value).toBe('🐮'.repeat(50));
    expect(refusal(() => settings.update('shopName', '小牛\n旗舰店'))).toMatchObject({ code: 'settings.textInvalidChars', params: { key: 'shopName' } });
    expect(refusal(() => settings.update('shopName', 12))).toMatchObject({ code: 'settings.notText' });
    expect(refusal(() => settings.update('colour', 'red'))).toMatchObject({ code: 'settings.unknownKey', params: { key: 'colour', accepted: SETTING_KEYS.join('|') } });
    // The app's own bookkeeping is not the agent's to write.
    expect(refusal(() => settings.update('phrases.starterPackSeeded', false)).code).toBe('settings.unknownKey');
    expect(changes.map((c) => c.key)).toEqual(['signature']);
    expect(db.prepare('SELECT key FROM setting').pluck().all()).toEqual(['signature']);
  });

  it('reads a stored value that no longer passes its rules as the default', () => {
    const { db, settings } = open();
    db.prepare(`INSERT INTO setting (key, value, updated_at) VALUES ('fontSize', '99', 0), ('timezone', '"Nowhere/City"', 0)`).run();
    expect(settings.value('fontSize')).toBe(14);
    expect(settings.value('timezone')).toBe(systemTimeZone());
    expect(settings.all().stored).toEqual([]);
  });

  it('parses command-line words by the key kind', () => {
    expect(parseSettingWord('simulator.enabled', 'false')).toBe(false);
    expect(parseSettingWord('simulator.enabled', 'TRUE')).toBe(true);
    expect(parseSettingWord('simulator.enabled', 'off')).toBe('off');
    expect(parseSettingWord('maxConcurrent', '25')).toBe(25);
    expect(parseSettingWord('maxConcurrent', '2.5')).toBe('2.5');
    expect(parseSettingWord('shopName', '123')).toBe('123');
    expect(refusal(() => parseSettingWord('nope', 'x')).code).toBe('settings.unknownKey');
  });
});
