import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latestSchemaVersion } from '../../main/store/db';

/**
 * Eight real processes (the app, the browser host, CLI runs …) opening one new database file at
 * the same instant. Before the migration read `user_version` inside its write transaction, this
 * failed in 13 of 20 rounds with "table phrase_group already exists" (store.cannotOpen), and the
 * WAL switch failed with SQLITE_BUSY once that was fixed. Uses the compiled
 * dist/main/store/db.js — run `npm run build` first if it is missing.
 */
const dbModule = path.resolve(__dirname, '..', '..', 'dist', 'main', 'store', 'db.js');
const PROCESSES = 8;
const ROUNDS = 12;

/** Each child loads the store, says `ready`, then spins until the instant the parent sends. */
const CHILD = `
const { openDatabase } = require(process.argv[1]);
process.stdout.write('ready\\n');
process.stdin.once('data', (d) => {
  const at = Number(String(d).trim());
  while (Date.now() < at) {}
  try {
    openDatabase(process.argv[2]).close();
    process.stdout.write('ok\\n');
  } catch (e) {
    process.stdout.write('failed ' + (e.code || '') + ' ' + e.message + '\\n');
  }
  process.exit(0);
});
`;

async function round(file: string): Promise<string[]> {
  const children = Array.from({ length: PROCESSES }, () => spawn(process.execPath, ['-e', CHILD, dbModule, file]));
  const outputs = children.map((child) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (out += String(d)));
    return {
      ready: new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready') && resolve())),
      done: new Promise<string>((resolve) => child.on('close', () => resolve(out.replace('ready\n', '').trim()))),
    };
  });
  await Promise.all(outputs.map((o) => o.ready));
  const at = String(Date.now() + 100);
  for (const child of children) child.stdin.end(at + '\n');
  return Promise.all(outputs.map((o) => o.done));
}

describe('opening one new database from eight processes at once', () => {
  it(`succeeds in every process, ${ROUNDS} rounds in a row, and migrates once, in WAL mode`, async () => {
    expect(fs.existsSync(dbModule), `${dbModule} is missing: run npm run build`).toBe(true);
    for (let r = 0; r < ROUNDS; r++) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-race-')), 'xiaoniu.db');
      const results = await round(file);
      expect(results, `round ${r}`).toEqual(Array(PROCESSES).fill('ok'));
      const db = new BetterSqlite3(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT name FROM phrase_group').pluck().all()).toEqual(['默认分组']);
      db.close();
    }
  }, 120_000);
});
