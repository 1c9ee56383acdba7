/**
 * The search fold and term split (docs/phrases.md "Search"), dependency-free so the renderer's
 * highlighter uses the very same functions as the index (tests/layers allows this one import): two
 * copies would drift.
 */

/**
 * NFKC (full-width ＡＢＣ１２３ → ABC123, compatibility forms) then case folding, approximated as
 * upper-then-lower so ß → ss and ς → σ as in Unicode's full case folding. Applied to both sides of
 * every comparison.
 */
export function fold(s: string): string {
  // ASCII is its own NFKC form and its case folding is plain lower-casing: most shortcut codes
  // are ASCII, and an import folds 100,000 of them.
  if (ASCII.test(s)) return s.toLowerCase();
  return s.normalize('NFKC').toUpperCase().toLowerCase();
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Splits a query into folded, non-empty terms (whitespace of any script separates them). A term
 * written `/code` — a slash and then only shortcut-code characters — keeps its slash: it asks for a
 * shortcut code, as the panel shows codes (`/hi`), and matches no content ({@link isCodeTerm}).
 */
export function queryTerms(query: string): string[] {
  return fold(query)
    .split(/\s+/u)
    .filter((t) => t.length > 0);
}

/** `/` and then 1+ letters of any script, marks, digits, `-` or `_` (the shortcut-code alphabet). */
const CODE_TERM = /^\/[\p{L}\p{M}\p{Nd}_-]+$/u;

/**
 * True when a folded term means "a shortcut code starting with…" only (`/hi`), not text: an agent
 * types codes with their slash because that is how the panel and the composer show them. A slash
 * followed by anything else (`/:^_^`, an emoticon code; `http://`) is ordinary text.
 */
export function isCodeTerm(term: string): boolean {
  return term.length > 1 && term.charCodeAt(0) === 0x2f && CODE_TERM.test(term);
}

/** The part of a term compared with shortcut codes: a code term without its slash, else the term. */
export function codePart(term: string): string {
  return isCodeTerm(term) ? term.slice(1) : term;
}
