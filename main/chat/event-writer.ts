import type { Database } from '../store/db';
import { XiaoniuError } from '../shared/errors';
import * as repo from './repo';
import { searchGrams } from './history-search';
import type { AgentStatus, Composed, MessageState, Sender } from './types';

/**
 * Writes events inside ONE transaction the caller holds — a transcript import, a batch of
 * incoming messages — with the bookkeeping done once instead of per event: buyers looked up once
 * and remembered (bounded), event ids handed out without a lookup while events arrive in time
 * order, and each conversation's last activity and read watermark moved once at {@link flush}.
 * Nothing here may outlive the transaction: the remembered state is only true inside it.
 */

/** Buyers remembered during a transaction; past this, what is pending is written and they are forgotten. */
const BUYER_CACHE = 20_000;

/** A buyer as the writer remembers them during the transaction. */
export interface WrittenBuyer extends repo.BuyerWithConversation {
  /** Created during this transaction: nothing of theirs was stored before it. */
  isNew: boolean;
  /** Newest message id written to their conversation so far, or 0. */
  newestMessage: number;
  /** Newest message id that counts as read (our side's, or imported history), or 0. */
  readUpTo: number;
}

/** A message for {@link EventWriter.message}. */
export interface WriterMessage {
  sender: Sender;
  automatic: boolean;
  ruleId: number | null;
  body: string;
  state: MessageState | null;
  channelMessageId: string | null;
  clientId: string | null;
  /** How the agent composed it (sender `agent` only), or null when unknown. */
  composed: Composed | null;
  /** The message is history the agent has seen (an import), or our own: move the read watermark past it. */
  read: boolean;
}

/** See the module comment; made by {@link createEventWriter}. */
export type EventWriter = ReturnType<typeof createEventWriter>;

/**
 * A writer for the transaction in progress; `now` (ms) stamps new buyers and conversations.
 * Throws `history.tooManyAtOnce` {at} from {@link EventWriter.nextId}.
 */
export function createEventWriter(db: Database, now: number) {
  /** Every id stored before the transaction's writes is ≤ this, and so is every id handed out since. */
  let newest = repo.maxEventId(db);
  const storedBefore = newest;
  // Row ids grow (max + 1): buyers created now are exactly those above this one, even once forgotten.
  const lastBuyerBefore = repo.maxBuyerRowId(db);
  const buyers = new Map<string, WrittenBuyer>();
  let created = 0;

  function flushBuyer(b: WrittenBuyer): void {
    if (b.newestMessage) repo.advanceConversation(db, b.conversationId, b.newestMessage, b.readUpTo || null);
    b.newestMessage = 0;
    b.readUpTo = 0;
  }

  const remember = (key: string, b: WrittenBuyer): void => {
    if (buyers.size >= BUYER_CACHE) {
      for (const old of buyers.values()) flushBuyer(old);
      buyers.clear();
    }
    buyers.set(key, b);
  };

  return {
    /**
     * Looks up, in one statement, every buyer of `buyerIds` on `channel` not remembered yet, so
     * the {@link buyer} calls that follow find them without a query each. Only an optimisation:
     * skipped when they would not all fit in the bounded memory.
     */
    prefetch(channel: string, buyerIds: Iterable<string>): void {
      const wanted = [...new Set(buyerIds)].filter((id) => !buyers.has(channel + '\u0001' + id));
      if (!wanted.length || buyers.size + wanted.length > BUYER_CACHE) return;
      for (const found of repo.findBuyers(db, channel, wanted)) {
        buyers.set(channel + '\u0001' + found.buyerId, { ...found, isNew: found.id > lastBuyerBefore, newestMessage: 0, readUpTo: 0 });
      }
    },

    /** The largest event id stored before this transaction wrote anything (0 when empty). */
    storedBefore,
    /** Buyers this writer created. */
    get buyersCreated() {
      return created;
    },

    /**
     * The buyer `buyerId` on `channel` with their conversation, created on first sight with
     * first-seen `at`; a given nickname replaces the stored one, an earlier `at` moves first-seen back.
     */
    buyer(channel: string, buyerId: string, nickname: string | undefined, at: number): WrittenBuyer {
      const key = channel + '\u0001' + buyerId;
      let b = buyers.get(key);
      if (!b) {
        const found = repo.findBuyer(db, channel, buyerId);
        if (found) b = { ...found, isNew: found.id > lastBuyerBefore, newestMessage: 0, readUpTo: 0 };
        else {
          b = { ...repo.insertBuyer(db, channel, buyerId, nickname ?? null, at, now), isNew: true, newestMessage: 0, readUpTo: 0 };
          created++;
        }
        remember(key, b);
      }
      if (nickname !== undefined && nickname !== b.nickname) {
        repo.setBuyerNickname(db, b.id, nickname);
        b.nickname = nickname;
      }
      if (at < b.firstSeenAt) {
        repo.moveFirstSeen(db, b.id, at);
        b.firstSeenAt = at;
      }
      return b;
    },

    /**
     * The next free id for an event at `at` (ms): `at × 1000 + n`, after every event already in
     * that millisecond. Free of lookups while events come in time order; an earlier millisecond is
     * looked up. Throws `history.tooManyAtOnce` {at} past 1,000 events in one millisecond.
     */
    nextId(at: number): number {
      const slot = at * repo.SLOT;
      let id: number;
      if (slot > newest) id = slot;
      else if (newest < slot + repo.SLOT) id = newest + 1; // the newest event is in this very millisecond
      else return repo.nextEventId(db, at);
      if (id >= slot + repo.SLOT) throw new XiaoniuError('history.tooManyAtOnce', { at: new Date(at).toISOString() });
      newest = id;
      return id;
    },

    /**
     * Stores a message at `at` in `b`'s conversation, with its search postings; returns its id, or
     * null — storing nothing — when the conversation already holds a message with the same
     * `channelMessageId` (a redelivery, also within this transaction).
     */
    message(b: WrittenBuyer, at: number, m: WriterMessage): number | null {
      const id = this.nextId(at);
      const stored = repo.insertMessage(
        db,
        { id, conversationId: b.conversationId, sender: m.sender, automatic: m.automatic, ruleId: m.ruleId, body: m.body, state: m.state, channelMessageId: m.channelMessageId, clientId: m.clientId, composed: m.composed },
        searchGrams(m.body),
      );
      // A refused redelivery leaves its id unused: ids only need to grow, not to be dense.
      if (!stored) return null;
      if (id > b.newestMessage) b.newestMessage = id;
      if (m.read && id > b.readUpTo) b.readUpTo = id;
      return id;
    },

    /** Stores an order event of `b` (amount in fen); returns its id. */
    order(b: WrittenBuyer, at: number, amountFen: number, paid: boolean): number {
      const id = this.nextId(at);
      repo.insertOrder(db, id, b.id, amountFen, paid);
      return id;
    },

    /** Stores a status change; returns its id. */
    status(at: number, status: AgentStatus): number {
      const id = this.nextId(at);
      repo.insertStatus(db, id, status);
      return id;
    },

    /** Stores a close of `b`'s conversation; returns its id. */
    close(b: WrittenBuyer, at: number): number {
      const id = this.nextId(at);
      repo.insertClose(db, id, b.conversationId);
      return id;
    },

    /** Moves every touched conversation's last activity and read watermark; call before the transaction commits. */
    flush(): void {
      for (const b of buyers.values()) flushBuyer(b);
    },
  };
}
