import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import { CJK, firstLine, foreignChinese, foreignWords } from './one-language.test-util';

/**
 * The CLI as its user runs it: a subprocess of the compiled `bin/xiaoniu.js` (run `npm run build`
 * first if this fails with "missing").
 */
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'xiaoniu.js');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-cli-'));
}

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, XIAONIU_LANG: 'zh-CN', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const QIANNIU_PACK = iconv.encode(
  [
    '快捷短语编码,快捷短语,快捷短语分组',
    'fh,亲，下午4点前付款当天发货哦,物流',
    'kd,"亲，默认中通快递，',
    '需要顺丰请备注",物流',
    ',亲，在的，请问有什么可以帮您？,',
    'th,亲，支持七天无理由退换货,售后',
    '',
  ].join('\r\n'),
  'gbk',
);

describe('xiaoniu CLI', () => {
  it('imports a Qianniu GBK export with --json: exactly one JSON document on stdout', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'qianniu.csv'), QIANNIU_PACK);
    const r = run(['phrases', 'import', path.join(dir, 'qianniu.csv'), '--json', '--db', db]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ imported: 4, updated: 0, duplicates: 0, problems: [], groups: 3, encoding: 'gb18030', ignoredColumns: [] });

    const list = run(['phrases', 'list', '--json', '--db', db]);
    expect(JSON.parse(list.out)).toEqual([
      { group: '默认分组', code: null, content: '亲，在的，请问有什么可以帮您？' },
      { group: '物流', code: 'fh', content: '亲，下午4点前付款当天发货哦' },
      { group: '物流', code: 'kd', content: '亲，默认中通快递，\n需要顺丰请备注' },
      { group: '售后', code: 'th', content: '亲，支持七天无理由退换货' },
    ]);

    // Importing the same file again: everything is a duplicate, nothing changes.
    const again = run(['phrases', 'import', path.join(dir, 'qianniu.csv'), '--json', '--db', db]);
    expect(JSON.parse(again.out)).toMatchObject({ imported: 0, duplicates: 4 });
  });

  it('re-imports an updated pack with --on-code-conflict update: the phrase holding a code takes the new text', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'qianniu.csv'), QIANNIU_PACK);
    expect(run(['phrases', 'import', path.join(dir, 'qianniu.csv'), '--db', db]).code).toBe(0);
    // The colleague's new version: th and fh have new text, th moved group, kd unchanged, one new.
    const updated = path.join(dir, 'team-v2.csv');
    fs.writeFileSync(
      updated,
      [
        '\ufeff分组,快捷编码,短语内容',
        '售后服务,th,亲，支持七天无理由退换货，运费我们出',
        '物流,FH,亲，下午5点前付款当天发货哦',
        '物流,kd,"亲，默认中通快递，\n需要顺丰请备注"',
        '物流,sf,亲，顺丰需要补运费差价哦',
        '物流,fh,第二个 fh',
        '',
      ].join('\r\n'),
    );
    // keep (the default): the old phrases keep their codes, so /th still gives the old text.
    const keepDb = path.join(dir, 'keep.db');
    fs.copyFileSync(db, keepDb);
    const keep = run(['phrases', 'import', updated, '--json', '--db', keepDb]);
    expect(JSON.parse(keep.out)).toMatchObject({ imported: 4, updated: 0, duplicates: 1 });
    expect(JSON.parse(run(['phrases', 'search', 'th', '--json', '--db', keepDb]).out)[0].content).toBe('亲，支持七天无理由退换货');

    const r = run(['phrases', 'import', updated, '--on-code-conflict', 'update', '--json', '--db', db]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toEqual({
      imported: 2,
      updated: 2,
      duplicates: 1,
      problems: [{ line: 7, reason: '快捷编码“fh”在文件第 3 行已经用过，这条短语已导入但不带编码。' }],
      groups: 2,
      encoding: 'utf-8',
      ignoredColumns: [],
    });
    expect(JSON.parse(run(['phrases', 'list', '--json', '--db', db]).out)).toEqual([
      { group: '默认分组', code: null, content: '亲，在的，请问有什么可以帮您？' },
      { group: '物流', code: 'FH', content: '亲，下午5点前付款当天发货哦' },
      { group: '物流', code: 'kd', content: '亲，默认中通快递，\n需要顺丰请备注' },
      { group: '物流', code: 'sf', content: '亲，顺丰需要补运费差价哦' },
      { group: '物流', code: null, content: '第二个 fh' },
      { group: '售后服务', code: 'th', content: '亲，支持七天无理由退换货，运费我们出' },
    ]);
    expect(JSON.parse(run(['phrases', 'search', 'th', '--json', '--db', db]).out)[0].content).toBe('亲，支持七天无理由退换货，运费我们出');

    // Text output says how many were updated; a wrong value is a usage error that changes nothing.
    const again = run(['phrases', 'import', updated, '--on-code-conflict', 'update', '--db', db]);
    expect(again.out).toContain('已更新 0 条现有短语（使用次数保留）。');
    const bad = run(['phrases', 'import', updated, '--on-code-conflict', 'replace', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--on-code-conflict keep|update');
  });

  it('searches ranked: code-prefix matches first, --limit caps, stdout is JSON', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'p.csv'), '\ufeff分组,快捷编码,短语内容\r\n物流,kd,发货用中通快递\r\n物流,fh,当天发货\r\n物流,,发货后两天到\r\n');
    run(['phrases', 'import', path.join(dir, 'p.csv'), '--db', db]);
    expect(JSON.parse(run(['phrases', 'search', '发货', '--json', '--db', db]).out).map((p: { code: string }) => p.code)).toEqual(['kd', 'fh', null]);
    expect(JSON.parse(run(['phrases', 'search', 'f', '--json', '--db', db]).out)).toEqual([{ group: '物流', code: 'fh', content: '当天发货' }]);
    expect(JSON.parse(run(['phrases', 'search', '发货', '--limit', '1', '--json', '--db', db]).out)).toHaveLength(1);
  });

  it('refuses a file that is not a phrase pack: exit 2, {"error"} and an unchanged list', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'ok.csv'), '短语内容\n亲，在的\n');
    run(['phrases', 'import', path.join(dir, 'ok.csv'), '--db', db]);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a0bd0000000049454e44ae426082', 'hex');
    fs.writeFileSync(path.join(dir, 'photo.csv'), png);
    const r = run(['phrases', 'import', path.join(dir, 'photo.csv'), '--replace', '--json', '--db', db]);
    expect(r.code).toBe(2);
    expect(Object.keys(JSON.parse(r.out))).toEqual(['error']);
    expect(JSON.parse(r.out).error).toMatch(/[\u4e00-\u9fff]/);
    expect(r.err).toContain('pack.notAPhrasePack');
    expect(JSON.parse(run(['phrases', 'list', '--json', '--db', db]).out)).toEqual([{ group: '默认分组', code: null, content: '亲，在的' }]);
  });

  it('--replace with no valid row changes nothing and exits 2', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'ok.csv'), '短语内容\n亲，在的\n');
    run(['phrases', 'import', path.join(dir, 'ok.csv'), '--db', db]);
    fs.writeFileSync(path.join(dir, 'empty.csv'), '分组,快捷编码,短语内容\r\n售后,th,   \r\n');
    const r = run(['phrases', 'import', path.join(dir, 'empty.csv'), '--replace', '--json', '--db', db]);
    expect(r.code).toBe(2);
    expect(JSON.parse(run(['phrases', 'list', '--json', '--db', db]).out)).toHaveLength(1);
  });

  it('exports qianniu-csv as GBK with the group last and 默认分组 empty; refuses characters GBK cannot hold', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'qianniu.csv'), QIANNIU_PACK);
    run(['phrases', 'import', path.join(dir, 'qianniu.csv'), '--db', db]);
    const out = path.join(dir, 'back.csv');
    expect(run(['phrases', 'export', out, '--format', 'qianniu-csv', '--db', db]).code).toBe(0);
    const text = iconv.decode(fs.readFileSync(out), 'gbk');
    expect(text.split('\r\n')[0]).toBe('快捷短语编码,快捷短语,快捷短语分组');
    expect(text).toContain('\r\n,亲，在的，请问有什么可以帮您？,\r\n');
    expect(text).toContain('fh,亲，下午4点前付款当天发货哦,物流\r\n');

    fs.writeFileSync(path.join(dir, 'emoji.csv'), '\ufeff分组,快捷编码,短语内容\r\n问候,hi,亲，您好😊\r\n');
    run(['phrases', 'import', path.join(dir, 'emoji.csv'), '--db', db]);
    const refused = path.join(dir, 'refused.csv');
    const r = run(['phrases', 'export', refused, '--format', 'qianniu-csv', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('hi');
    expect(fs.existsSync(refused)).toBe(false);
  });

  it('round-trips: export → import into a new database → export is byte-identical', () => {
    const dir = tmp();
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    fs.writeFileSync(
      path.join(dir, 'tricky.csv'),
      '\ufeff分组,快捷编码,短语内容\r\n公式,f1,=1+1\r\n公式,f2,"-减号开头, 带逗号"\r\n公式,f3,\'@at\r\n引号,q,"他说""好的""\n第二行"\r\n',
    );
    run(['phrases', 'import', path.join(dir, 'tricky.csv'), '--db', a]);
    const first = path.join(dir, 'first.csv');
    const second = path.join(dir, 'second.csv');
    run(['phrases', 'export', first, '--db', a]);
    run(['phrases', 'import', first, '--db', b]);
    run(['phrases', 'export', second, '--db', b]);
    expect(fs.readFileSync(second).equals(fs.readFileSync(first))).toBe(true);
    expect(fs.readFileSync(first).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // papaparse's escapeFormulae: the apostrophe, and quotes around the escaped cell.
    expect(fs.readFileSync(first, 'utf8')).toContain(`f1,"'=1+1"\r\n`);
  });

  it('prints usage and exits 1 on a wrong command; refuses a Node older than 22 with a clear message', () => {
    expect(run(['phrases', 'frobnicate']).code).toBe(1);
    const old = spawnSync(process.execPath, ['-e', `Object.defineProperty(process.versions, 'node', { value: '20.20.2' }); require(${JSON.stringify(bin)})`], {
      encoding: 'utf8',
    });
    expect(old.status).toBe(3);
    expect(old.stderr).toContain('Node.js 22');
  });
});

