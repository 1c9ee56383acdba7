import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { catalogues } from '../i18n';
import { expectErrorInBothLanguages, expectSectionInBothLanguages, flatten, sourceFiles } from '../i18n/catalogue.test-util';
import { SETTING_KEYS } from './definitions';

/**
 * Every refusal a setting can give, and every word of the 系统设置 dialog and the status menu,
 * reads as one sentence in each language with the same placeholders (docs/architecture.md "How a
 * call travels": no message without a catalogue entry).
 */

describe('settings catalogue', () => {
  it('has every settings error in Chinese and English, with the same placeholders', () => {
    const source = sourceFiles(['main/settings']).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const codes = new Set([...source.matchAll(/XiaoniuError\('(settings\.\w+)'/g)].map((m) => m[1]!));
    expect(codes.size).toBeGreaterThanOrEqual(8);
    const zh = catalogues['zh-CN'].errors as Record<string, string>;
    for (const code of codes) {
      expectErrorInBothLanguages(code);
      // Every refusal names the setting.
      expect(zh[code], code).toContain('{{key}}');
    }
  });

  it('has the same dialog and status words in both languages, and a label for every key', () => {
    for (const section of ['settings', 'status'] as const) expectSectionInBothLanguages(section);
    const labels = Object.fromEntries(flatten(catalogues['zh-CN'].settings.labels));
    expect(Object.keys(labels).sort()).toEqual([...SETTING_KEYS].sort());
  });
});
