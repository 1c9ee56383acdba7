import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import { importTranscript } from '../chat/history-import';
import { bytesSource } from '../chat/transcript';
import type { DayMetrics } from './compute';
import { dayBounds } from './days';
import { metricsOfDay, recentDays } from './service';
import { storeMetrics, transcriptMetrics } from './sources';

/**
 * The metrics on hand-built transcripts whose answers were worked out by hand (the reasoning is
 * written beside each). Every case is computed twice — straight from the transcript and from a
 * store the transcript was imported into — and both must give the hand-computed figures.
 */

type Ev = Record<string, unknown>;
const bytes = (timezone: string, events: Ev[]) => new Uint8Array(Buffer.from(JSON.stringify({ timezone, events })));

/** The figures of `day` from the transcript and from the store; asserts they agree and returns them. */
function both(timezone: string, events: Ev[], day: string): DayMetrics {
  const file = bytes(timezone, events);
  const fromFile = transcriptMetrics(() => bytesSource(file), day);
  const db = openDatabase(':memory:');
  try {
    importTranscript(db, virtualClock(), bytesSource(file));
    const fromStore = metricsOfDay(db, day, timezone);
    expect(fromStore.metrics, 'the store and the transcript give the same figures').toEqual(fromFile.metrics);
    return fromFile.metrics;
  } finally {
    db.close();
  }
}

const SH = 'Asia/Shanghai';
/** An event at local time `hms` of `day` in Shanghai (+08:00). */
const at = (day: string, hms: string) => `${day}T${hms}+08:00`;
const buyer = (t: string, who: string, extra: Ev = {}): Ev => ({ at: t, type: 'buyer', buyer: who, text: '在吗', ...extra });
const agent = (t: string, who: string, extra: Ev = {}): Ev => ({ at: t, type: 'agent', buyer: who, text: '亲，在的', ...extra });
const order = (t: string, who: string, amount: number, paid = true): Ev => ({ at: t, type: 'order', buyer: who, amount, paid });

const EMPTY: DayMetrics = {
  buyers: 0,
  replyRate: null,
  avgResponseSeconds: null,
  avgFirstResponseSeconds: null,
  qaRatio: null,
  conversion: null,
  avgOrderValue: null,
};

const D = '2026-03-01';
/** The worked example of docs/metrics.md. */
const WORKED = [
  buyer(at(D, '09:00:00'), 'A'), //        A's turn 1 starts (A's first turn of the day)
  agent(at(D, '09:00:05'), 'A', { auto: true }), // an auto-reply: neither ends nor answers it
  buyer(at(D, '09:00:30'), 'A'), //        still turn 1 (no counted agent message since)
  agent(at(D, '09:01:00'), 'A'), //        answers turn 1: 60 s
  buyer(at(D, '09:05:00'), 'A'), //        turn 2
  agent(at(D, '09:05:20'), 'A'), //        answers turn 2: 20 s
  order(at(D, '09:10:00'), 'A', 199), //   paid after A's first message: A converts, 199 yuan
  buyer(at(D, '10:00:00'), 'B'), //        B's turn 1 (first)
  order(at(D, '10:30:00'), 'B', 88, false), // placed, never paid: no conversion
  agent(at(D, '10:02:00'), 'B'), //        answers it: 120 s (written after the order in the file: order does not matter)
  agent(at(D, '10:03:00'), 'B'), //        a second agent message: counts for 问答比 only
  buyer(at(D, '11:00:00'), 'C'), //        C's turn 1 (first)
  agent(at(D, '11:00:01'), 'C', { auto: true }), // only an auto-reply: C's turn stays unanswered
  buyer(at(D, '12:00:00'), 'D', { auto: true }), // another shop's bot: D is not a buyer
  agent(at(D, '12:00:01'), 'D', { auto: true }),
];

