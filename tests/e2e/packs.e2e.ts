import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { expect, openApp, shot, test, type Host } from './fixtures';
import type { Page } from '@playwright/test';

/** Phrase packs in the panel: 导入 a Qianniu GBK export, 导出 CSV and 千牛格式 (docs/packs.md). */

const QIANNIU_ROWS = [
  ['thk', '亲，退款已经给您处理好了，请留意账户到账情况', '售后处理'],
  ['hhwl', '亲，换货的快递单号已经帮您登记好了', '售后处理'],
  ['yhq', '亲，店铺首页可以领取满199减20的优惠券哦', '优惠活动'],
] as const;

/** A pack exactly as Qianniu writes it: its header, GBK bytes, no BOM, CRLF. */
function writeQianniuPack(): string {
  const text = ['快捷短语编码,快捷短语,快捷短语分组', ...QIANNIU_ROWS.map((r) => r.join(','))].join('\r\n') + '\r\n';
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-pack-')), '千牛快捷短语.csv');
  fs.writeFileSync(file, iconv.encode(text, 'gbk'));
  return file;
}

async function openImport(page: Page, file: string) {
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByLabel('选择文件').setInputFiles(file);
  await expect(dialog.getByRole('combobox', { name: '编码' })).toHaveValue('gb18030');
  return dialog;
}

async function countPhrases(host: Host) {
  return (await host.call('phrases.list', {})).length;
}

test('import a Qianniu GBK pack, keeping the current list', async ({ page, host }) => {
  const starter = await countPhrases(host);
  expect(starter).toBeGreaterThan(10);
  await openApp(page, host);
  const dialog = await openImport(page, writeQianniuPack());

  await expect(dialog.getByRole('region', { name: '列对应' })).toContainText('快捷编码←快捷短语编码');
  await expect(dialog.getByRole('list', { name: '导入统计' })).toContainText('3新增');
  const table = dialog.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').nth(1)).toContainText('亲，退款已经给您处理好了');
  await expect(dialog.getByRole('checkbox', { name: '清空当前正在使用的快捷短语列表' })).not.toBeChecked();
  await shot(page, '06-import-preview');

  await dialog.getByRole('button', { name: '开始导入' }).click();
  await expect(dialog.getByText('导入 3 条，重复 0 条，问题 0 条')).toBeVisible();
  await expect(dialog.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await shot(page, '07-import-summary');
  await dialog.getByRole('button', { name: '完成' }).click();

  expect(await countPhrases(host)).toBe(starter + 3);
  await expect(page.getByText(`共 ${starter + 3} 条`)).toBeVisible();
  const search = page.getByRole('searchbox', { name: '搜索快捷短语' });
  await search.fill('换货的快递单号');
  await expect(page.getByRole('listbox', { name: '搜索结果' }).getByRole('option')).toHaveCount(1);
  await search.fill('发货');
  await expect(page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').first()).toBeVisible();
});

test('import with 清空当前正在使用的快捷短语列表 leaves only the pack', async ({ page, host }) => {
  await openApp(page, host);
  const dialog = await openImport(page, writeQianniuPack());
  await dialog.getByRole('checkbox', { name: '清空当前正在使用的快捷短语列表' }).check();
  await expect(dialog.getByText('现有的全部快捷短语和分组将被文件中的内容替换')).toBeVisible();
  await dialog.getByRole('button', { name: '开始导入' }).click();
  await expect(dialog.getByText('导入 3 条，重复 0 条，问题 0 条')).toBeVisible();
  await dialog.getByRole('button', { name: '完成' }).click();

  const phrases = await host.call('phrases.list', {});
  expect(phrases.map((p) => p.content).sort()).toEqual(QIANNIU_ROWS.map((r) => r[1]).sort());
  const list = page.getByRole('tree', { name: '快捷短语列表' });
  await expect(list.getByRole('treeitem', { name: /^售后处理/ })).toBeVisible();
  await expect(list.getByRole('treeitem', { name: /^优惠活动/ })).toBeVisible();
  await expect(list.getByRole('treeitem', { name: /^问候/ })).toHaveCount(0);
  await expect(page.getByText('共 3 条')).toBeVisible();
});

test('a file that is not a phrase pack is refused in Chinese', async ({ page, host }) => {
  await openApp(page, host);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-pack-')), 'empty.csv');
  fs.writeFileSync(file, '');
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByLabel('选择文件').setInputFiles(file);
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('无法读取这个文件');
  await expect(dialog.getByRole('button', { name: '开始导入' })).toBeDisabled();
});

test('export CSV and 千牛格式 and read the files back', async ({ page, host }) => {
  await openApp(page, host);
  const first = (await host.call('phrases.list', {})).find((p) => p.shortcutCode && p.groupName !== '默认分组')!;

  await page.getByRole('button', { name: '导出', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导出快捷短语' });
  await expect(dialog.getByRole('radio', { name: 'CSV（推荐）' })).toBeChecked();
  await expect(dialog.getByRole('combobox', { name: '编码' })).toHaveValue('utf8');
  await shot(page, '08-export-dialog');

  const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '导出', exact: true }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const csvBytes = fs.readFileSync(await csv.path());
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csvLines = csvBytes.subarray(3).toString('utf8').split(/\r?\n/);
  expect(csvLines[0]).toBe('分组,快捷编码,短语内容');
  expect(csvLines).toContain(`${first.groupName},${first.shortcutCode},${first.content}`);
  await expect(dialog.getByRole('status')).toContainText('已导出');

  await dialog.getByRole('radio', { name: '千牛格式 CSV (GBK)' }).check();
  await expect(dialog.getByRole('combobox', { name: '编码' })).toHaveCount(0);
  const [qn] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '导出', exact: true }).click()]);
  const qnText = iconv.decode(fs.readFileSync(await qn.path()), 'gbk');
  const qnLines = qnText.split('\r\n');
  expect(qnLines[0]).toBe('快捷短语编码,快捷短语,快捷短语分组');
  expect(qnLines).toContain(`${first.shortcutCode},${first.content},${first.groupName}`);

  // A real emoji (not an emoticon code) cannot be written in GBK: the dialog names the phrase.
  await host.call('phrases.create', { groupId: first.groupId, shortcutCode: 'emoji', content: '亲，送您一朵小红花🌸' });
  await dialog.getByRole('button', { name: '导出', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('导出失败');
  await expect(alert).toContainText('亲，送您一朵小红花');
  await shot(page, '08b-export-unencodable');
});

test('export only chosen groups', async ({ page, host }) => {
  await openApp(page, host);
  const groups = await host.call('phrases.listGroups', {});
  const chosen = groups.find((g) => !g.isDefault && g.phraseCount > 0)!;
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导出快捷短语' });
  await dialog.getByRole('radio', { name: '选择分组' }).check();
  await expect(dialog.getByRole('button', { name: '导出', exact: true })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: chosen.name }).check();
  const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '导出', exact: true }).click()]);
  const lines = fs.readFileSync(await csv.path()).subarray(3).toString('utf8').trim().split(/\r?\n/);
  expect(lines.length).toBe(chosen.phraseCount + 1);
  expect(lines.slice(1).every((l) => l.startsWith(`${chosen.name},`))).toBe(true);
});

