import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { SearchState } from './search-state';
import type { SearchReply, SearchRequest, SearchWorkerInput } from './search-backend';

/**
 * The search worker thread (see `workerSearchBackend`): owns the phrase search index, applies the
 * main thread's writes and answers its searches strictly in the order they were posted. It reads
 * the store on its own read-only connection (WAL lets it read while the main connection writes),
 * and never writes.
 */
const input = workerData as SearchWorkerInput;
// Read-only and without migrations: the main thread opened (and migrated) the database already.
const db = new BetterSqlite3(input.dbFile, { readonly: true, fileMustExist: true });
const state = new SearchState();
/** Set when a rebuild failed: the next search tries again and reports the failure if it persists. */
let stale = false;

function rebuild(): void {
  try {
    state.load(db);
    stale = false;
  } catch {
    stale = true;
  }
}

function reply(r: SearchReply): void {
  parentPort!.postMessage(r);
}

parentPort!.on('message', (m: SearchRequest) => {
  switch (m.type) {
    case 'rebuild':
      rebuild();
      return;
    case 'upsert':
      if (!stale) state.upsert(m.phrase, m.listOrder);
      return;
    case 'remove':
      if (!stale) state.remove(m.id);
      return;
    case 'search':
    case 'settled':
      try {
        if (stale) state.load(db);
        stale = false;
        reply({ seq: m.seq, ok: true, value: m.type === 'search' ? state.search(m.query, m.limit) : null });
      } catch (e) {
        reply({ seq: m.seq, ok: false, message: (e as Error)?.message ?? String(e) });
      }
      return;
  }
});
