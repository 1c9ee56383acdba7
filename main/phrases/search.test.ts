import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SearchIndex, queryTerms, type SearchDoc } from './search';
import { fold } from './rules';
import { codePart, isCodeTerm } from './match';

/**
 * The plain substring scan the index must always agree with (docs/phrases.md "Search"), ranking
 * written out as the rule reads: exact code, then code prefix by code length and use count, then
 * content by use count, then list order.
 */
function oracle(docs: SearchDoc[], query: string): number[] {
  const terms = queryTerms(query);
  const live = [...docs];
  if (!terms.length) return live.sort((a, b) => a.listOrder - b.listOrder).map((d) => d.id);
  const code = (d: SearchDoc) => (d.shortcutCode === null ? null : fold(d.shortcutCode));
  const prefixes = (d: SearchDoc, t: string) => code(d) !== null && code(d)!.startsWith(codePart(t));
  const matches = live.filter((d) => terms.every((t) => prefixes(d, t) || (!isCodeTerm(t) && fold(d.content).includes(t))));
  const tier = (d: SearchDoc) => (terms.some((t) => code(d) === codePart(t)) ? 0 : terms.some((t) => prefixes(d, t)) ? 1 : 2);
  return matches
    .sort(
      (a, b) =>
        tier(a) - tier(b) ||
        (tier(a) === 1 ? code(a)!.length - code(b)!.length : 0) ||
        b.useCount - a.useCount ||
        a.listOrder - b.listOrder,
    )
    .map((d) => d.id);
}

// A small alphabet so random queries hit often: common characters of shop talk, plus width and case variants.
const CHARS = [...'发货退款亲的了包邮尺码质量优惠券快递好评实拍图颜色七天无理由换'.split(''), 'A', 'b', 'Ｂ', 'ａ', '1', '１', ' ', '😊', 'ß', '/', '／'];
const text = (min: number, max: number) => fc.array(fc.constantFrom(...CHARS), { minLength: min, maxLength: max }).map((a) => a.join(''));
const codeArb = fc.option(fc.array(fc.constantFrom('a', 'b', 'B', 'ｂ', 'f', 'h', '1', '退', '款', '-'), { minLength: 1, maxLength: 5 }).map((a) => a.join('')), { nil: null });

const docsArb = fc
  .array(fc.record({ content: text(1, 30), shortcutCode: codeArb, useCount: fc.nat(5) }), { minLength: 0, maxLength: 60 })
  .map((list) => list.map((d, i) => ({ ...d, id: i + 1, listOrder: i * 7 })));

