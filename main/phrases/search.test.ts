import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SearchIndex, queryTerms, type SearchDoc } from './search';
import { fold } from './rules';

/** The plain substring scan the index must always agree with (issue 6 §4). */
function oracle(docs: SearchDoc[], query: string): number[] {
  const terms = queryTerms(query);
  const live = [...docs];
  if (!terms.length) return live.sort((a, b) => a.listOrder - b.listOrder).map((d) => d.id);
  const matches = live.filter((d) =>
    terms.every((t) => fold(d.content).includes(t) || (d.shortcutCode !== null && fold(d.shortcutCode).startsWith(t))),
  );
  const codeMatch = (d: SearchDoc) => d.shortcutCode !== null && terms.some((t) => fold(d.shortcutCode!).startsWith(t));
  return matches
    .sort((a, b) => Number(codeMatch(b)) - Number(codeMatch(a)) || b.useCount - a.useCount || a.listOrder - b.listOrder)
    .map((d) => d.id);
}

// A small alphabet so random queries hit often: common characters of shop talk, plus width and case variants.
const CHARS = [...'发货退款亲的了包邮尺码质量优惠券快递好评实拍图颜色七天无理由换'.split(''), 'A', 'b', 'Ｂ', 'ａ', '1', '１', ' ', '😊', 'ß'];
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
      { numRuns: 12 },
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
    expect(index.search('fh').ids).toEqual([4, 1]);
    expect(index.search('vip 发货').ids).toEqual([4]);
    expect(index.search('   ').ids).toEqual([2, 3, 1, 4]);
    expect(index.search('发货', 2)).toMatchObject({ ids: [3, 4], total: 3 });
  });
});
