import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latestSchemaVersion, openDatabase, PAGE_CACHE_KIB } from './db';
import { isXiaoniuError } from '../shared/errors';

function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-db-')), name);
}

/** The `XiaoniuError` opening `file` throws, as {code, params}. */
function refusal(file: string): { code: string; params: Record<string, string | number> } {
  try {
    openDatabase(file).close();
  } catch (e) {
    if (isXiaoniuError(e)) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error(`openDatabase(${file}) did not refuse`);
}

/** A Xiaoniu database holding `count` phrases, checkpointed into its main file. */
function xiaoniuDatabase(file: string, count: number): void {
  const db = openDatabase(file);
  const insert = db.prepare(
    `INSERT INTO phrase (group_id, content, sort_order, created_at, updated_at) VALUES (1, ?, ?, 0, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`亲，这是第${i}条快捷短语，支持七天无理由退换货`, i);
  })();
  db.close();
}

describe('openDatabase refuses a file that is not a Xiaoniu database', () => {
  it("another program's SQLite database (user_version 0, tables of its own) is refused and left byte-identical", () => {
    const file = tempFile('accounts.db');
    const other = new BetterSqlite3(file);
    other.exec(`CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO account (name) VALUES ('张三');`);
    other.close();
    const before = fs.readFileSync(file);
    expect(refusal(file)).toEqual({ code: 'store.notXiaoniu', params: { file } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['accounts.db']);
  });

  it("another program's WAL-mode database keeps its main file byte-identical and its own rows", () => {
    const file = tempFile('wal.db');
    const other = new BetterSqlite3(file);
    other.pragma('journal_mode = WAL');
    other.exec(`CREATE TABLE note (body TEXT); INSERT INTO note VALUES ('keep me');`);
    other.close();
    const before = fs.readFileSync(file);
    expect(refusal(file).code).toBe('store.notXiaoniu');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.prepare('SELECT body FROM note').pluck().all()).toEqual(['keep me']);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it('every connection gets the settings the store relies on: WAL, synchronous NORMAL, foreign keys, a 32 MB page cache', () => {
    const db = openDatabase(tempFile('settings.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(PAGE_CACHE_KIB).toBe(32 * 1024);
    db.close();
  });

  it('a missing file, a 0-byte file and a database without any table are initialised', () => {
    const missing = tempFile('new.db');
    const empty = tempFile('empty.db');
    fs.writeFileSync(empty, '');
    const noTables = tempFile('no-tables.db');
    const bare = new BetterSqlite3(noTables);
    bare.exec('CREATE TABLE scratch (x); DROP TABLE scratch;');
    bare.close();
    expect(fs.statSync(noTables).size).toBeGreaterThan(0);
    for (const file of [missing, empty, noTables]) {
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true }), file).toBe(latestSchemaVersion());
      expect(db.prepare('SELECT name FROM phrase_group').pluck().all()).toEqual(['默认分组']);
      db.close();
    }
  });

  it.each([
    ['garbage bytes', (f: string) => fs.writeFileSync(f, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)))],
    ['a text file named xiaoniu.db', (f: string) => fs.writeFileSync(f, '亲，在的\r\nhello\r\n'.repeat(200))],
    [
      'a truncated Xiaoniu database',
      (f: string) => {
        xiaoniuDatabase(f, 3000);
        const whole = fs.readFileSync(f);
        fs.writeFileSync(f, whole.subarray(0, Math.floor(whole.length / 2)));
      },
    ],
    ['a Xiaoniu database cut inside its header', (f: string) => {
      xiaoniuDatabase(f, 10);
      fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 60));
    }],
  ])('%s gets store.corrupt naming the file, and the file stays as it was', (_name, make) => {
    const file = tempFile('xiaoniu.db');
    make(file);
    const before = fs.readFileSync(file);
    expect(refusal(file)).toEqual({ code: 'store.corrupt', params: { file } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a page damaged after opening surfaces as SQLITE_CORRUPT, which the edges map to store.corruptWhileReading', async () => {
    const { asXiaoniuError } = await import('../shared/errors');
    const file = tempFile('damaged.db');
    xiaoniuDatabase(file, 3000);
    // Overwrite the pages of the second half of the file with garbage (the phrase table's and its
    // indexes' alike, whatever the page size); page 1 (the schema) is intact, so it opens.
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const page = Math.max(1, Math.floor(bytes.length / pageSize / 2));
    bytes.fill(0xa5, page * pageSize);
    fs.writeFileSync(file, bytes);
    const db = openDatabase(file);
    let error: unknown;
    try {
      db.prepare('SELECT COUNT(*), MAX(content) FROM phrase').get();
    } catch (e) {
      error = e;
    }
    db.close();
    expect(asXiaoniuError(error)?.code).toBe('store.corruptWhileReading');
  });
});

describe('openDatabase names why it cannot open a file, in the catalogue’s words only', () => {
  it('an error without a code (a migration’s bug, a driver TypeError) is reason EUNKNOWN, its English text kept as the cause', async () => {
    const { translate } = await import('../i18n');
    const file = tempFile('xiaoniu.db');
    const bug = new TypeError('Cannot read properties of undefined (reading "exec")');
    let error: unknown;
    try {
      openDatabase(file, { migrations: [{ version: 10, name: 'broken', up: () => { throw bug; } }] }).close();
    } catch (e) {
      error = e;
    }
    expect(isXiaoniuError(error, 'store.cannotOpen')).toBe(true);
    const known = error as Error & { params: Record<string, string | number> };
    expect(known.params).toEqual({ file, reason: 'EUNKNOWN' });
    expect(known.cause).toBe(bug);
    const zh = translate('zh-CN', 'errors.store.cannotOpen', known.params);
    const en = translate('en', 'errors.store.cannotOpen', known.params);
    expect(zh).toBe(`无法打开数据库 ${file}：原因不明`);
    expect(en).toBe(`Cannot open the database ${file}: an unexpected error`);
  });

  it('an error with a system code keeps that code as its reason', () => {
    // A folder where the database file should be: SQLite cannot open it.
    const dir = tempFile('xiaoniu.db');
    fs.mkdirSync(dir);
    const r = refusal(dir);
    expect(r.code).toBe('store.cannotOpen');
    // SQLITE_IOERR_READ on Linux; the catalogue reads an extended code as its primary one.
    expect(r.params.reason).toMatch(/^SQLITE_[A-Z_]+$/);
  });
});
