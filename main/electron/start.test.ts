import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../app';
import { CHANNELS } from '../ipc/wire';
import { contentSecurityPolicy } from '../shared/csp';
import { virtualClock } from '../shared/clock';
import type { Locale } from '../i18n';
import { createFakeElectron, type FakeElectron } from './fake-electron.test-util';
import { prepareShell, startShell, type Shell } from './start';
import { trayIconBitmap } from './tray-icon';

/**
 * The Electron shell's wiring, run against a fake `electron` (fake-electron.test-util.ts) and a
 * real app on an in-memory database: what the window is allowed, what reaches the contract, what
 * the agent sees in notifications and the tray. Electron's security checklist is the source of
 * the rules (https://www.electronjs.org/docs/latest/tutorial/security); docs/electron.md maps them.
 */

const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);
let fake: FakeElectron;
let app: App;
let shell: Shell;
let clock: ReturnType<typeof virtualClock>;
let rendererDir: string;
let locale: Locale;
let timers: { fn: () => void; ms: number }[];
let platform: NodeJS.Platform;

async function start(options: { platform?: NodeJS.Platform } = {}) {
  fake = createFakeElectron();
  const prepared = prepareShell(fake.electron);
  fake.makeReady();
  shell = await startShell(fake.electron, app, {
    prepared,
    rendererDir,
    preload: '/dist/preload/index.js',
    platform: options.platform ?? platform,
    locale: () => locale,
    log: () => {},
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  return fake;
}

beforeEach(async () => {
  clock = virtualClock(T0);
  app = await createApp({ dbFile: ':memory:', clock });
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>小牛工作台</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), 'secret.txt'), 'not yours');
  locale = 'zh-CN';
  timers = [];
  platform = 'linux';
});

afterEach(async () => {
  shell?.dispose();
  await app.close();
});

const window = () => fake.windows[0]!;

/** A buyer message stored and announced as the channel does. */
function buyerWrites(buyerId: string, body: string, extra: { nickname?: string; automatic?: boolean; createdAt?: number; sender?: 'buyer' | 'agent' } = {}) {
  const { message } = app.chat.appendMessage({
    channel: 'simulator',
    buyerId,
    nickname: extra.nickname ?? `买家${buyerId}`,
    sender: extra.sender ?? 'buyer',
    body,
    ...(extra.automatic ? { automatic: true } : {}),
    ...(extra.createdAt !== undefined ? { at: extra.createdAt } : {}),
  });
  const contact = app.chat.listContacts(1000).find((c) => c.conversationId === message.conversationId)!;
  app.emit('chat.message', { message, contact });
  return { message, contact };
}

