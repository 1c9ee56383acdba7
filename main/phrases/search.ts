import { codePart, fold, isCodeTerm, queryTerms } from './match';

export { queryTerms } from './match';

/**
 * The in-memory search index behind the phrase panel, the `/code` suggestions and
 * `xiaoniu phrases search` (docs/phrases.md "Search").
 *
 * Semantics (tested against a plain substring scan): the query is folded ({@link fold}: NFKC + case
 * folding) and split on whitespace into terms; a phrase matches when every term occurs in its folded
 * content or is a prefix of its folded shortcut code — a `/code` term ({@link isCodeTerm}) only the
 * latter. Rank, so that typing a whole code never picks another phrase: a code equal to a term
 * first; then the other code-prefix matches, shorter codes first, then higher use count; then
 * content matches by use count; ties by list (display) order. A blank query matches everything in
 * list order.
 *
 * Why not SQLite FTS5: its trigram tokenizer cannot serve one- and two-character queries, and most
 * Chinese words are two characters (发货, 退款). Instead, like Lucene's CJK analyzer, every code unit
 * (unigram) and every overlapping pair (bigram) of the folded content is posted. Unigram postings are
 * exact; bigrams are hashed into up to 2^20 buckets, so a longer term takes the smallest bucket among its
 * bigrams as candidates and confirms each with `includes` — the index narrows, the scan decides, and
 * the answer always equals the oracle's. Postings live in flat Int32Arrays (CSR), built in two passes,
 * so 100,000 phrases cost tens of MB, not a Map entry per n-gram.
 *
 * Phrases added or edited after a build go to a short tail that is scanned; removed ones are
 * tombstoned. The owner rebuilds when the tail grows (see {@link SearchIndex.needsRebuild}).
 */

/** One phrase as the index sees it. */
export interface SearchDoc {
  /** The phrase id in the store. */
  id: number;
  content: string;
  shortcutCode: string | null;
  useCount: number;
  /** Position in the panel's display order (group order, then phrase order); smaller is earlier. */
  listOrder: number;
}

/** A search answer: matching phrase ids, ranked, and how many matched in all. */
export interface SearchHits {
  /** Phrase ids in rank order, at most `limit` of them. */
  ids: number[];
  /** The ids among {@link ids} whose shortcut code starts with one of the terms. */
  codeMatches: Set<number>;
  /** Number of matching phrases, however many were returned. */
  total: number;
}

/** Most bigram buckets (2^20); a small library gets fewer so a build stays cheap. */
const MAX_BIGRAM_BITS = 20;
const MIN_BIGRAM_BITS = 8;
/** Up to this many matches are sorted; more are ranked by walking the kept rank order. */
const SMALL_RESULT = 4096;
/** A tail longer than this makes the owner rebuild before the next search. */
const MAX_TAIL = 2000;

function bigramBucket(a: number, b: number, mask: number): number {
  return ((Math.imul(a, 0x9e3779b1) >>> 12) ^ b) & mask;
}

/** Postings in compressed-sparse-row form: docs of bucket k are docs[offsets[k] .. offsets[k+1]). */
interface Postings {
  offsets: Int32Array;
  docs: Int32Array;
  /**
   * Bigrams only: the one pair (a·65536 + b) a bucket holds, or -1 when two or more pairs share it.
   * A two-character term whose bucket holds only that pair needs no `includes` check.
   */
  pairOf?: Float64Array;
}

function buildPostings(keys: string[], count: number, buckets: number, keyOf: (s: string, i: number) => number, width: number): Postings {
  const counts = new Int32Array(buckets + 1);
  const last = new Int32Array(buckets).fill(-1);
  const pairOf = width === 2 ? new Float64Array(buckets).fill(-2) : undefined;
  for (let d = 0; d < count; d++) {
    const s = keys[d]!;
    for (let i = 0; i + width <= s.length; i++) {
      const k = keyOf(s, i);
      if (pairOf) {
        const pair = s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
        const had = pairOf[k]!;
        if (had === -2) pairOf[k] = pair;
        else if (had !== pair) pairOf[k] = -1;
      }
      if (last[k] !== d) {
        last[k] = d;
        counts[k + 1]!++;
      }
    }
  }
  for (let k = 0; k < buckets; k++) counts[k + 1]! += counts[k]!;
  const offsets = counts;
  const fill = offsets.slice(0, buckets);
  const docs = new Int32Array(offsets[buckets]!);
  last.fill(-1);
  for (let d = 0; d < count; d++) {
    const s = keys[d]!;
    for (let i = 0; i + width <= s.length; i++) {
      const k = keyOf(s, i);
      if (last[k] !== d) {
        last[k] = d;
        docs[fill[k]!++] = d;
      }
    }
  }
  return pairOf ? { offsets, docs, pairOf } : { offsets, docs };
}

