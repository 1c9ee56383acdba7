import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { expect, openApp, shot, test, type Seed } from './fixtures';

/**
 * The chat window (docs/chat-window.md) as a shop agent uses it, against the browser host over a
 * database seeded through `xiaoniu history import` (the simulator is another part's; a transcript
 * is what any shop can import): 最近联系, a conversation, the composer, 聊天记录 search.
 */

const NOW = Date.now();
const MIN = 60_000;
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const XSS = '<img src=x onerror=alert(1)> 这个图片打不开';
const LINK = 'https://shop.example.com/item?id=42';

/** Five buyers: two with unread messages, one simulated, one with a failed answer, one long read. */
const SHOP: Seed = {
  transcript: {
    timezone: 'Asia/Shanghai',
    events: [
      { at: at(2 * 1440 * MIN), type: 'buyer', buyer: 'tb_li', nickname: '老李', text: '请问这款连衣裙有S码吗' },
      { at: at(2 * 1440 * MIN - MIN), type: 'agent', buyer: 'tb_li', text: '亲，有的哦/:^_^' },
      { at: at(2 * 1440 * MIN - 2 * MIN), type: 'buyer', buyer: 'tb_li', text: '那什么时候发货？' },
      { at: at(2 * 1440 * MIN - 3 * MIN), type: 'agent', buyer: 'tb_li', text: '今天下午四点前下单当天发货' },
      { at: at(1440 * MIN), type: 'buyer', buyer: 'tb_qiang', nickname: '阿强', text: '退款怎么还没到账' },
      { at: at(1440 * MIN - MIN), type: 'agent', buyer: 'tb_qiang', text: '亲，这边已经给您申请退款了' },
      { at: at(180 * MIN), type: 'buyer', buyer: 'tb_lily', nickname: 'Lily', text: 'Do you ship to Hong Kong?' },
      { at: at(20 * MIN), type: 'buyer', buyer: 'sim_mei', channel: 'simulator', nickname: '小美', text: '这款会起球吗？' },
      { at: at(19 * MIN), type: 'agent', buyer: 'sim_mei', channel: 'simulator', auto: true, text: '亲，您好，客服马上为您服务/:^_^' },
      { at: at(10 * MIN), type: 'buyer', buyer: 'tb_wang', nickname: '小王', text: '在吗？' },
      { at: at(6 * MIN), type: 'buyer', buyer: 'tb_wang', text: XSS },
      { at: at(5 * MIN), type: 'buyer', buyer: 'tb_wang', text: `链接：${LINK}，是这款吗` },
    ],
  },
  sql: [
    // Imported history is read; these two buyers' messages arrived unseen.
    `UPDATE conversation SET last_read_message_id = 0 WHERE buyer_id IN (SELECT id FROM buyer WHERE channel_buyer_id IN ('tb_wang', 'tb_lily'))`,
    `UPDATE message SET state = 'failed' WHERE body = '亲，这边已经给您申请退款了'`,
    `INSERT INTO setting (key, value, updated_at) VALUES ('timezone', '"Asia/Shanghai"', 0)`,
  ],
};

const contacts = (page: Page) => page.getByRole('listbox', { name: '最近联系' });
const row = (page: Page, name: string) => contacts(page).getByRole('option', { name: new RegExp(`^${name}`) });
const messages = (page: Page) => page.getByRole('list', { name: '聊天消息' });
const composer = (page: Page) => page.getByRole('textbox', { name: '输入消息' });

async function openBuyer(page: Page, name: string): Promise<void> {
  await row(page, name).click();
  await expect(page.getByRole('heading', { name: new RegExp(name) })).toBeVisible();
}

