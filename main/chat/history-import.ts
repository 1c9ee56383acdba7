import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import * as repo from './repo';
import { searchGrams } from './history-search';
import { readTranscript, type ByteSource, type TranscriptEvent, type TranscriptInfo } from './transcript';
import { TRANSCRIPT_CHANNEL, type ImportSummary } from './types';

/**
 * Transcript → store (`xiaoniu history import`; docs/transcripts.md "Importing"). One IMMEDIATE
 * transaction around the streamed read: a refused file — whichever event is wrong — leaves the
 * database exactly as it was.
 *
 * **Identity and duplicates.** An event is identified by its buyer, type, time (to the ms) and
 * text (for an order its amount and paid flag, for a status change the status). The n-th identical
 * event of a file is the n-th copy: a buyer who sent 在吗 twice in one second sent two messages, and
 * re-importing the file finds both already there. So an event is stored when the database holds
 * fewer identical events than the file had so far, counted including this one. Live messages are
 * matched the same way, by content, so a transcript exported from this very database imports as
 * all duplicates. The checks cost nothing in the common case: an event later than everything
 * stored before the import cannot have a twin in the store, and is not looked up at all.
 *
 * **Order.** Events get time-ordered ids (migration 0030): events of one millisecond keep the
 * file's order, across messages, orders, statuses and closes.
 *
 * **Read state.** Imported messages are history, not news: each conversation's read watermark
 * moves past the newest message imported into it.
 */

/** Conversations kept in memory during an import; more are written back and forgotten (bounded memory). */
const BUYER_CACHE = 20_000;
/** {@link ImportOptions.onProgress} is called every this many events. */
export const PROGRESS_EVERY = 100_000;

/** Options of {@link importTranscript}. */
export interface ImportOptions {
  /** Called with the number of events read so far, every {@link PROGRESS_EVERY} events. */
  onProgress?: (events: number) => void;
}

interface CachedBuyer extends repo.BuyerWithConversation {
  /** Created by this import: nothing of theirs was stored before, so no event of theirs is a duplicate. */
  isNew: boolean;
  /** The newest message id this import stored in their conversation, or 0. */
  newestMessage: number;
}

/** The import's result: the summary, and the file's layout and timezone. */
export type ImportResult = ImportSummary & Pick<TranscriptInfo, 'timezone' | 'format'>;

/**
 * Imports a transcript from `source` (see transcript.ts for the format) in one transaction and
 * returns what was stored. Throws whatever `readTranscript` throws (the file is refused, nothing is
 * stored), and `history.tooManyAtOnce` {at} when more than 1,000 events share one millisecond.
 */
