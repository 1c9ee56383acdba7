import { describe, expect, it } from 'vitest';
import { isXiaoniuError } from '../shared/errors';
import { checkRuleSet } from './rules';
import { parseRulesFile, rulesFileText } from './rules-file';

/** The one rule schema (docs/autoreply.md "The rules file"): what it accepts and how it names a refusal. */
function refusal(raw: unknown): { code: string; params: Record<string, string | number> } {
  try {
    checkRuleSet(raw);
  } catch (e) {
    if (isXiaoniuError(e)) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('accepted');
}

describe('rules', () => {
  it('accept the rules-file format and give ids and creation order by position', () => {
    const rules = checkRuleSet([
      { type: 'busy', enabled: false, text: '旧的' },
      { type: 'busy', enabled: true, text: '新的' },
      { type: 'keyword', enabled: true, text: '今天发', keywords: ['发货'], priority: 2, name: '发货' },
    ]);
    expect(rules.map((r) => [r.id, r.order, r.type, r.enabled, r.keywords, r.priority, r.name])).toEqual([
      [1, 1, 'busy', false, [], null, null],
      [2, 2, 'busy', true, [], null, null],
      [3, 3, 'keyword', true, ['发货'], 2, '发货'],
    ]);
  });

  it('refuse each kind of mistake naming the rule (0-based index and 1-based number)', () => {
    const ok = { type: 'busy', enabled: true, text: '忙' };
    expect(refusal({})).toEqual({ code: 'autoreply.notAList', params: {} });
    expect(refusal([ok, 3])).toEqual({ code: 'autoreply.notARule', params: { index: 1, number: 2 } });
    expect(refusal([{ type: 'busy', text: 'x' }])).toEqual({ code: 'autoreply.missingField', params: { index: 0, number: 1, field: 'enabled' } });
    expect(refusal([{ ...ok, txt: 'x' }])).toEqual({ code: 'autoreply.unknownField', params: { index: 0, number: 1, field: 'txt' } });
    expect(refusal([{ ...ok, type: 'greeting' }]).code).toBe('autoreply.badType');
    expect(refusal([{ ...ok, enabled: 'yes' }]).code).toBe('autoreply.badEnabled');
    expect(refusal([{ ...ok, text: '   ' }]).code).toBe('autoreply.badText');
    expect(refusal([{ type: 'keyword', enabled: true, text: 'x' }]).code).toBe('autoreply.noKeywords');
    expect(refusal([{ type: 'keyword', enabled: true, text: 'x', keywords: [] }]).code).toBe('autoreply.noKeywords');
    expect(refusal([{ type: 'keyword', enabled: true, text: 'x', keywords: ['发货', ' '] }]).code).toBe('autoreply.badKeyword');
    expect(refusal([{ type: 'keyword', enabled: true, text: 'x', keywords: ['a'], priority: 1.5 }]).code).toBe('autoreply.badPriority');
    expect(refusal([{ type: 'keyword', enabled: true, text: 'x', keywords: ['a'], name: '' }]).code).toBe('autoreply.badName');
    expect(refusal([{ ...ok, keywords: ['a'] }])).toEqual({ code: 'autoreply.fieldNotForType', params: { index: 0, number: 1, field: 'keywords', type: 'busy' } });
    expect(refusal([ok, { ...ok, enabled: false }, ok])).toEqual({ code: 'autoreply.twoChecked', params: { index: 2, number: 3, type: 'busy' } });
  });

  it('read a rules file with a BOM and write one that reads back the same', () => {
    const text = '\uFEFF[{"type":"keyword","enabled":true,"text":"在的","keywords":["在吗"],"name":"在"},{"type":"away","enabled":true,"text":"不在"}]';
    const rules = parseRulesFile(new TextEncoder().encode(text));
    expect(parseRulesFile(new TextEncoder().encode(rulesFileText(rules)))).toEqual(rules);
    expect(() => parseRulesFile(new TextEncoder().encode('[{'))).toThrow(/autoreply.rulesNotJson/);
    expect(() => parseRulesFile(Uint8Array.of(0x5b, 0xff, 0x5d))).toThrow(/autoreply.rulesNotUtf8/);
  });
});
