import path from 'node:path';
import { SHOTS, expect, openApp, shot, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * Status, 个性签名 and 系统设置 as an agent uses them: from the keyboard where it matters, every
 * change saved in main (checked through the host's API) and still there after a reload.
 */

/** Saves a picture of the top bar and the strip under it (where the signature's help and errors show). */
async function shotTopBar(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), clip: { x: 0, y: 0, width: 1280, height: 110 } });
}

async function openSettings(page: Page, gear = '设置', item = '系统设置…', title = '系统设置') {
  await page.getByRole('button', { name: gear, exact: true }).click();
  await page.getByRole('menuitem', { name: item }).click();
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('the status changes from the keyboard, is stored with its time, and shows in every window', async ({ page, host, context }) => {
  await openApp(page, host);
  const other = await context.newPage();
  await openApp(other, host);
  const button = page.getByRole('button', { name: '我的状态：在线' });
  await expect(button).toBeVisible();
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: '切换状态' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitemradio', { name: /^在线/ })).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'settings-01-status-menu');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: /^离开/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '我的状态：离开' })).toBeFocused();
  const now = await host.call('status.get', {});
  expect(now.status).toBe('away');
  expect(Math.abs(now.at! - Date.now())).toBeLessThan(60_000);
  // The other window was told at once.
  await expect(other.getByRole('button', { name: '我的状态：离开' })).toBeVisible();
  // ↓ on the button opens the menu too; 挂起 from there.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '我的状态：挂起' })).toBeVisible();
  await shotTopBar(page, 'settings-02-top-bar-suspended');
  await page.reload();
  await expect(page.getByRole('button', { name: '我的状态：挂起' })).toBeVisible();
  await other.close();
});

test('the signature is edited in the top bar: Enter saves, Esc cancels, too long is refused in place', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: '编辑个性签名' }).click();
  const field = page.getByRole('textbox', { name: '个性签名' });
  await expect(field).toBeFocused();
  await field.fill('今日16点前付款当天发货，欢迎咨询～');
  await shotTopBar(page, 'settings-03-signature-editing');
  await field.press('Enter');
  const shown = page.getByRole('button', { name: '个性签名：今日16点前付款当天发货，欢迎咨询～' });
  await expect(shown).toBeFocused();
  expect((await host.call('settings.all', {})).values.signature).toBe('今日16点前付款当天发货，欢迎咨询～');

  // Esc puts the old one back.
  await shown.press('Enter');
  await field.fill('不要保存这句');
  await field.press('Escape');
  await expect(shown).toBeVisible();

  // 51 characters: refused with the reason, the text kept for fixing.
  await shown.click();
  await field.fill('好'.repeat(51));
  await field.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('“个性签名”最多 50 个字，现在是 51 个字。');
  await expect(field).toHaveValue('好'.repeat(51));
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await shotTopBar(page, 'settings-04-signature-too-long');
  await field.press('Escape');
  expect((await host.call('settings.all', {})).values.signature).toBe('今日16点前付款当天发货，欢迎咨询～');

  await page.reload();
  await expect(page.getByRole('button', { name: '个性签名：今日16点前付款当天发货，欢迎咨询～' })).toBeVisible();
  await shotTopBar(page, 'settings-05-top-bar');
});

