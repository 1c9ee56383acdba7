import type { Database } from '../store/db';
import { fold, queryTerms } from '../phrases/match';
import { allMessagesNewestFirst, searchCandidates, type MessageWithBuyer } from './repo';

/**
 * History search (聊天记录): across every conversation, with phrase search's term semantics —
 * the query and each message are folded the same way (NFKC + case folding, `fold` of
 * `main/phrases/match.ts`), the query splits on whitespace into terms, and a message matches when
 * every term occurs in it. Results are newest first. Messages have no shortcut codes, so a term
 * like `/hi` is plain text here. (docs/transcripts.md "History search")
 *
 * **The index** lives in SQLite, so a million messages never need their text in the JS heap:
 * FTS5's trigram tokenizer cannot answer the one- and two-character queries Chinese needs (发货,
 * 退款), so — as Lucene's CJK analyzer does, and as the phrase index does in memory — every folded
 * UTF-16 code unit and every overlapping pair of them is posted, each spelled as an ASCII word the
 * unicode61 tokenizer keeps whole (`u53d1` for 发, `b53d18d27` for 发货), in a contentless
 * `detail=none` FTS5 table whose rowid is the message id. FTS5 keeps the postings compressed and
 * merges its segments; nothing here stores a posting by hand.
 *
 * **A query**: a term of one or two code units is exactly one posting list; a longer term is the
 * AND of its pairs, and every candidate is then confirmed by a substring check on its folded body,
 * so the answer always equals a plain scan (the property test in `history-search.test.ts`). Message
 * ids are time-ordered (migration 0030), so FTS5 walking rowids backwards yields the newest first
 * and a search for 50 hits stops after about 50 rows.
 */

const HEX: string[] = [];
for (let i = 0; i < 65536; i++) HEX.push(i.toString(16).padStart(4, '0'));

/** Code units that `queryTerms` splits on (JavaScript's `\s`): they never occur inside a term, so they need no postings. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f
  );
}

/**
 * The postings text for a message body: `u`+4 hex digits per folded code unit and `b`+8 per
 * adjacent pair, space-separated; pairs across whitespace are left out (no term contains any).
 */
export function searchGrams(body: string): string {
  const f = fold(body);
  let out = '';
  let prev = -1;
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if (isSpace(c)) {
      prev = -1;
      continue;
    }
    out += prev < 0 ? ' u' + HEX[c] : ' u' + HEX[c] + ' b' + HEX[prev] + HEX[c];
    prev = c;
  }
  return out;
}

/** The FTS5 words that must all be posted for a message to contain folded `term`. */
function termWords(term: string): string[] {
  if (term.length === 1) return ['u' + HEX[term.charCodeAt(0)]];
  const words: string[] = [];
  for (let i = 0; i + 1 < term.length; i++) words.push('b' + HEX[term.charCodeAt(i)] + HEX[term.charCodeAt(i + 1)]);
  return words;
}

/**
 * The FTS5 expression for folded terms: all their words joined by AND (each word is lower-case
 * ASCII letters and digits, so none is an FTS5 keyword or needs quoting).
 */
export function matchExpression(terms: readonly string[]): string {
  return [...new Set(terms.flatMap(termWords))].join(' AND ');
}

/** Longest query accepted, in code units (the search box and the CLI). */
export const MAX_QUERY = 1000;

/**
 * Every message matching `query`, newest first, lazily: take as many as you need and stop — the
 * index is read only that far. A blank query matches every message. Yields `{message, buyer}`.
 * A query longer than {@link MAX_QUERY} is cut there.
 */
export function* searchHistory(db: Database, query: string): Generator<MessageWithBuyer> {
  const terms = queryTerms(query.slice(0, MAX_QUERY));
  if (!terms.length) {
    yield* allMessagesNewestFirst(db);
    return;
  }
  // Terms of one or two code units are answered exactly by their posting list; longer ones only
  // narrow the candidates and are checked against the folded body.
  const toConfirm = terms.filter((t) => t.length > 2);
  for (const hit of searchCandidates(db, matchExpression(terms))) {
    if (toConfirm.length) {
      const body = fold(hit.message.body);
      if (!toConfirm.every((t) => body.includes(t))) continue;
    }
    yield hit;
  }
}

/** The first `limit` hits of {@link searchHistory} (every hit when `limit` is undefined). */
export function searchHistoryPage(db: Database, query: string, limit?: number): MessageWithBuyer[] {
  const out: MessageWithBuyer[] = [];
  if (limit !== undefined && limit <= 0) return out;
  for (const hit of searchHistory(db, query)) {
    out.push(hit);
    if (limit !== undefined && out.length >= limit) break;
  }
  return out;
}
