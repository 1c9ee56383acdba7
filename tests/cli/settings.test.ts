import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { firstLine, foreignChinese, foreignWords } from './one-language.test-util';

/**
 * `xiaoniu settings` as a shop's set-up script runs it: a subprocess of the compiled
 * `bin/xiaoniu.js` (run `npm run build` first if this fails with "missing"). TZ pins the system
 * time zone, which is the default of `timezone`.
 */
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'xiaoniu.js');

function tmpDb(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-settings-')), 'x.db');
}

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'settings', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XIAONIU_LANG: 'zh-CN', TZ: 'Asia/Shanghai', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const KEYS = ['agentNickname', 'shopName', 'timezone', 'language', 'simulator.enabled', 'notifications.desktop', 'notifications.sound', 'sendKey', 'fontSize', 'signature', 'maxConcurrent'];

/** The stored rows of the `setting` table, key → JSON text. */
function rows(db: string): Record<string, string> {
  const d = new Database(db, { readonly: true });
  const out = Object.fromEntries((d.prepare('SELECT key, value FROM setting').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  d.close();
  return out;
}

describe('xiaoniu settings', () => {
  it('lists every key with its default on a new database, the system zone for timezone', () => {
    const db = tmpDb();
    const r = run(['list', '--json', '--db', db]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      agentNickname: '',
      shopName: '',
      timezone: 'Asia/Shanghai',
      language: 'zh-CN',
      'simulator.enabled': true,
      'notifications.desktop': true,
      'notifications.sound': true,
      sendKey: 'enter',
      fontSize: 14,
      signature: '',
      maxConcurrent: 10,
    });
    const text = run(['list', '--db', db]);
    expect(text.out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(KEYS);
    expect(text.out).toMatch(/^fontSize\s+14 {2}（默认）$/m);
    expect(run(['list', '--db', db], { TZ: 'America/New_York' }).out).toMatch(/^timezone\s+America\/New_York/m);
  });

  it('sets values of each type from words, stores them normalised, and gets them back', () => {
    const db = tmpDb();
    const set = (key: string, value: string) => {
      const r = run(['set', key, value, '--json', '--db', db]);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out) as Record<string, unknown>;
    };
    expect(set('shopName', '  小牛 旗舰店 ')).toEqual({ shopName: '小牛 旗舰店' });
    expect(set('timezone', 'europe/berlin')).toEqual({ timezone: 'Europe/Berlin' });
    expect(set('simulator.enabled', 'false')).toEqual({ 'simulator.enabled': false });
    expect(set('maxConcurrent', '25')).toEqual({ maxConcurrent: 25 });
    expect(set('sendKey', 'ctrlEnter')).toEqual({ sendKey: 'ctrlEnter' });
    expect(set('shopName', '12345')).toEqual({ shopName: '12345' });
    expect(rows(db)).toMatchObject({ shopName: '"12345"', timezone: '"Europe/Berlin"', 'simulator.enabled': 'false', maxConcurrent: '25', sendKey: '"ctrlEnter"' });
    // get prints the bare value for a script; --json one object.
    expect(run(['get', 'maxConcurrent', '--db', db]).out).toBe('25\n');
    expect(run(['get', 'timezone', '--db', db]).out).toBe('Europe/Berlin\n');
    expect(JSON.parse(run(['get', 'simulator.enabled', '--json', '--db', db]).out)).toEqual({ 'simulator.enabled': false });
    expect(run(['list', '--db', db]).out).toMatch(/^maxConcurrent\s+25$/m);
    // The sentence without --json, in each language.
    expect(run(['set', 'fontSize', '16', '--db', db]).out).toBe('已保存：fontSize = 16\n');
    expect(run(['set', 'agentNickname', '小美', '--db', db], { XIAONIU_LANG: 'en' }).out).toBe('Saved: agentNickname = 小美\n');
  });

  it('refuses a bad value naming the key and what it accepts: exit 2, {"error"}, nothing stored', () => {
    const db = tmpDb();
    run(['set', 'maxConcurrent', '12', '--db', db]);
    const before = rows(db);
    const cases: [string, string, RegExp, RegExp][] = [
      ['maxConcurrent', '0', /“maxConcurrent”须为 1 到 200 之间的整数/, /“maxConcurrent” must be a whole number from 1 to 200/],
      ['maxConcurrent', 'ten', /“maxConcurrent”须为 1 到 200 之间的整数/, /whole number/],
      ['fontSize', '13.5', /“fontSize”须为 12 到 24 之间的整数/, /from 12 to 24/],
      ['simulator.enabled', 'yes', /“simulator.enabled”只接受 true 或 false/, /takes true or false/],
      ['sendKey', 'space', /不接受“space”，可选：enter、ctrlEnter/, /choose one of: enter, ctrlEnter/],
      ['language', 'fr', /可选：zh-CN、en/, /choose one of: zh-CN, en/],
      ['timezone', 'Mars/Olympus', /“Mars\/Olympus”不是可识别的时区/, /not a time zone/],
      ['signature', '好'.repeat(51), /最多 50 个字，现在是 51 个字/, /at most 50 characters; this has 51/],
    ];
    for (const [key, value, zh, en] of cases) {
      const r = run(['set', key, value, '--json', '--db', db]);
      expect(r.code, `${key} ${value}`).toBe(2);
      expect(Object.keys(JSON.parse(r.out))).toEqual(['error']);
      expect(JSON.parse(r.out).error).toMatch(zh);
      expect(r.err).toMatch(/^settings\.\w+ \{/);
      const e = run(['set', key, value, '--db', db], { XIAONIU_LANG: 'en' });
      expect(e.code).toBe(2);
      expect(e.out).toBe('');
      expect(e.err).toMatch(en);
      expect(foreignChinese(e.err, [value])).toBe('');
    }
    expect(rows(db)).toEqual(before);
  });

  it('lists the known keys for an unknown one, before creating any database', () => {
    const db = tmpDb();
    for (const args of [['get', 'colour'], ['set', 'colour', 'red'], ['set', 'phrases.starterPackSeeded', 'false']]) {
      const r = run([...args, '--json', '--db', db]);
      expect(r.code).toBe(2);
      const error = JSON.parse(r.out).error as string;
      expect(error).toContain(`没有名为“${args[1]}”的设置项`);
      for (const k of KEYS) expect(error).toContain(k);
      expect(foreignWords(error, [args[1]!, ...KEYS])).toEqual([]);
    }
    expect(fs.existsSync(db)).toBe(false);
    const en = run(['get', 'colour', '--db', db], { XIAONIU_LANG: 'en' });
    expect(en.err).toBe(`There is no setting “colour”. Settings: ${KEYS.join(', ')}\n`);
  });

  it('answers a malformed command line with the usage: exit 1', () => {
    const db = tmpDb();
    const missingKey = run(['get', '--db', db]);
    expect(missingKey.code).toBe(1);
    expect(firstLine(missingKey.err)).toBe('get 命令需要一个设置项名称（xiaoniu settings list 列出全部设置项）。');
    expect(missingKey.err).toContain('xiaoniu settings set 设置项 值');
    const missingValue = run(['set', 'shopName', '--json', '--db', db]);
    expect(missingValue.code).toBe(1);
    expect(JSON.parse(missingValue.out).error).toBe('请在设置项 shopName 后面写上要设置的值。');
    const extra = run(['set', 'shopName', '小牛', '旗舰店', '--db', db], { XIAONIU_LANG: 'en' });
    expect(extra.code).toBe(1);
    expect(firstLine(extra.err)).toBe('Unexpected argument “旗舰店”: put a value that contains spaces in quotes.');
    expect(extra.err).toContain('\n\nUsage:\n');
    expect(foreignChinese(extra.err, ['旗舰店'])).toBe('');
    expect(run(['list', 'extra', '--db', db]).code).toBe(1);
    expect(run(['list', '--limit', '3', '--db', db]).code).toBe(1);
    expect(fs.existsSync(db)).toBe(false);
    const help = run(['--help'], { XIAONIU_LANG: 'en' });
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage:/);
    for (const k of KEYS) expect(help.out).toContain(`  ${k} `);
    expect(foreignChinese(help.out, [])).toBe('');
  });
});