const unigramKey = (s: string, i: number) => s.charCodeAt(i);

/**
 * Doc numbers kept sorted by a total order, updated one entry at a time (binary search and
 * splice — a memmove, ~0.05 ms for 100,000 entries) so a send or an edit never re-sorts the
 * library. `before(a, b)` must not change for a doc while it is in the list: remove it first.
 */
class SortedDocs {
  list: number[] = [];
  constructor(private readonly before: (a: number, b: number) => boolean) {}

  /** Replaces the contents with `docs`, sorted. */
  reset(docs: number[]): void {
    docs.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
    this.list = docs;
  }

  private lowerBound(d: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(this.list[mid]!, d)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(d: number): void {
    this.list.splice(this.lowerBound(d), 0, d);
  }

  remove(d: number): void {
    const at = this.lowerBound(d);
    if (this.list[at] === d) this.list.splice(at, 1);
  }
}

/**
 * The index. Doc numbers are internal and dense; `ids[d]` maps back to the phrase id.
 * Not thread-safe; one per phrase service.
 */
export class SearchIndex {
  private ids: number[] = [];
  private contentKeys: string[] = [];
  private codeKeys: (string | null)[] = [];
  private useCounts: number[] = [];
  private listOrders: number[] = [];
  private alive: Uint8Array = new Uint8Array(0);
  private docOf = new Map<number, number>();
  /** Docs [0, baseCount) are in the postings; the rest are the scanned tail. */
  private baseCount = 0;
  private uni: Postings = { offsets: new Int32Array(65537), docs: new Int32Array(0) };
  private bi: Postings = { offsets: new Int32Array(2), docs: new Int32Array(0) };
  private biMask = 0;
  private dead = 0;
  /** Per-query scratch: terms satisfied, and whether a term prefixed the code, per doc. */
  private hits = new Uint16Array(0);
  private codeHit = new Uint8Array(0);
  /** Per-query scratch: 1 when a term equals the doc's folded code. */
  private codeExact = new Uint8Array(0);
  // Ties broken by doc number so each order is total and binary search finds a doc exactly.
  private readonly rankBefore = (a: number, b: number): boolean => {
    const ua = this.useCounts[a]!;
    const ub = this.useCounts[b]!;
    if (ua !== ub) return ua > ub;
    const la = this.listOrders[a]!;
    const lb = this.listOrders[b]!;
    return la !== lb ? la < lb : a < b;
  };
  /** Alive docs in rank order: use count desc, then list order. */
  private readonly byRank = new SortedDocs(this.rankBefore);
  /** Alive docs in list (display) order, for a blank query. */
  private readonly byList = new SortedDocs((a, b) => {
    const la = this.listOrders[a]!;
    const lb = this.listOrders[b]!;
    return la !== lb ? la < lb : a < b;
  });
  /**
   * Alive docs with a code, shorter codes first, then rank: the order of the code-prefix tier, so
   * a query matching thousands of codes (`c`) walks only as far as the page it shows.
   */
  private readonly byCodeRank = new SortedDocs((a, b) => {
    const la = this.codeKeys[a]!.length;
    const lb = this.codeKeys[b]!.length;
    return la !== lb ? la < lb : this.rankBefore(a, b);
  });
  /** Alive docs with a code, by folded code, for prefix lookups by binary search. */
  private readonly byCode = new SortedDocs((a, b) => {
    const ka = this.codeKeys[a]!;
    const kb = this.codeKeys[b]!;
    return ka !== kb ? ka < kb : a < b;
  });

  /** Builds an index over `docs` (any order). */
  constructor(docs: readonly SearchDoc[] = []) {
    this.rebuild(docs);
  }

  /** True when the tail or the tombstones have grown enough that a rebuild pays. */
  needsRebuild(): boolean {
    return this.ids.length - this.baseCount > MAX_TAIL || this.dead > Math.max(MAX_TAIL, this.ids.length / 4);
  }