test.describe('with the simulator as a new database has it', () => {
  // A new database starts with simulated buyers on (docs/settings.md): the switch shows it.
  test.use({ simulator: true });
  test('系统设置: six tabs from the keyboard, each change saved at once, refusals inline, everything kept after a reload', async ({ page, host }) => {
    await openApp(page, host);
    const dialog = await openSettings(page);
    const tabs = dialog.getByRole('tablist', { name: '设置分类' });
    await expect(tabs.getByRole('tab')).toHaveText(['基本设置', '消息中心', '聊天设置', '个性设置', '接待中心设置', '自动回复设置']);
    const general = tabs.getByRole('tab', { name: '基本设置' });
    await expect(general).toBeFocused();
    await expect(general).toHaveAttribute('aria-selected', 'true');
    await expect(dialog.getByRole('tabpanel', { name: '基本设置' })).toBeVisible();
    await shot(page, 'settings-10-general');
    // ↓ walks the tabs, showing each.
    for (const [name, file] of [
      ['消息中心', 'settings-11-notifications'],
      ['聊天设置', 'settings-12-chat'],
      ['个性设置', 'settings-13-personal'],
      ['接待中心设置', 'settings-14-reception'],
      ['自动回复设置', 'settings-15-auto-reply'],
    ] as const) {
      await page.keyboard.press('ArrowDown');
      await expect(tabs.getByRole('tab', { name })).toBeFocused();
      await expect(dialog.getByRole('tabpanel', { name })).toBeVisible();
      await shot(page, file);
    }
    await expect(dialog.getByRole('tabpanel')).toContainText('自动回复将在下一个版本中提供');
    await page.keyboard.press('Home');
    await expect(general).toBeFocused();

    // 基本设置: shop name and nickname, saved on Enter / leaving the field.
    const panel = dialog.getByRole('tabpanel');
    await panel.getByRole('textbox', { name: '店铺名称' }).fill('  小牛旗舰店 ');
    await panel.getByRole('textbox', { name: '店铺名称' }).press('Enter');
    await expect(panel.getByText('已保存')).toBeVisible();
    await expect(panel.getByRole('textbox', { name: '店铺名称' })).toHaveValue('小牛旗舰店');
    await panel.getByRole('textbox', { name: '客服昵称' }).fill('小美');
    await panel.getByRole('textbox', { name: '客服昵称' }).press('Tab');
    await expect(page.locator('header.top-bar')).toContainText('小美');

    // The time zone: search, choose from the list; a name that is no zone is refused in place.
    const zone = panel.getByRole('combobox', { name: '时区' });
    await zone.click();
    await zone.fill('tokyo');
    await expect(panel.getByRole('option', { name: /^Asia\/Tokyo/ })).toBeVisible();
    await shot(page, 'settings-16-time-zone-search');
    await zone.press('Enter');
    await expect(zone).toHaveValue('Asia/Tokyo');
    await zone.fill('Mars/Olympus');
    await zone.press('Enter');
    await expect(panel.getByRole('alert')).toHaveText('“Mars/Olympus”不是可识别的时区，“时区”须为 IANA 时区名，例如 Asia/Shanghai。');
    expect((await host.call('settings.all', {})).values).toMatchObject({ shopName: '小牛旗舰店', agentNickname: '小美', timezone: 'Asia/Tokyo' });

    // The simulator switch.
    const simulator = panel.getByRole('checkbox', { name: /模拟买家/ });
    await expect(simulator).toBeChecked();
    await simulator.press('Space');
    await expect(simulator).not.toBeChecked();

    // 聊天设置: send key and font size; the conversation's font changes at once, behind the dialog.
    await tabs.getByRole('tab', { name: '聊天设置' }).click();
    await panel.getByRole('radio', { name: '按 Ctrl+Enter 发送消息，按 Enter 换行' }).check();
    await panel.getByRole('combobox', { name: '聊天字号' }).selectOption({ label: '18 像素' });
    await expect(page.locator('.composer-input')).toHaveCSS('font-size', '18px');
    await expect(panel.locator('.settings-preview-bubble')).toHaveCSS('font-size', '18px');

    // 接待中心设置: 0 buyers is refused with the rule, in place; 25 is kept.
    await tabs.getByRole('tab', { name: '接待中心设置' }).click();
    const most = panel.getByRole('spinbutton', { name: '最多同时接待' });
    await most.fill('0');
    await most.press('Enter');
    await expect(panel.getByRole('alert')).toHaveText('“最多同时接待”须为 1 到 200 之间的整数。');
    await expect(most).toHaveAttribute('aria-invalid', 'true');
    await shot(page, 'settings-17-reception-refused');
    expect((await host.call('settings.all', {})).values.maxConcurrent).toBe(10);
    await most.fill('25');
    await most.press('Enter');
    await expect(panel.getByRole('alert')).toHaveCount(0);

    // 个性设置 edits the same signature as the top bar.
    await tabs.getByRole('tab', { name: '个性设置' }).click();
    await panel.getByRole('textbox', { name: '个性签名' }).fill('亲，有问题随时找我哦');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: '个性签名：亲，有问题随时找我哦' })).toBeVisible();
    // Focus went back to the gear button that opened the menu.
    await expect(page.getByRole('button', { name: '设置', exact: true })).toBeFocused();

    expect((await host.call('settings.all', {})).values).toMatchObject({
      'simulator.enabled': false,
      sendKey: 'ctrlEnter',
      fontSize: 18,
      maxConcurrent: 25,
      signature: '亲，有问题随时找我哦',
    });

    await page.reload();
    await expect(page.locator('.composer-input')).toHaveCSS('font-size', '18px');
    const again = await openSettings(page);
    await expect(again.getByRole('textbox', { name: '店铺名称' })).toHaveValue('小牛旗舰店');
    await expect(again.getByRole('combobox', { name: '时区' })).toHaveValue('Asia/Tokyo');
    await expect(again.getByRole('checkbox', { name: /模拟买家/ })).not.toBeChecked();
    await again.getByRole('tab', { name: '聊天设置' }).click();
    await expect(again.getByRole('radio', { name: '按 Ctrl+Enter 发送消息，按 Enter 换行' })).toBeChecked();
    await expect(again.getByRole('combobox', { name: '聊天字号' })).toHaveValue('18');
    await again.getByRole('tab', { name: '接待中心设置' }).click();
    await expect(again.getByRole('spinbutton', { name: '最多同时接待' })).toHaveValue('25');
  });
});

