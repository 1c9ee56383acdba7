import type { BrowserWindowConstructorOptions } from 'electron';
import type { App } from '../app';
import type { AppEvents, EventName } from '../ipc/contract';
import { createRouter, type Logger } from '../ipc/router';
import { CHANNELS } from '../ipc/wire';
import { translate, type Locale } from '../i18n';
import { contentSecurityPolicy } from '../shared/csp';
import type { ShellElectron, ShellInvokeEvent, ShellWindow } from './electron-api';
import { fileDialogHandlers } from './file-dialogs';
import { shellFilesApi } from './files-api';
import { denyAllPermissions, guardAllWebContents } from './guards';
import { createNotifier } from './notifications';
import { rendererProtocolHandler } from './renderer-protocol';
import { createTray } from './tray';
import { APP_PAGE, APP_SCHEME, isAppUrl } from './url-policy';

/** The window's title before the renderer sets its own (with the unread count). */
const TITLE = '小牛工作台';

/**
 * The main window's web preferences: Electron's security checklist items 2–4 and 6
 * (https://www.electronjs.org/docs/latest/tutorial/security): no Node in the page, its workers or
 * frames; context isolation; the OS sandbox; web security (same-origin policy) on; no insecure
 * content, no `<webview>`, no experimental features, no navigation by dropping a file on the window.
 */
export function windowPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
  };
}

/**
 * What must happen before Electron's `ready`, in this order: the sandbox for every renderer
 * (`app.enableSandbox()`, checklist item 4 — it covers windows whose options forget `sandbox`),
 * the `xiaoniu:` scheme registered as standard and secure (a secure context with fetch, so the app
 * never needs `file://`: checklist item 18), the app's name (userData becomes …/Xiaoniu, the folder
 * the CLI and the browser host compute), and the navigation and window-open guards on every
 * webContents created from now on (guards.ts). Throws when called after `ready`, when Electron
 * would ignore half of it.
 */
export function prepareShell(electron: Pick<ShellElectron, 'app' | 'protocol'>): PreparedShell {
  if (electron.app.isReady()) throw new Error('prepareShell must run before the app is ready');
  electron.app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  electron.app.setName('Xiaoniu');
  // The guards exist before any window; what they do with an http(s) address is decided once
  // startShell has a window to ask the agent in (until then nothing can open a link anyway).
  let opener: (url: string) => void = () => {};
  guardAllWebContents(electron.app, (url) => opener(url));
  return {
    setLinkOpener(next) {
      opener = next;
    },
  };
}

/** What {@link prepareShell} leaves for {@link startShell}. */
export interface PreparedShell {
  /** Sets what happens to an http(s) address a page asks to open (guards.ts checked the scheme). */
  setLinkOpener(opener: (url: string) => void): void;
}

