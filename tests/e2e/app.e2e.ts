import { expect, openApp, shot, test } from './fixtures';

/** The window as a whole: the language (in 系统设置), and nothing overflowing at small sizes. */

test('switch to English in 系统设置 and see English labels; the choice is remembered', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: '设置' }).click();
  await page.getByRole('menuitem', { name: '系统设置…' }).click();
  await page.getByRole('dialog', { name: '系统设置' }).getByRole('radio', { name: 'English' }).check();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).last().click();

  await expect(page.getByRole('complementary', { name: 'Quick phrases' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search quick phrases' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Emoticons' })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'Default group' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'New quick phrase' })).toBeVisible();
  await shot(page, '09-english');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.reload();
  await expect(page.getByRole('tree', { name: 'Quick phrase list' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('menuitem', { name: 'Settings…' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '中文' }).check();
  await expect(page.getByRole('tree', { name: '快捷短语列表' })).toBeVisible();
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`nothing overflows at ${size.width}×${size.height}`, async ({ page, host }) => {
    await page.setViewportSize(size);
    await openApp(page, host);
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
    await expect(page.getByRole('button', { name: '发送' })).toBeInViewport();
    await expect(page.getByRole('button', { name: '导出', exact: true })).toBeInViewport();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await expect(page.getByRole('dialog', { name: '导入快捷短语' }).getByRole('button', { name: '取消' })).toBeInViewport();
    await shot(page, `10-size-${size.width}x${size.height}`);
  });
}
