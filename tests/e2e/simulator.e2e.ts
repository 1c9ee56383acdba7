import type { Page } from '@playwright/test';
import { expect, openApp, shot, test } from './fixtures';

/**
 * 开始模拟接待 (docs/channels.md "Training shift") and 推荐回复 (docs/chat-window.md "Suggested
 * replies") as a trainee uses them, against the browser host started without the background
 * simulator (the fixture's default): the shift is started from the keyboard, a simulated buyer
 * arrives, the trainee answers with typed text, a /code phrase and Alt+1, every answer reaches the
 * buyer, whose script carries on, and the shift ends with its figures — among them the response
 * time of the turns answered with 推荐回复 and without (docs/metrics.md "Response time with and
 * without 推荐回复"). Seed 1 deals 爱穿棉T的小周 (fixtures/buyers/quality-cotton.json) first; at ×10
 * each of her 90 s waits is 9 s.
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

  // Stored as sent, none failed, each with how it was composed (docs/chat-window.md "How a message
  // was composed"): typed; a /code phrase sent as picked; a suggested reply.
  const conversationId = (await host.call('chat.contacts', { limit: 1 }))[0]!.conversationId;
  const sent = (await host.call('chat.messages', { conversationId, limit: 50 })).filter((m) => m.sender === 'agent');
  expect(sent.map((m) => m.state)).toEqual(['sent', 'sent', 'sent']);
  expect(sent.map((m) => m.composed)).toEqual(['typed', 'phrase', 'suggestion']);

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
  // Her three turns: the last answered with 推荐回复, the first two without (typed, a quick phrase).
  const split = state.state === 'ended' ? state.result!.responseBySuggestion : null;
  expect(split!.withSuggestion.turns).toBe(1);
  expect(split!.withoutSuggestion.turns).toBe(2);
  const side = result.getByRole('region', { name: '推荐回复与响应时间' });
  await expect(side.locator('[data-split="withSuggestion"]')).toHaveText(`使用推荐回复平均 ${split!.withSuggestion.avgResponseSeconds!.toFixed(1)} 秒（1 次）`);
  await expect(side.locator('[data-split="withoutSuggestion"]')).toHaveText(`未使用推荐回复平均 ${split!.withoutSuggestion.avgResponseSeconds!.toFixed(1)} 秒（2 次）`);
  await shot(page, 'shift-04-result-zh');
  await page.keyboard.press('Escape');
  await expect(result).toBeHidden();
});

/** The window's words a trainee meets in the test below, in each language. */
const words = {
  'zh-CN': {
    tree: '快捷短语列表',
    settings: '设置',
    start: '开始模拟接待…',
    dialog: '开始模拟接待',
    buyers: '买家人数',
    peak: '高峰模式：全部买家同时到来（如双十一）',
    go: '开始',
    contacts: '最近联系',
    messages: '聊天消息',
    composer: '输入消息',
    suggestion1: /^推荐回复 1：.*纯棉/,
    banner: '模拟接待',
    end: '结束模拟接待',
    result: '模拟接待结束',
    split: '推荐回复与响应时间',
    typed: '亲，今天下午4点前付款都能当天发货的',
    withLabel: '使用推荐回复',
    withoutLabel: '未使用推荐回复',
    value: (s: string) => `平均 ${s} 秒（1 次）`,
  },
  en: {
    tree: 'Quick phrase list',
    settings: 'Settings',
    start: 'Start a training shift…',
    dialog: 'Start a training shift',
    buyers: 'Buyers',
    peak: 'Peak mode: every buyer arrives at once (as on Double 11)',
    go: 'Start',
    contacts: 'Recent contacts',
    messages: 'Messages',
    composer: 'Message',
    suggestion1: /^Suggested reply 1: .*纯棉/,
    banner: 'Training shift',
    end: 'End the training shift',
    result: 'Training shift over',
    split: 'Response time with and without suggested replies',
    typed: 'Yes, orders paid before 4 pm ship the same day',
    withLabel: 'With a suggested reply',
    withoutLabel: 'Without a suggested reply',
    value: (s: string) => `avg ${s} s (1 turn)`,
  },
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the shift's response time with and without 推荐回复: one buyer answered with Alt+1, another by typing (${lang})`, async ({ page, host }) => {
    test.setTimeout(60_000);
    const w = words[lang];
    await page.setViewportSize({ width: 1280, height: 800 });
    await host.call('settings.set', { key: 'language', value: lang });
    await page.goto(host.url);
    await expect(page.getByRole('tree', { name: w.tree })).toBeVisible();
    await page.getByRole('button', { name: w.settings }).click();
    await page.getByRole('menuitem', { name: w.start }).click();
    const dialog = page.getByRole('dialog', { name: w.dialog });
    // Seed 1, three at once: 爱穿棉T的小周, another shop's bot and 赶时间的小林 (fixtures/buyers).
    await dialog.getByLabel(w.buyers).fill('3');
    await dialog.getByLabel(w.peak).check();
    await dialog.getByRole('button', { name: w.go }).click();
    await expect(dialog).toBeHidden();
    const list = page.getByRole('listbox', { name: w.contacts });
    const conversation = page.getByRole('list', { name: w.messages });
    const mine = conversation.locator('.message.agent');

    // 小周 asks whether it is cotton: Alt+1 sends the suggested reply that says it is.
    await list.getByRole('option', { name: /^爱穿棉T的小周/ }).click();
    await expect(conversation.getByText('这款圆领T恤是纯棉的吗？')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: w.suggestion1 })).toBeVisible();
    await page.getByRole('textbox', { name: w.composer }).focus();
    await page.keyboard.press('Alt+1');
    await expect(mine.last()).toContainText('纯棉面料');

    // 小林 asks about shipping today: the trainee types the answer.
    await list.getByRole('option', { name: /^赶时间的小林/ }).click();
    await expect(conversation.getByText('今天下单今天能发货吗？')).toBeVisible();
    await page.getByRole('textbox', { name: w.composer }).fill(w.typed);
    await page.keyboard.press('Enter');
    await expect(mine.last()).toContainText(w.typed);

    // Stored with how each was composed.
    const contacts = await host.call('chat.contacts', { limit: 10 });
    const composedOf = async (nickname: string) => {
      const c = contacts.find((x) => x.buyer.nickname === nickname)!;
      return (await host.call('chat.messages', { conversationId: c.conversationId, limit: 50 })).filter((m) => m.sender === 'agent').map((m) => m.composed);
    };
    expect(await composedOf('爱穿棉T的小周')).toEqual(['suggestion']);
    expect(await composedOf('赶时间的小林')).toEqual(['typed']);

    // 结束: the result shows each side's mean, from the shift's own count, one turn each.
    await page.getByRole('region', { name: w.banner }).getByRole('button', { name: w.end }).click();
    const result = page.getByRole('dialog', { name: w.result });
    await expect(result).toBeVisible();
    const state = await host.call('simulator.state', {});
    const split = state.state === 'ended' ? state.result!.responseBySuggestion : null;
    expect(split).toEqual({
      withSuggestion: { turns: 1, avgResponseSeconds: expect.any(Number) },
      withoutSuggestion: { turns: 1, avgResponseSeconds: expect.any(Number) },
    });
    for (const s of [split!.withSuggestion, split!.withoutSuggestion]) expect(s.avgResponseSeconds!).toBeGreaterThan(0);
    const fixed = (v: number) => new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
    const region = result.getByRole('region', { name: w.split });
    await expect(region.locator('[data-split="withSuggestion"]')).toHaveText(w.withLabel + w.value(fixed(split!.withSuggestion.avgResponseSeconds!)));
    await expect(region.locator('[data-split="withoutSuggestion"]')).toHaveText(w.withoutLabel + w.value(fixed(split!.withoutSuggestion.avgResponseSeconds!)));
    await shot(page, `shift-05-suggestion-split-${lang === 'en' ? 'en' : 'zh'}`);
  });
}

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
    // Nor with 推荐回复 or without: — (0 turns), never 0 s.
    await expect(result.locator('[data-split="withSuggestion"] dd')).toHaveText(/^— \(0 turns\)/);
    await expect(result.locator('[data-split="withoutSuggestion"] dd')).toHaveText(/^— \(0 turns\)/);
    await expect(banner).toHaveCount(0);
    await shot(page, 'shift-03-result-en');
  });
});
