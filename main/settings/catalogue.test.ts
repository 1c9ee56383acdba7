import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { catalogues } from '../i18n';
import { SETTING_KEYS } from './definitions';

/**
 * Every refusal a setting can give, and every word of the 系统设置 dialog and the status menu,
 * reads as one sentence in each language with the same placeholders (docs/architecture.md "How a
 * call travels": no message without a catalogue entry).
 */
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const flat = (o: object, p = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v as object, `${p}${k}.`)));
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

describe('settings catalogue', () => {
  it('has every settings error in Chinese and English, with the same placeholders', () => {
    const source = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8'))
      .join('\n');
    const codes = new Set([...source.matchAll(/XiaoniuError\('(settings\.\w+)'/g)].map((m) => m[1]!));
    expect(codes.size).toBeGreaterThanOrEqual(8);
    const zh = catalogues['zh-CN'].errors as Record<string, string>;
    const en = catalogues.en.errors as Record<string, string>;
    for (const code of codes) {
      expect(zh[code], `errors.${code} in zh-CN.json`).toMatch(CJK);
      expect(en[code], `errors.${code} in en.json`).toBeTypeOf('string');
      expect(en[code], `errors.${code} is English`).not.toMatch(CJK);
      expect(placeholders(en[code]!), code).toEqual(placeholders(zh[code]!));
      // Every refusal names the setting.
      expect(zh[code], code).toContain('{{key}}');
    }
  });

  it('has the same dialog and status words in both languages, and a label for every key', () => {
    for (const section of ['settings', 'status'] as const) {
      const zh = Object.fromEntries(flat(catalogues['zh-CN'][section]));
      const en = Object.fromEntries(flat(catalogues.en[section]));
      expect(Object.keys(en).sort(), section).toEqual(Object.keys(zh).sort());
      for (const key of Object.keys(zh)) {
        expect(placeholders(en[key]!), `${section}.${key}`).toEqual(placeholders(zh[key]!));
        // English entries quote Chinese only where it is data (none here).
        expect(en[key], `${section}.${key} is English`).not.toMatch(CJK);
      }
    }
    const labels = Object.fromEntries(flat(catalogues['zh-CN'].settings.labels));
    expect(Object.keys(labels).sort()).toEqual([...SETTING_KEYS].sort());
  });
});