// ───────────── one language per message ─────────────

describe('usage errors: a catalogue message in the user’s language, then that area’s usage (exit 1)', () => {
  const dir = tmp();
  const db = path.join(dir, 'x.db');
  // [args, values the message quotes, a fragment it must contain]
  const cases: [string[], string[], string][] = [
    [['phrases', 'frobnicate'], ['phrases', 'frobnicate'], 'frobnicate'],
    [['frobnicate'], ['frobnicate'], 'frobnicate'],
    [['phrases', 'list', '--bogus'], ['--bogus'], '--bogus'],
    [['phrases', 'import', 'a.csv', '--encoding'], ['--encoding'], '--encoding'],
    [['phrases', 'list', '--json=yes'], ['--json', 'yes'], 'yes'],
    [['phrases', 'list', '--replace'], ['list', '--replace'], '--replace'],
    [['phrases', 'import', '--db', db], ['import'], 'import'],
    [['phrases', 'import', 'a.csv', 'b.csv'], ['b.csv'], 'b.csv'],
    [['phrases', 'search', 'x', '--limit', '0'], ['--limit'], '“0”'],
    [['phrases', 'search', '--db', db], ['search'], 'search'],
    [['phrases', 'export', path.join(dir, 'out.pdf')], ['.pdf', '--format', '.csv', '.txt', '.xml', '.xlsx'], '.pdf'],
    [['phrases', 'export', path.join(dir, 'o.csv'), '--format', 'pdf'], ['--format', 'pdf', 'csv', 'qianniu-csv', 'xml', 'xlsx'], 'qianniu-csv'],
    [['phrases', 'export', path.join(dir, 'o.xml'), '--encoding', 'gb18030'], ['--encoding', 'csv', 'xml'], 'xml'],
    [['phrases', 'export', path.join(dir, 'o.csv'), '--encoding', 'gbk'], ['--encoding', 'gbk', 'utf8', 'utf-8', 'gb18030'], 'gb18030'],
    [['phrases', 'import', 'a.csv', '--encoding', 'latin1'], ['--encoding', 'latin1', 'utf-8', 'utf8', 'gb18030', 'gbk', 'gb2312', 'utf-16le', 'utf-16be'], 'utf-16be'],
    [['phrases', 'import', 'a.csv', '--format', 'csv', '--format', 'xml'], ['--format'], '--format'],
  ];

  it.each(cases)('xiaoniu %j', (args, quoted, fragment) => {
    const zh = run(args);
    expect(zh.code, zh.err).toBe(1);
    expect(firstLine(zh.err)).toContain(fragment);
    expect(firstLine(zh.err)).toMatch(CJK);
    expect(foreignWords(firstLine(zh.err), quoted)).toEqual([]);
    expect(zh.err).toContain('用法：');
    expect(zh.err).not.toMatch(/Usage|Options/);

    const en = run(args, { XIAONIU_LANG: 'en' });
    expect(en.code, en.err).toBe(1);
    expect(firstLine(en.err)).toContain(fragment);
    expect(foreignChinese(en.err, [])).toBe('');
    expect(en.err).toContain('Usage:');
  });

  it('lists every accepted --encoding value in the message, joined in the message’s language', () => {
    expect(firstLine(run(['phrases', 'import', 'a.csv', '--encoding', 'latin1']).err)).toContain('utf-8、utf8、gb18030、gbk、gb2312、utf-16le、utf-16be');
    expect(firstLine(run(['phrases', 'import', 'a.csv', '--encoding', 'latin1'], { XIAONIU_LANG: 'en' }).err)).toContain(
      'utf-8, utf8, gb18030, gbk, gb2312, utf-16le, utf-16be',
    );
    expect(firstLine(run(['phrases', 'export', 'o.csv', '--encoding', 'big5']).err)).toContain('utf8、utf-8、gb18030');
  });

  it('with --json, a usage error is exactly {"error"} on stdout, still exit 1', () => {
    const r = run(['phrases', 'import', 'a.csv', '--encoding', 'latin1', '--json']);
    expect(r.code).toBe(1);
    expect(Object.keys(JSON.parse(r.out))).toEqual(['error']);
    expect(JSON.parse(r.out).error).toContain('latin1');
    expect(r.err).toContain('cli.badEncoding');
  });
});

