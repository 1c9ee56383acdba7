import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { appendMessage, recordOrder } from '../chat/service';
import { dayBounds } from './days';
import { metricsOfDay, rangeMetrics } from './service';

/**
 * A stretch that is not a calendar day (a training shift) is counted by the day's rules
 * (docs/metrics.md): the whole day as a range gives the day's figures; a shortened range counts
 * only what happened in it; a midnight inside a range still ends a turn.
 */
const SH = 'Asia/Shanghai';
const at = (s: string) => Date.parse(s);

function seeded() {
  const db = openDatabase(':memory:');
  const clock = virtualClock(at('2026-03-08T12:00:00+08:00'));
  const say = (buyerId: string, sender: 'buyer' | 'agent', when: string) => appendMessage(db, clock, { channel: 'simulator', buyerId, sender, body: '在吗', at: at(when) });
  return { db, clock, say };
}

describe('rangeMetrics', () => {
  it('a whole day as a range gives the day figures', () => {
    const { db, clock, say } = seeded();
    say('A', 'buyer', '2026-03-07T09:00:00+08:00');
    say('A', 'agent', '2026-03-07T09:01:00+08:00');
    say('B', 'buyer', '2026-03-07T10:00:00+08:00');
    say('B', 'agent', '2026-03-07T10:00:20+08:00');
    say('B', 'buyer', '2026-03-07T23:59:00+08:00');
    say('B', 'agent', '2026-03-08T00:01:00+08:00');
    recordOrder(db, clock, { channel: 'simulator', buyerId: 'A', amountFen: 9900, paid: true, at: at('2026-03-07T09:30:00+08:00') });
    const [from, to] = dayBounds('2026-03-07', 1, SH) as [number, number];
    const day = metricsOfDay(db, '2026-03-07', SH).metrics;
    expect(rangeMetrics(db, from, to, SH).metrics).toEqual(day);
    expect(day).toMatchObject({ buyers: 2, replyRate: 1, avgResponseSeconds: (60 + 20 + 120) / 3, conversion: 0.5, avgOrderValue: 99 });
  });

  it('counts only what happened in the range', () => {
    const { db, say } = seeded();
    say('A', 'buyer', '2026-03-07T09:00:00+08:00'); // before the shift: not its buyer
    say('B', 'buyer', '2026-03-07T10:00:00+08:00');
    say('A', 'agent', '2026-03-07T10:00:05+08:00'); // counts for 问答比 only
    say('B', 'agent', '2026-03-07T10:00:30+08:00');
    const r = rangeMetrics(db, at('2026-03-07T09:30:00+08:00'), at('2026-03-07T11:00:00+08:00'), SH).metrics;
    expect(r).toEqual({ buyers: 1, replyRate: 1, avgResponseSeconds: 30, avgFirstResponseSeconds: 30, qaRatio: 2, conversion: 0, avgOrderValue: null });
  });

  it('a midnight inside the range ends a turn', () => {
    const { db, say } = seeded();
    say('A', 'buyer', '2026-03-07T23:59:00+08:00');
    say('A', 'buyer', '2026-03-08T00:00:30+08:00'); // a new turn: the first one is overtaken
    say('A', 'agent', '2026-03-08T00:01:00+08:00');
    const r = rangeMetrics(db, at('2026-03-07T23:00:00+08:00'), at('2026-03-08T01:00:00+08:00'), SH).metrics;
    expect(r).toMatchObject({ buyers: 1, replyRate: 1, avgResponseSeconds: 30, avgFirstResponseSeconds: null, qaRatio: 0.5 });
    // In another zone the same instants hold no midnight: one turn of 120 s.
    expect(rangeMetrics(db, at('2026-03-07T23:00:00+08:00'), at('2026-03-08T01:00:00+08:00'), 'UTC').metrics).toMatchObject({ avgResponseSeconds: 120, avgFirstResponseSeconds: 120 });
    expect(() => rangeMetrics(db, 5, 5, SH)).toThrow(RangeError);
  });
});
