import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import * as repo from './repo';
import { searchHistory, searchHistoryPage } from './history-search';
import { createEventWriter } from './event-writer';
import { importTranscript, type ImportOptions, type ImportResult } from './history-import';
import { exportHistory, type HistoryFilter, type HistoryFormat, type HistoryLabels, type TextSink } from './history-export';
import { MAX_TEXT, type ByteSource } from './transcript';
import type { AgentStatus, Composed, Contact, HistoryHit, Message, MessageState, Sender } from './types';

/**
 * The chat feature's operations: conversations and their messages, unread state, history search,
 * import and export. Module-level functions take what they need (the database, the clock); the
 * factory at the end binds them for the hosts. Errors are {@link XiaoniuError}s.
 */

/** A message arriving from a channel or written by our side. */
export interface MessageDraft {
  channel: string;
  /** The buyer's id on the channel. */
  buyerId: string;
  /** The buyer's nickname when the channel tells it (kept up to date). */
  nickname?: string;
  sender: Sender;
  body: string;
  /** Sent by a program (another shop's bot, our auto-reply); `autoReply` is always automatic. */
  automatic?: boolean;
  ruleId?: number | null;
  /** Our side's messages: `pending` until the channel has taken them (default `sent`). */
  state?: MessageState;
  /** The channel's id for it: a second delivery with the same id is not stored again. */
  channelMessageId?: string;
  clientId?: string;
  /**
   * How the agent composed it (docs/chat-window.md "How a message was composed"). Kept on sender
   * `agent` only — an auto-reply or a buyer's message has no such thing, and is stored with null.
   * Default null: unknown.
   */
  composed?: Composed | null;
  /** When it was written, ms; default the clock's now. */
  at?: number;
}

/**
 * The buyer `buyerId` on `channel` with their conversation, created on first sight (first seen =
 * `at`, default now). A nickname the channel gives replaces the stored one.
 */
export function ensureBuyer(db: Database, clock: Clock, channel: string, buyerId: string, nickname?: string, at = clock.now()): repo.BuyerWithConversation {
  const found = repo.findBuyer(db, channel, buyerId);
  if (!found) return repo.insertBuyer(db, channel, buyerId, nickname ?? null, at, clock.now());
  if (nickname !== undefined && nickname !== found.nickname) {
    repo.setBuyerNickname(db, found.id, nickname);
    found.nickname = nickname;
  }
  return found;
}

/**
 * Stores one message in one transaction — the message, its search postings and the
 * conversation's last activity — and returns it. A message with a `channelMessageId` the
 * conversation already holds is a redelivery: nothing is stored and the first copy is returned
 * with `duplicate: true`. An agent's or auto-reply's own message counts as read.
 *
 * Throws `chat.messageEmpty`, `chat.messageTooLong` {max} (UTF-16 code units) and
 * `history.tooManyAtOnce`.
 */
export function appendMessage(db: Database, clock: Clock, draft: MessageDraft): { message: Message; duplicate: boolean } {
  return appendMessages(db, clock, [draft])[0]!;
}

/**
 * Stores many messages in one transaction, in order, each as {@link appendMessage} stores one —
 * the way a channel catching up, or the bench, ingests: the postings are written once per
 * transaction and each conversation's activity moved once. All or nothing: a refused message
 * stores none of the batch.
 */
export function appendMessages(db: Database, clock: Clock, drafts: readonly MessageDraft[]): { message: Message; duplicate: boolean }[] {
  for (const d of drafts) {
    if (!d.body.length) throw new XiaoniuError('chat.messageEmpty');
    if (d.body.length > MAX_TEXT) throw new XiaoniuError('chat.messageTooLong', { max: MAX_TEXT });
  }
  return db.transaction(() => {
    const w = createEventWriter(db, clock.now());
    if (drafts.length > 1) {
      const byChannel = new Map<string, string[]>();
      for (const d of drafts) {
        const ids = byChannel.get(d.channel);
        if (ids) ids.push(d.buyerId);
        else byChannel.set(d.channel, [d.buyerId]);
      }
      for (const [channel, ids] of byChannel) w.prefetch(channel, ids);
    }
    const out = drafts.map((d) => {
      const at = d.at ?? clock.now();
      const b = w.buyer(d.channel, d.buyerId, d.nickname, at);
      const fromBuyer = d.sender === 'buyer';
      const message: Message = {
        id: 0,
        conversationId: b.conversationId,
        sender: d.sender,
        automatic: d.sender === 'autoReply' || d.automatic === true,
        ruleId: d.sender === 'autoReply' ? (d.ruleId ?? null) : null,
        body: d.body,
        createdAt: at,
        state: fromBuyer ? null : (d.state ?? 'sent'),
        channelMessageId: d.channelMessageId ?? null,
        clientId: d.clientId ?? null,
        composed: d.sender === 'agent' ? (d.composed ?? null) : null,
      };
      // Our side writing means the agent has seen the conversation.
      const id = w.message(b, at, { ...message, read: !fromBuyer });
      if (id === null) {
        // A redelivery (also within this batch: the connection sees its own writes): the stored one.
        return { message: repo.findByChannelMessageId(db, b.conversationId, d.channelMessageId!)!, duplicate: true };
      }
      message.id = id;
      return { message, duplicate: false };
    });
    w.flush();
    return out;
  }).immediate();
}