test.describe('a shop with buyers', () => {
  test.use({ seed: SHOP });

  test('最近联系 by last activity with unread badges and the title count; opening reads; answering with text, /code and an emoticon', async ({ page, host }) => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page, host);

    const names = await contacts(page).getByRole('option').evaluateAll((els) => els.map((e) => e.querySelector('.contact-name')?.textContent));
    expect(names).toEqual(['小王', '小美', 'Lily', '阿强', '老李']);
    await expect(row(page, '小王').locator('.unread-badge')).toHaveText('3');
    await expect(row(page, 'Lily').locator('.unread-badge')).toHaveText('1');
    await expect(row(page, '老李').locator('.unread-badge')).toHaveCount(0);
    await expect(row(page, '小美')).toContainText('模拟买家');
    await expect(row(page, '小美')).toContainText('[自动回复]');
    await expect(page).toHaveTitle('(4) 小牛工作台');
    await shot(page, 'chat-01-contacts-zh-1440x900');

    // Opening reads it: the badge goes, the title counts only Lily's.
    await openBuyer(page, '小王');
    await expect(row(page, '小王').locator('.unread-badge')).toHaveCount(0);
    await expect(page).toHaveTitle('(1) 小牛工作台');
    // Markup from a buyer is text: no image element, no script ran.
    await expect(messages(page).getByText(XSS, { exact: true })).toBeVisible();
    await expect(messages(page).locator('img')).toHaveCount(0);
    await expect(messages(page).locator('.message.buyer').first().locator('.message-meta')).toContainText('小王');

    // Typed text.
    await composer(page).fill('亲，在的，有货哦');
    await composer(page).press('Enter');
    await expect(composer(page)).toHaveValue('');
    const mine = messages(page).locator('.message.agent');
    await expect(mine.last()).toContainText('亲，在的，有货哦');
    // 小王 came from imported history: no running channel reaches him, so the outbox, which takes
    // the message at once, marks it 发送失败 with 重发 (docs/channels.md "The outbox").
    await expect(mine.last().locator('.message-state')).toContainText('发送失败');

    // A /code phrase: Enter picks it, Enter sends it.
    await composer(page).pressSequentially('/hi', { delay: 30 });
    await expect(page.getByRole('listbox', { name: '快捷短语建议' })).toBeVisible();
    await composer(page).press('Enter');
    await expect(composer(page)).toHaveValue(/欢迎光临本店/);
    await composer(page).press('Enter');
    await expect(mine.last()).toContainText('欢迎光临本店');

    // An emoticon from the picker, shown as emoji.
    await page.getByRole('toolbar', { name: '输入工具' }).getByRole('button', { name: '表情' }).click();
    await page.getByRole('dialog', { name: '表情' }).getByRole('button', { name: '抱抱' }).click();
    await composer(page).press('Enter');
    await expect(mine.last().locator('.bubble')).toHaveText('🤗');

    // Stored for the outbox, in order, exactly as sent; the outbox has tried each.
    const conversationId = (await host.call('chat.contacts', { limit: 1 }))[0]!.conversationId;
    const stored = (await host.call('chat.messages', { conversationId, limit: 3 })).map((m) => [m.sender, m.state, m.body]);
    expect(stored).toEqual([
      ['agent', 'failed', '亲，在的，有货哦'],
      ['agent', 'failed', expect.stringContaining('欢迎光临本店')],
      ['agent', 'failed', '/:H'],
    ]);
    await expect(row(page, '小王')).toContainText('我：');
    await shot(page, 'chat-02-answered-zh-1440x900');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, 'chat-03-answered-zh-1024x768');
    expect(dialogs, 'no script from a buyer ran').toBe(0);
  });

  test('a link from a buyer opens only after the agent confirms the http(s) address', async ({ page, host }) => {
    await openApp(page, host);
    await page.evaluate(() => {
      (window as unknown as { opened: unknown[] }).opened = [];
      window.open = (...args: unknown[]) => {
        (window as unknown as { opened: unknown[] }).opened.push(args);
        return null;
      };
    });
    await openBuyer(page, '小王');
    const link = messages(page).getByRole('button', { name: LINK });
    await link.click();
    const dialog = page.getByRole('dialog', { name: '打开外部链接' });
    await expect(dialog).toContainText(LINK);
    await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
    await shot(page, 'chat-04-link-confirm-zh');
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await page.evaluate(() => (window as unknown as { opened: unknown[] }).opened)).toEqual([]);
    await link.click();
    await dialog.getByRole('button', { name: '在浏览器中打开' }).click();
    expect(await page.evaluate(() => (window as unknown as { opened: unknown[] }).opened)).toEqual([[LINK, '_blank', 'noopener,noreferrer']]);
  });

  test('drafts per conversation, 结束会话, 重发, a gap for an unset {shop}, and live updates from another window', async ({ page, host }) => {
    await openApp(page, host);
    await openBuyer(page, '小王');
    await composer(page).fill('草稿A：尺码表稍后发您');
    await openBuyer(page, 'Lily');
    await expect(composer(page)).toHaveValue('');
    await composer(page).fill('draft B');
    await openBuyer(page, '小王');
    await expect(composer(page)).toHaveValue('草稿A：尺码表稍后发您');
    await openBuyer(page, 'Lily');
    await expect(composer(page)).toHaveValue('draft B');

    // 结束会话.
    await page.getByRole('button', { name: '结束会话' }).click();
    await expect(row(page, 'Lily')).toContainText('已结束');
    await expect(page.getByRole('button', { name: '结束会话' })).toBeDisabled();

    // A message another window sends shows here at once, and reopens the conversation.
    const lily = (await host.call('chat.contacts', { limit: 10, query: 'Lily' }))[0]!;
    await host.call('chat.send', { conversationId: lily.conversationId, body: 'Yes, we ship to Hong Kong.', clientId: 'other-window-1', composed: 'typed' });
    await expect(messages(page).locator('.message.agent').last()).toContainText('Yes, we ship to Hong Kong.');
    await expect(row(page, 'Lily')).toContainText('我：Yes, we ship');
    await expect(row(page, 'Lily')).not.toContainText('已结束');

    // Two days ago: its day separator names the date, in the agent's time zone.
    await openBuyer(page, '老李');
    await expect(messages(page).locator('.day-separator')).toHaveText([/^\d{4}年\d{1,2}月\d{1,2}日/]);
    await expect(messages(page).locator('.message.agent').first().locator('.bubble')).toHaveText('亲，有的哦😊');

    // 发送失败 with 重发.
    await openBuyer(page, '阿强');
    const failed = messages(page).locator('.message.agent').last();
    await expect(failed.locator('.message-state')).toContainText('发送失败');
    await shot(page, 'chat-05-failed-zh');
    const failedId = (await host.call('chat.contacts', { limit: 50 })).find((c) => c.buyer.nickname === '阿强')!.lastMessage!.id;
    await failed.getByRole('button', { name: '重发' }).click();
    // Tried again at once: still nothing reaches 阿强, so it is 发送失败 again, and still the one message.
    await expect(failed.locator('.message-state')).toContainText('发送失败');
    await expect(failed.getByRole('button', { name: '重发' })).toBeVisible();
    expect((await host.call('chat.around', { messageId: failedId })).messages.filter((m) => m.id === failedId).map((m) => m.state)).toEqual(['failed']);

    // {shop} has no value yet: the gap is marked, 基本设置 is one click away, nothing is sent.
    const before = await messages(page).locator('.message').count();
    await composer(page).fill('欢迎光临{shop}，{buyer}，有什么可以帮您？');
    await expect(page.locator('.variable-gap')).toHaveText('{shop}');
    await expect(page.locator('.variable-value')).toHaveText('阿强');
    await composer(page).press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: '店铺名称还没有设置' })).toBeVisible();
    await expect(composer(page)).toHaveValue('欢迎光临{shop}，{buyer}，有什么可以帮您？');
    await expect(messages(page).locator('.message')).toHaveCount(before);
    await shot(page, 'chat-06-variable-gap-zh');
    await page.getByRole('button', { name: '去基本设置' }).click();
    // 系统设置 opens on 基本设置; the shop name saved there fills the gap at once.
    const settings = page.getByRole('dialog', { name: '系统设置' });
    await expect(settings.getByRole('tab', { name: '基本设置' })).toHaveAttribute('aria-selected', 'true');
    await settings.getByRole('textbox', { name: '店铺名称' }).fill('小牛旗舰店');
    await settings.getByRole('textbox', { name: '店铺名称' }).press('Enter');
    await expect(settings.getByText('已保存')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(settings).toBeHidden();
    await expect(page.locator('.variable-gap')).toHaveCount(0);
    await composer(page).focus();
    await composer(page).press('Enter');
    await expect(messages(page).locator('.message.agent').last()).toContainText('欢迎光临小牛旗舰店，阿强，有什么可以帮您？');
  });

  test('导出聊天记录 saves one conversation as text, csv or a transcript', async ({ page, host }) => {
    await openApp(page, host);
    await openBuyer(page, '老李');
    const exportAs = async (item: string) => {
      await page.getByRole('button', { name: '导出聊天记录' }).click();
      const download = page.waitForEvent('download');
      await page.getByRole('menuitem', { name: item }).click();
      const d = await download;
      return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
    };
    const txt = await exportAs('文本（.txt，适合纠纷举证）');
    expect(txt.name).toMatch(/^xiaoniu-tb_li-\d{8}\.txt$/);
    expect(txt.text).toContain('请问这款连衣裙有S码吗');
    expect(txt.text).not.toContain('小王');
    const json = await exportAs('聊天记录文件（.json，可再导入）');
    expect((JSON.parse(json.text) as { events: { buyer: string }[] }).events.map((e) => e.buyer)).toEqual(['tb_li', 'tb_li', 'tb_li', 'tb_li']);
  });

  test('the contact search filters by nickname; Tab goes contact list → conversation → composer; ↑ ↓ Enter open a buyer', async ({ page, host }) => {
    await openApp(page, host);
    await page.getByRole('searchbox', { name: '搜索联系人' }).fill('小');
    await expect(contacts(page).getByRole('option')).toHaveCount(2);
    await page.getByRole('searchbox', { name: '搜索联系人' }).fill('');
    await expect(contacts(page).getByRole('option')).toHaveCount(5);

    await contacts(page).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /Lily/ })).toBeVisible();
    await expect(composer(page)).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(messages(page)).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: '结束会话' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(contacts(page)).toBeFocused();
  });
});

