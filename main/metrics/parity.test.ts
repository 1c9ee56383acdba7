import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { formatInstant } from '../shared/time-zone';
import { importTranscript } from '../chat/history-import';
import { bytesSource } from '../chat/transcript';
import { addDays, dayBounds } from './days';
import { metricsOfDay } from './service';
import { storeMetrics, transcriptMetrics } from './sources';

/**
 * The property behind "importing a transcript and asking the store gives the same figures as
 * asking the transcript": for random transcripts — any event order in the file, ties to the
 * millisecond, automatic messages both ways, orders paid and not, buyers on two channels, days
 * across a daylight-saving change — the store path and the transcript path agree on every day,
 * and a several-day read of the store agrees with reading each day alone.
 */

const ZONES = ['Asia/Shanghai', 'America/New_York', 'UTC'] as const;
/** Three local days around New York's 2026 spring-forward (the 8th has 23 hours). */
const FIRST_DAY = '2026-03-07';
const DAYS = 3;

const eventArb = fc.record({
  // Minutes from a little before the first day to a little after the last, half of them within
  // 20 minutes of a midnight (where turns cross days): ties are frequent.
  minute: fc.oneof(
    fc.integer({ min: -120, max: DAYS * 24 * 60 + 600 }),
    fc.tuple(fc.integer({ min: 0, max: DAYS + 1 }), fc.integer({ min: -20, max: 20 })).map(([d, m]) => d * 24 * 60 + m),
  ),
  ms: fc.constantFrom(0, 0, 0, 500),
  type: fc.constantFrom('buyer', 'buyer', 'agent', 'agent', 'order', 'status', 'close'),
  buyer: fc.constantFrom('A', 'B', 'C'),
  channel: fc.constantFrom(undefined, undefined, 'simulator'),
  auto: fc.boolean(),
  amountFen: fc.integer({ min: 0, max: 100_000 }),
  paid: fc.boolean(),
});

type Gen = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function toJson(e: Gen, zone: string, origin: number): Record<string, unknown> {
  const at = formatInstant(origin + e.minute * 60_000 + e.ms, zone);
  if (e.type === 'status') return { at, type: 'status', status: 'busy' };
  const base: Record<string, unknown> = { at, type: e.type, buyer: e.buyer, ...(e.channel ? { channel: e.channel } : {}) };
  if (e.type === 'close') return base;
  if (e.type === 'order') return { ...base, amount: e.amountFen / 100, paid: e.paid };
  return { ...base, text: e.auto ? '自动' : '你好', ...(e.auto ? { auto: true } : {}) };
}

describe('metrics: store path = transcript path', () => {
  it('on random transcripts, for every day', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(eventArb, { maxLength: 50 }), (zone, gens) => {
        const origin = dayBounds(FIRST_DAY, 1, zone)[0]!;
        const file = new Uint8Array(Buffer.from(JSON.stringify({ timezone: zone, events: gens.map((g) => toJson(g, zone, origin)) })));
        const db = openDatabase(':memory:');
        try {
          importTranscript(db, virtualClock(), bytesSource(file));
          const together = storeMetrics(db, dayBounds(FIRST_DAY, DAYS, zone));
          for (let i = 0; i < DAYS; i++) {
            const day = addDays(FIRST_DAY, i);
            const fromFile = transcriptMetrics(() => bytesSource(file), day).metrics;
            expect(metricsOfDay(db, day, zone).metrics, `${zone} ${day}`).toEqual(fromFile);
            expect(together[i], `${zone} ${day} read with its neighbours`).toEqual(fromFile);
            for (const v of Object.values(fromFile)) if (v !== null) expect(Number.isFinite(v)).toBe(true);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});