/** Stores a change of the agent's status at `at` (default now). Returns the event id. */
export function recordStatus(db: Database, clock: Clock, status: AgentStatus, at = clock.now()): number {
  return db.transaction(() => {
    const id = repo.nextEventId(db, at);
    repo.insertStatus(db, id, status);
    return id;
  }).immediate();
}

/**
 * The agent's current status: the newest `status_change` row with its time (ms), or `online` with
 * `at: null` when the status was never changed (a new database; docs/settings.md "Status").
 */
export function currentStatus(db: Database): { status: AgentStatus; at: number | null } {
  return repo.latestStatus(db) ?? { status: 'online', at: null };
}

/**
 * Changes the agent's status (the top bar's menu): stored with its time through
 * {@link recordStatus} — the metrics and auto-replies read these rows — and returned. Choosing the
 * status the agent already has stores nothing (it is not a change) and returns the current one.
 */
export function setStatus(db: Database, clock: Clock, status: AgentStatus): { status: AgentStatus; at: number; changed: boolean } {
  // One write transaction: two windows choosing at once cannot both see the old status.
  return db.transaction(() => {
    const now = currentStatus(db);
    if (now.status === status && now.at !== null) return { status, at: now.at, changed: false };
    const at = clock.now();
    recordStatus(db, clock, status, at);
    return { status, at, changed: true };
  }).immediate();
}

/** Stores an order event (下单, or 付款 when `paid`) of a buyer; amount in fen. Returns the event id. */
export function recordOrder(db: Database, clock: Clock, order: { channel: string; buyerId: string; amountFen: number; paid: boolean; at?: number }): number {
  if (!Number.isSafeInteger(order.amountFen) || order.amountFen < 0) throw new XiaoniuError('chat.badAmount');
  return db.transaction(() => {
    const b = ensureBuyer(db, clock, order.channel, order.buyerId, undefined, order.at);
    const id = repo.nextEventId(db, order.at ?? clock.now());
    repo.insertOrder(db, id, b.id, order.amountFen, order.paid);
    return id;
  }).immediate();
}

/** Closes a conversation (结束会话) at `at` (default now); a later message reopens it. Returns the event id. */
export function closeConversation(db: Database, clock: Clock, conversationId: number, at = clock.now()): number {
  return db.transaction(() => {
    const id = repo.nextEventId(db, at);
    repo.insertClose(db, id, conversationId);
    return id;
  }).immediate();
}

/**
 * The messages around `messageId` in its conversation — up to `before` older ones, the message,
 * and up to `after` newer ones, oldest first — for opening a history-search hit in place. Throws
 * `chat.messageNotFound`.
 */
export function messagesAround(db: Database, messageId: number, before = 25, after = 25): Message[] {
  const m = repo.getMessage(db, messageId);
  if (!m) throw new XiaoniuError('chat.messageNotFound');
  return [...repo.latestMessages(db, m.conversationId, before + 1, messageId + 1), ...repo.messagesAfter(db, m.conversationId, messageId, after)];
}

/** One conversation's contact row. Throws `chat.conversationNotFound`. */
export function contactOf(db: Database, conversationId: number): Contact {
  const c = repo.getContact(db, conversationId);
  if (!c) throw new XiaoniuError('chat.conversationNotFound');
  return c;
}

/**
 * Marks a conversation read up to message `upTo` — never past its newest message, so a watermark
 * from the future cannot swallow messages that have not arrived yet — or to its newest when
 * omitted; returns the contact row as it now stands. Throws `chat.conversationNotFound`.
 */
export function markConversationRead(db: Database, conversationId: number, upTo?: number): Contact {
  return db.transaction(() => {
    const last = repo.lastMessageId(db, conversationId);
    contactOf(db, conversationId);
    repo.markRead(db, conversationId, Math.min(upTo ?? last, last));
    return contactOf(db, conversationId);
  }).immediate();
}

/**
 * Stores the agent's message to a conversation's buyer `pending`, for the outbox to deliver (the
 * outbox's queue is the database: docs/chat-window.md "Sending"), with how the agent `composed` it
 * (docs/chat-window.md "How a message was composed"). `clientId` makes it idempotent: a window
 * that resends after a lost answer gets the message it stored the first time. Throws
 * `chat.conversationNotFound`, `chat.messageEmpty`, `chat.messageTooLong`,
 * `chat.clientIdTaken` (the id belongs to another conversation's message).
 */
export function queueAgentMessage(
  db: Database,
  clock: Clock,
  conversationId: number,
  body: string,
  clientId: string,
  composed: Composed | null,
): { message: Message; duplicate: boolean } {
  const seen = repo.findByClientId(db, clientId);
  if (seen) {
    if (seen.conversationId !== conversationId) throw new XiaoniuError('chat.clientIdTaken');
    return { message: seen, duplicate: true };
  }
  const { buyer } = contactOf(db, conversationId);
  return appendMessage(db, clock, { channel: buyer.channel, buyerId: buyer.buyerId, sender: 'agent', body, state: 'pending', clientId, composed });
}

