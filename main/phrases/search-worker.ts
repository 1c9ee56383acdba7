import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { SearchState } from './search-state';
import { packHits, type SearchReply, type SearchRequest, type SearchWorkerInput } from './search-backend';

/**
 * The search worker thread (see `workerSearchBackend`): owns the phrase search index, applies the
 * main thread's writes and answers its searches strictly in the order they were posted. It reads
 * the store on its own read-only connection (WAL lets it read while the main connection writes),
 * and never writes.
 *
 * Rebuilds are coalesced: a `rebuild` only marks the index stale and schedules the work for when
 * the messages already waiting have been taken in, so five group moves in a row cost one or two
 * rebuilds, not five (about a second each for 100,000 phrases). A search or `settled` that meets a
 * stale index rebuilds it first, so it still sees every write made before it; writes posted while
 * the index is stale are skipped, the coming rebuild reading them from the store.
 */
const input = workerData as SearchWorkerInput;
// Read-only and without migrations: the main thread opened (and migrated) the database already.
const db = new BetterSqlite3(input.dbFile, { readonly: true, fileMustExist: true });
const state = new SearchState();
/**
 * The index does not reflect the store: a rebuild was asked for and not done yet, or it failed (the
 * next search tries again and reports the failure if it persists).
 */
let stale = false;

/**
 * Runs a few queries after each build, so the first search the agent makes meets compiled code
 * (the bench requires it to be as fast as any other): words of one to four characters taken from
 * the library itself — each length takes another path through the index — a code prefix, a
 * `/code` and two terms.
 */
function warmUp(): void {
  const sample = state.search('', 50).hits.map((h) => h.phrase);
  const text = sample.map((p) => p.content).join('') || '的发货好评';
  const code = sample.find((p) => p.shortcutCode)?.shortcutCode ?? 'a';
  const queries = [1, 2, 3, 4].map((n) => text.slice(0, n));
  queries.push(code.slice(0, 1), `/${code}`, `${text.slice(0, 1)} ${text.slice(1, 3)}`);
  for (let round = 0; round < 5; round++) for (const q of queries) state.search(q, 200);
}

/** Brings a stale index up to date; throws what reading the store throws (it stays stale then). */
function catchUp(): void {
  if (!stale) return;
  state.load(db);
  stale = false;
  warmUp();
}

function reply(r: SearchReply): void {
  parentPort!.postMessage(r);
}

parentPort!.on('message', (m: SearchRequest) => {
  switch (m.type) {
    case 'rebuild':
      if (!stale) {
        stale = true;
        // After the messages already queued (more rebuilds among them) have been taken in.
        setImmediate(() => {
          try {
            catchUp();
          } catch {
            // Left stale: the next search rebuilds and reports what went wrong.
          }
        });
      }
      return;
    case 'upsert':
      if (!stale) state.upsert(m.phrase, m.listOrder);
      return;
    case 'remove':
      if (!stale) state.remove(m.id);
      return;
    case 'search':
    case 'suggest':
    case 'settled':
      try {
        catchUp();
        const value = m.type === 'search' ? packHits(state.search(m.query, m.limit)) : m.type === 'suggest' ? packHits(state.suggest(m.message, m.limit)) : null;
        reply({ seq: m.seq, ok: true, value });
      } catch (e) {
        reply({ seq: m.seq, ok: false, message: (e as Error)?.message ?? String(e) });
      }
      return;
  }
});