describe('before ready', () => {
  it('enables the sandbox, registers the app scheme as standard and secure, and guards every webContents, all before ready', () => {
    fake = createFakeElectron();
    prepareShell(fake.electron);
    expect(fake.calls.slice(0, 2)).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged']);
    expect(fake.schemes).toEqual([{ scheme: 'xiaoniu', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.electron.app.listeners.get('web-contents-created')).toHaveLength(1);
  });

  it('refuses to run once the app is ready (Electron would ignore the sandbox switch)', () => {
    fake = createFakeElectron();
    fake.makeReady();
    expect(() => prepareShell(fake.electron)).toThrow(/before the app is ready/);
  });
});

describe('the window', () => {
  it('has context isolation, the sandbox, no Node anywhere, web security, no webview, and loads the app page', async () => {
    await start();
    const prefs = window().options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/dist/preload/index.js',
    });
    expect(window().options.show).toBe(false);
    expect(window().loaded).toEqual(['xiaoniu://app/index.html']);
    expect(fake.calls.indexOf('app.enableSandbox')).toBeLessThan(fake.calls.indexOf('ready'));
    expect(fake.calls.indexOf('ready')).toBeLessThan(fake.calls.indexOf('new BrowserWindow'));
  });

  it('serves the renderer with the strict CSP on every response, and nothing outside its folder', async () => {
    await start();
    const serve = fake.protocolHandlers.get('xiaoniu')!;
    const csp = contentSecurityPolicy("'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    const page = await serve(new Request('xiaoniu://app/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(csp);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('小牛工作台');
    const script = await serve(new Request('xiaoniu://app/assets/main.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('content-security-policy')).toBe(csp);
    for (const url of ['xiaoniu://app/%2e%2e/secret.txt', 'xiaoniu://app/..%2fsecret.txt', 'xiaoniu://other/index.html', 'xiaoniu://app/missing.js', 'xiaoniu://app/assets', 'xiaoniu://app/a%00b']) {
      const res = await serve(new Request(url));
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy'), url).toBe(csp);
    }
    expect((await serve(new Request('xiaoniu://app/%E0%A4%A'))).status).toBe(400);
  });
});

describe('IPC', () => {
  it('registers exactly one handler, on the invoke channel, and routes every call to the validated contract', async () => {
    await start();
    expect([...fake.handlers.keys()]).toEqual([CHANNELS.invoke]);
    const groups = await fake.invoke(CHANNELS.invoke, ['phrases.listGroups', {}]);
    expect(groups).toEqual(await app.call('phrases.listGroups', {}));
    expect(groups).toMatchObject({ ok: true });
    expect(await fake.invoke(CHANNELS.invoke, ['phrases.nope', {}])).toEqual({ ok: false, error: { code: 'ipc.unknownMethod', params: { method: 'phrases.nope' } } });
    expect(await fake.invoke(CHANNELS.invoke, ['phrases.create', { text: 42 }])).toMatchObject({ ok: false, error: { code: 'ipc.badArgument' } });
  });

  it('refuses a call from another webContents, a sub-frame, another origin or no frame, before the contract sees it', async () => {
    await start();
    const group = ((await app.call('phrases.createGroup', { name: '常用' })) as { ok: true; value: { id: number } }).value;
    const create = ['phrases.create', { groupId: group.id, shortcutCode: 'zai', content: '亲，在的' }];
    const forbidden = { ok: false, error: { code: 'ipc.forbidden', params: {} } };
    const other = fake.otherWebContents();
    expect(await fake.invoke(CHANNELS.invoke, create, { sender: other })).toEqual(forbidden);
    expect(await fake.invoke(CHANNELS.invoke, create, { parent: { url: 'xiaoniu://app/index.html', parent: null } })).toEqual(forbidden);
    for (const url of ['https://evil.example/', 'file:///index.html', 'xiaoniu://app.evil/index.html', 'xiaoniu://evil/#xiaoniu://app/', 'xiaoniu://x@app.evil/', 'devtools://devtools/']) {
      expect(await fake.invoke(CHANNELS.invoke, create, { url }), url).toEqual(forbidden);
    }
    expect(await fake.invoke(CHANNELS.invoke, create, { noFrame: true })).toEqual(forbidden);
    expect(await fake.invoke(CHANNELS.invoke, ['shell.openFile', {}], { url: 'https://evil.example/' })).toEqual(forbidden);
    expect(fake.dialogCalls).toEqual([]);
    expect(app.phrases.isEmpty()).toBe(true);
    // The same call from the app's page goes through: the refusals above were the sender's.
    expect(await fake.invoke(CHANNELS.invoke, create)).toMatchObject({ ok: true });
    expect(app.phrases.isEmpty()).toBe(false);
  });

  it('forwards every app event to the window on the event channel', async () => {
    await start();
    app.emit('chat.status', { status: 'busy', at: T0 });
    const { message } = buyerWrites('tb_1', '在吗');
    const events = window().webContents.eventsOn(CHANNELS.event);
    expect(events[0]).toEqual(['chat.status', { status: 'busy', at: T0 }]);
    expect(events[1]![0]).toBe('chat.message');
    expect((events[1]![1] as { message: { id: number } }).message.id).toBe(message.id);
  });
});

describe('navigation and new windows', () => {
  const hostile = ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'xiaoniu://app.evil/', 'about:blank', 'chrome://settings'];

  for (const which of ['the main window', 'any other webContents'] as const) {
    it(`${which}: will-navigate, will-redirect and will-frame-navigate stay on the app page`, async () => {
      await start();
      const contents = which === 'the main window' ? window().webContents : fake.otherWebContents();
      for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
        expect(contents.navigate(event, 'xiaoniu://app/index.html'), event).toBe(false);
        for (const url of hostile) expect(contents.navigate(event, url), `${event} ${url}`).toBe(true);
      }
      expect(fake.opened).toEqual([]);
    });

    it(`${which}: window.open is always denied; only http(s) reaches the system browser, once the agent confirms the address`, async () => {
      await start();
      const contents = which === 'the main window' ? window().webContents : fake.otherWebContents();
      const open = contents.windowOpenHandler!;
      for (const url of ['javascript:alert(1)', 'file:///C:/Windows/System32/calc.exe', 'data:text/html,x', 'ms-settings:', 'smb://host/share', 'mailto:a@b.c', 'xiaoniu://app/index.html', 'not a url', 'https://']) {
        expect(open({ url }), url).toEqual({ action: 'deny' });
      }
      expect(fake.messageBoxes).toEqual([]);
      const settle = () => new Promise((r) => setTimeout(r, 0));

      expect(open({ url: 'https://item.taobao.com/item.htm?id=1' })).toEqual({ action: 'deny' });
      // One question at a time: a second request while the agent decides is dropped.
      expect(open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
      expect(fake.messageBoxes).toHaveLength(1);
      const box = fake.messageBoxes[0]!;
      expect(box.parent).toBe(window());
      expect(box.options).toMatchObject({ message: '在浏览器中打开 item.taobao.com？', detail: 'https://item.taobao.com/item.htm?id=1', buttons: ['打开', '取消'], defaultId: 1, cancelId: 1 });
      expect(fake.opened).toEqual([]);
      box.answer(0);
      await settle();
      expect(fake.opened).toEqual(['https://item.taobao.com/item.htm?id=1']);

      open({ url: 'http://example.com/a b' });
      expect(fake.messageBoxes[1]!.options.detail).toBe('http://example.com/a%20b');
      fake.messageBoxes[1]!.answer(1);
      await settle();
      expect(fake.opened).toEqual(['https://item.taobao.com/item.htm?id=1']);
    });

    it(`${which}: a <webview> is never attached`, async () => {
      await start();
      const contents = which === 'the main window' ? window().webContents : fake.otherWebContents();
      let prevented = false;
      contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
      expect(prevented).toBe(true);
    });
  }

  it('denies every permission request, check and device', async () => {
    await start();
    const { request, check, device } = fake.sessionHandlers;
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      let answer: boolean | undefined;
      request!({}, permission, (granted) => (answer = granted));
      expect(answer, permission).toBe(false);
      expect(check!({}, permission), permission).toBe(false);
    }
    expect(device!({ deviceType: 'usb', origin: 'xiaoniu://app' })).toBe(false);
  });
});

describe('notifications', () => {
  it('one per conversation while the window is not focused: a newer message replaces it; the title carries the unread count', async () => {
    await start();
    buyerWrites('tb_1', '在吗', { nickname: '小王' });
    expect(fake.notifications).toHaveLength(1);
    const first = fake.notifications[0]!;
    expect(first.options).toMatchObject({ title: '小王', body: '在吗', silent: false });
    expect(first.shown).toBe(true);
    clock.advance(5000);
    buyerWrites('tb_1', '这个有货吗？<img src=x onerror=alert(1)>', { nickname: '小王' });
    expect(fake.notifications).toHaveLength(2);
    expect(first.closed).toBe(true);
    expect(fake.notifications[1]!.options).toMatchObject({ title: '小王（2 条未读）', body: '这个有货吗？<img src=x onerror=alert(1)>' });
    expect(fake.notifications.filter((n) => !n.closed)).toHaveLength(1);
  });

  it('none while focused, for the agent’s own or automatic messages, or when 消息中心 turns them off; silent without sound', async () => {
    await start();
    window().focused = true;
    buyerWrites('tb_1', '在吗');
    window().focused = false;
    buyerWrites('tb_2', '自动回复', { automatic: true });
    buyerWrites('tb_3', '好的', { sender: 'agent' });
    app.settings.set('notifications.desktop', false);
    buyerWrites('tb_4', '在吗');
    expect(fake.notifications).toHaveLength(0);
    app.settings.set('notifications.desktop', true);
    app.settings.set('notifications.sound', false);
    buyerWrites('tb_5', '在吗');
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]!.options.silent).toBe(true);
  });

  it('a click shows and focuses the window and asks it to open that conversation', async () => {
    await start();
    window().minimized = true;
    const { contact } = buyerWrites('tb_1', '在吗');
    fake.notifications[0]!.click();
    expect(window().minimized).toBe(false);
    expect(window().visible).toBe(true);
    expect(window().focused).toBe(true);
    expect(window().webContents.eventsOn(CHANNELS.event).at(-1)).toEqual(['window.openConversation', { conversationId: contact.conversationId }]);
  });

  it('a burst of buyers collapses into one summary notification, brought up to date once a second', async () => {
    await start();
    for (let i = 1; i <= 6; i++) {
      buyerWrites(`tb_${i}`, '在吗');
      clock.advance(50);
    }
    const open = () => fake.notifications.filter((n) => !n.closed);
    expect(open()).toHaveLength(1);
    expect(open()[0]!.options).toMatchObject({ title: '小牛工作台', body: '4 位买家发来新消息' });
    expect(timers).not.toHaveLength(0);
    clock.advance(1000);
    timers.at(-1)!.fn();
    expect(open()).toHaveLength(1);
    expect(open()[0]!.options).toMatchObject({ body: '6 位买家发来新消息', silent: true });
    open()[0]!.click();
    expect(window().focused).toBe(true);
  });

  it('catch-up: messages written before the shell started make one summary, in the agent’s language', async () => {
    locale = 'en';
    await start();
    buyerWrites('tb_1', 'hello', { createdAt: T0 - 60_000 });
    buyerWrites('tb_2', 'hi', { createdAt: T0 - 30_000 });
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]!.options).toMatchObject({ title: 'Xiaoniu Workbench', body: 'A new message from 1 buyer' });
  });

  it('focusing the window or reading the conversation closes its notification', async () => {
    await start();
    const { contact } = buyerWrites('tb_1', '在吗');
    buyerWrites('tb_2', '在吗');
    app.chat.markRead(contact.conversationId);
    app.emit('chat.contact', { contact: app.chat.listContacts(10).find((c) => c.conversationId === contact.conversationId)! });
    expect(fake.notifications.map((n) => n.closed)).toEqual([true, false]);
    window().emit('focus');
    expect(fake.notifications.every((n) => n.closed)).toBe(true);
  });
});

