import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileKeywords, matchKey } from './match';
import { byPriority, toRule, type AutoReplyRule } from './rules';

/**
 * The Aho–Corasick matcher against the obvious oracle: every enabled keyword rule in priority order,
 * each keyword tried with `includes` on the same folded keys. Random rules and messages are drawn
 * from a small alphabet (Simplified and Traditional forms, full- and half-width, both cases) so
 * that keywords overlap, nest and share prefixes and suffixes.
 */
const ALPHABET = ['发', '發', '货', '貨', '后', '後', '天', 'a', 'A', 'ａ', 'Ａ', 'b', 'B', 'ｂ', '1', '１', ' ', '？', '?'];
const piece = (min: number, max: number) => fc.array(fc.constantFrom(...ALPHABET), { minLength: min, maxLength: max }).map((cs) => cs.join(''));

const ruleArb = fc.record({
  enabled: fc.boolean(),
  keywords: fc.array(piece(1, 4), { minLength: 1, maxLength: 5 }),
  priority: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
});

function naive(rules: AutoReplyRule[], text: string): AutoReplyRule | null {
  const key = matchKey(text);
  for (const r of rules.filter((x) => x.type === 'keyword' && x.enabled).sort(byPriority)) {
    if (r.keywords.some((k) => matchKey(k) !== '' && key.includes(matchKey(k)))) return r;
  }
  return null;
}

describe('keyword matcher', () => {
  it('finds the same rule as a loop of includes over every keyword, for random rules and messages', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 12 }), fc.array(piece(0, 12), { minLength: 1, maxLength: 8 }), (specs, messages) => {
        const rules = specs.map((s, i) => toRule({ type: 'keyword', enabled: s.enabled, text: `r${i}`, keywords: s.keywords, ...(s.priority !== undefined ? { priority: s.priority } : {}) }, i + 1, i + 1));
        const matcher = compileKeywords(rules);
        for (const m of messages) expect(matcher.firstMatch(m)?.id ?? null).toBe(naive(rules, m)?.id ?? null);
      }),
      { numRuns: 500 },
    );
  });

  it('folds width, case and Traditional (Hong Kong and Taiwan) to one key, leaving Simplified as it is', () => {
    expect(matchKey('發貨ＳＦ後天')).toBe('发货sf后天');
    expect(matchKey('裏面')).toBe(matchKey('裡面'));
    expect(matchKey('里面')).toBe(matchKey('裡面'));
  });

  it('matches nothing with no enabled keyword rule', () => {
    const off = toRule({ type: 'keyword', enabled: false, text: 'x', keywords: ['在'] }, 1, 1);
    expect(compileKeywords([off]).firstMatch('在吗')).toBeNull();
    expect(compileKeywords([]).firstMatch('在吗')).toBeNull();
  });
});
