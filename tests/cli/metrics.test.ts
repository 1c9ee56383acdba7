import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CJK, firstLine, foreignChinese, foreignWords } from './one-language.test-util';

/**
 * `xiaoniu metrics` as its user runs it: a subprocess of the compiled `bin/xiaoniu.js` (run
 * `npm run build` first if this fails with "missing"). TZ pins the agent's time zone where the
 * database has no `timezone` setting.
 */
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'xiaoniu.js');
const SHOP_DAY = path.join(root, 'fixtures', 'transcripts', 'shop-day.json');
const SHOP_DAY_LINES = path.join(root, 'fixtures', 'transcripts', 'shop-day.jsonl');

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-metrics-'));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, XIAONIU_LANG: 'zh-CN', TZ: 'Asia/Shanghai', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(dir: string, name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

const D = '2026-03-01';
const at = (hms: string, day = D) => `${day}T${hms}+08:00`;
/** docs/metrics.md's worked example, in file order a person might have written it. */
const WORKED = {
  timezone: 'Asia/Shanghai',
  events: [
    { at: at('09:00:00'), type: 'buyer', buyer: 'A', text: '在吗' },
    { at: at('09:00:05'), type: 'agent', buyer: 'A', text: '您好，欢迎光临', auto: true },
    { at: at('09:00:30'), type: 'buyer', buyer: 'A', text: '有货吗' },
    { at: at('09:01:00'), type: 'agent', buyer: 'A', text: '有的亲' },
    { at: at('09:05:00'), type: 'buyer', buyer: 'A', text: '发什么快递' },
    { at: at('09:05:20'), type: 'agent', buyer: 'A', text: '默认中通' },
    { at: at('09:10:00'), type: 'order', buyer: 'A', amount: 199, paid: true },
    { at: at('10:00:00'), type: 'buyer', buyer: 'B', text: '能便宜点吗' },
    { at: at('10:02:00'), type: 'agent', buyer: 'B', text: '满减券了解一下' },
    { at: at('10:03:00'), type: 'agent', buyer: 'B', text: '两件九折' },
    { at: at('10:30:00'), type: 'order', buyer: 'B', amount: 88, paid: false },
    { at: at('11:00:00'), type: 'buyer', buyer: 'C', text: '退货地址' },
    { at: at('11:00:01'), type: 'agent', buyer: 'C', text: '客服暂时离开', auto: true },
    { at: at('12:00:00'), type: 'buyer', buyer: 'D', text: '本店小蜜为您服务', auto: true },
    { at: at('23:50:00'), type: 'buyer', buyer: 'E', text: '还在吗' },
    { at: at('00:10:00', '2026-03-02'), type: 'agent', buyer: 'E', text: '在的' },
  ],
};
/**
 * By hand (docs/metrics.md): buyers A, B, C, E = 4 (D only a bot). Answered turns: A1 60 s, A2
 * 20 s, B1 120 s, E1 1200 s (after midnight, still the 1st's); C1 unanswered → reply rate 3/4;
 * mean (60 + 20 + 120 + 1200) / 4 = 350 s; first turns answered A1 60, B1 120, E1 1200 → 460 s.
 * 问答比: agent messages sent on the 1st A 2 + B 2 = 4 over buyer messages A 3 + B 1 + C 1 + E 1 = 6.
 * Conversion: A paid 199 after writing → 1/4; 客单价 199.
 */
const WORKED_FIGURES = {
  buyers: 4,
  replyRate: 0.75,
  avgResponseSeconds: 350,
  avgFirstResponseSeconds: 460,
  qaRatio: 4 / 6,
  conversion: 0.25,
  avgOrderValue: 199,
};