describe('metrics on hand-built transcripts', () => {
  it('the worked example: turns, auto-replies, answered buyers, 问答比, conversion', () => {
    // buyers: A, B, C (D only sent automatic messages) = 3.
    // answered turns: A1 60 s, A2 20 s, B1 120 s; C1 unanswered. Buyers answered: A, B → 2/3.
    // avgResponse = (60 + 20 + 120) / 3 = 66.67 s; first turns answered: A1 60, B1 120 → 90 s.
    // 问答比: counted agent messages A 2 + B 2 = 4; counted buyer messages A 3 + B 1 + C 1 = 5 → 0.8.
    // conversion: A paid after their first message → 1/3; 客单价 199 / 1 = 199 yuan.
    expect(both(SH, WORKED, D)).toEqual({
      buyers: 3,
      replyRate: 2 / 3,
      avgResponseSeconds: 200 / 3,
      avgFirstResponseSeconds: 90,
      qaRatio: 0.8,
      conversion: 1 / 3,
      avgOrderValue: 199,
    });
  });

  it('reads a transcript in time order whatever the order of the file', () => {
    const shuffled = [...WORKED].reverse();
    expect(both(SH, shuffled, D)).toEqual(both(SH, WORKED, D));
  });

  it('a turn answered after midnight belongs to the day it started; the answer counts for the next day’s 问答比', () => {
    const events = [buyer(at(D, '23:50:00'), 'A'), agent(at('2026-03-02', '00:10:00'), 'A')];
    // 03-01: A's turn starts 23:50 and is answered at 00:10 (nothing overtook it): 1200 s, A answered.
    // The agent's message was sent on 03-02, so 03-01's 问答比 is 0 / 1 = 0 (not null: A wrote).
    expect(both(SH, events, D)).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 1200, avgFirstResponseSeconds: 1200, qaRatio: 0, conversion: 0 });
    // 03-02: no buyer wrote → every ratio over buyers is null; 问答比 1 / 0 → null.
    expect(both(SH, events, '2026-03-02')).toEqual(EMPTY);
    // An auto-reply after midnight changes nothing: the 00:05 message still answers, 900 s after 23:50.
    const withAuto = [buyer(at(D, '23:50:00'), 'A'), agent(at('2026-03-02', '00:00:10'), 'A', { auto: true }), agent(at('2026-03-02', '00:05:00'), 'A')];
    expect(both(SH, withAuto, D)).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 900, avgFirstResponseSeconds: 900, qaRatio: 0, conversion: 0 });
  });

  it('midnight ends a turn: the next day’s turn overtakes it and takes the answer', () => {
    const events = [buyer(at(D, '23:59:00'), 'A'), buyer(at('2026-03-02', '00:01:00'), 'A'), agent(at('2026-03-02', '00:03:00'), 'A')];
    // 03-01: the 23:59 turn's next agent message (00:03) comes after A's next turn (00:01) started:
    // overtaken, unanswered. 1 buyer, 0 answered; 问答比 0 / 1.
    expect(both(SH, events, D)).toEqual({ ...EMPTY, buyers: 1, replyRate: 0, qaRatio: 0, conversion: 0 });
    // 03-02: turn from 00:01 answered at 00:03: 120 s, A's first turn of that day.
    expect(both(SH, events, '2026-03-02')).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 120, avgFirstResponseSeconds: 120, qaRatio: 1, conversion: 0 });
  });

  it('the 14-day gap: an auto-reply only, then the buyer writes again two weeks later — no 14-day response time', () => {
    const events = [
      buyer(at('2026-03-12', '10:00:00'), 'A'),
      agent(at('2026-03-12', '10:00:02'), 'A', { auto: true }),
      buyer(at('2026-03-26', '09:00:00'), 'A'),
      agent(at('2026-03-26', '09:00:30'), 'A'),
    ];
    // 03-12: the turn is overtaken by the 03-26 turn before any counted answer: unanswered.
    expect(both(SH, events, '2026-03-12')).toEqual({ ...EMPTY, buyers: 1, replyRate: 0, qaRatio: 0, conversion: 0 });
    // 03-26: answered in 30 s.
    expect(both(SH, events, '2026-03-26')).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 30, avgFirstResponseSeconds: 30, qaRatio: 1, conversion: 0 });
    // Every day between: nothing happened.
    expect(both(SH, events, '2026-03-20')).toEqual(EMPTY);
  });

  it('an answer days later, with no new turn between, is an answer (even after midnight)', () => {
    const events = [buyer(at('2026-03-12', '10:00:00'), 'A'), agent(at('2026-03-20', '10:00:00'), 'A')];
    // 8 days = 8 × 86,400 s = 691,200 s (Shanghai has no daylight saving), answering the 03-12 turn.
    expect(both(SH, events, '2026-03-12')).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 691_200, avgFirstResponseSeconds: 691_200, qaRatio: 0, conversion: 0 });
  });

  it('automatic messages both ways never count: a bot’s message neither starts nor continues a turn', () => {
    const events = [
      buyer(at(D, '09:00:00'), 'A', { auto: true }), // A's bot first: A not yet a buyer, no turn
      buyer(at(D, '09:01:00'), 'A'), //                 A's turn starts here
      buyer(at(D, '09:01:30'), 'A', { auto: true }), // bot again: ignored
      agent(at(D, '09:02:00'), 'A', { auto: true }), // our automatic message: ignored
      agent(at(D, '09:03:00'), 'A'), //                 answers: 120 s from 09:01
      buyer(at(D, '09:10:00'), 'BOT', { auto: true }),
      agent(at(D, '09:10:30'), 'BOT'), //               a counted agent message to a non-buyer: 问答比 counts it
    ];
    // buyers 1 (A); A answered (120 s, first turn); 问答比 = 2 counted agent / 1 counted buyer = 2.
    expect(both(SH, events, D)).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 120, avgFirstResponseSeconds: 120, qaRatio: 2, conversion: 0 });
  });

  it('a day of only automatic messages has no buyers: every ratio null', () => {
    const events = [buyer(at(D, '09:00:00'), 'BOT', { auto: true }), agent(at(D, '09:00:01'), 'BOT', { auto: true })];
    expect(both(SH, events, D)).toEqual(EMPTY);
  });

  it('conversion and 客单价: only orders paid after the buyer’s first message that same day, same-instant events in file order', () => {
    const events = [
      order(at(D, '08:00:00'), 'A', 500), //      A pays before ever writing today: does not count
      buyer(at(D, '09:00:00'), 'A'),
      agent(at(D, '09:00:10'), 'A'),
      order(at(D, '09:30:00'), 'A', 100), //      counts
      order(at(D, '09:40:00'), 'A', 50.5), //     counts too: A's total 150.5
      order(at(D, '09:45:00'), 'A', 999, false), // placed only
      buyer(at(D, '10:00:00'), 'B'),
      order(at(D, '10:00:00'), 'B', 30), //       same instant, after the message in the file: counts
      order(at(D, '11:00:00'), 'C', 70), //       same instant, before the message in the file: does not
      buyer(at(D, '11:00:00'), 'C'),
      buyer(at(D, '12:00:00'), 'E'),
      order(at('2026-03-02', '00:30:00'), 'E', 45), // paid after midnight: not that day's
    ];
    // buyers A, B, C, E = 4; paying after first message: A (150.5), B (30) → conversion 2/4.
    // 客单价 = (150.5 + 30) / 2 = 90.25 yuan. Turns: A answered 10 s; B, C, E unanswered.
    // 问答比 = 1 / 4.
    expect(both(SH, events, D)).toEqual({
      buyers: 4,
      replyRate: 1 / 4,
      avgResponseSeconds: 10,
      avgFirstResponseSeconds: 10,
      qaRatio: 0.25,
      conversion: 0.5,
      avgOrderValue: 90.25,
    });
  });

  it('same instant: an agent message written before the buyer’s in the file answers nothing; after it, answers in 0 s', () => {
    const events = [agent(at(D, '09:00:00'), 'A'), buyer(at(D, '09:00:00'), 'A'), buyer(at(D, '10:00:00'), 'B'), agent(at(D, '10:00:00'), 'B')];
    // A's turn starts after the agent's message: unanswered. B's is answered in 0 s.
    // buyers 2, answered 1 → 0.5; mean response 0 s (not null: one answered turn); 问答比 2/2.
    expect(both(SH, events, D)).toEqual({ ...EMPTY, buyers: 2, replyRate: 0.5, avgResponseSeconds: 0, avgFirstResponseSeconds: 0, qaRatio: 1, conversion: 0 });
  });

  it('the first turn of the day: an unanswered first turn is left out of 首次响应时间, later turns only count in the mean', () => {
    const sameDay = [
      buyer(at(D, '09:00:00'), 'A'),
      agent(at(D, '09:00:40'), 'A'), // A1 answered 40 s (first)
      buyer(at(D, '09:10:00'), 'A'),
      agent(at(D, '09:11:00'), 'A'), // A2 answered 60 s
      buyer(at(D, '20:00:00'), 'C'), // C1 (first): unanswered …
      buyer(at(D, '21:00:00'), 'C'), // … still C1
      buyer(at(D, '23:00:00'), 'B'), // B1 (first) …
      buyer(at('2026-03-02', '00:00:00'), 'B'), // … overtaken at midnight by B's next turn
      agent(at('2026-03-02', '00:00:05'), 'B'),
    ];
    // 03-01: buyers A, B, C; answered A → 1/3; mean (40 + 60) / 2 = 50; first turns answered: A1 40 → 40
    // (B1 and C1 were first turns but unanswered). 问答比 2 / 5 (B's 00:00:05 answer is 03-02's).
    expect(both(SH, sameDay, D)).toEqual({ buyers: 3, replyRate: 1 / 3, avgResponseSeconds: 50, avgFirstResponseSeconds: 40, qaRatio: 2 / 5, conversion: 0, avgOrderValue: null });
    // 03-02: B's turn from 00:00:00 answered in 5 s (a message at exactly midnight is the new day's).
    expect(both(SH, sameDay, '2026-03-02')).toEqual({ buyers: 1, replyRate: 1, avgResponseSeconds: 5, avgFirstResponseSeconds: 5, qaRatio: 1, conversion: 0, avgOrderValue: null });
  });

  it('days are local days across daylight saving: America/New_York’s 23-hour 2026-03-08', () => {
    const NY = 'America/New_York';
    const events = [
      buyer('2026-03-08T00:10:00-05:00', 'B'), // 05:10Z — the day started at 05:00Z (EST midnight)
      agent('2026-03-08T00:10:30-05:00', 'B'), // 30 s
      buyer('2026-03-08T23:30:00-04:00', 'A'), // 03:30Z on the 9th, still the 8th in New York
      buyer('2026-03-09T00:30:00-04:00', 'A'), // 04:30Z: the 9th began at 04:00Z (EDT) — a fixed 24-hour day would still call this the 8th
      agent('2026-03-09T00:31:00-04:00', 'A'), // answers the 9th's turn in 60 s; the 8th's was overtaken
    ];
    // 03-08: buyers A, B; answered B only → 0.5; 30 s; 问答比 1 agent / 2 buyer messages.
    expect(both(NY, events, '2026-03-08')).toEqual({ ...EMPTY, buyers: 2, replyRate: 0.5, avgResponseSeconds: 30, avgFirstResponseSeconds: 30, qaRatio: 0.5, conversion: 0 });
    // 03-09: A's turn answered in 60 s.
    expect(both(NY, events, '2026-03-09')).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 60, avgFirstResponseSeconds: 60, qaRatio: 1, conversion: 0 });
    expect(dayBounds('2026-03-08', 1, NY)).toEqual([Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 9, 4)]);
  });

  it('a transcript without --day is measured on the day of its earliest buyer message, in its own time zone', () => {
    const file = bytes(SH, [agent(at(D, '23:00:00'), 'A'), buyer(at('2026-03-02', '07:00:00'), 'A'), buyer(at(D, '23:30:00'), 'B')]);
    // The earliest buyer message is 03-01 23:30 in Shanghai (15:30Z): the day is 2026-03-01.
    const r = transcriptMetrics(() => bytesSource(file));
    expect(r.day).toBe(D);
    expect(r.timezone).toBe(SH);
    expect(r.metrics.buyers).toBe(1);
  });

  it('a transcript with no buyer message and no day is refused', () => {
    const file = bytes(SH, [agent(at(D, '23:00:00'), 'A')]);
    expect(() => transcriptMetrics(() => bytesSource(file))).toThrow(expect.objectContaining({ code: 'metrics.noBuyerMessage' }) as XiaoniuError);
  });
});

