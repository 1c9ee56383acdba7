import { create } from 'zustand';
import type { AgentStatus } from '../../main/chat/types';
import { getApi } from '../api/client';
import { errorText } from '../app/i18n';

/**
 * The agent's status (在线 / 忙碌 / 离开 / 挂起) in the window: read from main, changed through
 * `status.set` (stored with its time; the metrics and auto-replies read it), and kept current by
 * `chat.status`, which main pushes to every window whoever changed it.
 */

/** The statuses in menu order (main/chat/types.ts AGENT_STATUSES; a type-only import reaches here). */
export const STATUSES: readonly AgentStatus[] = ['online', 'busy', 'away', 'suspended'];

interface StatusState {
  status: AgentStatus;
  /** ms since the epoch; null when never changed. */
  at: number | null;
  /** The last failed change, as a sentence, or null. */
  error: string | null;
  load(): Promise<void>;
  /** Changes the status; resolves to false (and sets `error`) when main refused or was out of reach. */
  set(status: AgentStatus): Promise<boolean>;
}

let subscribed = false;

export const useAgentStatus = create<StatusState>((set) => ({
  status: 'online',
  at: null,
  error: null,
  async load() {
    if (!subscribed) {
      subscribed = true;
      getApi().on('chat.status', ({ status, at }) => set({ status, at, error: null }));
    }
    try {
      set({ ...(await getApi().invoke('status.get', {})), error: null });
    } catch (e) {
      set({ error: errorText(e) });
    }
  },
  async set(status) {
    try {
      set({ ...(await getApi().invoke('status.set', { status })), error: null });
      return true;
    } catch (e) {
      set({ error: errorText(e) });
      return false;
    }
  },
}));