describe('the tray', () => {
  it('shows the unread count in the tooltip with a red dot, and a menu to show the window or quit', async () => {
    await start();
    const tray = fake.trays[0]!;
    expect(tray.toolTip).toBe('小牛工作台');
    const labels = () => tray.menu!.template.map((i) => i.label ?? i.type);
    expect(labels()).toEqual(['显示小牛工作台', 'separator', '退出小牛工作台']);
    buyerWrites('tb_1', '在吗');
    buyerWrites('tb_1', '有人吗');
    buyerWrites('tb_2', '你好');
    expect(tray.toolTip).toBe('小牛工作台 — 3 条未读消息');
    const red = trayIconBitmap(32, true).bgra;
    expect((tray.image as unknown as { bitmap: Uint8Array }).bitmap).toEqual(red);
    const c = app.chat.listContacts(10);
    for (const contact of c) app.chat.markRead(contact.conversationId);
    app.emit('chat.contact', { contact: app.chat.listContacts(10)[0]! });
    expect(tray.toolTip).toBe('小牛工作台');
    expect((tray.image as unknown as { bitmap: Uint8Array }).bitmap).toEqual(trayIconBitmap(32, false).bgra);
    window().visible = false;
    tray.menu!.template[0]!.click!({} as never, undefined, {} as never);
    expect(window().visible).toBe(true);
    tray.menu!.template[2]!.click!({} as never, undefined, {} as never);
    expect(fake.electron.app.quitCalls).toBe(1);
  });

  it('on macOS the count is also the menu-bar title and the dock badge; the language follows the agent’s', async () => {
    locale = 'en';
    await start({ platform: 'darwin' });
    const tray = fake.trays[0]!;
    buyerWrites('tb_1', 'hello');
    expect(tray.toolTip).toBe('Xiaoniu — 1 unread message');
    expect(tray.title).toBe('1');
    expect(fake.electron.app.badgeCounts.at(-1)).toBe(1);
    expect(tray.menu!.template.map((i) => i.label ?? i.type)).toEqual(['Show Xiaoniu', 'separator', 'Quit Xiaoniu']);
  });

  it('on Windows no badge call is made (the API is macOS and Linux only)', async () => {
    await start({ platform: 'win32' });
    buyerWrites('tb_1', '在吗');
    expect(fake.electron.app.badgeCounts).toEqual([]);
  });
});

