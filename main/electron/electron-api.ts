import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  NativeImage,
  NotificationConstructorOptions,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron';

/**
 * The part of Electron's main-process API the shell uses, written out so the wiring can run under
 * vitest with a fake that records every call (no Electron binary exists on the build machines, and
 * `require('electron')` under plain Node throws). `shell.ts` passes the real module, and the
 * compiler checks there that it fits this shape. Methods are declared with method syntax on
 * purpose: their parameters are then checked bivariantly, which lets Electron's richer event and
 * object types stand in for these narrow ones. Names and signatures are Electron 45's
 * (https://www.electronjs.org/docs/latest/api/).
 */
export interface ShellElectron {
  app: ShellApp;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => ShellWindow;
  ipcMain: ShellIpcMain;
  protocol: ShellProtocol;
  session: { readonly defaultSession: ShellSession };
  shell: { openExternal(url: string): Promise<void> };
  dialog: ShellDialog;
  Notification: ShellNotificationClass;
  Tray: new (image: ShellImage) => ShellTray;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): ShellMenu };
  nativeImage: { createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): ShellImage };
}

/** An event whose default action a listener may cancel. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** `will-navigate`, `will-redirect` and `will-frame-navigate` details: the target URL, cancelable. */
export interface NavigationEvent extends PreventableEvent {
  url: string;
  isMainFrame: boolean;
}

/** The frame an IPC message came from (Electron's WebFrameMain). */
export interface ShellFrame {
  readonly url: string;
  readonly parent: ShellFrame | null;
}

/** `ipcMain.handle`'s event: who sent the call. */
export interface ShellInvokeEvent {
  sender: ShellWebContents;
  readonly senderFrame: ShellFrame | null;
}

/** A page's contents: the guards hook into these events. */
export interface ShellWebContents {
  readonly id: number;
  on(event: 'will-navigate', listener: (details: NavigationEvent) => void): this;
  on(event: 'will-redirect', listener: (details: NavigationEvent) => void): this;
  on(event: 'will-frame-navigate', listener: (details: NavigationEvent) => void): this;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): this;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** `app`. */
export interface ShellApp {
  enableSandbox(): void;
  setName(name: string): void;
  whenReady(): Promise<void>;
  isReady(): boolean;
  getPath(name: 'userData' | 'documents'): string;
  getLocale(): string;
  setBadgeCount(count?: number): boolean;
  on(event: 'web-contents-created', listener: (event: unknown, contents: ShellWebContents) => void): this;
  on(event: 'window-all-closed', listener: () => void): this;
  on(event: 'second-instance', listener: () => void): this;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(code?: number): void;
}

/** The main window. */
export interface ShellWindow {
  readonly webContents: ShellWebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): this;
  on(event: 'focus', listener: () => void): this;
  on(event: 'closed', listener: () => void): this;
}

/** `ipcMain`. */
export interface ShellIpcMain {
  handle(channel: string, listener: (event: ShellInvokeEvent, ...args: unknown[]) => unknown): void;
}

/** `protocol`. */
export interface ShellProtocol {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** A permission request's answer. */
export type PermissionCallback = (granted: boolean) => void;

/** `session.defaultSession`. */
export interface ShellSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: PermissionCallback) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** `dialog`. */
export interface ShellDialog {
  showOpenDialog(window: object, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: object, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showMessageBox(window: object, options: MessageBoxOptions): Promise<{ response: number }>;
  showErrorBox(title: string, content: string): void;
}

/** `Notification`, the class. */
export interface ShellNotificationClass {
  new (options: NotificationConstructorOptions): ShellNotification;
  isSupported(): boolean;
}

/** One desktop notification. */
export interface ShellNotification {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): this;
  on(event: 'close', listener: () => void): this;
}

/** A menu (opaque to the shell). */
export type ShellMenu = object;
/** An image: Electron's own type, since a constructor's parameter (the tray's) is checked strictly. */
export type ShellImage = NativeImage;

/** The tray icon. */
export interface ShellTray {
  setImage(image: ShellImage): void;
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: ShellMenu | null): void;
  on(event: 'click', listener: () => void): this;
  destroy(): void;
}