/** A long-standing customer: 10,000 messages, one of them asking for the blue one, 7,000 back. */
const BIG: Seed = {
  transcript: {
    timezone: 'Asia/Shanghai',
    events: Array.from({ length: 10_000 }, (_, i) => ({
      // Five minutes apart: about 35 days of history, so the day separators show too.
      at: at((10_000 - i) * 5 * MIN),
      type: i % 2 ? 'agent' : 'buyer',
      buyer: 'tb_big',
      ...(i === 0 ? { nickname: '老顾客' } : {}),
      text: i === 3000 ? '我要的是蓝色款，千万别发错了' : `第 ${i} 条消息`,
    })),
  },
  sql: [`INSERT INTO setting (key, value, updated_at) VALUES ('timezone', '"Asia/Shanghai"', 0)`],
};

test.describe('a long history', () => {
  test.use({ seed: BIG });

  test('10,000 messages: under 200 message nodes, older history pages in keeping the position; 聊天记录 search jumps to a message', async ({ page, host }) => {
    await openApp(page, host, 30_000);
    await openBuyer(page, '老顾客');
    await expect(messages(page).locator('.message').last()).toContainText('第 9999 条消息');
    expect(await page.locator('.message').count()).toBeLessThan(200);

    // Scroll to the top a few times: older pages come in, the message read before stays put.
    for (let i = 0; i < 3; i++) {
      // Near the top, but not near enough to load: the agent is reading message M.
      await page.evaluate(() => (document.querySelector('.message-scroll')!.scrollTop = 600));
      await page.waitForTimeout(100);
      // Up a little more: the older page is asked for; M is where the agent sees it now.
      const anchor = await page.evaluate(() => {
        const el = document.querySelector('.message-scroll')!;
        const top = el.getBoundingClientRect().top;
        const m = [...el.querySelectorAll<HTMLElement>('[data-message-id]')].find((x) => x.getBoundingClientRect().top >= top)!;
        el.scrollTop = 300;
        return { id: m.dataset.messageId!, top: m.getBoundingClientRect().top, text: m.querySelector('.bubble')!.textContent };
      });
      await expect.poll(() => page.evaluate(() => document.querySelector('.message-scroll')!.scrollTop), { message: 'older page loaded above' }).toBeGreaterThan(1000);
      await page.waitForTimeout(100);
      const now = await page.evaluate((id) => document.querySelector(`[data-message-id="${id}"]`)?.getBoundingClientRect().top ?? null, anchor.id);
      expect(now, `${anchor.text} is still on screen`).not.toBeNull();
      expect(Math.abs(now! - anchor.top), `${anchor.text} did not jump`).toBeLessThan(40);
    }
    expect(await page.locator('.message').count()).toBeLessThan(200);
    await shot(page, 'chat-07-long-history-zh');

    // 聊天记录 search: Ctrl+Shift+F, the hit highlighted, Enter opens the conversation there.
    await page.keyboard.press('Control+Shift+F');
    const dialog = page.getByRole('dialog', { name: '聊天记录' });
    await expect(dialog).toBeVisible();
    await page.keyboard.type('蓝色 发错');
    const hits = dialog.getByRole('listbox', { name: '搜索结果' }).getByRole('option');
    await expect(hits).toHaveCount(1);
    await expect(hits.first().locator('mark')).toHaveText(['蓝色', '发错']);
    await shot(page, 'chat-08-history-search-zh');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    const hit = messages(page).locator('.message', { hasText: '我要的是蓝色款，千万别发错了' });
    await expect(hit).toBeInViewport();
    await expect(hit).toHaveClass(/flash/);
    await expect(messages(page).getByText('第 2999 条消息', { exact: true })).toBeVisible();
    await expect(messages(page).getByText('第 3001 条消息', { exact: true })).toBeVisible();
    await shot(page, 'chat-09-history-jump-zh');
    expect(await page.locator('.message').count()).toBeLessThan(200);
  });
});

