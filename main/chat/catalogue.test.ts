import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { expectErrorInBothLanguages, expectSectionInBothLanguages, sourceFiles } from '../i18n/catalogue.test-util';

/**
 * Every error the chat feature and `xiaoniu history` can raise reads as one sentence in each
 * language, with the same placeholders (no message without a catalogue entry: docs/architecture.md
 * "How a call travels").
 */
const files = sourceFiles(['main/chat', 'main/cli/history.ts']);
// Codes thrown directly, and the per-field codes of transcript.ts's table (`at: 'history.badAt'`).
const codes = new Set(
  files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/XiaoniuError\('((?:history|chat)\.\w+)'|\w+: '(history\.bad\w+)'/g)].map((m) => (m[1] ?? m[2])!)),
);

describe('chat catalogue', () => {
  it('has every chat and history error in Chinese and English, with the same placeholders', () => {
    expect(codes.size).toBeGreaterThan(30);
    for (const code of codes) expectErrorInBothLanguages(code);
  });

  it('has the same history words in both languages', () => {
    expectSectionInBothLanguages('history');
  });
});
