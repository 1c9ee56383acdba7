import type { AgentStatus, Contact, Message, MessageState } from './types';

/**
 * The connection state of a channel as the top bar shows it (已连接 / 正在连接… / 已断开), with the
 * reason a disconnect had when the channel knows it (a catalogue code, translated at the edge).
 */
export type ChannelState = 'connecting' | 'connected' | 'disconnected';

/**
 * Every event the chat feature pushes to windows, name → payload. Emitted by main (the channel,
 * the outbox, the services) through the app's event bus; the Electron shell, the browser host and
 * the tray forward them unchanged. A window that misses events (it was reconnecting) reloads its
 * state rather than replaying them, so each payload is a complete fact, never a delta to apply.
 */
export interface ChatEvents {
  /**
   * A message was stored — a buyer's, the agent's (from any window or `xiaoniu run`) or an
   * auto-reply — with its conversation's contact row as it now stands (last message, unread).
   */
  'chat.message': { message: Message; contact: Contact };
  /** An outgoing message's delivery state changed (`pending` → `sent` | `failed`, later `delivered`, `read`). */
  'chat.messageState': { messageId: number; conversationId: number; state: MessageState };
  /** A conversation's contact row changed without a new message (read, closed). */
  'chat.contact': { contact: Contact };
  /** A channel's connection state changed; `reason` is a catalogue code when disconnected by an error. */
  'chat.connection': { channel: string; state: ChannelState; reason?: string };
  /** The agent's status changed (status menu, `xiaoniu settings`, a business-hours schedule). */
  'chat.status': { status: AgentStatus; at: number };
}