describe('xiaoniu metrics', () => {
  it('prints a transcript’s figures as JSON, unrounded, for the day of its first buyer message', () => {
    const file = write(tmp(), 'worked.json', WORKED);
    const r = run(['metrics', '--transcript', file, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual(WORKED_FIGURES);
    expect(Object.keys(JSON.parse(r.out))).toEqual(['buyers', 'replyRate', 'avgResponseSeconds', 'avgFirstResponseSeconds', 'qaRatio', 'conversion', 'avgOrderValue']);
    // The 2nd: nobody wrote; E's answer is a message sent that day → 问答比 1/0 → null; no buyers → null.
    const next = run(['metrics', '--transcript', file, '--day', '2026-03-02', '--json']);
    expect(JSON.parse(next.out)).toEqual({ buyers: 0, replyRate: null, avgResponseSeconds: null, avgFirstResponseSeconds: null, qaRatio: null, conversion: null, avgOrderValue: null });
  });

  it('importing a transcript and asking the store gives the same figures as asking the transcript', () => {
    const dir = tmp();
    for (const file of [write(dir, 'worked.json', WORKED), SHOP_DAY, SHOP_DAY_LINES]) {
      const fromFile = run(['metrics', '--transcript', file, '--day', D, '--json']);
      expect(fromFile.code, fromFile.err).toBe(0);
      const db = path.join(dir, `${path.basename(file)}.db`);
      const imported = run(['history', 'import', file, '--db', db, '--json']);
      expect(imported.code, imported.err).toBe(0);
      const fromStore = run(['metrics', '--day', D, '--db', db, '--json']);
      expect(fromStore.code, fromStore.err).toBe(0);
      expect(JSON.parse(fromStore.out), file).toEqual(JSON.parse(fromFile.out));
    }
    // shop-day.json by hand: tb_8812 turns 28, 38, 25, 30 s; lily_2019 45 s (+ one unanswered);
    // tb_5566 95, 28 s; shop_bot_77 only automatic. Mean 289 / 7; first turns (28 + 45 + 95) / 3 = 56;
    // 问答比 7 / 8; tb_8812 paid 299 after writing → conversion 1/3, 客单价 299.
    expect(JSON.parse(run(['metrics', '--transcript', SHOP_DAY, '--json']).out)).toEqual({
      buyers: 3,
      replyRate: 1,
      avgResponseSeconds: 289 / 7,
      avgFirstResponseSeconds: 56,
      qaRatio: 7 / 8,
      conversion: 1 / 3,
      avgOrderValue: 299,
    });
  });

  it('defaults --day to today in the agent’s time zone for the store', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const file = write(dir, 'today.json', { timezone: 'Asia/Shanghai', events: [{ at: `${today}T00:00:01+08:00`, type: 'buyer', buyer: 'x', text: '在吗' }] });
    expect(run(['history', 'import', file, '--db', db]).code).toBe(0);
    const r = run(['metrics', '--db', db, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ buyers: 1, replyRate: 0, qaRatio: 0 });
    const table = run(['metrics', '--db', db]);
    expect(table.out).toContain(`${today} 的服务数据（时区 Asia/Shanghai）`);
  });

  it('prints a readable table in one language: percentages, seconds, yuan, — for null', () => {
    const file = write(tmp(), 'worked.json', WORKED);
    const zh = run(['metrics', '--transcript', file]);
    expect(zh.code, zh.err).toBe(0);
    expect(zh.out).toBe(
      [
        '2026-03-01 的服务数据（时区 Asia/Shanghai）',
        '接待人数      4',
        '回复率        75.00%',
        '平均响应时间  350.0 秒',
        '首次响应时间  460.0 秒',
        '问答比        0.67',
        '询单转化率    25.00%',
        '客单价        199.00 元',
        '',
      ].join('\n'),
    );
    const en = run(['metrics', '--transcript', file, '--day', '2026-03-02'], { XIAONIU_LANG: 'en' });
    expect(en.out).toContain('Service figures for 2026-03-02 (time zone Asia/Shanghai)\n');
    expect(en.out).toMatch(/Reply rate +—\n/);
    expect(en.out).toMatch(/Buyers received +0\n/);
    expect(foreignChinese(en.out, [])).toBe('');
    expect(foreignWords(zh.out, ['Asia/Shanghai'])).toEqual([]);
  });

  it('refuses bad input with one sentence in the user’s language and the documented exit codes', () => {
    const dir = tmp();
    // Usage errors: exit 1, the sentence then the usage; {"error"} with --json.
    const badDay = run(['metrics', '--day', '2026-02-30', '--json']);
    expect(badDay.code).toBe(1);
    expect(JSON.parse(badDay.out).error).toBe('日期“2026-02-30”无效：请写成 YYYY-MM-DD 格式的真实日期，例如 2026-03-01。');
    const both = run(['metrics', '--transcript', SHOP_DAY, '--db', path.join(dir, 'x.db')], { XIAONIU_LANG: 'en' });
    expect(both.code).toBe(1);
    expect(firstLine(both.err)).toBe('--transcript measures the file itself and reads no database: leave out --db.');
    expect(both.err).toContain('xiaoniu metrics [--day DAY] [--transcript FILE] [--json] [--db PATH]');
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false);
    expect(run(['metrics', '--limit', '3']).code).toBe(1);
    expect(firstLine(run(['metrics', 'today']).err)).toContain('today');
    // Refused input: exit 2, nothing else printed on stdout.
    const broken = write(dir, 'broken.json', { timezone: 'Asia/Shanghai', events: [{ at: at('09:00:00'), type: 'buyer', buyer: 'A', text: '在吗' }, { at: '2026-03-01 09:01', type: 'buyer', buyer: 'A', text: 'x' }] });
    const bad = run(['metrics', '--transcript', broken, '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out).error).toContain('events[1]');
    const silent = write(dir, 'silent.json', { timezone: 'Asia/Shanghai', events: [{ at: at('09:00:00'), type: 'agent', buyer: 'A', text: '在吗' }] });
    const none = run(['metrics', '--transcript', silent]);
    expect(none.code).toBe(2);
    expect(none.err).toBe('这份聊天记录里没有买家消息，无法确定统计哪一天：请用 --day 指定日期。\n');
    expect(CJK.test(run(['metrics', '--transcript', silent], { XIAONIU_LANG: 'en' }).err)).toBe(false);
    const missing = run(['metrics', '--transcript', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    // --help: the usage, exit 0.
    const help = run(['metrics', '--help'], { XIAONIU_LANG: 'en' });
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage:\n {2}xiaoniu metrics /);
  });
});