/** Options of {@link startShell}. */
export interface ShellOptions {
  /** The built renderer's folder (dist/renderer), absolute. */
  rendererDir: string;
  /** The built preload script (dist/preload/index.js), absolute. */
  preload: string;
  /** `process.platform`. */
  platform: NodeJS.Platform;
  /** What {@link prepareShell} returned. */
  prepared: PreparedShell;
  /** The agent's language for the tray and notifications, read each time they are drawn. */
  locale(): Locale;
  log?: Logger;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

/** The running shell. */
export interface Shell {
  window: ShellWindow;
  /** Shows and focuses the window (tray, notifications, a second launch). */
  showWindow(): void;
  /** Removes the tray icon and the notifications; the app's database is closed by the caller. */
  dispose(): void;
}

/**
 * Wires the ready Electron process to `app`: the renderer protocol with the CSP on every response
 * (renderer-protocol.ts), every permission denied (guards.ts), ONE IPC handler on
 * `CHANNELS.invoke` that refuses any sender but the app's own top frame and hands the call to
 * `app.call` (the validated contract) — or, for `shell.saveFile` / `shell.openFile`, to the
 * shell's own router over the same kind of schema (files-api.ts) — every app event forwarded to
 * the window on `CHANNELS.event`, links opened only after the agent confirms the address, desktop
 * notifications (notifications.ts), the tray (tray.ts), then the window, shown once painted.
 * Quitting when the window closes closes `app`.
 * Resolves once the page has loaded; rejects with loadURL's error.
 */
export async function startShell(electron: ShellElectron, app: App, options: ShellOptions): Promise<Shell> {
  const log = options.log ?? console.error;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const startedAt = app.clock.now();

  electron.protocol.handle(APP_SCHEME, rendererProtocolHandler(options.rendererDir, contentSecurityPolicy("'none'")));
  denyAllPermissions(electron.session.defaultSession);

  const window = new electron.BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: TITLE,
    show: false,
    webPreferences: windowPreferences(options.preload),
  });
  const alive = () => !window.isDestroyed() && !window.webContents.isDestroyed();
  const send = <E extends EventName>(name: E, payload: AppEvents[E]) => {
    if (alive()) window.webContents.send(CHANNELS.event, name, payload);
  };
  const showWindow = () => {
    if (!alive()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  /** Checklist item 17, "Validate the sender of all IPC messages": our window, its top frame, our page. */
  const trusted = (event: ShellInvokeEvent) =>
    alive() && event.sender === window.webContents && !!event.senderFrame && event.senderFrame.parent === null && isAppUrl(event.senderFrame.url);
  const files = createRouter(
    shellFilesApi,
    fileDialogHandlers({ dialog: electron.dialog, window: () => (alive() ? window : null), defaultFolder: () => electron.app.getPath('documents') }),
    log,
  );
  electron.ipcMain.handle(CHANNELS.invoke, (event, method, args) => {
    if (!trusted(event)) return { ok: false, error: { code: 'ipc.forbidden', params: {} } };
    if (typeof method === 'string' && Object.prototype.hasOwnProperty.call(shellFilesApi, method)) return files(method, args);
    return app.call(method, args);
  });

  // A link leaves the app only after the agent has seen the address and said yes (a buyer can
  // write a look-alike link): one question at a time, modal to the window, 取消 the default.
  let asking = false;
  options.prepared.setLinkOpener((url) => {
    if (asking || !alive()) return;
    asking = true;
    const locale = options.locale();
    electron.dialog
      .showMessageBox(window, {
        type: 'question',
        title: translate(locale, 'app.name'),
        message: translate(locale, 'shell.openLinkMessage', { host: new URL(url).host }),
        detail: url,
        buttons: [translate(locale, 'shell.openLinkOpen'), translate(locale, 'shell.openLinkCancel')],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => (response === 0 ? electron.shell.openExternal(url) : undefined))
      .catch((e: unknown) => log('opening a link failed', e))
      .finally(() => {
        asking = false;
      });
  });

  const notifier = createNotifier({
    Notification: electron.Notification,
    clock: app.clock,
    startedAt,
    windowFocused: () => alive() && window.isFocused(),
    desktopEnabled: () => app.settings.get('notifications.desktop') !== false,
    soundEnabled: () => app.settings.get('notifications.sound') !== false,
    locale: options.locale,
    openConversation(conversationId) {
      showWindow();
      send('window.openConversation', { conversationId });
    },
    showWindow,
    setTimer,
    clearTimer,
  });
  const tray = createTray(electron, {
    unread: () => app.chat.totalUnread(),
    locale: options.locale,
    platform: options.platform,
    showWindow,
    quit: () => electron.app.quit(),
  });

  const offEvents = app.onEvent((name, payload) => {
    send(name, payload);
    try {
      if (name === 'chat.message') {
        notifier.onMessage(payload as AppEvents['chat.message']);
        tray.refresh();
      } else if (name === 'chat.contact') {
        notifier.onContact((payload as AppEvents['chat.contact']).contact);
        tray.refresh();
      }
    } catch (e) {
      // A notification or tray failure must not stop the event reaching other listeners.
      log('notification or tray update failed', e);
    }
  });
  window.on('focus', () => notifier.onWindowFocus());
  window.once('ready-to-show', () => window.show());
  electron.app.on('second-instance', showWindow);

  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    options.prepared.setLinkOpener(() => {});
    offEvents();
    notifier.close();
    tray.destroy();
  };
  electron.app.on('window-all-closed', () => {
    dispose();
    void Promise.resolve(app.close())
      .catch((e: unknown) => log('closing the database failed', e))
      .finally(() => electron.app.quit());
  });

  await window.loadURL(APP_PAGE);
  return { window, showWindow, dispose };
}
