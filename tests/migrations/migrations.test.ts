import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latestSchemaVersion, openDatabase } from '../../main/store/db';
import { migrations } from '../../main/store/migrations';
import { isXiaoniuError } from '../../main/shared/errors';

function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-mig-')), name);
}

/** Rows a database of each version holds before the upgrade, and how to check them after. */
const seeds: Record<number, { seed: (db: ReturnType<typeof openDatabase>) => void }> = {
  10: {
    seed: (db) => {
      db.prepare(`INSERT INTO phrase_group (name, sort_order, created_at, updated_at) VALUES ('售后', 1, 5, 5)`).run();
      db.prepare(
        `INSERT INTO phrase (group_id, shortcut_code, code_key, content, sort_order, use_count, created_at, updated_at)
         VALUES ((SELECT id FROM phrase_group WHERE name = '售后'), 'th', 'th', '亲，支持七天无理由退换货', 0, 3, 5, 5)`,
      ).run();
    },
  },
  20: {
    seed: (db) => {
      db.prepare(`INSERT INTO setting (key, value, updated_at) VALUES ('phrases.starterPackSeeded', 'true', 7)`).run();
    },
  },
};

describe('migrations', () => {
  it('are numbered in increasing order and every shipped version has seed rows in this test', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    for (const v of versions) expect(seeds[v], `add seed rows for migration ${v} to this test`).toBeDefined();
  });

  it.each(migrations.map((m, i) => [m.version, i] as const))('upgrade a database of version %i to the latest, keeping its rows', (version, i) => {
    const file = tempFile('old.db');
    const old = openDatabase(file, { migrations: migrations.slice(0, i + 1) });
    for (const m of migrations.slice(0, i + 1)) seeds[m.version]!.seed(old);
    expect(old.pragma('user_version', { simple: true })).toBe(version);
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    const phrase = db.prepare(`SELECT p.content, p.use_count, g.name FROM phrase p JOIN phrase_group g ON g.id = p.group_id`).get();
    expect(phrase).toEqual({ content: '亲，支持七天无理由退换货', use_count: 3, name: '售后' });
    expect(db.prepare(`SELECT name FROM phrase_group ORDER BY sort_order`).pluck().all()).toEqual(['默认分组', '售后']);
    db.close();
  });

  it('refuse a database from a newer Xiaoniu and leave the file byte-for-byte untouched', () => {
    const file = tempFile('future.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${latestSchemaVersion() + 10}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(isXiaoniuError(error, 'store.fromTheFuture')).toBe(true);
    expect((error as { params: Record<string, number> }).params.found).toBe(latestSchemaVersion() + 10);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });

  it('roll every pending step back when one fails', () => {
    const file = tempFile('broken.db');
    const broken = [...migrations, { version: 990, name: 'boom', up: () => { throw new Error('boom'); } }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = openDatabase(file, { migrations: [] });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all()).toEqual([]);
    db.close();
  });

  it('let a later step rebuild a parent table without cascading into the phrases', () => {
    const file = tempFile('rebuild.db');
    const db = openDatabase(file);
    seeds[10]!.seed(db);
    db.close();
    const rebuild = {
      version: 990,
      name: 'rebuild-groups',
      up: (d: ReturnType<typeof openDatabase>) =>
        d.exec(`CREATE TABLE phrase_group_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, sort_order INTEGER NOT NULL,
                  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, color TEXT);
                INSERT INTO phrase_group_new (id, name, sort_order, created_at, updated_at) SELECT id, name, sort_order, created_at, updated_at FROM phrase_group;
                DROP TABLE phrase_group;
                ALTER TABLE phrase_group_new RENAME TO phrase_group;`),
    };
    const after = openDatabase(file, { migrations: [...migrations, rebuild] });
    expect(after.prepare('SELECT COUNT(*) FROM phrase').pluck().get()).toBe(1);
    expect(after.pragma('foreign_keys', { simple: true })).toBe(1);
    after.close();
  });

  it('match the schema snapshot (a change must be deliberate: run `npx vitest run tests/migrations -u`)', () => {
    const db = openDatabase(':memory:');
    const schema = db
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`)
      .all()
      .map((r) => (r as { sql: string }).sql.replace(/\s+/g, ' '));
    expect(schema).toMatchSnapshot();
    db.close();
  });

  it('serve the display-order listing from its index, not a table scan', () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM phrase WHERE group_id = 1 ORDER BY sort_order`)
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toContain('phrase_by_group_order');
    db.close();
  });
});
