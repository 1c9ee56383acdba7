import type { Page } from '@playwright/test';
import { expect, openApp, shot, test } from './fixtures';

/**
 * 开始模拟接待 (docs/channels.md "Training shift") and 推荐回复 (docs/chat-window.md "Suggested
 * replies") as a trainee uses them, against the browser host started without the background
 * simulator (the fixture's default): the shift is started from the keyboard, a simulated buyer
 * arrives, the trainee answers with typed text, a /code phrase and Alt+1, every answer reaches the
 * buyer, whose script carries on, and the shift ends with its figures. Seed 1 deals 爱穿棉T的小周
 * (fixtures/buyers/quality-cotton.json) first; at ×10 each of her 90 s waits is 9 s.
 */

const contacts = (page: Page) => page.getByRole('listbox', { name: '最近联系' });
const messages = (page: Page) => page.getByRole('list', { name: '聊天消息' });
const composer = (page: Page) => page.getByRole('textbox', { name: '输入消息' });

test('a training shift from the keyboard: a simulated buyer, answers by text, /code and Alt+1, and the shift’s figures', async ({ page, host }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, host);

  // Gear menu → 开始模拟接待…, all from the keyboard.
  await page.getByRole('button', { name: '设置' }).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem', { name: '开始模拟接待…' })).toBeVisible();
  await menu.getByRole('menuitem', { name: '开始模拟接待…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '开始模拟接待' });
  await expect(dialog).toBeVisible();
  const speed = dialog.getByLabel('速度');
  await expect(speed).toBeFocused();
  await expect(speed).toHaveValue('10'); // ×10 is the default
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('买家人数')).toBeFocused();
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(dialog.getByLabel('高峰模式：全部买家同时到来（如双十一）')).toBeChecked();
  await shot(page, 'shift-01-dialog-zh');
  await dialog.getByLabel('买家人数').focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  // The banner; the buyer arrives with 模拟买家, an unread badge and the title count.
  const banner = page.getByRole('region', { name: '模拟接待' });
  await expect(banner.getByRole('status')).toHaveText('模拟接待中 · 1/1 位买家');
  const row = contacts(page).getByRole('option', { name: /^爱穿棉T的小周/ });
  await expect(row).toContainText('模拟买家');
  await expect(row.locator('.unread-badge')).toHaveText('2');
  await expect(page).toHaveTitle('(2) 小牛工作台');
  await shot(page, 'shift-02-banner-zh');

  await row.click();
  await expect(messages(page).getByText('这款圆领T恤是纯棉的吗？')).toBeVisible();
  await expect(page).toHaveTitle('小牛工作台');
  const mine = messages(page).locator('.message.agent');

  // 1. Typed text: delivered (已送达, never 发送失败); the buyer carries on with her next question.
  await composer(page).fill('亲，是100%纯棉的哦');
  await composer(page).press('Enter');
  await expect(mine.last()).toContainText('亲，是100%纯棉的哦');
  await expect(mine.last().locator('.message-state')).toHaveText('已送达');
  await expect(messages(page).getByText('穿久了会不会起球？洗了会不会缩水呀')).toBeVisible({ timeout: 15_000 });

  // 推荐回复 for her newest message, each with its key.
  const suggestions = page.getByRole('region', { name: '推荐回复（回答买家最新的消息）' });
  await expect(suggestions.getByRole('button', { name: /^推荐回复 1：/ })).toBeVisible();
  await expect(suggestions.getByText('Alt+1', { exact: true })).toBeVisible();
  await shot(page, 'shift-03-suggestions-zh');

  // 2. A /code phrase: Enter picks it, Enter sends it.
  await composer(page).pressSequentially('/sx', { delay: 30 });
  await expect(page.getByRole('listbox', { name: '快捷短语建议' })).toBeVisible();
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue(/浅色衣物第一次洗涤/);
  await composer(page).press('Enter');
  await expect(mine.last()).toContainText('浅色衣物第一次洗涤');
  await expect(mine.last().locator('.message-state')).toHaveText('已送达');

  // Her script goes on: she orders, pays and asks for quick shipping; the suggestions follow her.
  await expect(messages(page).getByText('已付款，麻烦尽快发货哈')).toBeVisible({ timeout: 20_000 });
  const first = suggestions.getByRole('button', { name: /^推荐回复 1：/ });
  await expect(first).toBeVisible();
  const suggested = (await first.locator('.suggested-text').textContent())!;
  expect(suggested).toMatch(/发货/);
  const useCount = async () => (await host.call('phrases.list', {})).find((p) => suggested.includes(p.content.replace(/\s*\/:\S+/g, '').slice(0, 10)))?.useCount;
  const usesBefore = await useCount();

  // 3. Alt+1 sends the first suggestion; the suggestions go once she has her answer.
  await composer(page).focus();
  await page.keyboard.press('Alt+1');
  await expect(mine.last()).toContainText(suggested.slice(0, 10));
  await expect(mine.last().locator('.message-state')).toHaveText('已送达');
  await expect(suggestions).toHaveCount(0);
  await expect.poll(useCount).toBe((usesBefore ?? 0) + 1);

  // Stored as sent, none failed.
  const conversationId = (await host.call('chat.contacts', { limit: 1 }))[0]!.conversationId;
  const sent = (await host.call('chat.messages', { conversationId, limit: 50 })).filter((m) => m.sender === 'agent');
  expect(sent.map((m) => m.state)).toEqual(['sent', 'sent', 'sent']);

  // Her script ends with the answer: the shift is over, with its figures.
  const result = page.getByRole('dialog', { name: '模拟接待结束' });
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(banner).toHaveCount(0);
  const figure = (name: string) => result.locator(`.metrics-figure[data-metric="${name}"]`);
  await expect(figure('buyers')).toHaveText('接待人数1');
  await expect(figure('replyRate')).toHaveText('回复率100%');
  await expect(figure('qaRatio')).toHaveText('问答比0.60'); // 3 answers to 5 lines
  await expect(figure('conversion')).toHaveText('询单转化率100%');
  await expect(figure('avgOrderValue')).toHaveText('客单价79.00 元');
  await expect(figure('avgResponseSeconds')).toHaveText(/^平均响应时间\d+\.\d 秒$/);
  await expect(result).toContainText('全部买家都已接待完。');
  await expect(result).toContainText('10 倍速，高峰模式，1/1 位买家接待完。');
  // The figures are those of the metrics' rules over the shift's range (the same service, asked directly).
  const state = await host.call('simulator.state', {});
  expect(state.state).toBe('ended');
  const seconds = state.state === 'ended' ? state.result!.metrics.avgResponseSeconds! : 0;
  await expect(figure('avgResponseSeconds')).toHaveText(`平均响应时间${seconds.toFixed(1)} 秒`);
  await shot(page, 'shift-04-result-zh');
  await page.keyboard.press('Escape');
  await expect(result).toBeHidden();
});

