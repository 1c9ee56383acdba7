import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';

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
    expect(JSON.parse(r.out)).toEqual({ imported: 4, duplicates: 0, problems: [], groups: 3, encoding: 'gb18030', ignoredColumns: [] });

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
