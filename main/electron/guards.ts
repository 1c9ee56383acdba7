import type { NavigationEvent, PreventableEvent, ShellApp, ShellSession, ShellWebContents } from './electron-api';
import { externalUrl, isAppUrl } from './url-policy';

/**
 * Guards for every webContents the process creates, the main window's and any other (a devtools
 * page, a window a future feature opens, one a compromised renderer manages to create): Electron's
 * security checklist items 12 "Verify WebView options before creation", 13 "Disable or limit
 * navigation" and 14 "Disable or limit creation of new windows"
 * (https://www.electronjs.org/docs/latest/tutorial/security).
 *
 * - `will-navigate`, `will-redirect` and `will-frame-navigate` (any frame, the main one and
 *   sub-frames) are prevented unless the target is the app's own page ({@link isAppUrl}). A link
 *   is never followed inside the app: the renderer opens one through `window.open`, after the
 *   agent has confirmed its address, and that lands in the window-open handler below.
 * - `setWindowOpenHandler` denies every new window and hands only http(s) addresses
 *   ({@link externalUrl}) to `openExternal` — which asks the agent before the system browser opens
 *   them (start.ts); `javascript:`, `file:`, `data:` and custom schemes go nowhere.
 * - `will-attach-webview` is prevented: the app has no `<webview>` (and `webviewTag` is off).
 */
export function guardWebContents(contents: ShellWebContents, openExternal: (url: string) => void): void {
  const stayHome = (e: NavigationEvent) => {
    if (!isAppUrl(e.url)) e.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-attach-webview', (e: PreventableEvent) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalUrl(url);
    if (target) openExternal(target);
    return { action: 'deny' };
  });
}

/**
 * Applies {@link guardWebContents} to every webContents as it is created. Registered before
 * `ready`, so no page, the first window's included, exists unguarded.
 */
export function guardAllWebContents(app: ShellApp, openExternal: (url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
}

/**
 * Denies every permission the window could ask for (camera, microphone, notifications, geolocation,
 * clipboard reads, HID/serial/USB devices …): the renderer needs none — desktop notifications are
 * shown by main, files go through main's native dialogs. Requests, synchronous checks and device
 * checks each have their own handler in Electron and each is set: checklist item 5 "Handle session
 * permission requests from remote content"
 * (https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content).
 */
export function denyAllPermissions(session: ShellSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
