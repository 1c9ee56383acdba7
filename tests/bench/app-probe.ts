import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../main/app';

/**
 * The quick-phrase bench's in-app part, run as its own process the way a host runs the app (the
 * bench's own process holds the generated library and would charge its garbage collection to the
 * app): start the app on DB and time it while the main thread's event loop is watched; run the
 * queries in QUERIES (a JSON array) through the phrase service, top 200 plus the total; import
 * PACK replacing the list through the window's API; search again. Prints one JSON document.
 *
 *   node dist/tests/bench/app-probe.js DB QUERIES PACK
 */
async function main(): Promise<void> {
  const [db, queriesFile, pack] = process.argv.slice(2);
  const queries = JSON.parse(fs.readFileSync(queriesFile!, 'utf8')) as string[];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  const app = await createApp({ dbFile: db! });
  const startMs = performance.now() - t0;
  // A tick, so the histogram closes its last interval.
  await new Promise((r) => setTimeout(r, 20));
  loop.disable();
  const startStallMs = loop.max / 1e6;

  const first = performance.now();
  await app.phrases.search(queries[0]!, 200);
  const firstSearchMs = performance.now() - first;
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await app.phrases.search(q, 200);
    times.push(performance.now() - t);
  }

  // The whole library again, replacing the list, as the import dialog does it: on the import
  // worker, the summary once the index is rebuilt; then the next search is like any other.
  const bytes = new Uint8Array(fs.readFileSync(pack!));
  loop.reset();
  loop.enable();
  const ti = performance.now();
  const imported = await app.call('packs.import', { jobId: 'bench', bytes, replace: true });
  const importMs = performance.now() - ti;
  if (!imported.ok) throw new Error(`import through the app failed: ${JSON.stringify(imported.error)}`);
  const after = performance.now();
  await app.phrases.search(queries[1]!, 200);
  const afterImportSearchMs = performance.now() - after;
  await new Promise((r) => setTimeout(r, 20));
  loop.disable();
  const importStallMs = loop.max / 1e6;
  await app.close();
  process.stdout.write(JSON.stringify({ startMs, startStallMs, firstSearchMs, times, importMs, importStallMs, afterImportSearchMs }) + '\n');
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
