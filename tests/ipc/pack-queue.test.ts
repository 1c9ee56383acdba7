import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../main/app';
import { JOB_LIMITS } from '../../main/packs/jobs';
import { repeatedPart, workbook } from '../../main/packs/zip.test-util';

/**
 * Many previews and imports at once through the typed API of an app on a file database (so each
 * runs on a worker thread, as in the desktop app and the browser host). Before the queue, 1,000
 * previews at once started 1,000 worker threads and took 6.5 GB. Uses the compiled worker
 * (dist/main/packs/import-worker.js — run `npm run build` first if it is missing).
 */
const workerFile = path.resolve(__dirname, '..', '..', 'dist', 'main', 'packs', 'import-worker.js');

let app: App | undefined;
afterEach(() => {
  app?.close();
  app = undefined;
});

async function fileApp(): Promise<App> {
  const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-queue-')), 'x.db');
  app = await createApp({ dbFile, log: () => {} });
  return app;
}

function pack(rows: number, tag: string): Uint8Array {
  const lines = ['分组,快捷编码,短语内容'];
  for (let i = 0; i < rows; i++) lines.push(`分组${i % 10},${tag}${i},亲，这是第${i}条快捷短语（${tag}）`);
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** Samples this process's resident memory every 20 ms until stopped; returns the peak in MB. */
function rssPeak() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
  };
}

describe('previews and imports share one bounded queue', () => {
  it('1,000 previews at once: every call is answered, at most the queue runs, the rest get pack.busy, memory stays bounded', async () => {
    const a = await fileApp();
    const bytes = pack(2000, 'p');
    const baseline = process.memoryUsage().rss / 1024 / 1024;
    const stop = rssPeak();
    const results = await Promise.all(Array.from({ length: 1000 }, () => a.call('packs.preview', { bytes })));
    const peakMb = stop();

    const ok = results.filter((r) => r.ok);
    const busy = results.filter((r) => !r.ok && r.error.code === 'pack.busy');
    expect(ok.length + busy.length).toBe(1000);
    expect(ok.length).toBe(JOB_LIMITS.running + JOB_LIMITS.waiting);
    for (const r of ok) expect(r.ok && (r.value as { counts: { rows: number } }).counts.rows).toBe(2000);
    // 1,000 worker threads took 6.5 GB; ten jobs through two threads stay within a few hundred MB.
    expect(peakMb - baseline).toBeLessThan(400);

    // The queue drains: the next preview is accepted.
    const again = await a.call('packs.preview', { bytes });
    expect(again.ok).toBe(true);
  }, 120_000);

  it('an import waiting in the queue can be cancelled: it never runs, the others finish', async () => {
    const a = await fileApp();
    // Keep both slots busy with a workbook that takes a moment to read (200,000 rows).
    const row = '<row><c t="inlineStr"><is><t>亲，在的</t></is></c></row>';
    const slow = workbook(repeatedPart('xl/worksheets/sheet1.xml', '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', row.repeat(1000), 200, '</sheetData></worksheet>'));
    const blockers = [a.call('packs.preview', { bytes: slow }), a.call('packs.preview', { bytes: slow })];
    const waitingImport = a.call('packs.import', { jobId: 'queued-1', bytes: pack(50, 'q'), replace: false });
    const cancel = await a.call('packs.cancel', { jobId: 'queued-1' });
    expect(cancel.ok).toBe(true);
    const result = await waitingImport;
    expect(result).toEqual({ ok: false, error: { code: 'pack.cancelled', params: {} } });
    await Promise.all(blockers);
    const list = await a.call('phrases.list', {});
    expect(JSON.stringify(list)).not.toContain('（q）');

    // A reused job id is refused while its job waits.
    const first = a.call('packs.import', { jobId: 'same', bytes: pack(20, 'r'), replace: false });
    const second = await a.call('packs.import', { jobId: 'same', bytes: pack(20, 's'), replace: false });
    expect(second.ok ? null : second.error.code).toBe('pack.jobExists');
    expect((await first).ok).toBe(true);
  }, 60_000);
});
