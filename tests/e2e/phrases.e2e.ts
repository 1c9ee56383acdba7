import { defaultGroupId, expect, ONE_BUYER, openApp, openConversation, shot, test } from './fixtures';

/** The quick-phrase panel, as an agent uses it (docs/phrases.md). */

// One buyer to answer: sending needs an open conversation.
test.use({ seed: ONE_BUYER });

test('create a group and a phrase from 新建 and see it in the panel', async ({ page, host }) => {
  await openApp(page, host);
  await shot(page, '01-main-window');

  await page.getByRole('button', { name: '新建', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '新增快捷短语' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '新增分组' }).click();
  await dialog.getByRole('textbox', { name: '分组名称' }).fill('售后回访');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog.getByRole('combobox', { name: '选择分组' })).toHaveValue(/\d+/);
  await expect(dialog.getByRole('combobox', { name: '选择分组' }).locator('option:checked')).toHaveText('售后回访');
  await dialog.getByRole('textbox', { name: '快捷编码' }).fill('hf');
  await dialog.getByRole('textbox', { name: '短语内容' }).fill('亲，收到宝贝还满意吗？有任何问题随时找我哦');
  await dialog.getByRole('button', { name: '表情' }).click();
  await dialog.getByRole('button', { name: '微笑' }).click();
  await expect(dialog.getByRole('textbox', { name: '短语内容' })).toHaveValue('亲，收到宝贝还满意吗？有任何问题随时找我哦/:^_^');
  await shot(page, '03-new-phrase-dialog');

  // A taken code is refused inline, in Chinese, and the dialog stays open.
  const existing = (await host.call('phrases.list', {})).find((p) => p.shortcutCode)!;
  await dialog.getByRole('textbox', { name: '快捷编码' }).fill(existing.shortcutCode!);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`快捷编码“${existing.shortcutCode}”已被其他短语使用`);

  await dialog.getByRole('textbox', { name: '快捷编码' }).fill('hf');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();

  const list = page.getByRole('tree', { name: '快捷短语列表' });
  await expect(list.getByRole('treeitem', { name: /售后回访/ })).toBeVisible();
  const row = list.getByRole('treeitem', { name: /亲，收到宝贝还满意吗/ });
  await expect(row).toBeVisible();
  await expect(row.locator('.code-tag')).toHaveText('/hf');
  await expect(row.getByRole('img', { name: '微笑' })).toHaveText('😊');

  const saved = (await host.call('phrases.list', {})).find((p) => p.shortcutCode === 'hf')!;
  expect(saved).toMatchObject({ groupName: '售后回访', content: '亲，收到宝贝还满意吗？有任何问题随时找我哦/:^_^' });
});

test('search with a two-character word shows highlighted, counted results', async ({ page, host }) => {
  await openApp(page, host);
  const expected = (await host.call('phrases.list', {})).filter((p) => p.content.includes('发货')).length;
  expect(expected).toBeGreaterThan(2);

  await page.getByRole('searchbox', { name: '搜索快捷短语' }).pressSequentially('发货', { delay: 30 });
  const results = page.getByRole('listbox', { name: '搜索结果' });
  await expect(page.getByRole('status').filter({ hasText: '共' })).toHaveText(`共 ${expected} 条`);
  const rows = results.getByRole('option');
  await expect(rows).toHaveCount(expected);
  for (const row of await rows.all()) {
    await expect(row).toContainText('发货');
    await expect(row.locator('mark').first()).toHaveText('发货');
  }
  await shot(page, '02-search-results');

  // Only spaces: the whole grouped list again.
  await page.getByRole('searchbox', { name: '搜索快捷短语' }).fill('   ');
  await expect(page.getByRole('tree', { name: '快捷短语列表' })).toBeVisible();
});

