import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostile } from '../../main/packs/zip.test-util';

/**
 * Hostile workbooks through the CLI, as a user (or an attacker's attachment) would bring them:
 * each is refused with the catalogue message, or read as the two phrases it really holds, within
 * a time and a peak memory a phrase pack can justify. Peak RSS is the child's own
 * `getrusage().ru_maxrss` (what GNU time's %M prints), reported by a `--require`d exit hook.
 *
 * Measured on the 2-core build machine (GNU time, CLI import into a new database):
 *                         before (exceljs)              after (streaming reader)
 *   hugeMerge             > 90 s killed, 4.2 GB         0.1 s,  57 MB, imports 2
 *   manyMerges            > 90 s killed, 335 MB         0.3 s,  94 MB, imports 2
 *   hugeRowNumber         > 90 s killed, 87 MB          0.1 s,  57 MB, xlsxDamaged
 *   zipBomb (1 GB)        7.6 s, 2.2 GB, notAPhrasePack 0.1 s,  63 MB, xlsxTooLarge
 *   lyingZipBomb          10.6 s, 2.2 GB                0.1 s,  63 MB, xlsxTooLarge
 *   bombUnderTheCap       —                             4.4 s, 345 MB, xlsxDamaged
 *   repeatedRowNumber     —                             4.4 s, 266 MB, xlsxDamaged
 *   sharedStringsBomb     —                             5.4 s, 250 MB, imports 1
 * Run `npm run build` first if bin/xiaoniu.js cannot find dist/.
 */
const root = path.resolve(__dirname, '..', '..');
const TIME_LIMIT_MS = 20_000;
const MEMORY_LIMIT_KB = 400 * 1024;

function runImport(bytes: Uint8Array, lang = 'zh-CN') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-hostile-'));
  const file = path.join(dir, 'pack.xlsx');
  fs.writeFileSync(file, bytes);
  const hook = path.join(dir, 'maxrss.js');
  fs.writeFileSync(hook, `process.on('exit', () => require('fs').writeSync(2, '\\nMAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));`);
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--require', hook, path.join(root, 'bin', 'xiaoniu.js'), 'phrases', 'import', file, '--db', path.join(dir, 'x.db')], {
    encoding: 'utf8',
    env: { ...process.env, XIAONIU_LANG: lang },
    timeout: TIME_LIMIT_MS * 2,
  });
  const ms = performance.now() - start;
  const rss = /MAXRSS_KB (\d+)/.exec(r.stderr);
  return { code: r.status, out: r.stdout, err: r.stderr.replace(/\n?MAXRSS_KB \d+\n/, ''), ms, peakKb: rss ? Number(rss[1]) : Infinity };
}

describe('hostile .xlsx through the CLI', () => {
  it.each([
    ['hugeMerge', hostile.hugeMerge],
    ['manyMerges', () => hostile.manyMerges()],
    ['hugeDimension', hostile.hugeDimension],
  ])('%s: reads the two phrases it holds, in bounded time and memory', (_name, make) => {
    const r = runImport(make());
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('已导入 2 条');
    expect(r.ms).toBeLessThan(TIME_LIMIT_MS);
    expect(r.peakKb).toBeLessThan(MEMORY_LIMIT_KB);
  });

  it.each([
    ['hugeRowNumber', hostile.hugeRowNumber, /已损坏或格式不正确/],
    ['zipBomb', () => hostile.zipBomb(), /解压后远大于快捷短语文件/],
    ['lyingZipBomb', () => hostile.lyingZipBomb(), /解压后远大于快捷短语文件/],
    ['bombUnderTheCap', () => hostile.bombUnderTheCap(), /已损坏或格式不正确/],
  ])('%s: refused with one catalogue line, exit 2, in bounded time and memory', (_name, make, message) => {
    const r = runImport(make());
    expect(r.code, r.err).toBe(2);
    expect(r.err.trim()).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.ms).toBeLessThan(TIME_LIMIT_MS);
    expect(r.peakKb).toBeLessThan(MEMORY_LIMIT_KB);
  }, TIME_LIMIT_MS * 3);

  it('says it in English with XIAONIU_LANG=en, and only in English', () => {
    const r = runImport(hostile.lyingZipBomb(), 'en');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/zip bomb/);
    expect(r.err).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
