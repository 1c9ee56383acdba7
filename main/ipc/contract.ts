import { packsApi, type PackEvents } from '../packs/api';
import { phrasesApi } from '../phrases/api';
import { chatApi } from '../chat/api';
import { settingsApi, type SettingsEvents } from '../settings/api';
import { metricsApi } from '../metrics/api';
import { simulatorApi } from '../channels/api';
import type { ShiftEvents } from '../channels/shift';
import type { ChatEvents } from '../chat/events';
import type { CallResult, Input, Output } from './define';

/**
 * The whole IPC contract: every feature's slice joined. Main validates each call against it; the
 * preload object, the browser bridge and the renderer's client are typed from it.
 */
export const contract = { ...phrasesApi, ...packsApi, ...chatApi, ...settingsApi, ...metricsApi, ...simulatorApi };

/** The contract's type. */
export type AppContract = typeof contract;
/** Every method name. */
export type MethodName = keyof AppContract;
/** The argument of method `M`. */
export type ArgsOf<M extends MethodName> = Input<AppContract[M]>;
/** The result of method `M`. */
export type ResultOf<M extends MethodName> = Output<AppContract[M]>;

/**
 * Events only the desktop shell sends, to its own window (main/electron/start.ts): the browser
 * host has no desktop notifications to click.
 */
export interface ShellEvents {
  /** The agent clicked a conversation's desktop notification: the window shows that conversation. */
  'window.openConversation': { conversationId: number };
}

/** Every event main pushes to the window, name → payload. */
export type AppEvents = PackEvents & ChatEvents & ShellEvents & SettingsEvents & ShiftEvents;
/** Every event name. */
export type EventName = keyof AppEvents;

/**
 * What the renderer talks to, whichever host it runs in: the Electron preload object and the
 * browser bridge both implement it (checked with `satisfies`). Errors arrive as a rejected
 * {@link ApiError}.
 */
export interface XiaoniuApi {
  invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}

export { ApiError, CHANNELS } from './wire';

/**
 * What the Electron preload exposes as `window.xiaoniuBridge`. Errors cannot cross Electron's
 * context bridge with their fields (only `message` survives), so the preload hands over the raw
 * {@link CallResult} and the renderer's client turns a failure into an `ApiError`.
 */
export interface PreloadBridge {
  invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<CallResult<ResultOf<M>>>;
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}
