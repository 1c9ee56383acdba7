import { app as electronApp, BrowserWindow, dialog, ipcMain, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type App } from '../app';
import { CHANNELS } from '../ipc/wire';
import { contentSecurityPolicy } from '../shared/csp';
import { asXiaoniuError } from '../shared/errors';
import { translate } from '../i18n';

/**
 * The Electron shell: the only module that imports 'electron'. One window, sandboxed, with
 * context isolation and no Node; the renderer is served from a private `xiaoniu://app/` scheme so
 * every response carries the strict CSP; IPC handlers check the sender before calling the router.
 */

const SCHEME = 'xiaoniu';
const ORIGIN = `${SCHEME}://app`;
const RENDERER_DIR = path.join(__dirname, '..', '..', 'renderer');
const PRELOAD = path.join(__dirname, '..', '..', 'preload', 'index.js');

// Must run before 'ready': the scheme behaves like https (secure context, fetch, no file://).
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// userData becomes …/Xiaoniu on every platform, the folder the CLI and the browser host compute.
electronApp.setName('Xiaoniu');

let window: BrowserWindow | null = null;
let app: App | null = null;

/** Opens a link from buyer or phrase text only when it is http(s); everything else is dropped. */
function openExternalSafely(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') void shell.openExternal(u.toString());
  } catch {
    // not a URL: ignore
  }
}

function isOurWindow(event: IpcMainInvokeEvent): boolean {
  return !!window && event.sender === window.webContents && (event.senderFrame?.url ?? '').startsWith(ORIGIN + '/');
}

async function start(): Promise<void> {
  const dbFile = path.join(electronApp.getPath('userData'), 'xiaoniu.db');
  app = await createApp({ dbFile, seedStarterPack: true });

  const csp = contentSecurityPolicy("'none'");
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return new Response('bad request', { status: 400 });
    }
    const file = path.resolve(RENDERER_DIR, '.' + rel);
    if (url.host !== 'app' || !file.startsWith(RENDERER_DIR + path.sep) || !fs.existsSync(file)) {
      return new Response('not found', { status: 404 });
    }
    const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    return new Response(fs.readFileSync(file), { headers: { 'content-type': type, 'content-security-policy': csp } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle(CHANNELS.invoke, (event, method: unknown, args: unknown) => {
    if (!isOurWindow(event)) return { ok: false, error: { code: 'ipc.forbidden', params: {} } };
    return app!.call(method, args);
  });
  app.onEvent((name, payload) => window?.webContents.send(CHANNELS.event, name, payload));

  window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: '小牛工作台',
    show: false,
    webPreferences: { preload: PRELOAD, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(ORIGIN + '/')) {
      e.preventDefault();
      openExternalSafely(url);
    }
  });
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(`${ORIGIN}/index.html`);
}

electronApp
  .whenReady()
  .then(start)
  .catch((e: unknown) => {
    // A database from a newer Xiaoniu, a file SQLite refuses…: say so in the agent's language
    // and quit, rather than leave a process with no window.
    const known = asXiaoniuError(e);
    const locale = /^en/i.test(electronApp.getLocale()) ? 'en' : 'zh-CN';
    const message = known ? translate(locale, `errors.${known.code}`, known.params) : String((e as Error)?.stack ?? e);
    console.error(e);
    dialog.showErrorBox('小牛工作台', message);
    electronApp.exit(2);
  });
electronApp.on('window-all-closed', () => {
  void Promise.resolve(app?.close()).finally(() => electronApp.quit());
});
