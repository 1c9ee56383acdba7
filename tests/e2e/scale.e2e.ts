import { expect, openApp, shot, test } from './fixtures';

/**
 * 100,000 phrases (the bench's size, README.md "Benchmarks"): the grouped list and the results stay
 * virtual (a few dozen rows in the DOM), and a keypress in the search box is answered and painted
 * quickly. Timings are taken in the page: keypress (input event) → the host's answer arrives on the
 * WebSocket → the results are committed to the DOM → the frame after that is painted. On a desktop
 * the whole round trip is well under 50 ms; on the CI machine (2 cores shared by a GPU-less
 * Chromium that rasterises in software, the host and Playwright) a Chrome trace shows ~10 ms of
 * main-thread work per keystroke but frames wait ~25 ms for software raster and the host's search
 * takes 20–45 ms, so the bound here is a regression guard (drawing every row would take seconds),
 * and the figures are printed.
 */

const WORDS = ['发货', '退款', '尺码', '包邮', '优惠券', '质量', '颜色', '库存', '快递', '售后'];

function bigPack(n: number): Uint8Array<ArrayBuffer> {
  const lines = ['分组,快捷编码,短语内容'];
  for (let i = 0; i < n; i++) {
    const w = WORDS[i % WORDS.length]!;
    lines.push(`批量分组${String(i % 100).padStart(2, '0')},b${i},亲，关于${w}的第${i}条说明：我们会尽快为您处理${WORDS[(i * 7) % WORDS.length]}问题`);
  }
  return new Uint8Array(new TextEncoder().encode(lines.join('\n')));
}

interface Timing {
  answer: number;
  painted: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test('100,000 phrases: virtual list and fast search', async ({ page, host }) => {
  test.setTimeout(180_000);
  const result = await host.call('packs.import', { jobId: 'scale-e2e', bytes: bigPack(100_000), replace: true });
  expect(result.imported).toBe(100_000);
  // Note when each answer arrives on the page's WebSocket.
  await page.addInitScript(() => {
    const w = window as unknown as { __answerAt: number; WebSocket: typeof WebSocket };
    const Native = w.WebSocket;
    w.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', () => (w.__answerAt = performance.now()));
      }
    };
  });
  await openApp(page, host, 60_000);
  await expect(page.getByText('共 100000 条')).toBeVisible();
  // Warm the host's search index (it rebuilds after an import; a second or so for 100,000).
  await host.call('phrases.search', { query: '退', limit: 1 });
  const list = page.getByRole('tree', { name: '快捷短语列表' });
  expect(await list.getByRole('treeitem').count()).toBeLessThan(60);

  // Scroll to the very end: the last phrase of the last group is drawn.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(list.getByRole('treeitem', { name: /第99999条/ })).toBeVisible();

  // Type queries from inside the page (no Playwright round trips while measuring).
  const timings: Timing[] = await page.evaluate(async () => {
    const w = window as unknown as { __answerAt: number };
    const input = document.querySelector<HTMLInputElement>('.phrase-panel input[type="search"]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const body = document.querySelector('.panel-body')!;
    const out: { answer: number; painted: number }[] = [];
    for (const q of ['退', '退款', 'b12', 'b123', '第4', '第42', '颜色 快递', '售后', '发', '发货', '质量', '尺码']) {
      const painted = new Promise<{ answer: number; painted: number }>((resolve, reject) => {
        let t0 = 0;
        // A query that changes nothing on screen must fail the test by name, not hang it.
        const timer = setTimeout(() => reject(new Error(`no results painted for ${q}`)), 5000);
        const mo = new MutationObserver(() => {
          if (!document.querySelector('.result-count') || w.__answerAt < t0) return;
          mo.disconnect();
          clearTimeout(timer);
          const answerAt = w.__answerAt;
          // After the next frame's paint: a rAF, then a task.
          requestAnimationFrame(() => setTimeout(() => resolve({ answer: answerAt - t0, painted: performance.now() - t0 }), 0));
        });
        mo.observe(body, { subtree: true, childList: true, characterData: true });
        t0 = performance.now();
        setValue.call(input, q);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      out.push(await painted);
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  });
  await shot(page, '11-scale-search');
  const total = timings.map((t) => t.painted);
  const renderer = timings.map((t) => t.painted - t.answer);
  console.log(`keypress → painted (ms): ${total.map((x) => x.toFixed(0)).join(' ')}; median ${median(total).toFixed(0)}`);
  console.log(`answer → painted, the renderer's share (ms): ${renderer.map((x) => x.toFixed(0)).join(' ')}; median ${median(renderer).toFixed(0)}`);
  // Speed is measured by `npm run bench` against its target; this bound only catches a list that
  // draws every row (seconds), with room for a loaded CI machine.
  expect(median(total)).toBeLessThan(1000);

  await page.getByRole('searchbox', { name: '搜索快捷短语' }).fill('退款');
  await expect(page.getByRole('status').filter({ hasText: '共' })).toHaveText('共 20000 条，显示前 200 条');
  expect(await page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').count()).toBeLessThan(60);
});

test('a 60,000-phrase replacing import: the panel shows the new list when the summary does, and the first search answers like any other', async ({ page, host }) => {
  test.setTimeout(180_000);
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-big-')), '六万条.csv');
  fs.writeFileSync(file, bigPack(60_000));
  await openApp(page, host);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByLabel('选择文件').setInputFiles(file);
  await expect(dialog.getByRole('list', { name: '导入统计' })).toContainText('60000', { timeout: 60_000 });
  await dialog.getByRole('checkbox', { name: '清空当前正在使用的快捷短语列表' }).check();
  await dialog.getByRole('button', { name: '开始导入' }).click();
  const summary = dialog.getByText('导入 60000 条，重复 0 条，问题 0 条');
  await expect(summary).toBeVisible({ timeout: 120_000 });
  // At that moment the panel already counts the new list: no stale 60 starter phrases behind it.
  expect(await page.locator('.panel-total').textContent()).toBe('共 60000 条');
  await shot(page, '07d-import-60000-summary');
  await dialog.getByRole('button', { name: '完成' }).click();

  const search = page.getByRole('searchbox', { name: '搜索快捷短语' });
  const t0 = Date.now();
  await search.fill('第59999条');
  await expect(page.getByRole('listbox', { name: '搜索结果' }).getByRole('option')).toHaveCount(1);
  const firstSearchMs = Date.now() - t0;
  console.log(`first search after a 60,000-phrase import: ${firstSearchMs} ms (Playwright round trip included)`);
  // Before the index was rebuilt with the import, this first search paid the whole rebuild (~1 s).
  expect(firstSearchMs).toBeLessThan(700);
});
