import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workerImportRunner } from '../../main/packs/jobs';
import { openDatabase } from '../../main/store/db';
import { createPhraseService } from '../../main/phrases/service';
import { virtualClock } from '../../main/shared/clock';
import { isXiaoniuError } from '../../main/shared/errors';
import { repeatedPart, workbook } from '../../main/packs/zip.test-util';

/**
 * The app's import path: a worker thread with its own connection (the compiled
 * dist/main/packs/import-worker.js — run `npm run build` first if it is missing).
 */
const workerFile = path.resolve(__dirname, '..', '..', 'dist', 'main', 'packs', 'import-worker.js');

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-worker-'));
  const dbFile = path.join(dir, 'x.db');
  const db = openDatabase(dbFile);
  const phrases = createPhraseService(db, virtualClock());
  phrases.createPhrase({ groupId: phrases.listGroups()[0]!.id, shortcutCode: 'old', content: '旧短语' });
  return { dbFile, db, phrases, runner: workerImportRunner(dbFile, workerFile) };
}

function bigPack(rows: number): Uint8Array {
  const lines = ['分组,快捷编码,短语内容'];
  for (let i = 0; i < rows; i++) lines.push(`分组${i % 20},c${i},亲，这是第${i}条快捷短语，支持七天无理由退换货`);
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** A workbook that takes seconds to read: 500,000 rows of phrases in a 50 MB sheet (1.3 MB zipped). */
function slowWorkbook(): Uint8Array {
  const oneRow = '<row><c t="inlineStr"><is><t>亲，这是一条需要读很久的快捷短语，支持七天无理由退换货哦</t></is></c></row>';
  const rows = 500_000;
  const perChunk = 1000;
  return workbook(
    repeatedPart(
      'xl/worksheets/sheet1.xml',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
      oneRow.repeat(perChunk),
      rows / perChunk,
      '</sheetData></worksheet>',
    ),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('import on a worker thread', () => {
  it('previews without writing, then imports with progress to 100 %, and the main connection sees it', async () => {
    const { runner, phrases } = setup();
    const bytes = bigPack(3000);
    const preview = await runner.preview({ bytes, replace: true });
    expect(preview.counts).toEqual({ rows: 3000, new: 3000, updated: 0, duplicates: 0, problems: 0, codesKept: 0, notUpdated: 0 });
    expect(phrases.listPhrases()).toHaveLength(1);
    const progress: [string, number, number][] = [];
    const job = runner.run({ bytes, replace: true }, (phase, done, total) => progress.push([phase, done, total]));
    expect(await job.result).toMatchObject({ imported: 3000, groups: 20, encoding: 'utf-8' });
    expect(progress.at(-1)).toEqual(['write', 3000, 3000]);
    expect((await phrases.search('第2999条')).total).toBe(1);
    expect((await phrases.search('旧短语')).total).toBe(0);
  });

  it('cancelled half-way, leaves the previous list exactly as it was', async () => {
    const { runner, phrases } = setup();
    let job: ReturnType<typeof runner.run> | undefined;
    job = runner.run({ bytes: bigPack(60_000), replace: true }, (phase, done) => {
      if (phase === 'write' && done >= 10_000) job!.cancel();
    });
    const error = await job.result.catch((e: unknown) => e);
    expect(isXiaoniuError(error, 'pack.cancelled')).toBe(true);
    expect(phrases.listPhrases().map((p) => p.content)).toEqual(['旧短语']);
  });

  it('passes the code-conflict choice through to the worker: update rewrites the phrase holding the code', async () => {
    const { runner, phrases } = setup();
    const old = phrases.listPhrases()[0]!;
    phrases.recordUse(old.id);
    const bytes = new TextEncoder().encode('分组,快捷编码,短语内容\r\n,OLD,新版的短语\r\n');
    const preview = await runner.preview({ bytes, replace: false, onCodeConflict: 'update' });
    expect(preview.counts).toMatchObject({ new: 0, updated: 1 });
    expect(preview.outcomes.keep.counts).toMatchObject({ new: 1, updated: 0, codesKept: 1 });
    const result = await runner.run({ bytes, replace: false, onCodeConflict: 'update' }, () => {}).result;
    expect(result).toMatchObject({ imported: 0, updated: 1, duplicates: 0, problems: [] });
    expect(phrases.listPhrases()).toEqual([{ ...old, shortcutCode: 'OLD', content: '新版的短语', useCount: 1, lastUsedAt: expect.any(Number), updatedAt: expect.any(Number) }]);
    expect((await phrases.search('OLD')).hits.map((h) => h.phrase.content)).toEqual(['新版的短语']);
  });

  it('cancel stops a worker that is still reading: answered at once, the thread stops, nothing is written', async () => {
    const { runner, phrases, dbFile } = setup();
    const bytes = slowWorkbook();
    const readStart = performance.now();
    expect((await runner.preview({ bytes, replace: true })).counts.rows).toBe(500_000);
    const readMs = performance.now() - readStart;
    expect(readMs, 'the pack must take a while to read for this test to mean anything').toBeGreaterThan(1000);

    const phases: string[] = [];
    const job = runner.run({ bytes, replace: true }, (phase) => phases.push(phase));
    await sleep(Math.min(500, readMs / 4));
    const cancelAt = performance.now();
    job.cancel();
    const error = await job.result.catch((e: unknown) => e);
    expect(isXiaoniuError(error, 'pack.cancelled')).toBe(true);
    expect(performance.now() - cancelAt).toBeLessThan(200);
    expect(phases).not.toContain('write');

    // The thread is gone, not just unheard: this process uses next to no CPU while the worker
    // would still have had seconds of reading to do.
    await sleep(200);
    const cpuBefore = process.cpuUsage();
    await sleep(1000);
    const cpu = process.cpuUsage(cpuBefore);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(300);

    // Nothing was written, no lock is left behind: the next import runs at once.
    expect(phrases.listPhrases().map((p) => p.content)).toEqual(['旧短语']);
    const next = await workerImportRunner(dbFile, workerFile).run({ bytes: bigPack(10), replace: false }, () => {}).result;
    expect(next.imported).toBe(10);
  }, 60_000);
});