/**
 * 重发: puts a `failed` outgoing message back to `pending` for the outbox. Throws
 * `chat.messageNotFound`, `chat.notFailed` (it is not in state failed: sent meanwhile, or already
 * queued again).
 */
export function retryMessage(db: Database, messageId: number): Message {
  const m = repo.getMessage(db, messageId);
  if (!m) throw new XiaoniuError('chat.messageNotFound');
  if (!repo.moveMessageState(db, messageId, 'failed', 'pending')) throw new XiaoniuError('chat.notFailed');
  return { ...m, state: 'pending' };
}

/** Options of {@link createChatService}. */
export interface ChatServiceOptions {
  /** The agent's IANA time zone, read at each call (it is a setting the agent may change). */
  timeZone: () => string;
  /** Told after each stored status change (the app pushes `chat.status` to every window). */
  onStatus?: (change: { status: AgentStatus; at: number }) => void;
}

/** The chat feature's operations; see {@link createChatService}. */
export type ChatService = ReturnType<typeof createChatService>;

/** Binds the chat functions to one database, clock and time-zone source. */
export function createChatService(db: Database, clock: Clock, options: ChatServiceOptions) {
  return {
    appendMessage: (draft: MessageDraft) => appendMessage(db, clock, draft),
    appendMessages: (drafts: readonly MessageDraft[]) => appendMessages(db, clock, drafts),
    recordStatus: (status: AgentStatus, at?: number) => recordStatus(db, clock, status, at),
    /** The agent's status now (online, `at: null`, when never changed). */
    currentStatus: () => currentStatus(db),
    /** Changes the agent's status; stored with its time and announced through `onStatus`. */
    setStatus: (status: AgentStatus): { status: AgentStatus; at: number } => {
      const r = setStatus(db, clock, status);
      if (r.changed) options.onStatus?.({ status: r.status, at: r.at });
      return { status: r.status, at: r.at };
    },
    recordOrder: (order: { channel: string; buyerId: string; amountFen: number; paid: boolean; at?: number }) => recordOrder(db, clock, order),
    closeConversation: (conversationId: number, at?: number) => closeConversation(db, clock, conversationId, at),
    /** 最近联系: `limit` conversations by last activity, after `beforeLastMessageId` when paging. */
    listContacts: (limit = 50, beforeLastMessageId?: number): Contact[] => repo.listContacts(db, limit, beforeLastMessageId),
    /** A conversation's newest `limit` messages (before `beforeId` when paging back), oldest first. */
    messages: (conversationId: number, limit = 50, beforeId?: number): Message[] => repo.latestMessages(db, conversationId, limit, beforeId),
    /** Up to `limit` messages of a conversation after message `afterId`, oldest first (paging forward). */
    messagesAfter: (conversationId: number, afterId: number, limit = 50): Message[] => repo.messagesAfter(db, conversationId, afterId, limit),
    messagesAround: (messageId: number, before?: number, after?: number) => messagesAround(db, messageId, before, after),
    /** Marks the conversation read up to message `upTo` (default: its newest message). */
    markRead: (conversationId: number, upTo?: number) => repo.markRead(db, conversationId, upTo ?? repo.lastMessageId(db, conversationId)),
    unreadCount: (conversationId: number) => repo.unreadCount(db, conversationId),
    /** 最近联系 filtered by nickname or buyer id, paged like `listContacts`. */
    searchContacts: (query: string, limit = 50, beforeLastMessageId?: number): Contact[] => repo.searchContacts(db, query, limit, beforeLastMessageId),
    contact: (conversationId: number) => contactOf(db, conversationId),
    markConversationRead: (conversationId: number, upTo?: number) => markConversationRead(db, conversationId, upTo),
    queueAgentMessage: (conversationId: number, body: string, clientId: string, composed: Composed | null) =>
      queueAgentMessage(db, clock, conversationId, body, clientId, composed),
    retryMessage: (messageId: number) => retryMessage(db, messageId),
    /** Unread buyer messages over every conversation (window title, tray). */
    totalUnread: () => repo.totalUnread(db),
    /** History search: the first `limit` hits (all when omitted), newest first. */
    search: (query: string, limit?: number): HistoryHit[] => searchHistoryPage(db, query, limit),
    /** History search, lazily: for printing every hit of a large history. */
    searchAll: (query: string): Iterable<HistoryHit> => searchHistory(db, query),
    importTranscript: (source: ByteSource, opts?: ImportOptions): ImportResult => importTranscript(db, clock, source, opts),
    exportHistory: (format: HistoryFormat, filter: HistoryFilter, sink: TextSink, labels?: HistoryLabels) =>
      exportHistory(db, format, filter, options.timeZone(), sink, labels),
    timeZone: options.timeZone,
  };
}
