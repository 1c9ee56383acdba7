import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions, MessageBoxOptions, NotificationConstructorOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { NavigationEvent, ShellElectron, ShellFrame, ShellImage, ShellInvokeEvent } from './electron-api';

/**
 * A stand-in for Electron's main-process API that records every call, in order, in `calls`, and
 * behaves like Electron where the shell depends on it: `enableSandbox` and
 * `registerSchemesAsPrivileged` throw after `ready`, a second `ipcMain.handle` on one channel
 * throws, and a new BrowserWindow emits `web-contents-created` with its webContents.
 */

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  /** Calls every listener of `event` with `args`; returns their results. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => (l as (...a: unknown[]) => unknown)(...args));
  }
}

/** A cancelable event as Electron passes it. */
export function navigation(url: string, isMainFrame = true): NavigationEvent & { prevented: boolean } {
  const e = {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      e.prevented = true;
    },
  };
  return e;
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly sent: [string, ...unknown[]][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The events sent on `channel` as [name, payload]. */
  eventsOn(channel: string): [string, unknown][] {
    return this.sent.filter((s) => s[0] === channel).map((s) => [s[1] as string, s[2]]);
  }
  /** Fires a navigation event; true when a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    const e = navigation(url, event !== 'will-frame-navigate');
    this.emit(event, e, url);
    return e.prevented;
  }
}

export function createFakeElectron() {
  const calls: string[] = [];
  const record = (name: string) => calls.push(name);
  let ready = false;
  let resolveReady: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (resolveReady = r));

  const appEmitter = new Emitter();
  const app = Object.assign(appEmitter, {
    badgeCounts: [] as number[],
    quitCalls: 0,
    enableSandbox() {
      if (ready) throw new Error('app.enableSandbox() can only be called before app is ready');
      record('app.enableSandbox');
    },
    setName(name: string) {
      record(`app.setName ${name}`);
    },
    whenReady: () => readyPromise,
    isReady: () => ready,
    getPath(name: string) {
      return `/fake/${name}`;
    },
    getLocale: () => 'zh-CN',
    setBadgeCount(count?: number) {
      app.badgeCounts.push(count ?? 0);
      return true;
    },
    requestSingleInstanceLock: () => true,
    quit() {
      record('app.quit');
      app.quitCalls++;
    },
    exit(code?: number) {
      record(`app.exit ${code}`);
    },
  });

  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly options: BrowserWindowConstructorOptions;
    loaded: string[] = [];
    focused = false;
    minimized = false;
    visible = false;
    destroyed = false;
    constructor(options: BrowserWindowConstructorOptions) {
      super();
      record('new BrowserWindow');
      this.options = options;
      windows.push(this);
      appEmitter.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      record(`loadURL ${url}`);
      this.loaded.push(url);
    }
    show() {
      this.visible = true;
    }
    focus() {
      this.focused = true;
    }
    restore() {
      this.minimized = false;
    }
    isMinimized = () => this.minimized;
    isFocused = () => this.focused;
    isDestroyed = () => this.destroyed;
  }

  const handlers = new Map<string, (event: ShellInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle(channel: string, listener: (event: ShellInvokeEvent, ...args: unknown[]) => unknown) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      record(`ipcMain.handle ${channel}`);
      handlers.set(channel, listener);
    },
  };

  const schemes: CustomScheme[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged(list: CustomScheme[]) {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      record('protocol.registerSchemesAsPrivileged');
      schemes.push(...list);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
      record(`protocol.handle ${scheme}`);
      protocolHandlers.set(scheme, handler);
    },
  };

  const sessionHandlers: {
    request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    check?: (contents: unknown, permission: string) => boolean;
    device?: (details: unknown) => boolean;
  } = {};
  const defaultSession = {
    setPermissionRequestHandler(h: NonNullable<typeof sessionHandlers.request>) {
      sessionHandlers.request = h;
    },
    setPermissionCheckHandler(h: NonNullable<typeof sessionHandlers.check>) {
      sessionHandlers.check = h;
    },
    setDevicePermissionHandler(h: NonNullable<typeof sessionHandlers.device>) {
      sessionHandlers.device = h;
    },
  };

  const opened: string[] = [];
  const dialogCalls: { kind: 'open' | 'save'; parent: object; options: OpenDialogOptions | SaveDialogOptions }[] = [];
  /** The answers the next dialogs give, in order. */
  const dialogAnswers: ({ canceled: boolean; filePaths: string[] } | { canceled: boolean; filePath?: string })[] = [];
  const errorBoxes: [string, string][] = [];
  const messageBoxes: { parent: object; options: MessageBoxOptions; answer(response: number): void }[] = [];
  const dialog = {
    /** Pending until the test answers it (`messageBoxes[i].answer(buttonIndex)`), as a modal box is. */
    showMessageBox(parent: object, options: MessageBoxOptions) {
      return new Promise<{ response: number }>((resolve) => messageBoxes.push({ parent, options, answer: (response) => resolve({ response }) }));
    },
    async showOpenDialog(parent: object, options: OpenDialogOptions) {
      dialogCalls.push({ kind: 'open', parent, options });
      return (dialogAnswers.shift() ?? { canceled: true, filePaths: [] }) as { canceled: boolean; filePaths: string[] };
    },
    async showSaveDialog(parent: object, options: SaveDialogOptions) {
      dialogCalls.push({ kind: 'save', parent, options });
      return (dialogAnswers.shift() ?? { canceled: true }) as { canceled: boolean; filePath?: string };
    },
    showErrorBox(title: string, content: string) {
      errorBoxes.push([title, content]);
    },
  };

  const notifications: FakeNotification[] = [];
  class FakeNotification extends Emitter {
    static supported = true;
    static isSupported = () => FakeNotification.supported;
    readonly options: NotificationConstructorOptions;
    shown = false;
    closed = false;
    constructor(options: NotificationConstructorOptions) {
      super();
      this.options = options;
      notifications.push(this);
    }
    show() {
      this.shown = true;
    }
    close() {
      if (this.closed) return;
      this.closed = true;
      this.emit('close');
    }
    click() {
      this.emit('click');
    }
  }

  const trays: FakeTray[] = [];
  class FakeTray extends Emitter {
    image: ShellImage;
    readonly images: ShellImage[] = [];
    toolTip = '';
    title = '';
    menu: { template: MenuItemConstructorOptions[] } | null = null;
    destroyed = false;
    constructor(image: ShellImage) {
      super();
      this.image = image;
      trays.push(this);
    }
    setImage(image: ShellImage) {
      this.image = image;
      this.images.push(image);
    }
    setToolTip(t: string) {
      this.toolTip = t;
    }
    setTitle(t: string) {
      this.title = t;
    }
    setContextMenu(menu: object | null) {
      this.menu = menu as { template: MenuItemConstructorOptions[] } | null;
    }
    destroy() {
      this.destroyed = true;
    }
  }

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain,
    protocol,
    session: { defaultSession },
    shell: {
      async openExternal(url: string) {
        record(`shell.openExternal ${url}`);
        opened.push(url);
      },
    },
    dialog,
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeImage: {
      createFromBitmap: (buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }) =>
        ({ bitmap: new Uint8Array(buffer), ...options }) as unknown as ShellImage,
    },
  } satisfies ShellElectron;

  return {
    electron,
    calls,
    windows,
    handlers,
    schemes,
    protocolHandlers,
    sessionHandlers,
    opened,
    dialogCalls,
    dialogAnswers,
    errorBoxes,
    messageBoxes,
    notifications,
    trays,
    /** Makes the app ready (what Electron does once it has initialised). */
    makeReady() {
      ready = true;
      record('ready');
      resolveReady();
    },
    /** Invokes the IPC channel as a frame at `url` of `sender` (the main window's by default). */
    invoke(channel: string, args: unknown[], from: { sender?: FakeWebContents; url?: string; parent?: ShellFrame | null; noFrame?: boolean } = {}) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler on ${channel}`);
      const sender = from.sender ?? windows[0]!.webContents;
      const senderFrame: ShellFrame | null = from.noFrame ? null : { url: from.url ?? 'xiaoniu://app/index.html', parent: from.parent ?? null };
      return handler({ sender, senderFrame }, ...args);
    },
    /** The webContents of a new page that is not the app's window (a devtools page, a popup). */
    otherWebContents() {
      const contents = new FakeWebContents();
      appEmitter.emit('web-contents-created', {}, contents);
      return contents;
    },
  };
}

/** The fake, as {@link createFakeElectron} returns it. */
export type FakeElectron = ReturnType<typeof createFakeElectron>;
