import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { appendMessage, recordOrder } from '../chat/service';
import { importTranscript } from '../chat/history-import';
import { bytesSource } from '../chat/transcript';
import { createMetricsService, metricsOfDay } from './service';

/**
 * The service remembers the figures of days it counted; they must be the figures a fresh count
 * gives after anything that changes them: a message today, older history imported into a past
 * day, a late answer to a turn pending since an earlier day, a message leaving the outbox, an
 * order, another time zone.
 */
const SH = 'Asia/Shanghai';
const at = (s: string) => Date.parse(s);

describe('metrics service', () => {
  it('remembered days always equal a fresh count', () => {
    const db = openDatabase(':memory:');
    const clock = virtualClock(at('2026-03-07T15:00:00+08:00'));
    let zone = SH;
    const metrics = createMetricsService(db, clock, () => zone);
    const fresh = () => metrics.recentDays(7).map((d) => ({ day: d.day, metrics: metricsOfDay(db, d.day, zone).metrics }));
    const check = () => expect(metrics.recentDays(7).map((d) => ({ day: d.day, metrics: d.metrics }))).toEqual(fresh());
    const say = (buyerId: string, sender: 'buyer' | 'agent', when: string, extra: { state?: 'pending'; clientId?: string } = {}) =>
      appendMessage(db, clock, { channel: 'simulator', buyerId, sender, body: '在吗', at: at(when), ...extra });

    say('A', 'buyer', '2026-03-05T10:00:00+08:00');
    say('A', 'agent', '2026-03-05T10:00:30+08:00');
    say('B', 'buyer', '2026-03-06T23:00:00+08:00'); // pending at the 6th's end
    check();
    const before = metrics.recentDays(7);
    expect(before[5]!.metrics).toMatchObject({ buyers: 1, replyRate: 0 });

    // A late answer on the 7th settles the 6th's turn: the 6th's figures change.
    say('B', 'agent', '2026-03-07T08:00:00+08:00');
    check();
    expect(metrics.recentDays(7)[5]!.metrics).toMatchObject({ replyRate: 1, avgResponseSeconds: 9 * 3600 });

    // Older history imported into the 3rd.
    importTranscript(
      db,
      clock,
      bytesSource(new Uint8Array(Buffer.from(JSON.stringify({ timezone: SH, events: [{ at: '2026-03-03T09:00:00+08:00', type: 'buyer', buyer: 'C', text: '你好' }] })))),
    );
    check();
    expect(metrics.recentDays(7)[2]!.metrics.buyers).toBe(1);

    // A message in the outbox counts only once sent.
    say('D', 'buyer', '2026-03-07T09:00:00+08:00');
    const out = say('D', 'agent', '2026-03-07T09:00:10+08:00', { state: 'pending', clientId: 'c1' });
    check();
    expect(metrics.day().metrics.replyRate).toBe(0); // D is the 7th's only buyer
    db.prepare(`UPDATE message SET state = 'sent' WHERE id = ?`).run(out.message.id);
    check();
    expect(metrics.day().metrics.replyRate).toBe(1);

    // An order paid today.
    recordOrder(db, clock, { channel: 'simulator', buyerId: 'D', amountFen: 12_345, paid: true, at: at('2026-03-07T09:30:00+08:00') });
    check();
    expect(metrics.day().metrics).toMatchObject({ conversion: 1, avgOrderValue: 123.45 });

    // Another time zone: other days, counted in it.
    zone = 'America/New_York';
    check();
    expect(metrics.day().day).toBe('2026-03-07');
    db.close();
  });
});