describe('usage, help and version', () => {
  it('`xiaoniu phrases` alone shows the phrases usage in one language and exits 1', () => {
    const zh = run(['phrases']);
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('xiaoniu phrases import 文件');
    expect(zh.err).toContain('utf-8|utf8|gb18030|gbk|gb2312|utf-16le|utf-16be');
    expect(zh.err).not.toMatch(/Usage|Commands|Options|FILE/);
    const en = run(['phrases'], { XIAONIU_LANG: 'en' });
    expect(en.code).toBe(1);
    expect(en.err).toContain('xiaoniu phrases import FILE');
    expect(en.err).toContain('utf8|utf-8|gb18030');
    expect(foreignChinese(en.err, [])).toBe('');
  });

  it('--help prints the usage on stdout and exits 0; `xiaoniu` alone shows the areas', () => {
    const help = run(['phrases', '--help'], { XIAONIU_LANG: 'en' });
    expect(help.code).toBe(0);
    expect(help.out).toContain('xiaoniu phrases search WORD...');
    const top = run([]);
    expect(top.code).toBe(1);
    expect(top.err).toContain('xiaoniu phrases --help');
    expect(top.err).toContain('功能');
  });

  it('`xiaoniu` alone and `xiaoniu --help` list every area with its description, one language each', () => {
    const zh = run(['--help']);
    expect(zh.code).toBe(0);
    expect(zh.out).toContain('  phrases      快捷短语：导入、导出、列出、搜索（xiaoniu phrases --help 查看详情）\n');
    expect(zh.out).toContain('  history      聊天记录：导入、导出、搜索（xiaoniu history --help 查看详情）\n');
    expect(zh.out).toContain('  run          后台值守：不开窗口运行渠道和发送队列（xiaoniu run --help 查看详情）\n');
    expect(zh.out).toContain('  settings     系统设置：列出、读取、修改（xiaoniu settings --help 查看详情）\n');
    expect(zh.out).toContain('  autoreply    自动回复：用聊天记录测试规则、导入导出规则（xiaoniu autoreply --help 查看详情）\n');
    expect(foreignWords(zh.out, ['xiaoniu', 'phrases', 'history', 'settings', 'metrics', 'autoreply', 'run', '--help', '-h', '--version'])).toEqual([]);
    // The areas' own usage lines stay in `xiaoniu <area> --help`.
    expect(zh.out).not.toMatch(/xiaoniu (phrases|history|settings) (import|export|search|list|get|set)/);
    const en = run([], { XIAONIU_LANG: 'en' });
    expect(en.code).toBe(1);
    expect(en.err).toContain('  history      chat history: import, export, search (xiaoniu history --help for more)\n');
    expect(foreignChinese(en.err, [])).toBe('');
  });

  it('--version prints the version from package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`xiaoniu ${pkg.version}\n`);
  });
});

