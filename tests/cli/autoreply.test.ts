import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CJK, firstLine, foreignChinese, foreignWords } from './one-language.test-util';

/**
 * `xiaoniu autoreply` as its user runs it: a subprocess of the compiled `bin/xiaoniu.js` (run
 * `npm run build` first if this fails with "missing"). The expected replies below were worked out
 * by hand from docs/autoreply.md "Semantics".
 */
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'xiaoniu.js');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-autoreply-'));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'autoreply', ...args], { encoding: 'utf8', env: { ...process.env, XIAONIU_LANG: 'zh-CN', TZ: 'Asia/Shanghai', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(dir: string, name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

const RULES = [
  { type: 'firstOfDay', enabled: true, text: '{buyer}您好，欢迎光临{shop}' },
  { type: 'busy', enabled: true, text: '亲，客服{agent}正忙，稍后回复您' },
  { type: 'overLimit', enabled: true, text: '咨询人数较多，请稍等' },
  { type: 'keyword', enabled: true, text: '今天下单今天发（{date} {time}）', keywords: ['发货', '快递'], name: '发货' },
  { type: 'keyword', enabled: true, text: '亲，请问有什么可以帮您？', keywords: ['?', '？'], priority: 9, name: '问号' },
  { type: 'away', enabled: false, text: '不在' },
];

const at = (hms: string, day = '2026-03-02') => `${day}T${hms}+08:00`;
const TRANSCRIPT = {
  timezone: 'Asia/Shanghai',
  maxConcurrent: 2,
  agent: '小美',
  shop: '小牛旗舰店',
  events: [
    { at: at('23:58:00', '2026-03-01'), type: 'buyer', buyer: 'A', nickname: '小王', text: '在吗' },
    // Out of time order and in UTC: 00:10 in Shanghai, after A's next message.
    { at: '2026-03-01T16:10:00Z', type: 'buyer', buyer: 'B', text: '你好' },
    { at: at('00:00:30'), type: 'buyer', buyer: 'A', text: '什麼時候發貨' },
    { at: at('00:11:00'), type: 'buyer', buyer: 'C', text: '在吗' },
    { at: at('00:12:00'), type: 'buyer', buyer: 'bot', text: '?', auto: true },
    { at: at('00:15:00'), type: 'close', buyer: 'A' },
    { at: at('00:16:00'), type: 'buyer', buyer: 'D', text: '？' },
    { at: at('00:20:00'), type: 'status', status: 'busy' },
    { at: at('00:20:00'), type: 'buyer', buyer: 'C', text: '快递' },
    { at: at('00:30:00'), type: 'buyer', buyer: 'E', text: '?' },
    { at: at('00:30:02'), type: 'buyer', buyer: 'E', text: '?' },
    { at: at('00:30:04'), type: 'buyer', buyer: 'E', text: '?' },
    { at: at('00:30:06'), type: 'buyer', buyer: 'E', text: '?' },
    { at: at('00:30:08'), type: 'buyer', buyer: 'E', text: '?' },
  ],
};
/**
 * By hand: A's first message of the 1st and of the 2nd are greeted ({buyer} is the event's
 * nickname, else the id), the 2nd's also matches 发货 in Traditional. B is the second active buyer
 * (greeted), C the third (overLimit, N = 2). The bot's automatic message is invisible. A's close
 * leaves B, C and D active: D is third (overLimit) and asks ？. Busy from 00:20 (the status event
 * comes first in the file at the same instant): C gets busy and 发货. E gets busy and 问号; then 2 s
 * later 问号 only (busy cooling), again at 00:30:04 (2nd quick), and the 3rd quick message trips the
 * loop guard: nothing more.
 */
