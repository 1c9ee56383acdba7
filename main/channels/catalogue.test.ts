import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { catalogues } from '../i18n';

/**
 * Every error the channels, the outbox, the lease and `xiaoniu run` raise, and every line `run`
 * logs, reads as one sentence in each language with the same placeholders (docs/architecture.md
 * "How a call travels": no message without a catalogue entry).
 */
const root = path.resolve(__dirname, '..', '..');
const files = ['main/channels', 'main/channels/simulator', 'main/chat/outbox.ts', 'main/store/lease.ts', 'main/cli/run.ts', 'main/cli/args.ts'].flatMap((p) => {
  const full = path.join(root, p);
  return fs.statSync(full).isDirectory()
    ? fs.readdirSync(full).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => path.join(full, f))
    : [full];
});
const source = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const codes = new Set([...source.matchAll(/(?:XiaoniuError|UsageError|refuse)\(\s*(?:[^']*\? )?'((?:channel|simulator|run)\.\w+)'/g)].map((m) => m[1]!));
// The two codes the lease picks between, and the send errors named in PERMANENT_SEND_ERRORS.
for (const c of ['run.heldByWindow', 'run.heldByRun', 'channel.unreachable', 'channel.rejected', 'channel.sendFailed']) codes.add(c);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const flat = (o: object, p = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flat(v as object, `${p}${k}.`)));

describe('channel, simulator and run catalogue', () => {
  it('has every error in Chinese and English, with the same placeholders', () => {
    expect(codes.size).toBeGreaterThan(12);
    for (const code of codes) {
      const zh = (catalogues['zh-CN'].errors as Record<string, string>)[code];
      const en = (catalogues.en.errors as Record<string, string>)[code];
      expect(zh, `errors.${code} in zh-CN.json`).toBeTypeOf('string');
      expect(en, `errors.${code} in en.json`).toBeTypeOf('string');
      expect(placeholders(en!), code).toEqual(placeholders(zh!));
      expect(zh, `errors.${code} is Chinese`).toMatch(/[\u4e00-\u9fff]/);
      expect(en, `errors.${code} is English`).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
    }
  });

  it('has the same run, channel and simulator words in both languages', () => {
    for (const section of ['run', 'channel', 'simulator'] as const) {
      const zh = Object.fromEntries(flat(catalogues['zh-CN'][section]));
      const en = Object.fromEntries(flat(catalogues.en[section]));
      expect(Object.keys(en).sort(), section).toEqual(Object.keys(zh).sort());
      for (const key of Object.keys(zh)) {
        expect(placeholders(en[key]!), `${section}.${key}`).toEqual(placeholders(zh[key]!));
        expect(en[key], `${section}.${key} is English`).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
    // Every line run.ts logs by name exists.
    const logged = [...fs.readFileSync(path.join(root, 'main/cli/run.ts'), 'utf8').matchAll(/line\('(\w+)'/g)].map((m) => m[1]!);
    expect(logged.length).toBeGreaterThan(4);
    for (const key of logged) expect(catalogues['zh-CN'].run, key).toHaveProperty(key);
  });
});