  /** Replaces the whole index with `docs`. Cost: two passes over all content, ~0.1 s per 100k phrases. */
  rebuild(docs: readonly SearchDoc[]): void {
    this.ids = [];
    this.contentKeys = [];
    this.codeKeys = [];
    this.useCounts = [];
    this.listOrders = [];
    this.docOf = new Map();
    this.dead = 0;
    for (const doc of docs) this.append(doc);
    this.alive = new Uint8Array(this.ids.length).fill(1);
    this.baseCount = this.ids.length;
    this.uni = buildPostings(this.contentKeys, this.baseCount, 65536, unigramKey, 1);
    let chars = 0;
    for (const k of this.contentKeys) chars += k.length;
    const bits = Math.min(MAX_BIGRAM_BITS, Math.max(MIN_BIGRAM_BITS, Math.ceil(Math.log2(chars + 1))));
    const mask = (1 << bits) - 1;
    this.biMask = mask;
    this.bi = buildPostings(this.contentKeys, this.baseCount, 1 << bits, (s, i) => bigramBucket(s.charCodeAt(i), s.charCodeAt(i + 1), mask), 2);
    const all = Array.from({ length: this.ids.length }, (_, d) => d);
    this.byRank.reset([...all]);
    this.byList.reset([...all]);
    const coded = all.filter((d) => this.codeKeys[d] !== null);
    this.byCode.reset(coded);
    this.byCodeRank.reset([...coded]);
    this.ensureScratch(this.ids.length);
  }

  private append(doc: SearchDoc): number {
    const d = this.ids.length;
    this.ids.push(doc.id);
    this.contentKeys.push(fold(doc.content));
    this.codeKeys.push(doc.shortcutCode ? fold(doc.shortcutCode) : null);
    this.useCounts.push(doc.useCount);
    this.listOrders.push(doc.listOrder);
    this.docOf.set(doc.id, d);
    return d;
  }

  /** Adds a phrase, or replaces the indexed copy of one with the same id. */
  upsert(doc: SearchDoc): void {
    this.remove(doc.id);
    const d = this.append(doc);
    if (this.alive.length <= d) {
      const grown = new Uint8Array(Math.max(16, this.alive.length * 2));
      grown.set(this.alive);
      this.alive = grown;
    }
    this.alive[d] = 1;
    this.byRank.insert(d);
    this.byList.insert(d);
    if (this.codeKeys[d] !== null) {
      this.byCode.insert(d);
      this.byCodeRank.insert(d);
    }
  }

  /** Forgets a phrase; unknown ids are ignored. */
  remove(id: number): void {
    const d = this.docOf.get(id);
    if (d === undefined) return;
    this.docOf.delete(id);
    this.alive[d] = 0;
    this.dead++;
    this.byRank.remove(d);
    this.byList.remove(d);
    if (this.codeKeys[d] !== null) {
      this.byCode.remove(d);
      this.byCodeRank.remove(d);
    }
  }

  /** Updates the use count of a phrase (after it was sent); only its place in the ranking moves. */
  setUseCount(id: number, useCount: number): void {
    const d = this.docOf.get(id);
    if (d === undefined || this.useCounts[d] === useCount) return;
    const coded = this.codeKeys[d] !== null;
    this.byRank.remove(d);
    if (coded) this.byCodeRank.remove(d);
    this.useCounts[d] = useCount;
    this.byRank.insert(d);
    if (coded) this.byCodeRank.insert(d);
  }

