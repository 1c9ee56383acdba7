import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A database the CLI and the browser host must not use — another program's SQLite file, garbage,
 * a truncated file, a text file named xiaoniu.db — is refused in one line of the user's language
 * naming the file, exit 2, no stack trace, the file unchanged. Subprocesses of the compiled
 * `bin/` scripts (run `npm run build` first if they are missing).
 */
const root = path.resolve(__dirname, '..', '..');

function run(script: string, args: string[], lang: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, XIAONIU_LANG: lang },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tempDb(make: (file: string) => void): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-clidb-')), 'xiaoniu.db');
  make(file);
  return file;
}

const cases: [string, (file: string) => void, RegExp, RegExp][] = [
  [
    "another program's database",
    (f) => {
      const db = new BetterSqlite3(f);
      db.exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders (total) VALUES (99.5);`);
      db.close();
    },
    /是其他程序的 SQLite 数据库/,
    /is another program's SQLite database/,
  ],
  ['garbage bytes', (f) => fs.writeFileSync(f, Buffer.alloc(4096, 0x5a)), /已损坏或不是数据库/, /is damaged or is not a database/],
  ['a text file', (f) => fs.writeFileSync(f, '分组,快捷编码,短语内容\n售前,hi,亲，在的\n'), /已损坏或不是数据库/, /is damaged or is not a database/],
  [
    'a truncated database',
    (f) => {
      const csv = path.join(path.dirname(f), 'p.csv');
      fs.writeFileSync(csv, ['短语内容', ...Array.from({ length: 2000 }, (_, i) => `亲，这是第${i}条快捷短语`)].join('\n'));
      expect(run('xiaoniu.js', ['phrases', 'import', csv, '--db', f], 'zh-CN').code).toBe(0);
      // Its last page gone, whatever the page size (a download cut short on a page boundary).
      const whole = fs.readFileSync(f);
      fs.writeFileSync(f, whole.subarray(0, whole.length - whole.readUInt16BE(16)));
    },
    /已损坏或不是数据库/,
    /is damaged or is not a database/,
  ],
];

describe('a database that is not Xiaoniu’s, or is damaged', () => {
  it.each(cases)('%s: the CLI says so in one line naming the file, exit 2, file unchanged', (_name, make, zh, en) => {
    const file = tempDb(make);
    const before = fs.readFileSync(file);
    const r = run('xiaoniu.js', ['phrases', 'list', '--db', file], 'zh-CN');
    expect(r.code, r.err).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(zh);
    expect(r.err).toContain(file);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    const english = run('xiaoniu.js', ['phrases', 'import', path.join(root, 'fixtures', 'starter-pack.csv'), '--json', '--db', file], 'en');
    expect(english.code).toBe(2);
    const { error } = JSON.parse(english.out) as { error: string };
    expect(error).toMatch(en);
    expect(error).not.toMatch(/[\u4e00-\u9fff]/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it.each(cases)('%s: the browser host prints the message and exits 2 instead of a stack trace', (_name, make, zh) => {
    const file = tempDb(make);
    const before = fs.readFileSync(file);
    const r = run('xiaoniu-serve.js', ['--db', file, '--port', '0'], 'zh-CN');
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err).toMatch(zh);
    expect(r.err).toContain(file);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
