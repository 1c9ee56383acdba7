import type { Database } from '../store/db';
import type { Clock } from '../shared/clock';
import * as repo from './repo';
import { createEventWriter } from './event-writer';
import { readTranscript, type ByteSource, type TranscriptInfo } from './transcript';
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
 * fewer identical events than the file has had so far, this one included. Live messages are
 * matched the same way, by content, so a transcript exported from this very database imports as
 * all duplicates. The check costs nothing in the common case: an event later than everything
 * stored before the import, or of a buyer new to the store, cannot have a twin and is not looked up.
 *
 * **Order.** Events get time-ordered ids (migration 0030): events of one millisecond keep the
 * file's order, across messages, orders, statuses and closes.
 *
 * **Read state.** Imported messages are history, not news: each conversation's read watermark
 * moves past the newest message imported into it.
 */

/** {@link ImportOptions.onProgress} is called every this many events. */
export const PROGRESS_EVERY = 100_000;

/** Options of {@link importTranscript}. */
export interface ImportOptions {
  /** Called with the number of events read so far, every {@link PROGRESS_EVERY} events. */
  onProgress?: (events: number) => void;
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
    const w = createEventWriter(db, clock.now());
    let occurrencesReady = false;

    /** True when the store already holds as many events identical to this one as the file has had so far. */
    const isDuplicate = (key: string, stored: () => number): boolean => {
      if (!occurrencesReady) {
        repo.resetOccurrences(db);
        occurrencesReady = true;
      }
      return stored() > repo.nextOccurrence(db, key);
    };

    const info = readTranscript(source, (e) => {
      summary.events++;
      if (options.onProgress && summary.events % PROGRESS_EVERY === 0) options.onProgress(summary.events);
      // Only a millisecond that already held events before this import can hold a twin.
      const mayRepeat = e.at * repo.SLOT <= w.storedBefore;
      if (e.type === 'status') {
        if (mayRepeat && isDuplicate(JSON.stringify(['s', e.at, e.status]), () => repo.countSameStatuses(db, e.at, e.status))) summary.duplicates++;
        else {
          w.status(e.at, e.status);
          summary.statuses++;
        }
        return;
      }
      const b = w.buyer(e.channel ?? TRANSCRIPT_CHANNEL, e.buyer, e.nickname, e.at);
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
          w.message(b, e.at, {
            // `auto` on an agent event is a message our side sent automatically: the auto-reply engine.
            sender: fromBuyer ? 'buyer' : auto ? 'autoReply' : 'agent',
            automatic: auto,
            ruleId: null,
            body: e.text,
            state: fromBuyer ? null : 'sent',
            channelMessageId: null,
            clientId: null,
            // A transcript does not say how a message was written (SPEC.md "Chat history moves as transcripts").
            composed: null,
            read: true,
          });
          summary.messages++;
          return;
        }
        case 'order': {
          const paid = e.paid === true;
          if (check && isDuplicate(JSON.stringify(['o', b.id, e.at, e.amount, paid]), () => repo.countSameOrders(db, e.at, b.id, e.amount, paid))) {
            summary.duplicates++;
            return;
          }
          w.order(b, e.at, e.amount, paid);
          summary.orders++;
          return;
        }
        case 'close': {
          if (check && isDuplicate(JSON.stringify(['c', b.conversationId, e.at]), () => repo.countSameCloses(db, e.at, b.conversationId))) {
            summary.duplicates++;
            return;
          }
          w.close(b, e.at);
          summary.closes++;
          return;
        }
      }
    });
    w.flush();
    summary.buyers = w.buyersCreated;
    return { ...summary, timezone: info.timezone, format: info.format };
  }).immediate();
}