  /**
   * The slice [lo, hi) of `byCode.list` whose codes start with `term`: codes sharing a prefix are
   * contiguous in sorted order, so both ends are found by binary search.
   */
  private codePrefixRange(term: string): [number, number] {
    const list = this.byCode.list;
    const keys = this.codeKeys as string[];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[list[mid]!]! < term) lo = mid + 1;
      else hi = mid;
    }
    let end = list.length;
    let from = lo;
    while (from < end) {
      const mid = (from + end) >>> 1;
      if (keys[list[mid]!]!.startsWith(term)) from = mid + 1;
      else end = mid;
    }
    return [lo, end];
  }

  /** Visits the docs whose code starts with `term`. */
  private codePrefixDocs(term: string, visit: (d: number) => void): void {
    const list = this.byCode.list;
    const [lo, hi] = this.codePrefixRange(term);
    for (let i = lo; i < hi; i++) visit(list[i]!);
  }

  /** Calls `visit` for every alive doc whose content contains `term` (once per doc). */
  private contentDocs(term: string, visit: (d: number) => void): void {
    const alive = this.alive;
    const keys = this.contentKeys;
    if (term.length === 1) {
      const u = term.charCodeAt(0);
      const { offsets, docs } = this.uni;
      for (let i = offsets[u]!, end = offsets[u + 1]!; i < end; i++) {
        const d = docs[i]!;
        if (alive[d]) visit(d);
      }
    } else {
      // The smallest bigram bucket of the term bounds the candidates; `includes` removes both hash
      // collisions and docs that hold the pairs but not the whole term.
      const { offsets, docs } = this.bi;
      let best = -1;
      let bestSize = Infinity;
      for (let i = 0; i + 1 < term.length; i++) {
        const k = bigramBucket(term.charCodeAt(i), term.charCodeAt(i + 1), this.biMask);
        const size = offsets[k + 1]! - offsets[k]!;
        if (size < bestSize) {
          bestSize = size;
          best = k;
        }
      }
      // Most Chinese words are two characters: when the bucket holds only this pair, its postings
      // are exactly the docs containing the term.
      const exact = term.length === 2 && this.bi.pairOf?.[best] === term.charCodeAt(0) * 65536 + term.charCodeAt(1);
      for (let i = offsets[best]!, end = offsets[best + 1]!; i < end; i++) {
        const d = docs[i]!;
        if (alive[d] && (exact || keys[d]!.includes(term))) visit(d);
      }
    }
    for (let d = this.baseCount; d < this.ids.length; d++) {
      if (alive[d] && keys[d]!.includes(term)) visit(d);
    }
  }

  /**
   * Runs a query. `limit` caps the returned ids (default: all); `total` is always the full count.
   * Cost for 100,000 phrases: well under 5 ms for 1–4 character Chinese terms (the bench).
   */
  search(query: string, limit = Infinity): SearchHits {
    // More than 65,535 terms cannot come from a search box; cap so the Uint16 counters stay exact.
    const terms = queryTerms(query).slice(0, 0xfffe);
    const n = this.ids.length;
    if (terms.length === 0) {
      const all = this.byList.list;
      const top = all.length > limit ? all.slice(0, limit) : all;
      return { ids: top.map((d) => this.ids[d]!), codeMatches: new Set(), total: all.length };
    }
    this.ensureScratch(n);
    if (terms.length === 1) return this.searchOneTerm(terms[0]!, limit);
    const hits = this.hits;
    const codeHit = this.codeHit;
    const codeExact = this.codeExact;
    const codeKeys = this.codeKeys;
    hits.fill(0, 0, n);
    codeHit.fill(0, 0, n);
    codeExact.fill(0, 0, n);
    // hits[d] counts the leading terms doc d satisfies; a doc moves from t to t+1 at most once per
    // term, so a doc found by both its code and its content is counted once. Only the last term's
    // matches are listed, and only while few: many are ranked by walking the kept rank orders.
    let total = 0;
    let listed: number[] | null = null;
    let anyCodeHit = false;
    /** Docs whose code equals a term: at most one per term, codes being unique. */
    const exactDocs: number[] = [];
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      const code = codePart(term);
      const want = t;
      const last = t === terms.length - 1;
      let count = 0;
      let list: number[] | null = last ? [] : null;
      const visit = (d: number) => {
        if (hits[d] === want) {
          hits[d] = want + 1;
          count++;
          if (list) {
            if (list.length < SMALL_RESULT) list.push(d);
            else list = null;
          }
        }
      };
      this.codePrefixDocs(code, (d) => {
        codeHit[d] = 1;
        anyCodeHit = true;
        if (codeKeys[d] === code && !codeExact[d]) {
          codeExact[d] = 1;
          exactDocs.push(d);
        }
        visit(d);
      });
      if (!isCodeTerm(term)) this.contentDocs(term, visit);
      total = count;
      listed = list;
      if (count === 0) break;
    }
    const want = terms.length;
    let ranked: number[];
    if (total === 0) {
      ranked = [];
    } else if (listed) {
      ranked = listed.sort(this.rankComparator());
    } else {
      // Many matches: each tier is read in its own kept order, as far as the page needs.
      const cmp = this.rankComparator();
      ranked = exactDocs.filter((d) => hits[d] === want).sort(cmp);
      if (anyCodeHit) {
        for (const d of this.byCodeRank.list) {
          if (ranked.length >= limit) break;
          if (hits[d] === want && codeHit[d] && !codeExact[d]) ranked.push(d);
        }
      }
      for (const d of this.byRank.list) {
        if (ranked.length >= limit) break;
        if (hits[d] === want && !codeHit[d]) ranked.push(d);
      }
    }
    const top = ranked.length > limit ? ranked.slice(0, limit) : ranked;
    const codeMatches = new Set<number>();
    for (const d of top) if (codeHit[d]) codeMatches.add(this.ids[d]!);
    return { ids: top.map((d) => this.ids[d]!), codeMatches, total };
  }

  /**
   * {@link search} for one term — every `/code` suggestion and most panel searches — without a
   * callback per code match: the docs whose code starts with the term are one slice of the sorted
   * codes, marked in a plain loop and counted by the slice's length, so `c` over 66,000 codes
   * costs what `cz9` does. Same answer as the general path (the property tests run both).
   */
  private searchOneTerm(term: string, limit: number): SearchHits {
    const n = this.ids.length;
    const code = codePart(term);
    const codeHit = this.codeHit;
    const contentHit = this.hits;
    const codeKeys = this.codeKeys;
    codeHit.fill(0, 0, n);
    contentHit.fill(0, 0, n);
    const byCode = this.byCode.list;
    const [lo, hi] = this.codePrefixRange(code);
    for (let i = lo; i < hi; i++) codeHit[byCode[i]!] = 1;
    // The codes equal to the term open the slice (the store keeps codes unique; the index does not
    // rely on it).
    let exactEnd = lo;
    while (exactEnd < hi && codeKeys[byCode[exactEnd]!] === code) exactEnd++;
    // Content matches whose code does not already count them.
    let contentOnly = 0;
    let listed: number[] | null = [];
    if (!isCodeTerm(term)) {
      this.contentDocs(term, (d) => {
        if (codeHit[d]) return;
        contentHit[d] = 1;
        contentOnly++;
        if (listed) {
          if (listed.length < SMALL_RESULT) listed.push(d);
          else listed = null;
        }
      });
    }
    const total = hi - lo + contentOnly;
    const codeExact = this.codeExact;
    codeExact.fill(0, 0, n);
    for (let i = lo; i < exactEnd; i++) codeExact[byCode[i]!] = 1;
    const cmp = this.rankComparator();
    let ranked: number[];
    if (listed && total <= SMALL_RESULT) {
      for (let i = lo; i < hi; i++) listed.push(byCode[i]!);
      ranked = listed.sort(cmp);
    } else {
      ranked = byCode.slice(lo, exactEnd).sort(cmp);
      if (hi - exactEnd <= SMALL_RESULT) {
        const prefix = byCode.slice(exactEnd, hi).sort(cmp);
        for (const d of prefix) {
          if (ranked.length >= limit) break;
          ranked.push(d);
        }
      } else {
        for (const d of this.byCodeRank.list) {
          if (ranked.length >= limit) break;
          if (codeHit[d] && !codeExact[d]) ranked.push(d);
        }
      }
      if (contentOnly > 0) {
        for (const d of this.byRank.list) {
          if (ranked.length >= limit) break;
          if (contentHit[d]) ranked.push(d);
        }
      }
    }
    const top = ranked.length > limit ? ranked.slice(0, limit) : ranked;
    const codeMatches = new Set<number>();
    for (const d of top) if (codeHit[d]) codeMatches.add(this.ids[d]!);
    return { ids: top.map((d) => this.ids[d]!), codeMatches, total };
  }

  /**
   * Per-query scratch arrays for `n` docs, kept as long as the index: a query allocates nothing
   * proportional to the library, so 100,000 phrases cause no garbage-collection pauses in the p95
   * (the bench) — and a rebuild allocates them, so the first query is as fast as any other.
   */
  private ensureScratch(n: number): void {
    if (this.hits.length >= n) return;
    this.hits = new Uint16Array(Math.max(n, 1024) * 2);
    this.codeHit = new Uint8Array(this.hits.length);
    this.codeExact = new Uint8Array(this.hits.length);
  }

  /** The rank order of the last query's matches (uses its per-query scratch marks). */
  private rankComparator(): (a: number, b: number) => number {
    const codeHit = this.codeHit;
    const codeExact = this.codeExact;
    const codeKeys = this.codeKeys;
    const tier = (d: number) => (codeExact[d] ? 0 : codeHit[d] ? 1 : 2);
    return (a, b) => {
      const ta = tier(a);
      const tb = tier(b);
      if (ta !== tb) return ta - tb;
      if (ta === 1) {
        const la = codeKeys[a]!.length;
        const lb = codeKeys[b]!.length;
        if (la !== lb) return la - lb;
      }
      return this.rankBefore(a, b) ? -1 : 1;
    };
  }
}
