import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { catalogues } from '.';

/**
 * What every feature's catalogue test checks (docs/architecture.md "How a call travels": no
 * message without a catalogue entry, one language per message), in one place.
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** Chinese characters, CJK punctuation and full-width forms: none may appear in an English entry. */
export const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

/** The `{{name}}` placeholders of a catalogue entry, sorted. */
export function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

/** A catalogue section flattened to `[dotted key, text]` pairs. */
export function flatten(o: object, prefix = ''): [string, string][] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flatten(v as object, `${prefix}${k}.`)));
}

/**
 * The source files (not tests) at `paths` relative to the repository root: a folder's own `.ts`
 * files (not its subfolders), or a file itself.
 */
export function sourceFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    const full = path.join(ROOT, p);
    return fs.statSync(full).isDirectory()
      ? fs.readdirSync(full).filter((f) => f.endsWith('.ts') && !/\.test(-util)?\.ts$/.test(f)).map((f) => path.join(full, f))
      : [full];
  });
}

/** `errors.<code>` exists in both catalogues, Chinese in one and English in the other, with the same placeholders. */
export function expectErrorInBothLanguages(code: string): void {
  const zh = (catalogues['zh-CN'].errors as Record<string, string>)[code];
  const en = (catalogues.en.errors as Record<string, string>)[code];
  expect(zh, `errors.${code} in zh-CN.json`).toBeTypeOf('string');
  expect(en, `errors.${code} in en.json`).toBeTypeOf('string');
  expect(placeholders(en!), code).toEqual(placeholders(zh!));
  expect(zh, `errors.${code} is Chinese`).toMatch(/[\u4e00-\u9fff]/);
  expect(en, `errors.${code} is English`).not.toMatch(CJK);
}

/** A catalogue section has the same keys in both languages, the same placeholders, and English without Chinese. */
export function expectSectionInBothLanguages(section: keyof (typeof catalogues)['en']): void {
  const zh = Object.fromEntries(flatten(catalogues['zh-CN'][section] as object));
  const en = Object.fromEntries(flatten(catalogues.en[section] as object));
  expect(Object.keys(en).sort(), section).toEqual(Object.keys(zh).sort());
  for (const key of Object.keys(zh)) {
    expect(placeholders(en[key]!), `${section}.${key}`).toEqual(placeholders(zh[key]!));
    expect(en[key], `${section}.${key} is English`).not.toMatch(CJK);
  }
}
