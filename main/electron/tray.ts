import { translate, type Locale } from '../i18n';
import type { ShellElectron, ShellImage, ShellTray } from './electron-api';
import { trayIconBitmap } from './tray-icon';

/** What {@link createTray} needs besides Electron. */
export interface TrayDeps {
  /** Unread buyer messages over every conversation (app.chat.totalUnread()). */
  unread(): number;
  locale(): Locale;
  /** `process.platform`: the menu-bar title and the dock badge are macOS's (and Unity's). */
  platform: NodeJS.Platform;
  showWindow(): void;
  quit(): void;
}

/** The tray icon; see {@link createTray}. */
export interface ShellTrayIcon {
  /** Reads the unread count and the language again and updates what changed. */
  refresh(): void;
  destroy(): void;
}

/**
 * The tray (notification-area) icon: the app's mark with a red dot while messages are unread, the
 * count in the tooltip in the agent's language ("小牛工作台 — 3 条未读消息"), in the menu-bar title on
 * macOS and on the dock badge (`app.setBadgeCount`, macOS and Linux Unity; it answers false where
 * the desktop has no badge), and a menu to show the window or quit. A click shows the window
 * (Windows and Linux users expect it; on macOS a click opens the menu). The window's title count is
 * the renderer's.
 */
export function createTray(electron: Pick<ShellElectron, 'Tray' | 'Menu' | 'nativeImage' | 'app'>, deps: TrayDeps): ShellTrayIcon {
  const image = (unread: boolean): ShellImage => {
    const { size, bgra } = trayIconBitmap(32, unread);
    return electron.nativeImage.createFromBitmap(Buffer.from(bgra.buffer, bgra.byteOffset, bgra.byteLength), { width: size, height: size, scaleFactor: 2 });
  };
  const images = { read: image(false), unread: image(true) };
  const tray: ShellTray = new electron.Tray(images.read);
  tray.on('click', () => deps.showWindow());
  let shownCount = -1;
  let shownLocale: Locale | null = null;

  function refresh(): void {
    const count = deps.unread();
    const locale = deps.locale();
    if (locale !== shownLocale) {
      tray.setContextMenu(
        electron.Menu.buildFromTemplate([
          { label: translate(locale, 'shell.trayShow'), click: () => deps.showWindow() },
          { type: 'separator' },
          { label: translate(locale, 'shell.trayQuit'), click: () => deps.quit() },
        ]),
      );
    }
    if (count === shownCount && locale === shownLocale) return;
    if ((count > 0) !== (shownCount > 0) || shownCount < 0) tray.setImage(count > 0 ? images.unread : images.read);
    tray.setToolTip(count > 0 ? translate(locale, 'shell.trayTooltipUnread', { count }) : translate(locale, 'app.name'));
    if (deps.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
    if (deps.platform === 'darwin' || deps.platform === 'linux') electron.app.setBadgeCount(count);
    shownCount = count;
    shownLocale = locale;
  }

  refresh();
  return { refresh, destroy: () => tray.destroy() };
}
