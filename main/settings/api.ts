import { z } from 'zod';
import { method } from '../ipc/define';
import { AGENT_STATUSES, type AgentStatus } from '../chat/types';
import type { SettingChange, SettingsSnapshot } from './service';

/**
 * The settings slice of the IPC contract (docs/settings.md): the 系统设置 dialog's keys, and the
 * agent's status (在线 / 忙碌 / 离开 / 挂起) the top bar shows. The shape is checked here; each
 * setting's own rules are checked by the service (definitions.ts), so a refused value comes back
 * as a catalogue error naming the key and what it accepts rather than a generic bad argument.
 */
export const settingsApi = {
  /** Every setting with its effective value, which ones were set, and what each accepts. */
  'settings.all': method(z.object({})).returns<SettingsSnapshot>(),
  /** Stores one setting; answers with the value as stored (trimmed, a zone name canonical). */
  'settings.set': method(
    z.object({
      key: z.string().max(100),
      // Any JSON scalar: the key's own schema decides (a number for fontSize, text for shopName …).
      value: z.union([z.string().max(10_000), z.number(), z.boolean()]),
    }),
  ).returns<SettingChange>(),
  /** The agent's current status and since when (ms; null when never changed: online). */
  'status.get': method(z.object({})).returns<StatusNow>(),
  /** Changes the agent's status (stored with its time; every window told by `chat.status`). */
  'status.set': method(z.object({ status: z.enum(AGENT_STATUSES as [AgentStatus, ...AgentStatus[]]) })).returns<StatusNow>(),
};

/** The agent's status and when it was set (ms since the epoch; null: never set, online by default). */
export interface StatusNow {
  status: AgentStatus;
  at: number | null;
}

/** Events of the settings slice, name → payload. */
export interface SettingsEvents {
  /** A setting was stored (by any window of this app): every window applies it at once. */
  'settings.changed': SettingChange;
}
