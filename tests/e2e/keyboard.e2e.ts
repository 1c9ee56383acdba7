import type { Locator, Page } from '@playwright/test';
import { defaultGroupId, expect, ONE_BUYER, openApp, openConversation, shot, test } from './fixtures';

/**
 * The keyboard reaches everything: an agent's whole round — find, insert, send, edit, delete — with
 * `page.keyboard` only, and where focus lands after every key that closes something. The lists
 * follow the WAI-ARIA APG tree view and listbox patterns, the emoticon grid the grid pattern.
 */

/** The element that has focus, described for a failure message. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return 'nothing';
    return `${el.tagName.toLowerCase()}[role=${el.getAttribute('role')}] ${el.getAttribute('aria-label') ?? ''} ${(el.textContent ?? '').slice(0, 40)}`;
  });
}

// One buyer to answer: sending needs an open conversation.
test.use({ seed: ONE_BUYER });

async function expectFocused(page: Page, locator: Locator): Promise<void> {
  await expect(locator, `focus is on: ${await focused(page)}`).toBeFocused();
}

test("an agent's round without the mouse: find, insert, send, edit, delete", async ({ page, host }) => {
  const groupId = await defaultGroupId(host);
  const a = await host.call('phrases.create', { groupId, shortcutCode: 'jpa', content: '亲，键盘测试：七天无理由退货，来回运费我们承担哦' });
  const b = await host.call('phrases.create', { groupId, shortcutCode: 'jpb', content: '亲，键盘测试：退货地址在订单详情页可以看到' });
  const contentOf = new Map([a, b].map((p) => [p.id, p.content]));
  await openApp(page, host);

  // The window opens with the caret in the composer.
  const composer = page.getByRole('textbox', { name: '输入消息' });
  await expectFocused(page, composer);

  // Shift+Tab past the composer's tools reaches 最近联系; Enter opens the buyer and returns to the composer.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expectFocused(page, page.getByRole('listbox', { name: '最近联系' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /小王/ })).toBeVisible();
  await expectFocused(page, composer);

  // Ctrl+F: the search box.
  const search = page.getByRole('searchbox', { name: '搜索快捷短语' });
  await page.keyboard.press('Control+F');
  await expectFocused(page, search);
  await page.keyboard.type('键盘测试');
  await expect(page.getByRole('status').filter({ hasText: '共' })).toHaveText('共 2 条');

  // ↓ enters the results: one Tab stop, the current option selected.
  const results = page.getByRole('listbox', { name: '搜索结果' });
  const options = results.getByRole('option');
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, options.nth(0));
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(results.locator('[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, options.nth(1));
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
  await expect(results.locator('[tabindex="0"]')).toHaveCount(1);
  // ↑ from the first result goes back to the search box.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expectFocused(page, search);
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, options.nth(0));

  // Enter inserts the phrase into the composer, which takes focus; Enter there sends it.
  const firstId = Number(await options.nth(0).getAttribute('data-phrase-id'));
  const firstContent = contentOf.get(firstId)!;
  expect(firstContent, 'the first result is one of the two phrases').toBeTruthy();
  await page.keyboard.press('Enter');
  await expectFocused(page, composer);
  await expect(composer).toHaveValue(firstContent);
  await page.keyboard.press('Enter');
  await expect(composer).toHaveValue('');
  const sent = page.getByRole('list', { name: '聊天消息' }).locator('.message.agent');
  await expect(sent.last()).toContainText(firstContent);

  // Back to the results: Ctrl+F selects the query, so typing would replace it.
  await page.keyboard.press('Control+F');
  await expectFocused(page, search);
  expect(await search.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 4]);
  await page.keyboard.press('ArrowDown');
  const row = results.locator(`[data-phrase-id="${firstId}"]`);
  await expectFocused(page, row);

  // Shift+F10 opens the row's menu on 编辑; Esc closes it and focus is back on the row.
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: '快捷短语操作' });
  await expect(menu).toBeVisible();
  await expectFocused(page, menu.getByRole('menuitem', { name: '编辑' }));
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expectFocused(page, row);

  // 编辑 opens the dialog on the content; Esc closes it and focus is back on the row.
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('Enter');
  const edit = page.getByRole('dialog', { name: '编辑快捷短语' });
  const content = edit.getByRole('textbox', { name: '短语内容' });
  await expectFocused(page, content);
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();
  await expectFocused(page, row);

  // Edit for real: select all, type, Tab to 保存, Enter. Focus returns to the edited phrase.
  const edited = '亲，键盘测试：已改过的退货说明';
  await page.keyboard.press('ContextMenu');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Enter');
  await expectFocused(page, content);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(edited);
  await page.keyboard.press('Tab');
  await expectFocused(page, edit.getByRole('button', { name: '表情' }));
  await page.keyboard.press('Tab');
  await expectFocused(page, edit.getByRole('button', { name: '取消' }));
  await page.keyboard.press('Tab');
  await expectFocused(page, edit.getByRole('button', { name: '保存' }));
  await page.keyboard.press('Enter');
  await expect(edit).toBeHidden();
  await expect(row).toContainText(edited);
  await expectFocused(page, row);
  expect((await host.call('phrases.list', {})).find((p) => p.id === firstId)?.content).toBe(edited);

  // 删除 asks first; Esc keeps the phrase and focus is back on the row.
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, menu.getByRole('menuitem', { name: '删除' }));
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: '删除快捷短语' });
  await expect(confirm).toContainText(edited);
  await expectFocused(page, confirm.getByRole('button', { name: '删除' }));
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expectFocused(page, row);
  expect((await host.call('phrases.list', {})).some((p) => p.id === firstId)).toBe(true);

  // Confirmed: the phrase is gone and focus is on the result that took its place.
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectFocused(page, confirm.getByRole('button', { name: '删除' }));
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '共' })).toHaveText('共 1 条');
  expect((await host.call('phrases.list', {})).some((p) => p.id === firstId)).toBe(false);
  const otherId = firstId === a.id ? b.id : a.id;
  await expectFocused(page, results.locator(`[data-phrase-id="${otherId}"]`));

  // Deleting the last result leaves no list: focus goes to the search box.
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByText('没有找到包含“键盘测试”的快捷短语')).toBeVisible();
  await expectFocused(page, search);
});

test('the grouped list: ↑ ↓ through phrases and groups, → ← open and close, Enter and Ctrl+Enter', async ({ page, host }) => {
  const group = await host.call('phrases.createGroup', { name: '键盘分组' });
  const last = ['键盘分组第一条', '键盘分组第二条', '键盘分组最后一条'];
  for (const content of last) await host.call('phrases.create', { groupId: group.id, shortcutCode: null, content });
  const groups = await host.call('phrases.listGroups', {});
  const phrases = await host.call('phrases.list', {});
  const firstOf = (groupId: number) => phrases.find((p) => p.groupId === groupId)!;
  const [g0, g1] = groups;
  await openApp(page, host);
  await openConversation(page, '小王');

  const tree = page.getByRole('tree', { name: '快捷短语列表' });
  const header = (g: { name: string; isDefault: boolean }) =>
    tree.getByRole('treeitem', { name: new RegExp(`^${g.isDefault ? '默认分组' : g.name}，`) });
  const phraseRow = (id: number) => tree.locator(`[role="treeitem"][data-phrase-id="${id}"]`);

  // ↓ from the (empty) search box enters the grouped list at its first row.
  await page.keyboard.press('Control+F');
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, header(g0!));
  await expect(header(g0!)).toHaveAttribute('aria-expanded', 'true');
  await expect(header(g0!)).toHaveAttribute('aria-level', '1');
  await expect(tree.locator('[tabindex="0"]')).toHaveCount(1);

  // → on an open group moves to its first phrase; ← goes back to the header, ← again closes it.
  await page.keyboard.press('ArrowRight');
  await expectFocused(page, phraseRow(firstOf(g0!.id).id));
  await expect(phraseRow(firstOf(g0!.id).id)).toHaveAttribute('aria-level', '2');
  await page.keyboard.press('ArrowLeft');
  await expectFocused(page, header(g0!));
  await page.keyboard.press('ArrowLeft');
  await expect(header(g0!)).toHaveAttribute('aria-expanded', 'false');
  await expect(phraseRow(firstOf(g0!.id).id)).toHaveCount(0);
  await expectFocused(page, header(g0!));
  await shot(page, 'kb-01-group-closed-focus');

  // ↓ from a closed group goes to the next group's header, not into the hidden phrases.
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, header(g1!));
  await page.keyboard.press('ArrowLeft');
  await expect(header(g1!)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(header(g1!)).toHaveAttribute('aria-expanded', 'true');
  await expectFocused(page, header(g1!));
  await page.keyboard.press('ArrowDown');
  const greeting = firstOf(g1!.id);
  await expectFocused(page, phraseRow(greeting.id));
  await shot(page, 'kb-02-phrase-focus-1280x800');

  // Ctrl+Enter sends the phrase; focus stays on it for the next one.
  await page.keyboard.press('Control+Enter');
  const sent = page.getByRole('list', { name: '聊天消息' }).locator('.message.agent');
  await expect(sent).toHaveCount(1);
  await expect(sent.last()).toContainText(greeting.content.slice(0, 6));
  await expectFocused(page, phraseRow(greeting.id));

  // End: the last phrase of the last group; Home: the first row.
  await page.keyboard.press('End');
  const lastPhrase = phrases.filter((p) => p.groupId === group.id).at(-1)!;
  expect(lastPhrase.content).toBe('键盘分组最后一条');
  await expectFocused(page, phraseRow(lastPhrase.id));
  await expect(phraseRow(lastPhrase.id)).toBeInViewport();
  await page.keyboard.press('Home');
  await expectFocused(page, header(g0!));
  await expect(header(g0!)).toBeInViewport();

  // Enter and Space fold a group too.
  await page.keyboard.press('Enter');
  await expect(header(g0!)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press(' ');
  await expect(header(g0!)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(header(g0!)).toHaveAttribute('aria-expanded', 'true');

  // The menu key opens the group's menu; Esc returns to the header.
  await page.keyboard.press('ContextMenu');
  const menu = page.getByRole('menu', { name: '分组操作' });
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expectFocused(page, header(g0!));

  // A phrase created from the group's menu: Esc on its dialog returns to the header as well.
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '新增快捷短语' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectFocused(page, header(g0!));

  // Tab leaves the list in one step; Shift+Tab comes back to the same row.
  await page.keyboard.press('ArrowDown');
  const current = phraseRow(firstOf(g0!.id).id);
  await expectFocused(page, current);
  await page.keyboard.press('Shift+Tab');
  await expect(current).not.toBeFocused();
  await page.keyboard.press('Tab');
  await expectFocused(page, current);

  // 全部折叠 from the ⋯ menu while a phrase is the list's current row: focus goes back to ⋯, and
  // the list's one Tab stop is now that phrase's group header.
  await page.keyboard.press('End');
  await expectFocused(page, phraseRow(lastPhrase.id));
  await page.keyboard.press('Shift+Tab');
  const more = page.getByRole('button', { name: '分组管理' });
  await expectFocused(page, more);
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await expectFocused(page, page.getByRole('menuitem', { name: '全部折叠' }));
  await page.keyboard.press('Enter');
  await expectFocused(page, more);
  await page.keyboard.press('Tab');
  await expectFocused(page, header(group));
  await expect(header(group)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await expectFocused(page, page.getByRole('menuitem', { name: '全部展开' }));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expectFocused(page, header(group));
  await expect(header(group)).toHaveAttribute('aria-expanded', 'true');

  // ↑ from the first row returns to the search box.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  await expectFocused(page, page.getByRole('searchbox', { name: '搜索快捷短语' }));
});

test('virtual list: End, PageUp and a scrolled-away row keep focus on rows that were not drawn', async ({ page, host }) => {
  const lines = ['分组,快捷编码,短语内容'];
  for (let i = 0; i < 3000; i++) lines.push(`长列表,lb${i},亲，长列表第${i}条短语`);
  const bytes = new Uint8Array(new TextEncoder().encode(lines.join('\n')));
  await host.call('packs.import', { jobId: 'keyboard-e2e', bytes, replace: true });
  await openApp(page, host);
  const tree = page.getByRole('tree', { name: '快捷短语列表' });
  const row = (n: number) => tree.getByRole('treeitem', { name: new RegExp(`长列表第${n}条短语`) });

  await page.keyboard.press('Control+F');
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, tree.locator('[role="treeitem"][tabindex="0"]'));
  await expect(tree.getByRole('treeitem', { name: /^长列表，3000 条/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(row(2999)).toHaveCount(0);

  // End: the last of 3,000 rows is drawn, scrolled into view and focused.
  await page.keyboard.press('End');
  await expectFocused(page, row(2999));
  await expect(row(2999)).toBeInViewport();
  await expect(row(2999)).toHaveAttribute('aria-posinset', '3000');
  await expect(row(2999)).toHaveAttribute('aria-setsize', '3000');
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(60);

  // PageUp moves by a screenful and keeps the row in view.
  await page.keyboard.press('PageUp');
  const focusedName = await page.evaluate(() => document.activeElement?.textContent ?? '');
  const n = Number(/第(\d+)条/.exec(focusedName)?.[1]);
  expect(n).toBeLessThan(2999);
  expect(n).toBeGreaterThan(2980);
  await expect(row(n)).toBeInViewport();

  // Scrolled far away (the wheel), the focused row stays in the DOM and keeps focus; ↓ brings it back.
  await tree.evaluate((el) => (el.scrollTop = 0));
  await expect(row(0)).toBeInViewport();
  await expectFocused(page, row(n));
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, row(n + 1));
  await expect(row(n + 1)).toBeInViewport();

  // Deleting the focused row from the keyboard: focus moves to the phrase that took its place.
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: '删除快捷短语' })).toContainText(`长列表第${n + 1}条短语`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: '删除快捷短语' })).toBeHidden();
  await expect(row(n + 1)).toHaveCount(0);
  await expectFocused(page, row(n + 2));
});

test('the emoticon grid moves with the arrows, Enter picks, Esc returns to the 表情 button', async ({ page, host }) => {
  await openApp(page, host);
  const composer = page.getByRole('textbox', { name: '输入消息' });
  await expectFocused(page, composer);
  const toolbar = page.getByRole('toolbar', { name: '输入工具' });
  const button = toolbar.getByRole('button', { name: '表情' });

  // From the composer: Shift+Tab twice reaches 表情 (the toolbar sits above the text field).
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expectFocused(page, button);
  await page.keyboard.press('Enter');
  const grid = page.getByRole('grid', { name: '表情' });
  await expect(grid).toBeVisible();
  await expectFocused(page, grid.getByRole('button', { name: '微笑' }));
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await expectFocused(page, grid.getByRole('button', { name: '大笑' }));
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, grid.getByRole('button', { name: '疑问' }));
  await page.keyboard.press('ArrowLeft');
  await expectFocused(page, grid.getByRole('button', { name: '思考' }));
  await page.keyboard.press('ArrowLeft');
  await expectFocused(page, grid.getByRole('button', { name: '抱抱' }));
  await page.keyboard.press('Home');
  await expectFocused(page, grid.getByRole('button', { name: '微笑' }));
  await page.keyboard.press('End');
  await expectFocused(page, grid.getByRole('button', { name: '抱抱' }));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  // The last row is short: ↓ from its missing column lands on its last cell.
  await expectFocused(page, grid.getByRole('button', { name: '礼物' }));
  await page.keyboard.press('ArrowUp');
  await expectFocused(page, grid.getByRole('button', { name: '晕' }));
  await page.keyboard.press('ArrowRight');
  await expectFocused(page, grid.getByRole('button', { name: '困了' }));
  await shot(page, 'kb-03-emoticon-grid-focus');
  await page.keyboard.press('Enter');
  await expect(grid).toBeHidden();
  await expectFocused(page, composer);
  await expect(composer).toHaveValue('/:(Zz...)');

  // Esc closes the grid and focus is back on the button; nothing inserted.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press(' ');
  await expect(grid).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(grid).toBeHidden();
  await expectFocused(page, button);
  await expect(composer).toHaveValue('/:(Zz...)');
});

test('新增快捷短语 from the keyboard: the emoticon grid shows whole, under the group field, and Esc steps back out', async ({ page, host }) => {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await openApp(page, host);
    await page.keyboard.press('Control+F');
    await page.keyboard.press('Tab');
    const newButton = page.getByRole('button', { name: '新建', exact: true });
    await expectFocused(page, newButton);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '新增快捷短语' });
    await expectFocused(page, dialog.getByRole('textbox', { name: '快捷编码' }));
    // Ctrl+F belongs to the dialog while it is open.
    await page.keyboard.press('Control+F');
    await expectFocused(page, dialog.getByRole('textbox', { name: '快捷编码' }));
    await page.keyboard.press('Tab');
    await page.keyboard.type('亲，您好');
    await page.keyboard.press('Tab');
    await expectFocused(page, dialog.getByRole('button', { name: '表情' }));
    await page.keyboard.press('Enter');
    const grid = dialog.getByRole('grid', { name: '表情' });
    await expectFocused(page, grid.getByRole('button', { name: '微笑' }));
    await page.keyboard.press('ArrowDown');
    await expectFocused(page, grid.getByRole('button', { name: '思考' }));
    await page.keyboard.press('ArrowRight');
    await expectFocused(page, grid.getByRole('button', { name: '疑问' }));

    // The whole grid and the group field are both in view, and nothing covers the group field.
    const box = (await grid.boundingBox())!;
    const body = (await dialog.locator('.dialog-body').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(body.y);
    expect(box.y + box.height).toBeLessThanOrEqual(body.y + body.height + 0.5);
    const select = dialog.getByRole('combobox', { name: '选择分组' });
    await expect(select).toBeInViewport({ ratio: 1 });
    const s = (await select.boundingBox())!;
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [s.x + s.width / 2, s.y + s.height / 2]);
    expect(hit).toBe('phrase-group');
    for (const cell of await grid.getByRole('button').all()) await expect(cell).toBeInViewport({ ratio: 1 });
    await shot(page, `kb-04-new-phrase-picker-${size.width}x${size.height}`);

    await page.keyboard.press('Enter');
    await expect(grid).toBeHidden();
    await expect(dialog.getByRole('textbox', { name: '短语内容' })).toHaveValue('亲，您好/:?');
    await expectFocused(page, dialog.getByRole('textbox', { name: '短语内容' }));

    // Esc closes the grid only; the next Esc the dialog, and focus is back on 新建.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(grid).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(grid).toBeHidden();
    await expect(dialog).toBeVisible();
    await expectFocused(page, dialog.getByRole('button', { name: '表情' }));
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expectFocused(page, newButton);
  }
});

test('Ctrl+F opens a closed panel; keys an input method is composing with stay with it', async ({ page, host }) => {
  await openApp(page, host);
  const composer = page.getByRole('textbox', { name: '输入消息' });
  const toggle = page.getByRole('toolbar', { name: '输入工具' }).getByRole('button', { name: '快捷短语' });
  await page.keyboard.press('Shift+Tab');
  await expectFocused(page, toggle);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: '快捷短语' })).toHaveCount(0);
  await page.keyboard.press('Control+F');
  const search = page.getByRole('searchbox', { name: '搜索快捷短语' });
  await expectFocused(page, search);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  // While a 拼音 composition is open, ↓ picks a candidate, not a result; Ctrl+F does nothing.
  await page.keyboard.type('发货');
  await expect(page.getByRole('listbox', { name: '搜索结果' })).toBeVisible();
  await search.dispatchEvent('keydown', { key: 'ArrowDown', isComposing: true, bubbles: true });
  await expectFocused(page, search);
  await composer.focus();
  await composer.dispatchEvent('keydown', { key: 'f', code: 'KeyF', ctrlKey: true, isComposing: true, bubbles: true });
  await expectFocused(page, composer);
  // The composer keeps its own keys: ↓ and Enter still belong to its /code suggestions.
  await page.keyboard.type('/');
  await page.keyboard.type('hi');
  const suggestions = page.getByRole('listbox', { name: '快捷短语建议' });
  await expect(suggestions).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(suggestions).toBeHidden();
  await expectFocused(page, composer);
  expect(await composer.inputValue()).not.toBe('/hi');
});

test('two-line rows at 1024×700 with a focused result', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, host);
  // Each phrase row is two lines high and its content starts at the same x (the code column is fixed).
  const tree = page.getByRole('tree', { name: '快捷短语列表' });
  const contents = tree.locator('[role="treeitem"] .phrase-content');
  await expect(contents.first()).toBeVisible();
  const xs = new Set<number>();
  for (const c of (await contents.all()).slice(0, 10)) xs.add(Math.round((await c.boundingBox())!.x));
  expect([...xs]).toHaveLength(1);
  // A long phrase wraps onto a second line instead of ending in … after a dozen characters.
  const lineHeight = await contents.first().evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  const heights = await contents.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBe(2 * lineHeight);
  const rowHeights = await tree.locator('[role="treeitem"][data-phrase-id]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  expect(new Set(rowHeights)).toEqual(new Set([52]));
  await shot(page, 'kb-05-list-1024x700');

  await page.keyboard.press('Control+F');
  await page.keyboard.type('亲');
  await expect(page.getByRole('listbox', { name: '搜索结果' })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expectFocused(page, page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').nth(1));
  await shot(page, 'kb-06-results-focus-1024x700');
});