describe('metrics from the store', () => {
  it('several days read in one pass equal each day read alone', () => {
    const events = [
      ...WORKED,
      buyer(at('2026-03-02', '08:00:00'), 'A'),
      buyer(at('2026-03-02', '23:59:59'), 'B'),
      agent(at('2026-03-03', '00:00:09'), 'B'),
      buyer(at('2026-03-03', '00:00:10'), 'C'),
      agent(at('2026-03-03', '00:00:20'), 'C'),
    ];
    const db = openDatabase(':memory:');
    importTranscript(db, virtualClock(), bytesSource(bytes(SH, events)));
    const many = storeMetrics(db, dayBounds(D, 3, SH));
    expect(many).toEqual(['2026-03-01', '2026-03-02', '2026-03-03'].map((d) => metricsOfDay(db, d, SH).metrics));
    // 03-02: A (unanswered, overtaken by nothing: never answered) and B (answered at 00:00:09 next day: 10 s).
    expect(many[1]).toEqual({ ...EMPTY, buyers: 2, replyRate: 0.5, avgResponseSeconds: 10, avgFirstResponseSeconds: 10, qaRatio: 0, conversion: 0 });
    // recentDays counts back from "now".
    const days = recentDays(db, Date.parse('2026-03-03T12:00:00+08:00'), SH, 3);
    expect(days.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(days.map((d) => d.metrics)).toEqual(many);
    db.close();
  });

  it('messages still in the outbox (pending, failed) never answered anyone', () => {
    const db = openDatabase(':memory:');
    const clock = virtualClock(Date.parse(at(D, '09:00:00')));
    importTranscript(db, clock, bytesSource(bytes(SH, [buyer(at(D, '09:00:00'), 'A')])));
    const conv = db.prepare(`SELECT id FROM conversation`).pluck().get() as number;
    const t = Date.parse(at(D, '09:00:30'));
    db.prepare(`INSERT INTO message (id, conversation_id, sender, automatic, body, created_at, state) VALUES (?, ?, 'agent', 0, 'x', ?, 'pending')`).run(t * 1000, conv, t);
    expect(metricsOfDay(db, D, SH).metrics).toEqual({ ...EMPTY, buyers: 1, replyRate: 0, qaRatio: 0, conversion: 0 });
    db.prepare(`UPDATE message SET state = 'sent' WHERE id = ?`).run(t * 1000);
    expect(metricsOfDay(db, D, SH).metrics).toEqual({ ...EMPTY, buyers: 1, replyRate: 1, avgResponseSeconds: 30, avgFirstResponseSeconds: 30, qaRatio: 1, conversion: 0 });
    db.close();
  });
});