test('the language moves to 基本设置: English at once, kept in the database across reloads, and back', async ({ page, host }) => {
  await openApp(page, host);
  const dialog = await openSettings(page);
  await dialog.getByRole('radio', { name: 'English' }).check();
  // At once: the dialog and the window behind it.
  const en = page.getByRole('dialog', { name: 'Settings' });
  await expect(en.getByRole('tab', { name: 'General' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shot(page, 'settings-20-general-en');
  const tabs = en.getByRole('tablist', { name: 'Setting categories' });
  for (const [name, file] of [
    ['Message center', 'settings-21-notifications-en'],
    ['Chat', 'settings-22-chat-en'],
    ['Personal', 'settings-23-personal-en'],
    ['Reception', 'settings-24-reception-en'],
    ['Auto-replies', 'settings-25-auto-reply-en'],
  ] as const) {
    await tabs.getByRole('tab', { name }).click();
    await expect(en.getByRole('tabpanel', { name })).toBeVisible();
    await shot(page, file);
  }
  // A refusal in English names the setting by its English label.
  await tabs.getByRole('tab', { name: 'Reception' }).click();
  const most = en.getByRole('spinbutton', { name: 'Most buyers at once' });
  await most.fill('500');
  await most.press('Enter');
  await expect(en.getByRole('alert')).toHaveText('“Most buyers at once” must be a whole number from 1 to 200.');
  await shot(page, 'settings-26-reception-refused-en');
  await most.fill('10');
  await en.getByRole('button', { name: 'Close' }).last().click();
  await expect(page.getByRole('button', { name: 'My status: Online' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a signature' })).toBeVisible();
  await shotTopBar(page, 'settings-27-top-bar-en');
  expect((await host.call('settings.all', {})).values.language).toBe('en');

  // The database holds the choice, not the browser: with the page's storage wiped it is still English.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByRole('tree', { name: 'Quick phrase list' })).toBeVisible();
  const back = await openSettings(page, 'Settings', 'Settings…', 'Settings');
  await back.getByRole('radio', { name: '中文' }).check();
  await expect(page.getByRole('dialog', { name: '系统设置' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect((await host.call('settings.all', {})).values.language).toBe('zh-CN');
});

test('a window that remembers English from before the setting existed carries it over once', async ({ page, host }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('xiaoniu.locale', 'en');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto(host.url);
  await expect(page.getByRole('tree', { name: 'Quick phrase list' })).toBeVisible();
  await expect.poll(async () => (await host.call('settings.all', {})).values.language).toBe('en');
});
