import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { catalogues } from '../i18n';

/**
 * Every error the chat feature and `xiaoniu history` can raise reads as one sentence in each
 * language, with the same placeholders (no message without a catalogue entry: docs/architecture.md
 * "How a call travels").
 */
const files = ['main/chat', 'main/cli/history.ts'].flatMap((p) => {
  const full = path.resolve(__dirname, '..', '..', p);
  return fs.statSync(full).isDirectory()
    ? fs.readdirSync(full).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => path.join(full, f))
    : [full];
});
// Codes thrown directly, and the per-field codes of transcript.ts's table (`at: 'history.badAt'`).
const codes = new Set(
  files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/XiaoniuError\('((?:history|chat)\.\w+)'|\w+: '(history\.bad\w+)'/g)].map((m) => (m[1] ?? m[2])!)),
);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('chat catalogue', () => {
  it('has every chat and history error in Chinese and English, with the same placeholders', () => {
    expect(codes.size).toBeGreaterThan(30);
    for (const code of codes) {
      const zh = (catalogues['zh-CN'].errors as Record<string, string>)[code];
      const en = (catalogues.en.errors as Record<string, string>)[code];
      expect(zh, `errors.${code} in zh-CN.json`).toBeTypeOf('string');
      expect(en, `errors.${code} in en.json`).toBeTypeOf('string');
      expect(placeholders(en!), code).toEqual(placeholders(zh!));
      expect(zh, `errors.${code} is Chinese`).toMatch(/[\u4e00-\u9fff]/);
      expect(en, `errors.${code} is English`).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('has the same history words in both languages', () => {
    const flat = (o: object, p = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v as object, `${p}${k}.`)));
    const zh = Object.fromEntries(flat(catalogues['zh-CN'].history));
    const en = Object.fromEntries(flat(catalogues.en.history));
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const key of Object.keys(zh)) expect(placeholders(en[key]!), key).toEqual(placeholders(zh[key]!));
  });
});