describe('refusals from the readers and writers, in one language', () => {
  it('says what is wrong with malformed XML and where, without saxes’ English', () => {
    const file = path.join(root, 'fixtures', 'packs', 'malformed.xml');
    const db = path.join(tmp(), 'x.db');
    const zh = run(['phrases', 'import', file, '--db', db]);
    expect(zh.code).toBe(2);
    expect(zh.err.trim()).toBe('XML 格式错误（第 5 行第 3 列）：结束标签 </grop> 与第 3 行的开始标签 <group> 不一致。');
    const en = run(['phrases', 'import', file, '--db', db], { XIAONIU_LANG: 'en' });
    expect(en.err.trim()).toBe('Malformed XML at line 5, column 3: the end tag </grop> does not match the start tag <group> on line 3.');
  });

  it('names the formats to use instead when Qianniu’s GBK layout cannot hold an emoji', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'emoji.csv'), '\ufeff分组,快捷编码,短语内容\r\n问候,hi,亲，您好😊\r\n');
    run(['phrases', 'import', path.join(dir, 'emoji.csv'), '--db', db]);
    const zh = run(['phrases', 'export', path.join(dir, 'q.csv'), '--format', 'qianniu-csv', '--db', db]);
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('问候/hi');
    expect(zh.err).toContain('CSV（UTF-8）、XML 或 Excel（.xlsx）');
    expect(foreignWords(zh.err, ['GBK', 'CSV', 'UTF-8', 'XML', 'Excel', '.xlsx', 'hi'])).toEqual([]);
    const en = run(['phrases', 'export', path.join(dir, 'q.csv'), '--format', 'qianniu-csv', '--db', db], { XIAONIU_LANG: 'en' });
    expect(en.err.trim()).toBe(
      '1 phrase contains characters GBK cannot hold (such as emoji), so the Qianniu layout cannot save it: “亲，您好😊” in 问候/hi. Export as CSV (UTF-8), XML or Excel (.xlsx) instead.',
    );
    expect(fs.existsSync(path.join(dir, 'q.csv'))).toBe(false);
  });

  it('refuses a GBK file with one UTF-8 line, naming it, and changes nothing', () => {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'ok.csv'), '短语内容\n亲，在的\n');
    run(['phrases', 'import', path.join(dir, 'ok.csv'), '--db', db]);
    const mixed = Buffer.concat([
      iconv.encode('分组,快捷编码,短语内容\r\n售前,hi,亲，在的\r\n', 'gbk'),
      Buffer.from('售后,th,亲，支持七天无理由退换货\r\n'),
      iconv.encode('物流,kd,默认中通\r\n', 'gbk'),
    ]);
    fs.writeFileSync(path.join(dir, 'mixed.csv'), mixed);
    const zh = run(['phrases', 'import', path.join(dir, 'mixed.csv'), '--replace', '--db', db]);
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('第 3 行是 UTF-8 编码');
    const en = run(['phrases', 'import', path.join(dir, 'mixed.csv'), '--json', '--db', db], { XIAONIU_LANG: 'en' });
    expect(JSON.parse(en.out).error).toContain('line 3 is UTF-8');
    expect(foreignChinese(JSON.parse(en.out).error, [])).toBe('');
    expect(JSON.parse(run(['phrases', 'list', '--json', '--db', db]).out)).toEqual([{ group: '默认分组', code: null, content: '亲，在的' }]);
  });

  it('quotes at most 40 characters of a cell in a problem report', () => {
    const dir = tmp();
    const code = 'c'.repeat(1_000_000);
    fs.writeFileSync(path.join(dir, 'huge.csv'), `分组,快捷编码,短语内容\n售前,${code},亲，在的\n`);
    const r = run(['phrases', 'import', path.join(dir, 'huge.csv'), '--json', '--db', path.join(dir, 'x.db')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.length).toBeLessThan(1000);
    expect(JSON.parse(r.out).problems).toEqual([{ line: 2, reason: `快捷编码“${'c'.repeat(40)}…”无效，短语已导入但不带编码。` }]);
  });
});

