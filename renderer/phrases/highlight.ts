/**
 * Match ranges for the search highlight (docs/phrases.md "Search"). The service matches a phrase when every
 * whitespace-separated term of the folded query occurs in the folded content (or prefixes the
 * folded code); the panel marks where. Folding is applied per code point of the ORIGINAL text so a
 * range maps back to original offsets even when NFKC changes lengths (ｆｕｌｌ → full, ㎏ → kg).
 *
 * `fold` and `queryTerms` are the index's own (main/phrases/match.ts, the one run-time import from
 * main that tests/layers allows besides the wire codec), so highlighting cannot drift from matching.
 */
import { codePart, fold, isCodeTerm, queryTerms } from '../../main/phrases/match';

export { fold, queryTerms };

/** A half-open range [start, end) of UTF-16 offsets in the original text. */
export interface Range {
  start: number;
  end: number;
}

/**
 * Where the terms occur in `text`, as sorted, merged ranges of original offsets. Each code point is
 * folded on its own; a match that starts or ends inside one code point's fold covers that whole
 * code point.
 */
export function matchRanges(text: string, terms: readonly string[]): Range[] {
  if (!terms.length || !text) return [];
  let folded = '';
  // origStart[k] / origEnd[k]: the original code point that produced folded code unit k.
  const origStart: number[] = [];
  const origEnd: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const f = fold(text.slice(i, i + len));
    for (let k = 0; k < f.length; k++) {
      origStart.push(i);
      origEnd.push(i + len);
    }
    folded += f;
    i += len;
  }
  const ranges: Range[] = [];
  for (const term of terms) {
    // A `/code` term asks for a shortcut code; its text is not looked for in the content.
    if (!term || isCodeTerm(term)) continue;
    let at = folded.indexOf(term);
    while (at >= 0) {
      ranges.push({ start: origStart[at]!, end: origEnd[at + term.length - 1]! });
      at = folded.indexOf(term, at + 1);
    }
  }
  return mergeRanges(ranges);
}

/** Sorts and merges overlapping or touching ranges. */
export function mergeRanges(ranges: Range[]): Range[] {
  if (ranges.length < 2) return ranges;
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [{ ...sorted[0]! }];
  for (const r of sorted.slice(1)) {
    const last = out[out.length - 1]!;
    if (r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** The length of the longest term that is a prefix of the folded code (0 when none), for marking. */
export function codePrefixLength(code: string, terms: readonly string[]): number {
  let best = 0;
  for (const full of terms) {
    const term = codePart(full);
    // Map the folded prefix back: walk code points until their fold covers the term.
    let folded = '';
    for (let i = 0; i < code.length; ) {
      const len = code.codePointAt(i)! > 0xffff ? 2 : 1;
      folded += fold(code.slice(i, i + len));
      i += len;
      if (folded.length >= term.length) {
        if (folded.startsWith(term)) best = Math.max(best, i);
        break;
      }
    }
  }
  return best;
}

/** Characters of context kept before the first match when a snippet starts mid-text. */
const SNIPPET_LEAD = 8;
/**
 * A first match starting within this many characters is shown in place: a result row's two lines
 * hold about 30 Chinese characters even in the narrowest panel (300 px at a 1024 px window), so
 * the match and what follows it are still on screen.
 */
const SNIPPET_KEEP = 20;

/**
 * What a two-line result row shows: the whole text when the first match is near its start, else
 * `…` plus the text from a few characters before that match, with the ranges shifted to match —
 * so a match past the row's ellipsis is still seen (a long phrase matching at its end).
 */
export function snippet(text: string, ranges: readonly Range[]): { text: string; ranges: Range[] } {
  const first = ranges[0];
  if (!first || first.start <= SNIPPET_KEEP) return { text, ranges: [...ranges] };
  let cut = first.start - SNIPPET_LEAD;
  // Never split a surrogate pair.
  const c = text.charCodeAt(cut);
  if (c >= 0xdc00 && c <= 0xdfff) cut--;
  const shift = 1 - cut;
  return { text: '…' + text.slice(cut), ranges: ranges.map((r) => ({ start: r.start + shift, end: r.end + shift })) };
}
