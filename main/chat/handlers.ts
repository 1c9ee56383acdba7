import type { Handlers } from '../ipc/define';
import type { Clock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import { localParts } from '../shared/time-zone';
import type { chatApi, ChatVariables } from './api';
import type { ChatEvents } from './events';
import { HISTORY_BOM } from './history-export';
import { historyLabels } from './history-labels';
import type { ChatService } from './service';

/** Pushes an event to every window (the app's bus). */
export type ChatEmit = <E extends keyof ChatEvents>(event: E, payload: ChatEvents[E]) => void;

/** What {@link chatHandlers} needs besides the chat service. */
export interface ChatHandlerDeps {
  chat: ChatService;
  clock: Clock;
  /** The `agentNickname` and `shopName` settings, read at each call (null or blank when unset). */
  agentNickname: () => string | null | undefined;
  shopName: () => string | null | undefined;
  emit: ChatEmit;
  /**
   * Called after a message was stored `pending` (sent or retried): the outbox takes it from the
   * database. The composition root passes the outbox's kick.
   */
  onQueued: () => void;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** A blank setting reads as "no value yet". */
const valueOf = (v: string | null | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * Binds the chat window's contract slice (`main/chat/api.ts`). Arguments arrive validated by
 * shape; the ids are checked here against the store (`chat.conversationNotFound`,
 * `chat.messageNotFound`). Every change a window makes is pushed to all windows as a complete fact
 * ('chat.message', 'chat.messageState', 'chat.contact'), so a second window and the tray follow.
 */
export function chatHandlers(deps: ChatHandlerDeps): Handlers<typeof chatApi> {
  const { chat, emit } = deps;
  const contactChanged = (conversationId: number) => {
    const contact = chat.contact(conversationId);
    emit('chat.contact', { contact });
    return contact;
  };
  return {
    'chat.contacts': ({ limit, before, query }) =>
      query !== undefined && query.trim() !== '' ? chat.searchContacts(query.trim(), limit, before) : chat.listContacts(limit, before),
    'chat.contact': ({ conversationId }) => chat.contact(conversationId),
    'chat.messages': ({ conversationId, limit, beforeId, afterId }) => {
      chat.contact(conversationId);
      if (afterId !== undefined) return chat.messagesAfter(conversationId, afterId, limit);
      return chat.messages(conversationId, limit, beforeId);
    },
    'chat.around': ({ messageId }) => {
      const messages = chat.messagesAround(messageId, 40, 40);
      return { contact: chat.contact(messages[0]!.conversationId), messages };
    },
    'chat.markRead': ({ conversationId, upTo }) => {
      const before = chat.contact(conversationId);
      const contact = chat.markConversationRead(conversationId, upTo);
      if (contact.unread !== before.unread) emit('chat.contact', { contact });
      return contact;
    },
    'chat.close': ({ conversationId }) => {
      chat.contact(conversationId);
      chat.closeConversation(conversationId);
      return contactChanged(conversationId);
    },
    'chat.send': ({ conversationId, body, clientId, composed }) => {
      const { message, duplicate } = chat.queueAgentMessage(conversationId, body, clientId, composed);
      if (!duplicate) {
        emit('chat.message', { message, contact: chat.contact(conversationId) });
        deps.onQueued();
      }
      return message;
    },
    'chat.retry': ({ messageId }) => {
      const message = chat.retryMessage(messageId);
      emit('chat.messageState', { messageId, conversationId: message.conversationId, state: 'pending' });
      deps.onQueued();
      return message;
    },
    'chat.totalUnread': () => chat.totalUnread(),
    'chat.exportConversation': ({ conversationId, format, locale }) => {
      const { buyer } = chat.contact(conversationId);
      const timeZone = chat.timeZone();
      const chunks: string[] = format === 'json' ? [] : [HISTORY_BOM];
      chat.exportHistory(format, { buyerRowIds: [buyer.id] }, (c) => chunks.push(c), historyLabels(locale ?? 'zh-CN', timeZone));
      const p = localParts(deps.clock.now(), timeZone);
      const stamp = `${p.year}${pad2(p.month)}${pad2(p.day)}`;
      // The buyer id may hold anything a channel allows; a file name keeps letters, digits, - and _.
      const safe = buyer.buyerId.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40) || 'buyer';
      return { text: chunks.join(''), fileName: `xiaoniu-${safe}-${stamp}.${format}` };
    },
    'chat.variables': ({ conversationId }) => {
      const timeZone = chat.timeZone();
      const now = deps.clock.now();
      const p = localParts(now, timeZone);
      let buyer: string | null = null;
      if (conversationId !== undefined) {
        const b = chat.contact(conversationId).buyer;
        buyer = valueOf(b.nickname) ?? b.buyerId;
      }
      const v: ChatVariables = {
        buyer,
        agent: valueOf(deps.agentNickname()),
        shop: valueOf(deps.shopName()),
        date: `${p.year}-${pad2(p.month)}-${pad2(p.day)}`,
        time: `${pad2(p.hour)}:${pad2(p.minute)}`,
        timeZone,
        now,
      };
      return v;
    },
    'history.search': ({ query, limit }) => {
      if (query.trim() === '') throw new XiaoniuError('history.emptyQuery');
      return chat.search(query, limit);
    },
  };
}