describe('export writes only a regular file', () => {
  function setup() {
    const dir = tmp();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(path.join(dir, 'ok.csv'), '短语内容\n亲，在的\n');
    run(['phrases', 'import', path.join(dir, 'ok.csv'), '--db', db]);
    return { dir, db };
  }
  const listing = (dir: string) => fs.readdirSync(dir).sort();

  it('refuses a directory with exit 2 and writes nothing', () => {
    const { dir, db } = setup();
    const target = path.join(dir, 'folder.csv');
    fs.mkdirSync(target);
    const before = listing(dir);
    const zh = run(['phrases', 'export', target, '--db', db]);
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('这是一个文件夹');
    expect(listing(dir)).toEqual(before);
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(run(['phrases', 'export', target, '--db', db], { XIAONIU_LANG: 'en' }).err).toContain('it is a folder');
  });

  it('refuses a FIFO (it would otherwise be swapped for a plain file) with exit 2 and writes nothing', () => {
    const { dir, db } = setup();
    const fifo = path.join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const before = listing(dir);
    const r = run(['phrases', 'export', fifo, '--json', '--db', db], { XIAONIU_LANG: 'en' });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toContain('it is a named pipe (FIFO)');
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(listing(dir)).toEqual(before);
  });

  it('refuses a device and a link to one (/dev/null), and a dangling link', () => {
    const { dir, db } = setup();
    expect(run(['phrases', 'export', '/dev/null', '--db', db]).code).toBe(2);
    fs.symlinkSync('/dev/null', path.join(dir, 'null.csv'));
    const r = run(['phrases', 'export', path.join(dir, 'null.csv'), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('这是一个设备');
    fs.symlinkSync(path.join(dir, 'nowhere', 'x.csv'), path.join(dir, 'dangling.csv'));
    expect(run(['phrases', 'export', path.join(dir, 'dangling.csv'), '--db', db]).err).toContain('指向不存在位置的符号链接');
  });

  it('follows a link to a regular file: the file is replaced, the link kept, its permissions too', () => {
    const { dir, db } = setup();
    const real = path.join(dir, 'real.csv');
    fs.writeFileSync(real, 'old', { mode: 0o600 });
    fs.chmodSync(real, 0o600);
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync(real, link);
    expect(run(['phrases', 'export', link, '--db', db]).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('\ufeff分组,快捷编码,短语内容\r\n默认分组,,亲，在的\r\n');
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
    expect(listing(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a workbook whose workbook part is not called xl/workbook.xml', () => {
  /**
   * The team template as a tool that names its parts its own way writes it: the workbook part is
   * `xl/workbook2.xml`, and the package's content types and relationships say so (rebuilt with
   * yazl, the zip writer the app uses).
   */
  async function renamedTemplate(): Promise<Buffer> {
    const source = await yauzl.fromBufferPromise(fs.readFileSync(path.join(root, 'fixtures', 'packs', 'team-template.xlsx')), { lazyEntries: true });
    const out = new yazl.ZipFile();
    for await (const entry of source.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue; // a folder entry
      const chunks: Buffer[] = [];
      for await (const c of (await source.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(c);
      let body = Buffer.concat(chunks);
      if (entry.fileName === '[Content_Types].xml' || entry.fileName === '_rels/.rels') body = Buffer.from(body.toString('utf8').replace('xl/workbook.xml', 'xl/workbook2.xml'));
      out.addBuffer(body, entry.fileName.replace(/workbook\.xml/, 'workbook2.xml'));
    }
    out.end();
    const chunks: Buffer[] = [];
    for await (const c of out.outputStream as AsyncIterable<Buffer>) chunks.push(c);
    return Buffer.concat(chunks);
  }

  it('is imported as the workbook it is, and reported in the user’s language', async () => {
    const dir = tmp();
    const file = path.join(dir, 'team.xlsx');
    const bytes = await renamedTemplate();
    expect(bytes.includes('xl/workbook.xml')).toBe(false);
    fs.writeFileSync(file, bytes);
    const r = run(['phrases', 'import', file, '--json', '--db', path.join(dir, 'x.db')]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 4, encoding: 'utf-8', ignoredColumns: ['话术标题'] });
    const en = run(['phrases', 'import', file, '--db', path.join(dir, 'y.db')], { XIAONIU_LANG: 'en' });
    expect(en.code, en.err).toBe(0);
    expect(en.out).toMatch(/^Imported 4, duplicates 0, .*\(xlsx, utf-8\)\.\n/);
  });
});
