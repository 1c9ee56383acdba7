import type { ChatEvents } from '../chat/events';
import type { ChatService } from '../chat/service';
import { asXiaoniuError } from '../shared/errors';
import type { ChannelSink } from './channel';

/**
 * The inbox (docs/channels.md "Incoming"): what a channel delivers, stored and announced. A buyer's
 * message goes through `chat.appendMessage`, which drops a redelivery (the same channel message
 * id in the same conversation) inside its transaction; only a message stored for the first time
 * is announced as 'chat.message' — so nothing downstream (the window, the auto-reply engine, the
 * metrics) ever sees a duplicate. Order events go to `chat.recordOrder`; connection changes are
 * announced as 'chat.connection', and a channel that connects wakes the outbox.
 */

/** What the inbox needs. */
export interface InboxDeps {
  chat: Pick<ChatService, 'appendMessage' | 'recordOrder' | 'contact'>;
  emit<E extends 'chat.message' | 'chat.connection'>(event: E, payload: ChatEvents[E]): void;
  /** Called when the channel is connected (the outbox sends what waited for it). */
  connected(): void;
  /** Where a delivery the store refused goes (an empty or over-long message); default nowhere. */
  log?: (message: string, error?: unknown) => void;
}

/**
 * The sink to connect `channel` (its name, stored as `buyer.channel`) with. Never throws into the
 * channel: a message the store refuses is logged and dropped (the channel cannot do better with it).
 */
export function createInbox(channel: string, deps: InboxDeps): ChannelSink {
  const log = deps.log ?? (() => {});
  return {
    message(m) {
      try {
        const { message, duplicate } = deps.chat.appendMessage({
          channel,
          buyerId: m.buyerId,
          ...(m.nickname !== undefined ? { nickname: m.nickname } : {}),
          sender: 'buyer',
          body: m.body,
          automatic: m.automatic === true,
          channelMessageId: m.channelMessageId,
          ...(m.at !== undefined ? { at: m.at } : {}),
        });
        if (duplicate) return;
        const contact = deps.chat.contact(message.conversationId);
        if (contact) deps.emit('chat.message', { message, contact });
      } catch (e) {
        log(`inbox: ${channel} message ${m.channelMessageId} from ${m.buyerId} not stored: ${asXiaoniuError(e)?.code ?? 'internal'}`, e);
      }
    },
    order(o) {
      try {
        deps.chat.recordOrder({ channel, buyerId: o.buyerId, amountFen: o.amountFen, paid: o.paid, ...(o.at !== undefined ? { at: o.at } : {}) });
      } catch (e) {
        log(`inbox: ${channel} order of ${o.buyerId} not stored: ${asXiaoniuError(e)?.code ?? 'internal'}`, e);
      }
    },
    state(state, reason) {
      deps.emit('chat.connection', { channel, state, ...(reason !== undefined ? { reason } : {}) });
      if (state === 'connected') deps.connected();
    },
  };
}