test('/code in the composer suggests the phrase; Enter picks it; Enter again sends it', async ({ page, host }) => {
  const content = '亲，这款今天下单明天就能发出哦/:^_^';
  await host.call('phrases.create', { groupId: await defaultGroupId(host), shortcutCode: 'mtfc', content });
  await openApp(page, host);
  await openConversation(page, '小王');

  const input = page.getByRole('textbox', { name: '输入消息' });
  await input.click();
  await input.pressSequentially('好的 /mt', { delay: 30 });
  const listbox = page.getByRole('listbox', { name: '快捷短语建议' });
  await expect(listbox).toBeVisible();
  const first = listbox.getByRole('option').first();
  await expect(first).toContainText('/mtfc');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await shot(page, '04-slash-suggestions');

  await input.press('Enter');
  await expect(listbox).toBeHidden();
  await expect(input).toHaveValue(`好的 ${content}`);
  await expect(page.getByLabel('预览')).toContainText('😊');

  await input.press('Enter');
  await expect(input).toHaveValue('');
  const sent = page.getByRole('list', { name: '聊天消息' }).locator('.message.agent').last();
  await expect(sent).toContainText('好的 亲，这款今天下单明天就能发出哦😊');
  await expect(sent.locator('time')).toHaveText(/^\d\d:\d\d$/);

  // The 表情 picker inserts the code at the cursor; the preview shows the emoji.
  await page.getByRole('toolbar', { name: '输入工具' }).getByRole('button', { name: '表情' }).click();
  await shot(page, '04b-conversation-emoticons');
  await page.getByRole('dialog', { name: '表情' }).getByRole('button', { name: '抱抱' }).click();
  await expect(input).toHaveValue('/:H');
  await expect(page.getByLabel('预览')).toContainText('🤗');

  const used = (await host.call('phrases.list', {})).find((p) => p.shortcutCode === 'mtfc')!;
  expect(used.useCount).toBe(1);
});

test('click inserts, double-click sends; Ctrl+Enter makes a new line', async ({ page, host }) => {
  await host.call('phrases.create', { groupId: await defaultGroupId(host), shortcutCode: 'djfs', content: '双击测试短语' });
  await openApp(page, host);
  await openConversation(page, '小王');
  await page.getByRole('searchbox', { name: '搜索快捷短语' }).fill('双击测试');
  const row = page.getByRole('listbox', { name: '搜索结果' }).getByRole('option', { name: /双击测试短语/ });

  const input = page.getByRole('textbox', { name: '输入消息' });
  await input.fill('第一行');
  await input.press('Control+Enter');
  await row.click();
  await expect(input).toHaveValue('第一行\n双击测试短语');

  await row.dblclick();
  const sent = page.getByRole('list', { name: '聊天消息' }).locator('.message.agent');
  await expect(sent.last()).toHaveText(/双击测试短语/);
  // The double-click sent exactly once and left the composer as the single click had.
  await expect(sent.filter({ hasText: '双击测试短语' })).toHaveCount(1);
  await expect(input).toHaveValue('第一行\n双击测试短语');
});

test('right-click 编辑 changes the content; 删除 asks, then removes it', async ({ page, host }) => {
  await host.call('phrases.create', { groupId: await defaultGroupId(host), shortcutCode: 'bjcs', content: '待编辑的短语内容' });
  await openApp(page, host);
  const search = page.getByRole('searchbox', { name: '搜索快捷短语' });
  await search.fill('待编辑');
  const results = page.getByRole('listbox', { name: '搜索结果' });
  await results.getByRole('option', { name: /待编辑的短语内容/ }).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: '快捷短语操作' });
  await expect(menu.getByRole('menuitem')).toHaveText(['编辑', '删除']);
  await shot(page, '05-context-menu');
  await menu.getByRole('menuitem', { name: '编辑' }).click();

  const dialog = page.getByRole('dialog', { name: '编辑快捷短语' });
  await expect(dialog.getByRole('textbox', { name: '短语内容' })).toHaveValue('待编辑的短语内容');
  await dialog.getByRole('textbox', { name: '短语内容' }).fill('待编辑的短语内容（已修改）');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(results.getByRole('option', { name: /（已修改）/ })).toBeVisible();

  await results.getByRole('option', { name: /（已修改）/ }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: '删除' }).click();
  const confirm = page.getByRole('dialog', { name: '删除快捷短语' });
  await expect(confirm).toContainText('确定要删除这条快捷短语吗');
  await confirm.getByRole('button', { name: '删除' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('没有找到包含“待编辑”的快捷短语')).toBeVisible();
  expect((await host.call('phrases.list', {})).some((p) => p.shortcutCode === 'bjcs')).toBe(false);
});

