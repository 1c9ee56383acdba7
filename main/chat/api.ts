import { z } from 'zod';
import { method } from '../ipc/define';
import { MAX_TEXT } from './transcript';
import { COMPOSED, type Contact, type HistoryHit, type Message } from './types';

/**
 * The chat window's slice of the IPC contract (docs/architecture.md "The chat slice"; what the
 * window does with it: docs/chat-window.md). Every id is a positive safe integer and every text
 * bounded here, before a handler runs; the handlers then check that the ids name rows that exist.
 */

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Most contacts one `chat.contacts` page returns. */
export const MAX_CONTACT_PAGE = 200;
/** Most messages one `chat.messages` page returns. */
export const MAX_MESSAGE_PAGE = 200;
/** Most hits one `history.search` returns. */
export const MAX_HISTORY_HITS = 200;
/** Longest nickname search or history query, UTF-16 code units. */
export const MAX_QUERY = 1000;
/** A client id: the window's idempotency key for one message (a UUID in practice). */
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** The values a reply's variables fill with (`main/shared/variables.ts`), null when not set. */
export interface ChatVariables {
  /** The buyer's nickname (their channel id when the channel gave none); null without a conversation. */
  buyer: string | null;
  /** The `agentNickname` setting. */
  agent: string | null;
  /** The `shopName` setting. */
  shop: string | null;
  /** Today in the agent's time zone, `YYYY-MM-DD`. */
  date: string;
  /** Now in the agent's time zone, `HH:mm`. */
  time: string;
  /** The agent's IANA time zone (the window shows every time in it). */
  timeZone: string;
  /** The clock's now, ms (the window's "today" for day separators). */
  now: number;
}

/** The chat window's methods. */
export const chatApi = {
  /** 最近联系: a page of contacts by last activity; `before` is the previous page's last `lastMessage.id`. */
  'chat.contacts': method(
    z.object({ limit: z.number().int().min(1).max(MAX_CONTACT_PAGE), before: id.optional(), query: z.string().max(MAX_QUERY).optional() }),
  ).returns<Contact[]>(),
  /** One contact row (after an event the window could not place). */
  'chat.contact': method(z.object({ conversationId: id })).returns<Contact>(),
  /**
   * A conversation's newest messages (before `beforeId` when paging back; the oldest ones after
   * `afterId` when paging forward from a search hit), oldest first.
   */
  'chat.messages': method(
    z.object({ conversationId: id, limit: z.number().int().min(1).max(MAX_MESSAGE_PAGE), beforeId: id.optional(), afterId: id.optional() }),
  ).returns<Message[]>(),
  /** The messages around one (a history-search hit), oldest first, with its contact. */
  'chat.around': method(z.object({ messageId: id })).returns<{ contact: Contact; messages: Message[] }>(),
  /** Marks a conversation read up to `upTo` (default: its newest message). */
  'chat.markRead': method(z.object({ conversationId: id, upTo: id.optional() })).returns<Contact>(),
  /** 结束会话. */
  'chat.close': method(z.object({ conversationId: id })).returns<Contact>(),
  /**
   * Stores the agent's message `pending` for the outbox; the same `clientId` twice stores it once.
   * `composed`: how the agent wrote it — `typed`, `phrase` or `suggestion` (docs/chat-window.md "How
   * a message was composed"); required, so no window's message is stored as unknown.
   */
  'chat.send': method(z.object({ conversationId: id, body: z.string().max(MAX_TEXT * 2), clientId, composed: z.enum(COMPOSED) })).returns<Message>(),
  /** 重发: a failed message back to `pending`. */
  'chat.retry': method(z.object({ messageId: id })).returns<Message>(),
  /** Unread buyer messages across all conversations (the window title). */
  'chat.totalUnread': method(z.object({})).returns<number>(),
  /** 导出聊天记录 of one conversation: the file's text (the window saves it). */
  'chat.exportConversation': method(
    z.object({ conversationId: id, format: z.enum(['json', 'csv', 'txt']), locale: z.enum(['zh-CN', 'en']).optional() }),
  ).returns<{ text: string; fileName: string }>(),
  /** The values of `{buyer}` `{agent}` `{shop}` `{date}` `{time}`, now. */
  'chat.variables': method(z.object({ conversationId: id.optional() })).returns<ChatVariables>(),
  /** 聊天记录 search across all conversations, newest first. */
  'history.search': method(z.object({ query: z.string().max(MAX_QUERY), limit: z.number().int().min(1).max(MAX_HISTORY_HITS) })).returns<HistoryHit[]>(),
};
