import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTranscript } from '../bench/chat-history';

/**
 * A million-message transcript imports streamed, with bounded memory (docs/transcripts.md "Speed and size").
 * About two minutes on a 2-core machine, so it runs only when asked:
 * `XIAONIU_LARGE=1 npx vitest run tests/cli/history-large.test.ts` (after `npm run build`; needs GNU
 * time at /usr/bin/time for the peak resident set size).
 */
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'xiaoniu.js');
/** Peak resident memory allowed for the import, in KB: the file is ~115 MB, the database ~200 MB. */
const PEAK_KB = 300 * 1024;

function timedImport(file: string, db: string) {
  const r = spawnSync('/usr/bin/time', ['-f', 'peakKB=%M seconds=%e', process.execPath, bin, 'history', 'import', file, '--json', '--db', db], {
    encoding: 'utf8',
    env: { ...process.env, XIAONIU_LANG: 'en' },
    maxBuffer: 1 << 20,
  });
  const m = /peakKB=(\d+) seconds=([\d.]+)/.exec(r.stderr);
  return { code: r.status, out: r.stdout, err: r.stderr, peakKB: Number(m?.[1]), seconds: Number(m?.[2]) };
}

describe.skipIf(!process.env.XIAONIU_LARGE)('a million-message history', () => {
  it.each(['json', 'jsonl'] as const)('imports a %s transcript of 1,000,000 messages streamed, in bounded memory, and again as all duplicates', (format) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-large-'));
    const file = path.join(dir, `million.${format}`);
    const events = generateTranscript(file, 1_000_000, format);
    const db = path.join(dir, 'x.db');
    const first = timedImport(file, db);
    expect(first.code, first.err).toBe(0);
    const summary = JSON.parse(first.out);
    expect(summary.messages).toBe(1_000_000);
    expect(summary.messages + summary.orders).toBe(events);
    console.log(`${format}: ${(fs.statSync(file).size / 1e6).toFixed(0)} MB, ${first.seconds} s (${Math.round(1_000_000 / first.seconds)} messages/s), peak ${Math.round(first.peakKB / 1024)} MB`);
    expect(first.peakKB).toBeLessThan(PEAK_KB);
    const again = timedImport(file, db);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ buyers: 0, messages: 0, orders: 0, duplicates: events });
    console.log(`${format} again: ${again.seconds} s, peak ${Math.round(again.peakKB / 1024)} MB`);
    expect(again.peakKB).toBeLessThan(PEAK_KB);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 900_000);
});