export function importTranscript(db: Database, clock: Clock, source: ByteSource, options: ImportOptions = {}): ImportResult {
  return db.transaction(() => {
    const summary: ImportSummary = { buyers: 0, messages: 0, orders: 0, duplicates: 0, statuses: 0, closes: 0, events: 0 };
    const now = clock.now();
    /** Every id stored before the import is ≤ this; a slot above it holds only this import's events. */
    const before = repo.maxEventId(db);
    let newest = before;
    // Row ids grow (max + 1), so buyers created by this import are exactly those above this one,
    // also after the cache has forgotten them.
    const lastBuyerBefore = repo.maxBuyerRowId(db);
    let occurrencesReady = false;
    const buyers = new Map<string, CachedBuyer>();

    const flush = (b: CachedBuyer) => {
      if (b.newestMessage) repo.advanceConversation(db, b.conversationId, b.newestMessage, b.newestMessage);
      b.newestMessage = 0;
    };

    const buyerOf = (e: Exclude<TranscriptEvent, { type: 'status' }>): CachedBuyer => {
      const channel = e.channel ?? TRANSCRIPT_CHANNEL;
      const key = channel + '\u0001' + e.buyer;
      let b = buyers.get(key);
      if (!b) {
        if (buyers.size >= BUYER_CACHE) {
          for (const old of buyers.values()) flush(old);
          buyers.clear();
        }
        const found = repo.findBuyer(db, channel, e.buyer);
        if (found) b = { ...found, isNew: found.id > lastBuyerBefore, newestMessage: 0 };
        else {
          b = { ...repo.insertBuyer(db, channel, e.buyer, e.nickname ?? null, e.at, now), isNew: true, newestMessage: 0 };
          summary.buyers++;
        }
        buyers.set(key, b);
      }
      if (e.nickname !== undefined && e.nickname !== b.nickname) {
        repo.setBuyerNickname(db, b.id, e.nickname);
        b.nickname = e.nickname;
      }
      if (e.at < b.firstSeenAt) {
        repo.moveFirstSeen(db, b.id, e.at);
        b.firstSeenAt = e.at;
      }
      return b;
    };

    /** True when the store already holds as many events identical to this one as the file has had so far. */
    const isDuplicate = (key: string, stored: () => number): boolean => {
      if (!occurrencesReady) {
        repo.resetOccurrences(db);
        occurrencesReady = true;
      }
      return stored() > repo.nextOccurrence(db, key);
    };

    const idFor = (at: number): number => {
      const slot = at * repo.SLOT;
      let id: number;
      if (slot > newest) id = slot;
      else if (newest < slot + repo.SLOT) id = newest + 1; // the newest stored event is in this very millisecond
      else return repo.nextEventId(db, at); // an earlier millisecond: look its slot up
      if (id >= slot + repo.SLOT) throw new XiaoniuError('history.tooManyAtOnce', { at: new Date(at).toISOString() });
      newest = id;
      return id;
    };

    const info = readTranscript(source, (e) => {
      summary.events++;
      if (options.onProgress && summary.events % PROGRESS_EVERY === 0) options.onProgress(summary.events);
      // Only a millisecond that already held events before this import can hold a twin.
      const mayRepeat = e.at * repo.SLOT <= before;
      if (e.type === 'status') {
        if (mayRepeat && isDuplicate(JSON.stringify(['s', e.at, e.status]), () => repo.countSameStatuses(db, e.at, e.status))) {
          summary.duplicates++;
          return;
        }
        repo.insertStatus(db, idFor(e.at), e.status);
        summary.statuses++;
        return;
      }
      const b = buyerOf(e);
      const check = mayRepeat && !b.isNew;
      switch (e.type) {
        case 'buyer':
        case 'agent': {
          const fromBuyer = e.type === 'buyer';
          if (check && isDuplicate(JSON.stringify(['m', b.conversationId, fromBuyer, e.at, e.text]), () => repo.countSameMessages(db, e.at, b.conversationId, fromBuyer, e.text))) {
            summary.duplicates++;
            return;
          }
          const auto = e.auto === true;
          const id = idFor(e.at);
          repo.insertMessage(
            db,
            {
              id,
              conversationId: b.conversationId,
              // `auto` on an agent event is a message our side sent automatically: the auto-reply engine.
              sender: fromBuyer ? 'buyer' : auto ? 'autoReply' : 'agent',
              automatic: auto,
              ruleId: null,
              body: e.text,
              state: fromBuyer ? null : 'sent',
              channelMessageId: null,
              clientId: null,
            },
            searchGrams(e.text),
          );
          if (id > b.newestMessage) b.newestMessage = id;
          summary.messages++;
          return;
        }
        case 'order': {
          const paid = e.paid === true;
          if (check && isDuplicate(JSON.stringify(['o', b.id, e.at, e.amount, paid]), () => repo.countSameOrders(db, e.at, b.id, e.amount, paid))) {
            summary.duplicates++;
            return;
          }
          repo.insertOrder(db, idFor(e.at), b.id, e.amount, paid);
          summary.orders++;
          return;
        }
        case 'close': {
          if (check && isDuplicate(JSON.stringify(['c', b.conversationId, e.at]), () => repo.countSameCloses(db, e.at, b.conversationId))) {
            summary.duplicates++;
            return;
          }
          repo.insertClose(db, idFor(e.at), b.conversationId);
          summary.closes++;
          return;
        }
      }
    });
    for (const b of buyers.values()) flush(b);
    return { ...summary, timezone: info.timezone, format: info.format };
  }).immediate();
}
