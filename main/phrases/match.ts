/**
 * The search fold and term split (issue 6 §4), dependency-free so the renderer's highlighter uses
 * the very same functions as the index (tests/layers allows this one import): two copies would
 * drift, as STYLE.md warns from Chatwoot's rule vocabulary.
 */

/**
 * NFKC (full-width ＡＢＣ１２３ → ABC123, compatibility forms) then case folding, approximated as
 * upper-then-lower so ß → ss and ς → σ as in Unicode's full case folding. Applied to both sides of
 * every comparison.
 */
export function fold(s: string): string {
  return s.normalize('NFKC').toUpperCase().toLowerCase();
}

/** Splits a query into folded, non-empty terms (whitespace of any script separates them). */
export function queryTerms(query: string): string[] {
  return fold(query)
    .split(/\s+/u)
    .filter((t) => t.length > 0);
}
