import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, importTranscript, ONE_BUYER, openConversation, RECONNECT_CONSOLE_ERRORS, seedDatabase, shot, startHost, stopHost, test, type HostProcess } from './fixtures';

/**
 * The window and a browser host that stops, restarts, or restarts with another token. Each test
 * runs its own host processes (not the `host` fixture), because it stops and starts them.
 */

const ROOT = path.resolve(__dirname, '..', '..');

// The browser's own errors while the host is away are expected here, and nothing else may appear.
test.use({ expectedConsoleErrors: RECONNECT_CONSOLE_ERRORS });

/** A scratch folder with the database path in it, removed after the test. */
function scratch(): { dir: string; dbFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-conn-'));
  return { dir, dbFile: path.join(dir, 'xiaoniu.db') };
}

/** The running hosts of a test, stopped at its end whatever happened. */
const running = new Set<HostProcess>();
async function start(dbFile: string, options: { port?: number; token: string }): Promise<HostProcess> {
  const host = await startHost(dbFile, options);
  running.add(host);
  return host;
}
async function stop(host: HostProcess): Promise<void> {
  await stopHost(host.child);
  running.delete(host);
}
test.afterEach(async () => {
  for (const host of running) await stopHost(host.child);
  running.clear();
});

async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('tree', { name: '快捷短语列表' })).toBeVisible();
}

