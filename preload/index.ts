import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CHANNELS } from '../main/ipc/wire';
import type { AppEvents, EventName, PreloadBridge } from '../main/ipc/contract';
import type { CallResult } from '../main/ipc/define';
import type { NativeFilesBridge } from '../main/electron/files-api';

// A sandboxed preload can require only 'electron', so the channel names are literals here; the
// types prove they equal main's CHANNELS.
const INVOKE: (typeof CHANNELS)['invoke'] = 'xiaoniu:invoke';
const EVENT: (typeof CHANNELS)['event'] = 'xiaoniu:event';

/** The one object the window sees: no logic; main validates every call again. */
const bridge = {
  invoke: (method, args) => ipcRenderer.invoke(INVOKE, method, args) as Promise<CallResult<never>>,
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void) {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: AppEvents[E]) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT, wrapped);
    return () => void ipcRenderer.removeListener(EVENT, wrapped);
  },
} satisfies PreloadBridge;

/**
 * The desktop app's native open/save dialogs (main/electron/files-api.ts), on the same channel and
 * behind the same sender check and validation as every other call. Only the desktop app has them,
 * so the renderer tells the hosts apart by this object's presence.
 */
const files = {
  saveFile: (args) => ipcRenderer.invoke(INVOKE, 'shell.saveFile', args),
  openFile: (args) => ipcRenderer.invoke(INVOKE, 'shell.openFile', args),
} satisfies NativeFilesBridge;

contextBridge.exposeInMainWorld('xiaoniuBridge', bridge);
contextBridge.exposeInMainWorld('xiaoniuFiles', files);