const ANSWER = [
  { at: at('23:58:00', '2026-03-01'), buyer: 'A', rule: 'firstOfDay', text: '小王您好，欢迎光临小牛旗舰店' },
  { at: at('00:00:30'), buyer: 'A', rule: 'firstOfDay', text: 'A您好，欢迎光临小牛旗舰店' },
  { at: at('00:00:30'), buyer: 'A', rule: 'keyword', name: '发货', text: '今天下单今天发（2026-03-02 00:00）' },
  { at: at('00:10:00'), buyer: 'B', rule: 'firstOfDay', text: 'B您好，欢迎光临小牛旗舰店' },
  { at: at('00:11:00'), buyer: 'C', rule: 'overLimit', text: '咨询人数较多，请稍等' },
  { at: at('00:16:00'), buyer: 'D', rule: 'overLimit', text: '咨询人数较多，请稍等' },
  { at: at('00:16:00'), buyer: 'D', rule: 'keyword', name: '问号', text: '亲，请问有什么可以帮您？' },
  { at: at('00:20:00'), buyer: 'C', rule: 'busy', text: '亲，客服小美正忙，稍后回复您' },
  { at: at('00:20:00'), buyer: 'C', rule: 'keyword', name: '发货', text: '今天下单今天发（2026-03-02 00:20）' },
  { at: at('00:30:00'), buyer: 'E', rule: 'busy', text: '亲，客服小美正忙，稍后回复您' },
  { at: at('00:30:00'), buyer: 'E', rule: 'keyword', name: '问号', text: '亲，请问有什么可以帮您？' },
  { at: at('00:30:02'), buyer: 'E', rule: 'keyword', name: '问号', text: '亲，请问有什么可以帮您？' },
  { at: at('00:30:04'), buyer: 'E', rule: 'keyword', name: '问号', text: '亲，请问有什么可以帮您？' },
];