test('host stops: the bar shows at once and sending stops; host back: bar gone, draft intact, list and search reloaded', async ({ page }) => {
  const { dir, dbFile } = scratch();
  const token = crypto.randomBytes(16).toString('hex');
  seedDatabase(dbFile, ONE_BUYER);
  try {
    let host = await start(dbFile, { token });
    await openPage(page, host.url);
    await openConversation(page, '小王');
    const total = page.locator('.panel-total');
    await expect(total).toHaveText(/共 \d+ 条/);
    const before = Number(/\d+/.exec((await total.textContent()) ?? '')![0]);

    // The agent is mid-work: a draft and an open search.
    const composer = page.getByRole('textbox', { name: '输入消息' });
    const draft = '亲，您的订单已经打包好了，\n今天下午发出';
    await composer.fill(draft);
    await page.getByRole('searchbox', { name: '搜索快捷短语' }).fill('断线');
    await expect(page.getByText('没有找到包含“断线”的快捷短语')).toBeVisible();

    await stop(host);
    const bar = page.getByRole('alert').filter({ hasText: '与小牛工作台的连接已断开，正在重连…' });
    await expect(bar).toBeVisible({ timeout: 3000 });
    await expect(page.getByRole('button', { name: '发送' })).toBeDisabled();
    await expect(page.getByRole('button', { name: '新建' })).toBeDisabled();
    await expect(page.getByRole('button', { name: '导入' })).toBeDisabled();
    // Enter in the composer sends nothing and keeps the draft.
    await composer.press('End');
    await composer.press('Enter');
    await expect(page.locator('.message.agent')).toHaveCount(0);
    await expect(composer).toHaveValue(draft);
    await shot(page, 'connection-lost');

    // While the window is away, another buyer's history arrives through the CLI.
    importTranscript(dbFile, { timezone: 'Asia/Shanghai', events: [{ at: new Date().toISOString(), type: 'buyer', buyer: 'tb_ada', nickname: '阿达', text: '断线时来的买家' }] });

    // While the window is away, a phrase arrives through the CLI.
    const pack = path.join(dir, 'new.csv');
    fs.writeFileSync(pack, '分组,快捷编码,短语内容\r\n售后,dx1,亲，断线期间新增的这条短语\r\n');
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'xiaoniu.js'), 'phrases', 'import', pack, '--db', dbFile], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);

    host = await start(dbFile, { port: host.port, token });
    await expect(bar).toBeHidden({ timeout: 15_000 });
    await expect(page.getByRole('status').filter({ hasText: '已重新连接到小牛工作台。' })).toBeAttached();
    // Nothing typed was lost; the open search, the phrase list and the contact list were reloaded.
    await expect(composer).toHaveValue(draft);
    await expect(page.getByRole('listbox', { name: '最近联系' }).getByRole('option', { name: /^阿达/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: /小王/ })).toBeVisible();
    await expect(page.getByRole('listbox', { name: '搜索结果' }).getByText('亲，断线期间新增的这条短语')).toBeVisible();
    await expect(total).toHaveText(`共 ${before + 1} 条`);
    // Sending works again.
    await expect(page.getByRole('button', { name: '发送' })).toBeEnabled();
    await page.getByRole('button', { name: '发送' }).click();
    await expect(page.locator('.message').last()).toContainText('今天下午发出');
    await shot(page, 'connection-restored');
  } finally {
    for (const host of running) await stop(host);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a dialog open across a restart keeps its fields and saves once the host is back', async ({ page }) => {
  const { dir, dbFile } = scratch();
  const token = crypto.randomBytes(16).toString('hex');
  try {
    let host = await start(dbFile, { token });
    await openPage(page, host.url);
    await page.getByRole('button', { name: '新建' }).click();
    const dialog = page.getByRole('dialog', { name: '新增快捷短语' });
    await dialog.getByLabel('快捷编码').fill('dlg1');
    await dialog.getByLabel('短语内容').fill('亲，这是断线时对话框里的话');
    await stop(host);
    await expect(page.getByRole('alert').filter({ hasText: '正在重连' })).toBeVisible({ timeout: 3000 });
    await expect(dialog.getByRole('button', { name: '保存' })).toBeDisabled();
    await shot(page, 'connection-lost-dialog');
    host = await start(dbFile, { port: host.port, token });
    await expect(page.getByRole('alert').filter({ hasText: '正在重连' })).toBeHidden({ timeout: 15_000 });
    await expect(dialog.getByLabel('快捷编码')).toHaveValue('dlg1');
    await expect(dialog.getByLabel('短语内容')).toHaveValue('亲，这是断线时对话框里的话');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole('searchbox', { name: '搜索快捷短语' }).fill('dlg1');
    await expect(page.getByRole('listbox', { name: '搜索结果' }).getByText('亲，这是断线时对话框里的话')).toBeVisible();
  } finally {
    for (const host of running) await stop(host);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('host restarted with a new token: the page says its token is stale and what to do, and a reload says the same', async ({ page }) => {
  const { dir, dbFile } = scratch();
  try {
    const first = await start(dbFile, { token: crypto.randomBytes(16).toString('hex') });
    await openPage(page, first.url);
    await page.getByRole('textbox', { name: '输入消息' }).fill('亲，稍等');
    await stop(first);
    await start(dbFile, { port: first.port, token: crypto.randomBytes(16).toString('hex') });
    const stale = page.getByRole('alert').filter({ hasText: '此页面的访问令牌已失效' });
    await expect(stale).toBeVisible({ timeout: 15_000 });
    await expect(stale).toContainText('新打印的地址');
    await expect(stale).toContainText('刷新也没有用');
    await expect(page.getByRole('alert').filter({ hasText: '正在重连' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: '发送' })).toBeDisabled();
    // The draft can still be copied.
    await expect(page.getByRole('textbox', { name: '输入消息' })).toHaveValue('亲，稍等');
    await shot(page, 'connection-stale-token');
    // It stopped trying: no request reaches the host any more.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.waitForTimeout(1500);
    expect(requests).toEqual([]);

    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: '此页面的访问令牌已失效' })).toBeVisible();
  } finally {
    for (const host of running) await stop(host);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('English: the bar in English, and 立即重连 / Reconnect now retries at once instead of waiting out the backoff', async ({ page }) => {
  const { dir, dbFile } = scratch();
  const token = crypto.randomBytes(16).toString('hex');
  try {
    await page.addInitScript(() => localStorage.setItem('xiaoniu.locale', 'en'));
    let host = await start(dbFile, { token });
    await page.goto(host.url);
    await expect(page.getByRole('tree', { name: 'Quick phrase list' })).toBeVisible();
    await stop(host);
    const bar = page.getByRole('alert').filter({ hasText: 'Lost the connection to Xiaoniu. Reconnecting…' });
    await expect(bar).toBeVisible({ timeout: 3000 });
    // Long enough down for the backoff to reach several seconds between attempts (and the hint).
    await expect(page.getByText('If Xiaoniu was restarted on another port, open the new address it printed.')).toBeVisible({ timeout: 25_000 });
    await shot(page, 'connection-lost-en');
    host = await start(dbFile, { port: host.port, token });
    const retry = page.getByRole('button', { name: 'Reconnect now' });
    await retry.focus();
    await page.keyboard.press('Enter');
    await expect(bar).toBeHidden({ timeout: 2000 });
  } finally {
    for (const host of running) await stop(host);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
