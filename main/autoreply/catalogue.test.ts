import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { expectErrorInBothLanguages, expectSectionInBothLanguages, sourceFiles } from '../i18n/catalogue.test-util';

/** Every code the auto-reply feature raises is in both catalogues, and its section is alike in both. */
describe('auto-reply catalogue', () => {
  it('has every autoreply.* error in Chinese and English with the same placeholders', () => {
    const text = sourceFiles(['main/autoreply', 'main/cli/autoreply.ts']).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const codes = new Set([...text.matchAll(/(?:XiaoniuError|fail)\(\s*'(autoreply\.\w+)'/g)].map((m) => m[1]!));
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) expectErrorInBothLanguages(code);
  });

  it('has the autoreply section in both languages', () => {
    expectSectionInBothLanguages('autoreply');
  });
});
