import iconv from 'iconv-lite';
import { expect, openApp, shot, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * The phrase-pack dialogs as they run inside the desktop app, where the preload exposes
 * `window.xiaoniuFiles` (main/electron/files-api.ts): 选择文件 opens the system's open dialog and
 * 导出 the save dialog instead of the browser's file input and download. Electron cannot run here,
 * so the page gets the preload's object from an init script — the same shape, answering as main
 * would — and everything behind it (preview, import, export) is the real browser host.
 */

const PACK = iconv.encode('快捷短语编码,快捷短语,快捷短语分组\r\nthk,亲，退款已经给您处理好了,售后处理\r\n', 'gbk');

/** Installs a stand-in for the preload's `xiaoniuFiles`; `openAnswer` is what 选择文件 gets. */
async function desktopApp(page: Page, openAnswer: 'pack' | 'tooLarge') {
  await page.addInitScript(
    ({ packBase64, openAnswer }) => {
      const w = window as unknown as { xiaoniuFiles: unknown; __saved: unknown[]; __openCalls: unknown[] };
      w.__saved = [];
      w.__openCalls = [];
      const bytes = Uint8Array.from(atob(packBase64), (c) => c.charCodeAt(0));
      w.xiaoniuFiles = {
        async openFile(args: unknown) {
          w.__openCalls.push(args);
          return openAnswer === 'pack'
            ? { ok: true, value: { fileName: '千牛快捷短语.csv', bytes } }
            : { ok: false, error: { code: 'shell.fileTooLarge', params: { file: 'huge.csv', maxMb: 64 } } };
        },
        async saveFile(args: { suggestedName: string; bytes: Uint8Array }) {
          w.__saved.push({ suggestedName: args.suggestedName, size: args.bytes.byteLength, filters: (args as { filters?: unknown }).filters });
          return { ok: true, value: { fileName: '我的短语.csv' } };
        },
      };
    },
    { packBase64: Buffer.from(PACK).toString('base64'), openAnswer },
  );
}

test('in the desktop app 选择文件 opens the system dialog and the pack is previewed and imported', async ({ page, host }) => {
  await desktopApp(page, 'pack');
  await openApp(page, host);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  // A button, not the browser's file input.
  await expect(dialog.locator('input[type=file]')).toHaveCount(0);
  await dialog.getByRole('button', { name: '选择文件' }).click();
  await expect(dialog.getByRole('combobox', { name: '编码' })).toHaveValue('gb18030');
  await expect(dialog.getByText('千牛快捷短语.csv')).toBeVisible();
  const openCalls = await page.evaluate(() => (window as unknown as { __openCalls: { filters: { name: string; extensions: string[] }[] }[] }).__openCalls);
  expect(openCalls[0]!.filters[0]).toEqual({ name: '快捷短语文件（CSV、XML、Excel）', extensions: ['csv', 'txt', 'xml', 'xlsx'] });
  await shot(page, 'shell-01-import-native-dialog');
  await dialog.getByRole('button', { name: '开始导入' }).click();
  await expect(dialog.getByText('导入 1 条，重复 0 条，问题 0 条')).toBeVisible();
});

test('in the desktop app a file the open dialog cannot read is explained in Chinese', async ({ page, host }) => {
  await desktopApp(page, 'tooLarge');
  await openApp(page, host);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导入快捷短语' });
  await dialog.getByRole('button', { name: '选择文件' }).click();
  await expect(dialog.getByRole('alert')).toContainText('文件 huge.csv 太大：最多可打开 64 MB 的文件。');
  await shot(page, 'shell-02-import-too-large');
});

test('in the desktop app 导出 saves through the system dialog, with the format’s filter', async ({ page, host }) => {
  await desktopApp(page, 'pack');
  await openApp(page, host);
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '导出快捷短语' });
  let downloads = 0;
  page.on('download', () => downloads++);
  await dialog.getByRole('button', { name: '导出', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('我的短语.csv');
  const saved = await page.evaluate(() => (window as unknown as { __saved: { suggestedName: string; size: number; filters: unknown }[] }).__saved);
  expect(saved).toHaveLength(1);
  expect(saved[0]!.suggestedName).toMatch(/\.csv$/);
  expect(saved[0]!.size).toBeGreaterThan(100);
  expect(saved[0]!.filters).toEqual([
    { name: 'CSV 文件', extensions: ['csv'] },
    { name: '所有文件', extensions: ['*'] },
  ]);
  expect(downloads).toBe(0);
  await shot(page, 'shell-03-export-native-dialog');
});
