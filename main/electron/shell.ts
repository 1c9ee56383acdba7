import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, session, shell, Tray } from 'electron';
import path from 'node:path';
import { createApp } from '../app';
import { asXiaoniuError } from '../shared/errors';
import { translate, type Locale } from '../i18n';
import type { ShellElectron } from './electron-api';
import { prepareShell, startShell } from './start';

/**
 * The Electron entry (package.json `main`): the only module that imports 'electron' at run time.
 * It hands the real API to the wiring in start.ts (tested under vitest with a fake), opens the
 * database in the per-user folder, and turns a start-up failure into one dialog in the agent's
 * language. docs/electron.md explains each security choice.
 */

const electron: ShellElectron = { app, BrowserWindow, ipcMain, protocol, session, shell, dialog, Notification, Tray, Menu, nativeImage };
const RENDERER_DIR = path.join(__dirname, '..', '..', 'renderer');
const PRELOAD = path.join(__dirname, '..', '..', 'preload', 'index.js');

/** The system's language until the app's settings can be read: English systems get English. */
const systemLocale = (): Locale => (/^en/i.test(app.getLocale()) ? 'en' : 'zh-CN');

const prepared = prepareShell(electron);

// A second launch shows the running window (start.ts listens for 'second-instance') instead of
// opening the same database twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(async () => {
      // As the browser host: the window holds the database (a headless `xiaoniu run` on it is refused,
      // docs/channels.md "One host per database") and runs the simulator unless 基本设置 turned it off.
      const xiaoniu = await createApp({
        dbFile: path.join(app.getPath('userData'), 'xiaoniu.db'),
        seedStarterPack: true,
        hold: 'window',
        channel: 'simulator',
        simulatorFollowsSetting: true,
      });
      // The language setting of 基本设置 (a settings key read by name: the agent's choice, else the system's).
      const locale = (): Locale => {
        const chosen = (xiaoniu.settings.get as (key: string) => unknown)('language');
        return chosen === 'en' || chosen === 'zh-CN' ? chosen : systemLocale();
      };
      await startShell(electron, xiaoniu, { rendererDir: RENDERER_DIR, preload: PRELOAD, platform: process.platform, prepared, locale });
    })
    .catch((e: unknown) => {
      // A database from a newer Xiaoniu, a file SQLite refuses…: say so in the agent's language
      // and quit, rather than leave a process with no window.
      const known = asXiaoniuError(e);
      const message = known ? translate(systemLocale(), `errors.${known.code}`, known.params) : String((e as Error)?.stack ?? e);
      console.error(e);
      dialog.showErrorBox(translate(systemLocale(), 'app.name'), message);
      app.exit(2);
    });
}
