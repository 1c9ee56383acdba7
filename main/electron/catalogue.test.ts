import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { catalogues, translate } from '../i18n';

/**
 * Every error the shell raises and every word it shows (notifications, tray, dialog filters) reads
 * in each language, with the same placeholders, and in that language only (docs/architecture.md
 * "How a call travels", step 6).
 */
const dir = __dirname;
const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !/\.test(-util)?\.ts$/.test(f));
const text = sources.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
const errorCodes = new Set([...text.matchAll(/(?:XiaoniuError\(|message: )'(shell\.\w+)'/g)].map((m) => m[1]!));
const wordKeys = new Set([...text.matchAll(/translate\([^,]+, '(shell\.\w+)'/g)].map((m) => m[1]!));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('shell catalogue', () => {
  it('has every shell error in Chinese and English with the same placeholders', () => {
    expect([...errorCodes].sort()).toEqual(['shell.badFileName', 'shell.contentTooLarge', 'shell.fileTooLarge', 'shell.readFailed', 'shell.writeFailed']);
    for (const code of errorCodes) {
      const zh = (catalogues['zh-CN'].errors as Record<string, string>)[code]!;
      const en = (catalogues.en.errors as Record<string, string>)[code]!;
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(en, code).not.toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(en), code).toEqual(placeholders(zh));
    }
    expect(translate('en', 'errors.shell.writeFailed', { file: 'a.csv', reason: 'EACCES' })).not.toMatch(/EACCES|[\u4e00-\u9fff]/);
  });

  it('has the same shell words in both languages, each in its own language', () => {
    expect(wordKeys.size).toBeGreaterThanOrEqual(5);
    const zh = catalogues['zh-CN'].shell as Record<string, string>;
    const en = catalogues.en.shell as Record<string, string>;
    expect(Object.keys(en).filter((k) => !k.endsWith('_one')).sort()).toEqual(Object.keys(zh).sort());
    for (const key of wordKeys) expect(zh[key.slice('shell.'.length)], key).toBeTypeOf('string');
    for (const [key, value] of Object.entries(zh)) {
      expect(value, key).toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(en[key]!), key).toEqual(placeholders(value));
    }
    for (const [key, value] of Object.entries(en)) expect(value, key).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