test('取消 stops an import, even one the host had not started yet', async ({ page, host }) => {
  test.setTimeout(120_000);
  const before = await countPhrases(host);
  const lines = ['分组,快捷编码,短语内容'];
  for (let i = 0; i < 40_000; i++) lines.push(`大批量${i % 20},,亲，这是第${i}条批量导入的快捷短语，用来测试进度条和取消`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-pack-')), '大批量.csv');
  fs.writeFileSync(file, lines.join('\n'));

  // Hold the import request back until the page has sent its cancel, so the first cancel reaches
  // the host before the job exists (the host ignores an unknown job id): the dialog must repeat it
  // once progress shows the job is running.
  let held: string | null = null;
  await page.routeWebSocket(/\/bridge/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      const text = String(m);
      if (text.includes('"method":"packs.import"')) {
        held = text;
        return;
      }
      server.send(m);
      if (text.includes('"method":"packs.cancel"') && held) {
        const request = held;
        held = null;
        setTimeout(() => server.send(request), 50);
      }
    });
    server.onMessage((m) => ws.send(m));
  });
  await openApp(page, host);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByLabel('选择文件').setInputFiles(file);
  await expect(dialog.getByRole('list', { name: '导入统计' })).toContainText('40000新增', { timeout: 60_000 });
  await dialog.getByRole('button', { name: '开始导入' }).click();
  await expect(dialog.getByRole('progressbar', { name: '导入进度' })).toBeVisible();
  await expect(dialog.getByText('正在读取文件…')).toBeVisible();
  await shot(page, '07a-import-progress');
  await dialog.getByRole('button', { name: '取消' }).click();
  // 正在取消… shows until the host confirms; a fast cancel may already have confirmed.
  await expect(dialog.getByRole('button', { name: '正在取消…' }).or(dialog.getByText('已取消导入'))).toBeVisible();
  await expect(dialog.getByText('已取消导入')).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByText('导入已取消，快捷短语列表保持不变。')).toBeVisible();
  await shot(page, '07b-import-cancelled');
  expect(await countPhrases(host)).toBe(before);
});