test('groups: rename, move, and delete a non-empty group moving its phrases to 默认分组', async ({ page, host }) => {
  const group = await host.call('phrases.createGroup', { name: '临时分组' });
  await host.call('phrases.create', { groupId: group.id, shortcutCode: null, content: '临时分组里的短语' });
  await openApp(page, host);

  await page.getByRole('button', { name: '分组管理' }).click();
  await page.getByRole('menuitem', { name: '管理分组…' }).click();
  const dialog = page.getByRole('dialog', { name: '管理分组' });
  await expect(dialog.getByRole('button', { name: '重命名分组“默认分组”' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: '删除分组“默认分组”' })).toBeDisabled();

  await dialog.getByRole('button', { name: '重命名分组“临时分组”' }).click();
  const rename = page.getByRole('dialog', { name: '重命名分组' });
  await rename.getByRole('textbox', { name: '分组名称' }).fill('活动分组');
  await rename.getByRole('button', { name: '保存' }).click();
  await expect(rename).toBeHidden();
  const names = dialog.locator('.group-table-name');
  await expect(names.last()).toHaveText('活动分组');
  await dialog.getByRole('button', { name: '上移分组“活动分组”' }).click();
  await expect(names.nth((await names.count()) - 2)).toHaveText('活动分组');

  await dialog.getByRole('button', { name: '删除分组“活动分组”' }).click();
  const del = page.getByRole('dialog', { name: '删除分组' });
  await expect(del).toContainText('还有 1 条快捷短语');
  await expect(del.getByRole('radio', { name: '移到默认分组' })).toBeChecked();
  await del.getByRole('button', { name: '删除' }).click();
  await expect(del).toBeHidden();
  await expect(dialog.getByText('活动分组')).toHaveCount(0);

  const moved = (await host.call('phrases.list', {})).find((p) => p.content === '临时分组里的短语')!;
  expect(moved.groupName).toBe('默认分组');
});

test('a whole code wins: /bz + Enter inserts bz, not bz2; /hi in the panel search finds the /hi phrase', async ({ page, host }) => {
  // The starter pack has /bz and /bz2; make /bz2 the favourite, as the old ranking (use count
  // before code length) then put it above the exact code.
  const list = await host.call('phrases.list', {});
  const bz = list.find((p) => p.shortcutCode === 'bz')!;
  const bz2 = list.find((p) => p.shortcutCode === 'bz2')!;
  for (let i = 0; i < 5; i++) await host.call('phrases.recordUse', { id: bz2.id });
  await openApp(page, host);

  const input = page.getByRole('textbox', { name: '输入消息' });
  await input.click();
  await input.pressSequentially('/bz', { delay: 30 });
  const listbox = page.getByRole('listbox', { name: '快捷短语建议' });
  const first = listbox.getByRole('option').first();
  await expect(first.locator('.code-tag')).toHaveText('/bz');
  await expect(listbox.getByRole('option').nth(1).locator('.code-tag')).toHaveText('/bz2');
  await input.press('Enter');
  await expect(input).toHaveValue(bz.content);

  const search = page.getByRole('searchbox', { name: '搜索快捷短语' });
  await search.fill('/hi');
  await expect(page.getByRole('status').filter({ hasText: '共' })).toHaveText('共 1 条');
  await expect(page.getByRole('listbox', { name: '搜索结果' })).toContainText('欢迎光临本店');
});

test('a fast typist: Enter before the suggestions for the last keystroke arrive still inserts that code’s phrase', async ({ page, host }) => {
  const list = await host.call('phrases.list', {});
  const bz2 = list.find((p) => p.shortcutCode === 'bz2')!;
  // Hold the host's answers back while `slow` is set, as a busy machine would.
  let slow = false;
  await page.routeWebSocket(/\/bridge/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => (slow ? setTimeout(() => ws.send(m), 400) : ws.send(m)));
  });
  await openApp(page, host);
  const input = page.getByRole('textbox', { name: '输入消息' });
  await input.click();
  await input.pressSequentially('/bz', { delay: 30 });
  const listbox = page.getByRole('listbox', { name: '快捷短语建议' });
  await expect(listbox.getByRole('option').first().locator('.code-tag')).toHaveText('/bz');
  // The list on screen is /bz's; the agent types 2 and Enter before /bz2's answer is back.
  slow = true;
  await input.press('2');
  await input.press('Enter');
  await expect(input).toHaveValue(bz2.content);
  slow = false;
  // Nothing was sent meanwhile.
  await expect(page.getByRole('list', { name: '聊天消息' }).locator('.message.agent')).toHaveCount(0);
  // The answers held back (each by exactly 400 ms: the pick's use count among them) reach the page
  // before the host stops; stopping first made the page log the lost answer as an error.
  await page.waitForTimeout(600);
});