test.describe('in English', () => {
  test.use({ seed: SHOP });

  test('the chat window in English at 1024×768 and 1440×900', async ({ page, host }) => {
    await page.addInitScript(() => localStorage.setItem('xiaoniu.locale', 'en'));
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(host.url);
    const list = page.getByRole('listbox', { name: 'Recent contacts' });
    await expect(list.getByRole('option')).toHaveCount(5);
    await expect(page).toHaveTitle('(4) 小牛工作台'.replace('小牛工作台', await page.evaluate(() => document.title.replace(/^\(\d+\) /, ''))));
    await expect(list.getByRole('option', { name: /^小美/ })).toContainText('Simulated buyer');
    await shot(page, 'chat-en-01-contacts-1024x768');
    await list.getByRole('option', { name: /^小王/ }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello {buyer}, welcome to {shop}!');
    await expect(page.getByRole('status').filter({ hasText: 'Not set yet: shop name' })).toBeVisible();
    await shot(page, 'chat-en-02-conversation-gap-1024x768');
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, 'chat-en-03-conversation-1440x900');
    await page.keyboard.press('Control+Shift+F');
    await page.keyboard.type('发货');
    await expect(page.getByRole('dialog', { name: 'Chat history' }).getByRole('option')).toHaveCount(2);
    await shot(page, 'chat-en-04-history-search-1440x900');
  });
});