test('the progress bar follows the import and reaches 100 %', async ({ page, host }) => {
  // 30,000 rows take long enough on the worker for several progress events to arrive.
  const lines = ['分组,快捷编码,短语内容'];
  for (let i = 0; i < 30_000; i++) lines.push(`分组${i % 30},p${i},亲，这是第${i}条用来看进度条的快捷短语`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-pack-')), '大短语包.csv');
  fs.writeFileSync(file, '\ufeff' + lines.join('\r\n'));
  await openApp(page, host);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByLabel('选择文件').setInputFiles(file);
  await expect(dialog.getByRole('list', { name: '导入统计' })).toContainText('30000新增');

  // Record every value the bar shows, from inside the page, while the import runs.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __progress: number[] }).__progress = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      const v = Number(bar?.getAttribute('aria-valuenow'));
      if (bar && seen[seen.length - 1] !== v) seen.push(v);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  await dialog.getByRole('button', { name: '开始导入' }).click();
  await expect(dialog.getByText('导入 30000 条，重复 0 条，问题 0 条')).toBeVisible({ timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
  expect(seen.some((v) => v > 10 && v < 100), `values shown: ${seen.join(', ')}`).toBe(true);
  expect(seen.at(-1)).toBe(100);
  expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  expect(await countPhrases(host)).toBeGreaterThanOrEqual(30_000);
});

test('re-import an updated team pack with 更新: the preview says what each choice does, then /th gives the new text', async ({ page, host }) => {
  // The starter pack's /th, used for weeks; a colleague since reworded it, moved it and added a phrase.
  const before = (await host.call('phrases.list', {})).find((p) => p.shortcutCode === 'th')!;
  for (let i = 0; i < 3; i++) await host.call('phrases.recordUse', { id: before.id });
  const newText = '亲，本店支持七天无理由退换货，退货运费由我们承担哦～';
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-pack-')), '团队话术-第2版.csv');
  fs.writeFileSync(
    file,
    '\ufeff' +
      ['分组,快捷编码,短语内容', `售后政策,th,${newText}`, '售后政策,yfbx,亲，我们为您购买了运费险哦', '售后政策,TH,旧版里多出来的一行'].join('\r\n') +
      '\r\n',
  );
  const total = (await host.call('phrases.list', {})).length;

  await openApp(page, host);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByLabel('选择文件').setInputFiles(file);
  const counts = dialog.getByRole('list', { name: '导入统计' });
  const choice = dialog.getByRole('radiogroup', { name: '快捷编码已被现有短语使用时' });
  const keep = choice.getByRole('radio', { name: '保留现有短语的编码' });
  const update = choice.getByRole('radio', { name: '用文件中的内容更新现有短语' });

  // keep (the default): all three rows come in as new phrases, two of them without their code.
  await expect(keep).toBeChecked();
  await expect(counts).toContainText('3新增');
  await expect(counts).not.toContainText('更新');
  await expect(choice).toContainText('文件中 2 条短语将作为新短语导入，但不带快捷编码');
  await expect(choice).toContainText('1 条现有短语将改为文件中的内容和分组，使用次数保留');

  // From the keyboard: the radio group is one Tab stop, the arrows choose.
  await keep.focus();
  await page.keyboard.press('ArrowDown');
  await expect(update).toBeChecked();
  await expect(update).toBeFocused();
  await expect(counts).toContainText('2新增');
  await expect(counts).toContainText('1更新');
  await expect(counts).toContainText('0重复');
  await expect(counts).toContainText('1问题');
  await expect(dialog.getByRole('region', { name: '问题列表' })).toContainText('行 4：快捷编码“TH”在文件第 2 行已经用过');
  await shot(page, '06c-import-preview-update');

  // 清空 leaves nothing to conflict with: the choice is disabled and the counts are the replace's.
  await dialog.getByRole('checkbox', { name: '清空当前正在使用的快捷短语列表' }).check();
  await expect(update).toBeDisabled();
  await expect(choice).toContainText('清空列表后，文件中的快捷编码不会与现有短语冲突');
  await expect(counts).toContainText('3新增');
  await shot(page, '06e-import-preview-replace-disables-choice');
  await dialog.getByRole('checkbox', { name: '清空当前正在使用的快捷短语列表' }).uncheck();
  await expect(update).toBeEnabled();
  await expect(update).toBeChecked();

  await dialog.getByRole('button', { name: '开始导入' }).click();
  await expect(dialog.getByText('导入 2 条，重复 0 条，问题 1 条')).toBeVisible();
  await expect(dialog.getByText('已更新 1 条现有短语（使用次数保留）。')).toBeVisible();
  await shot(page, '07c-import-summary-update');
  await dialog.getByRole('button', { name: '完成' }).click();

  const after = (await host.call('phrases.list', {})).find((p) => p.id === before.id)!;
  expect(after).toMatchObject({ shortcutCode: 'th', content: newText, groupName: '售后政策', useCount: 3 });
  expect((await host.call('phrases.list', {})).length).toBe(total + 2);

  // /th in the composer now offers and inserts the new text.
  const input = page.getByRole('textbox', { name: '输入消息' });
  await input.click();
  await input.pressSequentially('/th', { delay: 30 });
  const first = page.getByRole('listbox', { name: '快捷短语建议' }).getByRole('option').first();
  await expect(first).toContainText('/th');
  await expect(first).toContainText('退货运费由我们承担');
  await input.press('Enter');
  await expect(input).toHaveValue(newText);
});

test("an XML pack's column mapping shows where each field comes from", async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByLabel('选择文件').setInputFiles(path.join(__dirname, '..', '..', 'fixtures', 'packs', 'pack-utf8.xml'));
  const mapping = dialog.getByRole('region', { name: '列对应' });
  await expect(mapping).toContainText('分组←<group name>');
  await expect(mapping).toContainText('快捷编码←<phrase code>');
  await expect(mapping).toContainText('短语内容←<phrase>');
  await expect(mapping).not.toContainText('无此列');
  await shot(page, '06d-import-preview-xml');
});
