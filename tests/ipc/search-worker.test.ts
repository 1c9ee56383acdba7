import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../main/store/db';
import { createPhraseService, type PhraseService } from '../../main/phrases/service';
import { workerSearchBackend } from '../../main/phrases/search-backend';
import { virtualClock } from '../../main/shared/clock';
import { createApp } from '../../main/app';

/**
 * The app's search index lives on a worker thread (compiled `dist/main/phrases/search-worker.js`;
 * run `npm run build` first): it must answer exactly as the in-process index does, see every write
 * made before a search, and survive losing its thread.
 */
const WORKER = path.resolve(__dirname, '..', '..', 'dist', 'main', 'phrases', 'search-worker.js');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDb(): { file: string; db: Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-search-'));
  const file = path.join(dir, 'xiaoniu.db');
  const db = openDatabase(file);
  cleanups.push(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { file, db };
}

function services(db: Database, file: string, workerFile = WORKER): { onWorker: PhraseService; inline: PhraseService } {
  const clock = virtualClock();
  const onWorker = createPhraseService(db, clock, { search: workerSearchBackend(file, workerFile) });
  const inline = createPhraseService(db, clock);
  cleanups.push(() => onWorker.close());
  return { onWorker, inline };
}

const ids = async (s: PhraseService, q: string) => (await s.search(q)).hits.map((h) => h.phrase.id);

describe('search on a worker thread', () => {
  it('answers as the in-process index does, through creates, edits, uses, deletes and group changes', async () => {
    const { file, db } = tempDb();
    const { onWorker, inline } = services(db, file);
    const g = onWorker.createGroup('售后');
    const gid = onWorker.listGroups()[0]!.id;
    const a = onWorker.createPhrase({ groupId: gid, shortcutCode: 'fh', content: '亲，当天发货' });
    const b = onWorker.createPhrase({ groupId: g.id, shortcutCode: 'fh2', content: '发货后三天到' });
    expect(await ids(onWorker, 'fh')).toEqual([a.id, b.id]);
    onWorker.recordUse(b.id);
    onWorker.recordUse(b.id);
    onWorker.updatePhrase(a.id, { groupId: g.id, shortcutCode: 'fhx', content: '亲，明天发货' });
    const c = onWorker.createPhrase({ groupId: gid, shortcutCode: null, content: '发货地址是杭州' });
    onWorker.reorderGroups([g.id, gid]);
    for (const q of ['发货', 'fh', '/fh', '亲', '', '杭州 发货']) {
      inline.invalidate();
      expect(await ids(onWorker, q), q).toEqual(await ids(inline, q));
    }
    // Suggested replies come from the same thread and follow the same writes.
    const suggested = async (s: PhraseService, m: string) => (await s.suggest(m, 3)).hits.map((h) => h.phrase.id);
    for (const m of ['什么时候发货', '发到杭州吗', '在吗']) expect(await suggested(onWorker, m), m).toEqual(await suggested(inline, m));
    const d = onWorker.createPhrase({ groupId: gid, shortcutCode: null, content: '退款已经原路退回' });
    expect(await suggested(onWorker, '退款了吗')).toEqual([d.id]);
    onWorker.deletePhrase(d.id);
    expect(await suggested(onWorker, '退款了吗')).toEqual([]);
    onWorker.deletePhrase(c.id);
    expect(await ids(onWorker, '杭州')).toEqual([]);
    expect((await onWorker.search('发货')).hits.find((h) => h.phrase.id === b.id)?.phrase.useCount).toBe(2);
  });

  it("sees another connection's commit (the CLI) at the next search", async () => {
    const { file, db } = tempDb();
    const { onWorker } = services(db, file);
    expect((await onWorker.search('退款')).total).toBe(0);
    const other = openDatabase(file);
    createPhraseService(other, virtualClock()).importRows([{ line: 2, group: '售后', code: 'tk', content: '退款已原路返回' }]);
    other.close();
    expect((await onWorker.search('退款')).total).toBe(1);
    expect((await onWorker.search('/tk')).hits[0]?.phrase.groupName).toBe('售后');
  });

  it('a worker that dies fails the waiting search, and the next search starts a new one that misses nothing', async () => {
    const { file, db } = tempDb();
    // A stand-in worker that dies at its first start, then behaves like the real one.
    const marker = path.join(path.dirname(file), 'crashed-once');
    const flaky = path.join(path.dirname(file), 'flaky-worker.js');
    fs.writeFileSync(
      flaky,
      `const fs = require('node:fs');\n` +
        `if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.exit(7); }\n` +
        `require(${JSON.stringify(WORKER)});\n`,
    );
    const { onWorker } = services(db, file, flaky);
    const gid = onWorker.listGroups()[0]!.id;
    onWorker.createPhrase({ groupId: gid, shortcutCode: 'zl', content: '质量有保证' });
    await expect(onWorker.search('质量')).rejects.toThrow(/search worker: exited with code 7/);
    onWorker.createPhrase({ groupId: gid, shortcutCode: 'zl2', content: '质量问题包退' });
    expect((await onWorker.search('质量')).total).toBe(2);
  });

  it('the app builds the index before it is ready, and closing stops the worker', async () => {
    const { file, db } = tempDb();
    createPhraseService(db, virtualClock()).importRows(
      Array.from({ length: 5000 }, (_, i) => ({ line: i + 2, group: `分组${i % 10}`, code: `c${i}`, content: `亲，第${i}条短语，发货快` })),
    );
    const app = await createApp({ dbFile: file });
    const t0 = performance.now();
    const found = await app.phrases.search('c4999', 8);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(found.hits[0]?.phrase.shortcutCode).toBe('c4999');
    await app.close();
    await expect(app.phrases.search('发货')).rejects.toThrow();
  });
});

describe('search on a worker thread, under churn and failure', () => {
  it('a worker that throws (error, then exit) fails only the search it held; the next one is answered', async () => {
    const { file, db } = tempDb();
    const marker = path.join(path.dirname(file), 'threw-once');
    const flaky = path.join(path.dirname(file), 'throwing-worker.js');
    fs.writeFileSync(
      flaky,
      `const fs = require('node:fs');\n` +
        `if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); setTimeout(() => { throw new Error('boom'); }, 50); }\n` +
        `else require(${JSON.stringify(WORKER)});\n`,
    );
    const { onWorker } = services(db, file, flaky);
    const gid = onWorker.listGroups()[0]!.id;
    onWorker.createPhrase({ groupId: gid, shortcutCode: 'zl', content: '质量有保证' });
    const first = onWorker.search('质量').then(
      () => 'answered',
      (e: Error) => e.message,
    );
    expect(await first).toMatch(/search worker: boom/);
    // Sent to the replacement worker right away: the first worker's late 'exit' must not fail it.
    expect((await onWorker.search('质量')).total).toBe(1);
  });

  it('many group moves in a row: the search after them sees the last order', async () => {
    const { file, db } = tempDb();
    const { onWorker } = services(db, file);
    const groups = ['甲', '乙', '丙', '丁'].map((n) => onWorker.createGroup(n));
    groups.forEach((g, i) => onWorker.createPhrase({ groupId: g.id, shortcutCode: null, content: `发货说明${i}` }));
    await onWorker.warmUp();
    let ids = onWorker.listGroups().map((g) => g.id);
    for (let k = 0; k < 20; k++) {
      ids = [...ids.slice(1), ids[0]!];
      onWorker.reorderGroups(ids);
    }
    const order = onWorker.listGroups().filter((g) => !g.isDefault).map((g) => g.name);
    expect((await onWorker.search('发货说明')).hits.map((h) => h.phrase.groupName)).toEqual(order);
  });
});
