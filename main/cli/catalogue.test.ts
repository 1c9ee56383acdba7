import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { catalogues } from '../i18n';
import { CJK, expectErrorInBothLanguages, placeholders } from '../i18n/catalogue.test-util';

/**
 * The CLI's messages (`errors.cli.*`, and the codes its grammar reuses) are in both catalogues with
 * the same placeholders, each in its own language, and no `errors.cli.*` entry is left that no code
 * raises any more (STYLE.md: no message without a catalogue entry, no entry without a use).
 */
const main = path.resolve(__dirname, '..');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sources(full);
    return /\.tsx?$/.test(d.name) && !/\.test(-util)?\.ts$/.test(d.name) ? [full] : [];
  });
const cliFiles = sources(path.join(main, 'cli'));
const everything = [...sources(main), ...sources(path.resolve(main, '..', 'renderer'))].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const zhErrors = catalogues['zh-CN'].errors as Record<string, string>;
const enErrors = catalogues.en.errors as Record<string, string>;

describe('CLI catalogue', () => {
  it('has every code the CLI raises in Chinese and English, with the same placeholders', () => {
    const codes = new Set(
      cliFiles.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/(?:UsageError|XiaoniuError)\(\s*'([\w.]+)'/g)].map((m) => m[1]!)),
    );
    expect(codes.size).toBeGreaterThan(15);
    // `refuse('cli.badFormat', …)` and the translate() calls name the rest.
    for (const code of [...codes, 'cli.badFormat', 'cli.badEncoding', 'cli.badCodeConflict', 'cli.missingCommand', 'cli.noPhrases', 'cli.noMatches']) {
      expectErrorInBothLanguages(code);
    }
  });

  it('keeps no errors.cli entry that nothing raises', () => {
    const unused = Object.keys(zhErrors).filter((k) => k.startsWith('cli.') && !everything.includes(`'${k}'`) && !everything.includes(`errors.${k}'`));
    expect(unused).toEqual([]);
    expect(Object.keys(enErrors).filter((k) => k.startsWith('cli.')).sort()).toEqual(Object.keys(zhErrors).filter((k) => k.startsWith('cli.')).sort());
  });

  it('has both usages and the area list in each language', () => {
    for (const key of ['usageMain', 'usagePhrases', 'usageHistory', 'usageSettings'] as const) {
      expect(catalogues['zh-CN'].cli[key], key).toMatch(/^用法：/);
      expect(catalogues.en.cli[key], key).toMatch(/^Usage:/);
      expect(catalogues.en.cli[key], key).not.toMatch(CJK);
      expect(placeholders(catalogues.en.cli[key]), key).toEqual(placeholders(catalogues['zh-CN'].cli[key]));
    }
  });
});
