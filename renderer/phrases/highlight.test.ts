import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codePrefixLength, fold, matchRanges, queryTerms, snippet } from './highlight';
import { tokenizeEmoticons } from './emoticons';

describe('highlight', () => {
  it('folds width and case the way the search index does', () => {
    expect(fold('ＡＢＣ１２３ ß')).toBe('abc123 ss');
    expect(queryTerms('  发货　ＶＩＰ ')).toEqual(['发货', 'vip']);
  });

  it('marks every occurrence of every term, in original offsets', () => {
    const text = '亲，今天发货，明天发货';
    expect(matchRanges(text, queryTerms('发货'))).toEqual([
      { start: 4, end: 6 },
      { start: 9, end: 11 },
    ]);
    // Full-width letters fold to ASCII; the range covers the original characters.
    expect(matchRanges('ＶＩＰ会员', queryTerms('vip'))).toEqual([{ start: 0, end: 3 }]);
    // Overlapping terms merge.
    expect(matchRanges('包邮包邮', queryTerms('包邮 邮包'))).toEqual([{ start: 0, end: 4 }]);
    expect(matchRanges('😊发货', queryTerms('发货'))).toEqual([{ start: 2, end: 4 }]);
  });

  it('every marked range folds to a term', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('发', '货', 'a', 'A', 'Ａ', ' ', '亲') , maxLength: 20 }), fc.constantFrom('发货', 'a', 'aa', '亲 a'), (text, q) => {
        const terms = queryTerms(q);
        for (const r of matchRanges(text, terms)) {
          const marked = fold(text.slice(r.start, r.end));
          expect(terms.some((t) => marked.includes(t))).toBe(true);
        }
      }),
    );
  });

  it('marks the code prefix', () => {
    expect(codePrefixLength('FaHuo', queryTerms('fa'))).toBe(2);
    expect(codePrefixLength('fh', queryTerms('x'))).toBe(0);
    expect(codePrefixLength('HiThere', queryTerms('/hi'))).toBe(2);
  });

  it('does not mark the text of a /code term in the content', () => {
    expect(matchRanges('见 http://shop/hi', queryTerms('/hi'))).toEqual([]);
    expect(matchRanges('谢谢 /:^_^', queryTerms('/:^_^'))).toEqual([{ start: 3, end: 8 }]);
  });
});

describe('emoticons', () => {
  it('splits text and codes, longest code first', () => {
    const tokens = tokenizeEmoticons('亲/:^_^好/:(Zz...)/:x');
    expect(tokens.map((t) => (t.kind === 'emoticon' ? t.emoticon.emoji : 'text:' + t.start + '-' + t.end))).toEqual(['text:0-1', '😊', 'text:6-7', '😪', 'text:16-19']);
  });
});

describe('snippet', () => {
  it('starts a long row shortly before its first match, keeping the marks on the same characters', () => {
    const text = '亲，每件商品出库前都经过质检，确保没有质量问题才发货的。';
    const shown = snippet(text, matchRanges(text, queryTerms('发货')));
    expect(shown.text).toBe('…保没有质量问题才发货的。');
    expect(shown.ranges.map((r) => shown.text.slice(r.start, r.end))).toEqual(['发货']);
  });

  it('leaves a row whose match is near the start as it is', () => {
    const text = '亲，发货后一般2-4天可以到达';
    expect(snippet(text, matchRanges(text, queryTerms('发货'))).text).toBe(text);
  });

  it('leaves a match on the second line in place (rows show two lines)', () => {
    const text = '亲，这款是纯棉面料，亲肤透气，下单后发货很快哦';
    expect(text.indexOf('发货')).toBe(18);
    expect(snippet(text, matchRanges(text, queryTerms('发货'))).text).toBe(text);
  });
});