test('Tab moves on from a /word that matches no code; Shift+Tab and Ctrl+Enter never pick', async ({ page, host }) => {
  await openApp(page, host);
  const input = page.getByRole('textbox', { name: '输入消息' });
  await input.click();
  await input.pressSequentially('链接在这里 /zzqx', { delay: 20 });
  await page.waitForTimeout(300);
  await expect(page.getByRole('listbox', { name: '快捷短语建议' })).toHaveCount(0);
  await input.press('Tab');
  await expect(input).not.toBeFocused();
  await expect(input).toHaveValue('链接在这里 /zzqx');

  // With suggestions open, Shift+Tab leaves without inserting; Ctrl+Enter makes a new line.
  await input.fill('');
  await input.pressSequentially('/b', { delay: 20 });
  await expect(page.getByRole('listbox', { name: '快捷短语建议' })).toBeVisible();
  await input.press('Control+Enter');
  await expect(input).toHaveValue('/b\n');
  await input.fill('');
  await input.pressSequentially('/b', { delay: 20 });
  await expect(page.getByRole('listbox', { name: '快捷短语建议' })).toBeVisible();
  await input.press('Shift+Tab');
  await expect(input).not.toBeFocused();
  await expect(input).toHaveValue('/b');
});

test('each message says how it was composed: typed; a phrase inserted then edited; a phrase erased before sending; a double-click', async ({ page, host }) => {
  // The rule: docs/chat-window.md "How a message was composed".
  await host.call('phrases.create', { groupId: await defaultGroupId(host), shortcutCode: 'zcfs', content: '组成测试短语' });
  await openApp(page, host);
  await openConversation(page, '小王');
  await page.getByRole('searchbox', { name: '搜索快捷短语' }).fill('组成测试');
  const row = page.getByRole('listbox', { name: '搜索结果' }).getByRole('option', { name: /组成测试短语/ });
  const input = page.getByRole('textbox', { name: '输入消息' });
  const sent = page.getByRole('list', { name: '聊天消息' }).locator('.message.agent');

  // Typed.
  await input.fill('在的亲');
  await input.press('Enter');
  await expect(sent.last()).toContainText('在的亲');
  // A phrase clicked in, then edited: still a phrase.
  await row.click();
  await expect(input).toHaveValue('组成测试短语');
  await input.press('End');
  await input.pressSequentially('，请稍等');
  await input.press('Enter');
  await expect(sent.last()).toContainText('组成测试短语，请稍等');
  // A phrase clicked in, then everything erased and typed anew: typed.
  await row.click();
  await expect(input).toHaveValue('组成测试短语');
  await input.fill('');
  await input.fill('好的');
  await input.press('Enter');
  await expect(sent.last()).toContainText('好的');
  // A double-click sends the phrase and gives the composer back as it was — empty, typed again after.
  await row.dblclick();
  await expect(sent.filter({ hasText: '组成测试短语' })).toHaveCount(2);
  await expect(input).toHaveValue('');
  await input.fill('谢谢');
  await input.press('Enter');
  await expect(sent.last()).toContainText('谢谢');

  const [contact] = await host.call('chat.contacts', { limit: 1 });
  const stored = (await host.call('chat.messages', { conversationId: contact!.conversationId, limit: 50 })).filter((m) => m.sender === 'agent');
  expect(stored.map((m) => [m.body, m.composed])).toEqual([
    ['在的亲', 'typed'],
    ['组成测试短语，请稍等', 'phrase'],
    ['好的', 'typed'],
    ['组成测试短语', 'phrase'],
    ['谢谢', 'typed'],
  ]);
});
