import type { Database } from '../store/db';
import * as repo from './repo';
import { SearchIndex, type SearchDoc } from './search';
import { SuggestIndex } from './suggest';
import type { Phrase, PhraseSearchResult } from './types';

/**
 * Where a phrase sits in the panel's display order, as one number: its group's position, then its
 * own sort order within the group (sort orders stay far below 2^32). Both sides of the search
 * worker compute it with this one function, so an incremental update and a rebuild agree.
 */
export function listOrderOf(groupRank: ReadonlyMap<number, number>, groupId: number, sortOrder: number): number {
  return (groupRank.get(groupId) ?? 0) * 2 ** 32 + sortOrder;
}

/** Group id → position in the display order (0 first), read from the store. */
export function loadGroupRank(db: Database): Map<number, number> {
  return new Map(repo.groupIdsInOrder(db).map((id, i) => [id, i]));
}

/**
 * The search index together with the phrases it answers with, so a search needs no query per hit.
 * One lives on the search worker thread in the app (see `search-backend.ts`), one in-process in
 * the CLI and the tests. Not thread-safe.
 */
export class SearchState {
  private index = new SearchIndex();
  private byId = new Map<number, Phrase>();
  private orders = new Map<number, number>();
  /** Built at the first suggestion, not with the search index: most sessions search long before a buyer writes. */
  private suggestions: SuggestIndex | null = null;

  /**
   * Replaces everything with the store's current phrases, read in one transaction so groups and
   * phrases come from the same snapshot. Cost: ~0.3 s reading plus the index build for 100,000
   * phrases (the bench reports it).
   */
  load(db: Database): void {
    const { groupRank, phrases } = db.transaction(() => ({ groupRank: loadGroupRank(db), phrases: repo.listPhrases(db) })).deferred();
    const docs: SearchDoc[] = new Array(phrases.length);
    this.byId = new Map();
    this.orders = new Map();
    for (let i = 0; i < phrases.length; i++) {
      const p = phrases[i]!;
      const order = listOrderOf(groupRank, p.groupId, p.sortOrder);
      this.byId.set(p.id, p);
      this.orders.set(p.id, order);
      docs[i] = toDoc(p, order);
    }
    this.index = new SearchIndex(docs);
    this.suggestions = null;
  }

  /**
   * Adds or replaces one phrase. When only its use count changed (a send), just its rank moves;
   * otherwise it is re-indexed, and the index is rebuilt from memory once its tail has grown.
   */
  upsert(phrase: Phrase, listOrder: number): void {
    const old = this.byId.get(phrase.id);
    this.byId.set(phrase.id, phrase);
    this.suggestions?.upsert({ id: phrase.id, content: phrase.content, useCount: phrase.useCount, listOrder });
    if (old && old.content === phrase.content && old.shortcutCode === phrase.shortcutCode && this.orders.get(phrase.id) === listOrder) {
      this.index.setUseCount(phrase.id, phrase.useCount);
      return;
    }
    this.orders.set(phrase.id, listOrder);
    this.index.upsert(toDoc(phrase, listOrder));
    if (this.index.needsRebuild()) this.rebuildFromMemory();
  }

  /** Forgets a phrase; unknown ids are ignored. */
  remove(id: number): void {
    if (!this.byId.delete(id)) return;
    this.orders.delete(id);
    this.index.remove(id);
    this.suggestions?.remove(id);
    if (this.index.needsRebuild()) this.rebuildFromMemory();
  }

  /** Ranked search (rules in `search.ts`): the first `limit` hits and the total. */
  search(query: string, limit: number): PhraseSearchResult {
    const found = this.index.search(query, limit);
    const hits = [];
    for (const id of found.ids) {
      const phrase = this.byId.get(id);
      if (phrase) hits.push({ phrase, codeMatch: found.codeMatches.has(id) });
    }
    return { hits, total: found.total };
  }

  /**
   * Suggested replies for a buyer's message (rules in `suggest.ts`): up to `limit` phrases, best
   * first; `total` is the number returned. The first call builds the suggestion index (~0.3 s for
   * 100,000 phrases, on the search worker in the app).
   */
  suggest(message: string, limit: number): PhraseSearchResult {
    if (!this.suggestions) {
      const docs = [];
      for (const [id, p] of this.byId) docs.push({ id, content: p.content, useCount: p.useCount, listOrder: this.orders.get(id)! });
      this.suggestions = new SuggestIndex(docs);
    }
    const hits = this.suggestions.suggest(message, limit).map((id) => ({ phrase: this.byId.get(id)!, codeMatch: false }));
    return { hits, total: hits.length };
  }

  /** Number of phrases held. */
  get size(): number {
    return this.byId.size;
  }

  private rebuildFromMemory(): void {
    const docs: SearchDoc[] = [];
    for (const [id, p] of this.byId) docs.push(toDoc(p, this.orders.get(id)!));
    this.index = new SearchIndex(docs);
  }
}

function toDoc(p: Phrase, listOrder: number): SearchDoc {
  return { id: p.id, content: p.content, shortcutCode: p.shortcutCode, useCount: p.useCount, listOrder };
}
