import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workerImportRunner } from '../../main/packs/jobs';
import { openDatabase } from '../../main/store/db';
import { createPhraseService } from '../../main/phrases/service';
import { virtualClock } from '../../main/shared/clock';
import { isXiaoniuError } from '../../main/shared/errors';

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
});