describe('closing', () => {
  it('closing the window removes the tray and notifications, closes the database and quits', async () => {
    await start();
    buyerWrites('tb_1', '在吗');
    let closed = 0;
    const realClose = app.close.bind(app);
    app.close = async () => {
      closed++;
      await realClose();
      app.close = async () => {};
    };
    fake.electron.app.emit('window-all-closed');
    await new Promise((r) => setTimeout(r, 10));
    expect(closed).toBe(1);
    expect(fake.trays[0]!.destroyed).toBe(true);
    expect(fake.notifications.every((n) => n.closed)).toBe(true);
    expect(fake.electron.app.quitCalls).toBe(1);
  });
});

describe('native file dialogs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-files-'));
  });

  it('shell.saveFile asks where, modal to the window, writes the bytes and answers only the file name', async () => {
    await start();
    const target = path.join(dir, '快捷短语.csv');
    fake.dialogAnswers.push({ canceled: false, filePath: target });
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62]);
    const filters = [{ name: 'CSV 文件', extensions: ['csv'] }];
    const res = await fake.invoke(CHANNELS.invoke, ['shell.saveFile', { suggestedName: '快捷短语.csv', bytes, filters }]);
    expect(res).toEqual({ ok: true, value: { fileName: '快捷短语.csv' } });
    expect(new Uint8Array(fs.readFileSync(target))).toEqual(bytes);
    expect(fake.dialogCalls).toHaveLength(1);
    expect(fake.dialogCalls[0]!.kind).toBe('save');
    expect(fake.dialogCalls[0]!.parent).toBe(window());
    expect(fake.dialogCalls[0]!.options).toMatchObject({ defaultPath: path.join('/fake/documents', '快捷短语.csv'), filters });
  });

  it('shell.saveFile writes text as UTF-8, answers null when cancelled, and says why a write failed', async () => {
    await start();
    const target = path.join(dir, 'chat.txt');
    fake.dialogAnswers.push({ canceled: false, filePath: target }, { canceled: true });
    expect(await fake.invoke(CHANNELS.invoke, ['shell.saveFile', { suggestedName: 'chat.txt', text: '小王：在吗' }])).toEqual({ ok: true, value: { fileName: 'chat.txt' } });
    expect(fs.readFileSync(target, 'utf8')).toBe('小王：在吗');
    expect(await fake.invoke(CHANNELS.invoke, ['shell.saveFile', { suggestedName: 'chat.txt', text: 'x' }])).toEqual({ ok: true, value: null });
    fake.dialogAnswers.push({ canceled: false, filePath: path.join(dir, 'no-such-folder', 'chat.txt') });
    expect(await fake.invoke(CHANNELS.invoke, ['shell.saveFile', { suggestedName: 'chat.txt', text: 'x' }])).toEqual({
      ok: false,
      error: { code: 'shell.writeFailed', params: { file: 'chat.txt', reason: 'ENOENT' } },
    });
  });

  it('shell.saveFile refuses a suggested name with a folder in it, and arguments outside the schema, before any dialog', async () => {
    await start();
    for (const suggestedName of ['../evil.csv', 'a/b.csv', 'C:\\x.csv', '..', 'a\u0000.csv', '']) {
      const res = (await fake.invoke(CHANNELS.invoke, ['shell.saveFile', { suggestedName, text: 'x' }])) as { ok: boolean; error: { code: string } };
      expect(res.ok, suggestedName).toBe(false);
      expect(['shell.badFileName', 'ipc.badArgument'], suggestedName).toContain(res.error.code);
    }
    expect(await fake.invoke(CHANNELS.invoke, ['shell.saveFile', { suggestedName: 'a.csv', text: 'x', filters: [{ name: 'x', extensions: ['../x'] }] }])).toMatchObject({
      ok: false,
      error: { code: 'ipc.badArgument' },
    });
    expect(await fake.invoke(CHANNELS.invoke, ['shell.saveFile', { suggestedName: 'a.csv' }])).toMatchObject({ ok: false, error: { code: 'ipc.badArgument' } });
    expect(fake.dialogCalls).toEqual([]);
  });

  it('shell.openFile reads the chosen file, answers null when cancelled, and refuses a file over the size limit unread', async () => {
    await start();
    const pack = path.join(dir, '千牛导出.csv');
    fs.writeFileSync(pack, '分组,快捷编码,短语\n常用,zai,亲，在的\n');
    fake.dialogAnswers.push({ canceled: false, filePaths: [pack] }, { canceled: true, filePaths: [] });
    const res = (await fake.invoke(CHANNELS.invoke, ['shell.openFile', { filters: [{ name: '快捷短语文件', extensions: ['csv', 'xml', 'xlsx'] }] }])) as {
      ok: true;
      value: { fileName: string; bytes: Uint8Array };
    };
    expect(res.value.fileName).toBe('千牛导出.csv');
    expect(Buffer.from(res.value.bytes).toString('utf8')).toContain('亲，在的');
    expect(fake.dialogCalls[0]!.options).toMatchObject({ properties: ['openFile'] });
    expect(await fake.invoke(CHANNELS.invoke, ['shell.openFile', {}])).toEqual({ ok: true, value: null });
    const huge = path.join(dir, 'huge.csv');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 64 * 1024 * 1024 + 1);
    fake.dialogAnswers.push({ canceled: false, filePaths: [huge] });
    expect(await fake.invoke(CHANNELS.invoke, ['shell.openFile', {}])).toEqual({ ok: false, error: { code: 'shell.fileTooLarge', params: { file: 'huge.csv', maxMb: 64 } } });
    fake.dialogAnswers.push({ canceled: false, filePaths: [path.join(dir, 'gone.csv')] });
    expect(await fake.invoke(CHANNELS.invoke, ['shell.openFile', {}])).toEqual({ ok: false, error: { code: 'shell.readFailed', params: { file: 'gone.csv', reason: 'ENOENT' } } });
  });
});
