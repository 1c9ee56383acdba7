import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { catalogues } from '../i18n';
import { expectErrorInBothLanguages, expectSectionInBothLanguages, sourceFiles } from '../i18n/catalogue.test-util';

/**
 * Every error the channels, the outbox, the lease and `xiaoniu run` raise, and every line `run`
 * logs, reads as one sentence in each language with the same placeholders (docs/architecture.md
 * "How a call travels": no message without a catalogue entry).
 */
const root = path.resolve(__dirname, '..', '..');
const files = sourceFiles(['main/channels', 'main/channels/simulator', 'main/chat/outbox.ts', 'main/store/lease.ts', 'main/cli/run.ts', 'main/cli/args.ts']);
const source = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const codes = new Set([...source.matchAll(/(?:XiaoniuError|UsageError|refuse)\(\s*(?:[^']*\? )?'((?:channel|simulator|run)\.\w+)'/g)].map((m) => m[1]!));
// The two codes the lease picks between, and the send errors named in PERMANENT_SEND_ERRORS.
for (const c of ['run.heldByWindow', 'run.heldByRun', 'channel.unreachable', 'channel.rejected', 'channel.sendFailed']) codes.add(c);

describe('channel, simulator and run catalogue', () => {
  it('has every error in Chinese and English, with the same placeholders', () => {
    expect(codes.size).toBeGreaterThan(12);
    for (const code of codes) expectErrorInBothLanguages(code);
  });

  it('has the same run, channel and simulator words in both languages', () => {
    for (const section of ['run', 'channel', 'simulator'] as const) expectSectionInBothLanguages(section);
    // Every line run.ts logs by name exists.
    const logged = [...fs.readFileSync(path.join(root, 'main/cli/run.ts'), 'utf8').matchAll(/line\('(\w+)'/g)].map((m) => m[1]!);
    expect(logged.length).toBeGreaterThan(4);
    for (const key of logged) expect(catalogues['zh-CN'].run, key).toHaveProperty(key);
  });
});