describe('phrase search', () => {
  it('equals a plain substring scan for random Chinese text and queries of any length', () => {
    fc.assert(
      fc.property(docsArb, fc.array(text(0, 5), { minLength: 1, maxLength: 3 }).map((t) => t.join(' ')), (docs, query) => {
        const index = new SearchIndex(docs);
        const got = index.search(query);
        const want = oracle(docs, query);
        expect(got.ids).toEqual(want);
        expect(got.total).toBe(want.length);
      }),
      { numRuns: 400 },
    );
  });

  it('stays equal to the scan after phrases are added, edited, removed and used', () => {
    fc.assert(
      fc.property(docsArb, docsArb, fc.array(fc.nat(80)), text(1, 3), (base, later, removals, query) => {
        const index = new SearchIndex(base);
        const current = new Map(base.map((d) => [d.id, d]));
        for (const d of later) {
          const doc = { ...d, id: d.id + (d.id % 2 ? 0 : 1000), useCount: d.useCount + 1 };
          index.upsert(doc);
          current.set(doc.id, doc);
        }
        for (const id of removals) {
          index.remove(id);
          current.delete(id);
        }
        const first = [...current.values()][0];
        if (first) {
          const used = { ...first, useCount: first.useCount + 10 };
          index.setUseCount(used.id, used.useCount);
          current.set(used.id, used);
        }
        expect(index.search(query).ids).toEqual(oracle([...current.values()], query));
      }),
      { numRuns: 200 },
    );
  });

  it('equals the scan when thousands match (ranked by walking the rank order), with and without a limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ content: text(1, 8), shortcutCode: codeArb, useCount: fc.nat(3) }), { minLength: 5000, maxLength: 6000 }),
        fc.constantFrom('发', 'a', '货 发', 'b', '亲 ', 'ｂ 1'),
        fc.constantFrom(Infinity, 1, 200),
        (list, query, limit) => {
          const docs = list.map((d, i) => ({ ...d, id: i + 1, listOrder: i }));
          const index = new SearchIndex(docs);
          const want = oracle(docs, query);
          const got = index.search(query, limit);
          expect(got.total).toBe(want.length);
          expect(got.ids).toEqual(want.slice(0, limit));
        },
      ),
      // Shrinking 5,000-phrase counterexamples takes hours: report the first one as found.
      { numRuns: 12, endOnFailure: true },
    );
  });

  it('finds a two-character word, ranks code-prefix matches first, and honours width and case', () => {
    const docs: SearchDoc[] = [
      { id: 1, content: '亲，今天下午4点前付款当天发货', shortcutCode: 'fh', useCount: 0, listOrder: 3 },
      { id: 2, content: '亲，我们默认发中通快递', shortcutCode: 'kd', useCount: 9, listOrder: 1 },
      { id: 3, content: '发货后2-4天到达', shortcutCode: null, useCount: 5, listOrder: 2 },
      { id: 4, content: 'ＶＩＰ会员发货优先', shortcutCode: 'FHvip', useCount: 1, listOrder: 4 },
    ];
    const index = new SearchIndex(docs);
    expect(index.search('发货').ids).toEqual([3, 4, 1]);
    expect(index.search('fh').ids).toEqual([1, 4]); // fh is the code itself: first, whatever the use counts
    expect(index.search('vip 发货').ids).toEqual([4]);
    expect(index.search('   ').ids).toEqual([2, 3, 1, 4]);
    expect(index.search('发货', 2)).toMatchObject({ ids: [3, 4], total: 3 });
  });

  it('puts the phrase whose code is the query first, then shorter codes, whatever the use counts', () => {
    const docs: SearchDoc[] = [
      { id: 1, content: '包装说明二', shortcutCode: 'bz2', useCount: 50, listOrder: 0 },
      { id: 2, content: '包装说明', shortcutCode: 'bz', useCount: 0, listOrder: 1 },
      { id: 3, content: '谢谢亲', shortcutCode: 'thx', useCount: 99, listOrder: 2 },
      { id: 4, content: '退货地址', shortcutCode: 'th', useCount: 1, listOrder: 3 },
      { id: 5, content: '退货须知 bz', shortcutCode: 'bzxz', useCount: 80, listOrder: 4 },
      { id: 6, content: 'bz 在正文里', shortcutCode: null, useCount: 100, listOrder: 5 },
    ];
    const index = new SearchIndex(docs);
    expect(index.search('bz').ids).toEqual([2, 1, 5, 6]);
    expect(index.search('BZ').ids[0]).toBe(2);
    expect(index.search('ｂｚ').ids[0]).toBe(2);
    expect(index.search('th').ids).toEqual([4, 3]);
  });

  it('finds /c1 and /c5999 first among 60,000 codes that share their prefix', () => {
    const docs: SearchDoc[] = Array.from({ length: 60_000 }, (_, i) => ({
      id: i + 1,
      content: `亲，第${i}条`,
      shortcutCode: `c${i}`,
      useCount: (i * 7919) % 13,
      listOrder: i,
    }));
    const index = new SearchIndex(docs);
    expect(index.search('c1', 8).ids[0]).toBe(2);
    expect(index.search('c5999', 8).ids[0]).toBe(6000);
    // Then the longer codes starting with c1: every three-character one (by use count) before any
    // four-character one.
    const top = index.search('c1', 12).ids.map((id) => docs[id - 1]!);
    expect(top.map((d) => d.shortcutCode!.length)).toEqual([2, ...Array(10).fill(3), 4]);
    const three = top.slice(1, 11);
    expect(new Set(three.map((d) => d.shortcutCode))).toEqual(new Set(['c10', 'c11', 'c12', 'c13', 'c14', 'c15', 'c16', 'c17', 'c18', 'c19']));
    expect(three.map((d) => d.useCount)).toEqual([...three.map((d) => d.useCount)].sort((x, y) => y - x));
    expect(index.search('/c5999', 8).ids[0]).toBe(6000);
    expect(index.search('/c5999', 8).total).toBe(11);
  });

  it('reads a /code term as a shortcut code only, and a slash before other text as text', () => {
    const docs: SearchDoc[] = [
      { id: 1, content: '亲，您好！欢迎光临', shortcutCode: 'hi', useCount: 0, listOrder: 0 },
      { id: 2, content: '官网 http://shop/hi 见', shortcutCode: null, useCount: 0, listOrder: 1 },
      { id: 3, content: '谢谢 /:^_^', shortcutCode: 'xx', useCount: 0, listOrder: 2 },
    ];
    const index = new SearchIndex(docs);
    expect(index.search('/hi').ids).toEqual([1]);
    expect(index.search('／ＨＩ').ids).toEqual([1]);
    expect(index.search('hi').ids).toEqual([1, 2]);
    expect(index.search('/:^_^').ids).toEqual([3]);
    expect(index.search('/hi 欢迎').ids).toEqual([1]);
  });
});
