/**
 * The chat feature's shapes (names from the glossary: buyer, conversation, message, sender,
 * automatic, order, status). Times are ms since the epoch (UTC); money is integer fen (分).
 */

/** Who wrote a message: the buyer, the agent, or the auto-reply engine on the agent's behalf. */
export type Sender = 'buyer' | 'agent' | 'autoReply';

/** Delivery state of an outgoing message (the outbox); incoming buyer messages have none. */
export type MessageState = 'pending' | 'sent' | 'failed' | 'delivered' | 'read';

/**
 * How the agent composed a message (glossary `composed`; the rule: docs/chat-window.md "How a
 * message was composed"): sent straight from 推荐回复 (`suggestion`), a quick phrase sent or
 * inserted into the draft (`phrase`), or neither (`typed`). Stored on the agent's own messages
 * only (migration 0060); null where nobody recorded it.
 */
export type Composed = 'typed' | 'phrase' | 'suggestion';

/** Every {@link Composed} value (the contract's enum, the table's CHECK). */
export const COMPOSED: readonly [Composed, ...Composed[]] = ['typed', 'phrase', 'suggestion'];

/** The agent's status (在线 / 忙碌 / 离开 / 挂起). */
export type AgentStatus = 'online' | 'busy' | 'away' | 'suspended';

/** The statuses, in menu order. */
export const AGENT_STATUSES: readonly AgentStatus[] = ['online', 'busy', 'away', 'suspended'];

/**
 * The channel a transcript's buyers belong to when an event names none. A transcript written by
 * Xiaoniu names the channel of every buyer from another one (`"channel": "simulator"`), so moving
 * history between machines keeps buyers who they are.
 */
export const TRANSCRIPT_CHANNEL = 'transcript';

/** A buyer as the store knows them. */
export interface Buyer {
  /** Row id in `buyer`. */
  id: number;
  /** The channel the buyer writes through (`simulator`, `xmpp`, `transcript`). */
  channel: string;
  /** The buyer's id on that channel (glossary `buyerId`). */
  buyerId: string;
  nickname: string | null;
  /** When the buyer was first seen, ms. */
  firstSeenAt: number;
}

/** One stored message. */
export interface Message {
  /** Time-ordered id: `createdAt × 1000 + n` (docs/transcripts.md "How history is stored"). */
  id: number;
  conversationId: number;
  sender: Sender;
  /** Sent by a program (an auto-reply, another shop's bot): never counted as an answer. */
  automatic: boolean;
  /** The auto-reply rule that sent it (sender `autoReply` only), else null. */
  ruleId: number | null;
  body: string;
  /** ms since the epoch. */
  createdAt: number;
  /** Outgoing messages only; null for a buyer's. */
  state: MessageState | null;
  /** The channel's own id for this message (de-duplicates redeliveries), if it gave one. */
  channelMessageId: string | null;
  /** Our id for a message we send (idempotent retries), if any. */
  clientId: string | null;
  /**
   * How the agent composed it (sender `agent` only); null for every other message, for imported
   * history and for agent messages stored before migration 0060 — unknown, never guessed.
   */
  composed: Composed | null;
}

/** A contact-list row (最近联系): a conversation with its buyer, last message and unread count. */
export interface Contact {
  conversationId: number;
  buyer: Buyer;
  /** The newest message, or null for a conversation that has none yet. */
  lastMessage: Message | null;
  /** Buyer messages newer than the read watermark. */
  unread: number;
  /** A close (结束会话) is newer than the last message. */
  closed: boolean;
}

/** One history-search hit. */
export interface HistoryHit {
  message: Message;
  buyer: Buyer;
}

/** What a transcript import did (the CLI prints the first four as `--json`). */
export interface ImportSummary {
  /** Buyers new to this database. */
  buyers: number;
  /** Messages stored. */
  messages: number;
  /** Order events stored. */
  orders: number;
  /** Events already in the database (same buyer, type, time and text), skipped. */
  duplicates: number;
  /** Status changes stored. */
  statuses: number;
  /** Conversation closes stored. */
  closes: number;
  /** Events read from the file. */
  events: number;
}