describe('xiaoniu autoreply test', () => {
  it('prints the replies a transcript would get with a rules file, in the order sent', () => {
    const dir = tmp();
    const r = run(['test', write(dir, 't.json', TRANSCRIPT), '--rules', write(dir, 'rules.json', RULES), '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ replies: ANSWER });
    // Keys in the documented order.
    expect(Object.keys(JSON.parse(r.out).replies[2])).toEqual(['at', 'buyer', 'rule', 'name', 'text']);
    expect(r.err).toContain('2026-03-02T00:30:06+08:00 E：自动回复已暂停：对方疑似机器人');
  });

  it('answers the README’s example (fixtures/autoreply) as the rules of docs/autoreply.md say: greetings, busy, keywords in Traditional characters, over N, and the bot paused', () => {
    const dir = tmp();
    const fixtures = path.join(root, 'fixtures', 'autoreply');
    const r = run(['test', path.join(fixtures, 'day.json'), '--rules', path.join(fixtures, 'rules.json'), '--json', '--db', path.join(dir, 'x.db')]);
    expect(r.code, r.err).toBe(0);
    const replies = (JSON.parse(r.out) as { replies: { at: string; buyer: string; rule: string; name?: string }[] }).replies;
    expect(replies.map((x) => [x.at.slice(11, 19), x.buyer, x.name ?? x.rule])).toEqual([
      ['09:00:00', 'tb_zhou', 'firstOfDay'],
      // 發貨 (Traditional) matches 发货.
      ['09:01:10', 'tb_zhou', '发货'],
      ['09:31:00', 'tb_li', 'busy'],
      ['09:31:00', 'tb_li', '退换'],
      // Two buyers active (tb_zhou's last message is over 30 minutes old): tb_wang is the second.
      ['09:40:00', 'tb_wang', 'firstOfDay'],
      ['10:00:00', 'bot_shop', 'overLimit'],
      ['10:00:00', 'bot_shop', '发货'],
      ['10:00:01', 'bot_shop', '发货'],
      ['10:00:02', 'bot_shop', '发货'],
      // 10:00:03 is the third quick message in a row: paused from there on.
    ]);
    expect(r.err).toContain('bot_shop：自动回复已暂停：对方疑似机器人');
  });

  it('reads JSON Lines too, and prints one line per reply for people', () => {
    const dir = tmp();
    const { events, ...header } = TRANSCRIPT;
    const lines = [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n');
    const r = run(['test', write(dir, 't.jsonl', lines), '--rules', write(dir, 'rules.json', RULES)]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(ANSWER.length);
    expect(r.out.split('\n')[0]).toBe('2026-03-01T23:58:00+08:00 A 【当天第一次收到买家消息时】小王您好，欢迎光临小牛旗舰店');
    expect(r.out.split('\n')[2]).toBe('2026-03-02T00:00:30+08:00 A 【发货】今天下单今天发（2026-03-02 00:00）');
    expect(r.err).toContain('共 13 条自动回复（时区 Asia/Shanghai）。');
  });

  it('uses the rules of the database without --rules: import, test, export, import --replace', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    const t = write(dir, 't.json', TRANSCRIPT);
    expect(JSON.parse(run(['test', t, '--json', '--db', db]).out)).toEqual({ replies: [] });
    const imported = run(['rules', 'import', write(dir, 'rules.json', RULES), '--json', '--db', db]);
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({ imported: 6, removed: 0, unchecked: 0 });
    expect(JSON.parse(run(['test', t, '--json', '--db', db]).out)).toEqual({ replies: ANSWER });

    const exported = run(['rules', 'export', path.join(dir, 'out.json'), '--db', db]);
    expect(exported.code, exported.err).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'))).toEqual(RULES);

    // Importing a second busy text that is checked unchecks the stored one; --replace swaps the set.
    const more = run(['rules', 'import', write(dir, 'more.json', [{ type: 'busy', enabled: true, text: '另一条忙碌回复' }]), '--json', '--db', db]);
    expect(JSON.parse(more.out)).toEqual({ imported: 1, removed: 0, unchecked: 1 });
    const replaced = run(['rules', 'import', write(dir, 'one.json', [RULES[0]]), '--replace', '--json', '--db', db]);
    expect(JSON.parse(replaced.out)).toEqual({ imported: 1, removed: 7, unchecked: 0 });
    // Only the greeting is left: C and D are beyond N and busy holds from 00:20 — situations with
    // no rule send nothing rather than fall through to the greeting.
    const left = JSON.parse(run(['test', t, '--json', '--db', db]).out).replies as { buyer: string; rule: string }[];
    expect(left.map((x) => `${x.buyer} ${x.rule}`)).toEqual(['A firstOfDay', 'A firstOfDay', 'B firstOfDay']);
  });

  it('refuses a malformed rules file naming the rule, exit 2, and an import changes nothing', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    const t = write(dir, 't.json', TRANSCRIPT);
    const bad = write(dir, 'bad.json', [RULES[0], { type: 'keyword', enabled: true, text: '在的' }]);
    const r = run(['test', t, '--rules', bad, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({ error: '第 2 条规则（[1]）是关键词回复，但没有关键词（keywords）：请至少写一个。未做任何更改。' });
    run(['rules', 'import', write(dir, 'rules.json', RULES), '--db', db]);
    const refused = run(['rules', 'import', bad, '--replace', '--json', '--db', db], { XIAONIU_LANG: 'en' });
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.out).error).toBe('Rule 2 ([1]) is a keyword rule without keywords: give at least one. Nothing was changed.');
    expect(JSON.parse(run(['test', t, '--json', '--db', db]).out)).toEqual({ replies: ANSWER });
  });

  it('refuses a malformed transcript naming the event, in one language, exit 2', () => {
    const dir = tmp();
    const rules = write(dir, 'rules.json', RULES);
    const broken = { ...TRANSCRIPT, events: [TRANSCRIPT.events[0], { at: '2026-03-02 09:00', type: 'buyer', buyer: 'A', text: '在吗' }] };
    const zh = run(['test', write(dir, 'a.json', broken), '--rules', rules, '--json']);
    expect(zh.code).toBe(2);
    expect(JSON.parse(zh.out).error).toMatch(/^事件 events\[1\] 的时间“2026-03-02 09:00”无效/);
    const en = run(['test', write(dir, 'a.json', broken), '--rules', rules, '--json'], { XIAONIU_LANG: 'en' });
    const message = JSON.parse(en.out).error as string;
    expect(message).toMatch(/^Event events\[1\] has the time "2026-03-02 09:00"/);
    expect(foreignChinese(message, [])).toBe('');

    const badN = run(['test', write(dir, 'n.json', { ...TRANSCRIPT, maxConcurrent: 0 }), '--rules', rules]);
    expect(badN.code).toBe(2);
    expect(firstLine(badN.err)).toBe('聊天记录中的 maxConcurrent“0”无效：应为 1 到 200 之间的整数。');
    expect(foreignWords(firstLine(badN.err), ['maxConcurrent'])).toEqual([]);
    const unknown = run(['test', write(dir, 'u.json', { ...TRANSCRIPT, colour: 'red' }), '--rules', rules, '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.out).error).toContain('colour');
  });

  it('treats a wrong command line as a usage error (exit 1) with the area’s usage', () => {
    const missing = run(['test']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('xiaoniu autoreply test');
    const wrong = run(['test', 'x.json', '--replace']);
    expect(wrong.code).toBe(1);
    expect(CJK.test(firstLine(wrong.err))).toBe(true);
    expect(run(['rules']).code).toBe(1);
    expect(run(['rules', 'delete', 'x']).code).toBe(1);
    expect(run(['--help']).code).toBe(0);
  });
});
