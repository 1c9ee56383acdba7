import fs from 'node:fs';
import Papa from 'papaparse';
import Database from 'better-sqlite3';

/**
 * The bench's "bare stack" floor (README.md "Benchmarks"): what papaparse + better-sqlite3 cost
 * with no rules, no duplicates, no codes and no search — one prepared statement in one transaction
 * into a bare 3-column table, and an export with `.raw().all()` and string joins. Run as a
 * subprocess, like the CLI, so both include Node's start-up.
 *
 *   node dist/tests/bench/bare.js import FILE DB
 *   node dist/tests/bench/bare.js export DB FILE
 */
function main(argv: string[]): void {
  const [mode, a, b] = argv;
  if (mode === 'import') {
    const text = fs.readFileSync(a!, 'utf8').replace(/^\ufeff/, '');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    const db = new Database(b!);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS t (grp TEXT, code TEXT, content TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 1; i < parsed.data.length; i++) {
        const r = parsed.data[i]!;
        insert.run(r[0], r[1], r[2]);
      }
    })();
    db.close();
  } else if (mode === 'export') {
    const db = new Database(a!, { readonly: true });
    const rows = db.prepare('SELECT grp, code, content FROM t').raw().all() as string[][];
    const lines = ['分组,快捷编码,短语内容'];
    for (const r of rows) lines.push(r.join(','));
    fs.writeFileSync(b!, '\ufeff' + lines.join('\r\n') + '\r\n');
    db.close();
  } else {
    throw new Error('usage: bare.js import FILE DB | export DB FILE');
  }
}

main(process.argv.slice(2));