test.describe('in English', () => {
  test('the shift’s dialog, banner, suggestions and an early End with the figures so far', async ({ page, host }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await host.call('settings.set', { key: 'language', value: 'en' });
    await page.goto(host.url);
    await expect(page.getByRole('tree', { name: 'Quick phrase list' })).toBeVisible();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('menuitem', { name: 'Start a training shift…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a training shift' });
    // A count main would refuse is refused here first, in English.
    await dialog.getByLabel('Buyers').fill('0');
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Buyers must be a whole number from 1 to 500.');
    await dialog.getByLabel('Buyers').fill('3');
    await dialog.getByLabel('Speed').selectOption('20');
    await dialog.getByLabel(/^Peak mode/).check();
    await shot(page, 'shift-01-dialog-en');
    await dialog.getByRole('button', { name: 'Start' }).click();

    const banner = page.getByRole('region', { name: 'Training shift' });
    await expect(banner.getByRole('status')).toHaveText('Training shift · 3/3 buyers');
    await expect(page.getByRole('menuitem')).toHaveCount(0);
    const first = page.getByRole('listbox', { name: 'Recent contacts' }).getByRole('option').first();
    await expect(first).toContainText('Simulated buyer');
    await first.click();
    await expect(page.getByRole('region', { name: /^Suggested replies/ }).getByRole('button', { name: /^Suggested reply 1: / })).toBeVisible({ timeout: 10_000 });
    await shot(page, 'shift-02-banner-suggestions-en');

    await banner.getByRole('button', { name: 'End the training shift' }).click();
    const result = page.getByRole('dialog', { name: 'Training shift over' });
    await expect(result).toBeVisible();
    await expect(result).toContainText('The shift was ended early.');
    await expect(result.locator('.metrics-figure[data-metric="buyers"]')).toHaveText('Buyers received3');
    // Nobody was answered: 0 %, and no response time at all (—, never 0).
    await expect(result.locator('.metrics-figure[data-metric="avgResponseSeconds"] dd')).toHaveText(/^—/);
    await expect(banner).toHaveCount(0);
    await shot(page, 'shift-03-result-en');
  });
});
