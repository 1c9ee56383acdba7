import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { appendMessage, queueAgentMessage } from '../chat/service';
import { moveMessageState } from '../chat/repo';
import { computeMetrics, metricsAccumulator, type MetricEvent } from './compute';
import { rangeMetrics } from './service';

/**
 * 平均响应时间 with and without 推荐回复 (docs/metrics.md "Response time with and without 推荐回复"):
 * each answered turn goes on the side of its answer's `composed`; unknown answers on neither; a
 * side with no turn is null, never 0.
 */
const S = 1000;

describe('response time split by 推荐回复 (the accumulator)', () => {
  it('puts each answered turn on the side of its answer, hand-counted', () => {
    const events: MetricEvent[] = [
      // A: two messages, one turn, answered with a suggested reply 30 s after its first message.
      { kind: 'buyer', buyer: 'A', at: 0, automatic: false },
      { kind: 'buyer', buyer: 'A', at: 10 * S, automatic: false },
      { kind: 'agent', buyer: 'A', at: 30 * S, automatic: false, composed: 'suggestion' },
      // B: typed after 60 s; a later suggestion answers nothing (no turn open).
      { kind: 'buyer', buyer: 'B', at: 60 * S, automatic: false },
      { kind: 'agent', buyer: 'B', at: 120 * S, automatic: false, composed: 'typed' },
      { kind: 'agent', buyer: 'B', at: 125 * S, automatic: false, composed: 'suggestion' },
      // C: an automatic message neither answers nor counts, whatever it says; a quick phrase answers after 90 s.
      { kind: 'buyer', buyer: 'C', at: 200 * S, automatic: false },
      { kind: 'agent', buyer: 'C', at: 205 * S, automatic: true, composed: 'suggestion' },
      { kind: 'agent', buyer: 'C', at: 290 * S, automatic: false, composed: 'phrase' },
      // D: answered after 10 s by a message of unknown composition (imported, or older than 0060).
      { kind: 'buyer', buyer: 'D', at: 300 * S, automatic: false },
      { kind: 'agent', buyer: 'D', at: 310 * S, automatic: false, composed: null },
      // E: a suggested reply after 12 s.
      { kind: 'buyer', buyer: 'E', at: 400 * S, automatic: false },
      { kind: 'agent', buyer: 'E', at: 412 * S, automatic: false, composed: 'suggestion' },
      // F: never answered.
      { kind: 'buyer', buyer: 'F', at: 500 * S, automatic: false },
    ];
    const acc = metricsAccumulator([0, 3600 * S]);
    for (const e of events) acc.push(e);
    expect(acc.bySuggestion()).toEqual([
      {
        withSuggestion: { turns: 2, avgResponseSeconds: (30 + 12) / 2 },
        withoutSuggestion: { turns: 2, avgResponseSeconds: (60 + 90) / 2 },
      },
    ]);
    // The seven figures are untouched by it: D's answer counts there as any other.
    expect(acc.result()[0]).toMatchObject({ buyers: 6, avgResponseSeconds: (30 + 60 + 90 + 10 + 12) / 5 });
    expect(computeMetrics([0, 3600 * S], events)).toEqual(acc.result());
  });

  it('gives null, never 0 or NaN, for a side with no answered turn', () => {
    const acc = metricsAccumulator([0, 3600 * S]);
    acc.push({ kind: 'buyer', buyer: 'A', at: 0, automatic: false });
    acc.push({ kind: 'agent', buyer: 'A', at: 20 * S, automatic: false, composed: 'typed' });
    acc.push({ kind: 'buyer', buyer: 'B', at: 30 * S, automatic: false });
    expect(acc.bySuggestion()).toEqual([{ withSuggestion: { turns: 0, avgResponseSeconds: null }, withoutSuggestion: { turns: 1, avgResponseSeconds: 20 } }]);
    const empty = metricsAccumulator([0, S]);
    expect(empty.bySuggestion()).toEqual([{ withSuggestion: { turns: 0, avgResponseSeconds: null }, withoutSuggestion: { turns: 0, avgResponseSeconds: null } }]);
  });

  it('gives a turn answered after midnight to the day it started, by its answer', () => {
    const day = 86_400 * S;
    const acc = metricsAccumulator([0, day, 2 * day]);
    acc.push({ kind: 'buyer', buyer: 'A', at: day - 60 * S, automatic: false });
    acc.push({ kind: 'agent', buyer: 'A', at: day + 60 * S, automatic: false, composed: 'suggestion' });
    expect(acc.bySuggestion().map((d) => d.withSuggestion)).toEqual([
      { turns: 1, avgResponseSeconds: 120 },
      { turns: 0, avgResponseSeconds: null },
    ]);
  });
});

describe('response time split by 推荐回复 (a shift from the store, virtual clock)', () => {
  it('reads how each stored answer was composed; one still in the outbox answers nothing yet', () => {
    const db = openDatabase(':memory:');
    const start = Date.parse('2026-03-07T10:00:00+08:00');
    const clock = virtualClock(start);
    const buyer = (id: string, body: string) => appendMessage(db, clock, { channel: 'simulator', buyerId: id, sender: 'buyer', body }).message.conversationId;
    let n = 0;
    const answer = (conversationId: number, composed: 'typed' | 'phrase' | 'suggestion', sent = true) => {
      const { message } = queueAgentMessage(db, clock, conversationId, '亲，在的', `client-${++n}-abcdef`, composed);
      if (sent) moveMessageState(db, message.id, 'pending', 'sent');
      return message;
    };
    const a = buyer('A', '在吗');
    clock.advance(8 * S);
    answer(a, 'suggestion'); // 8 s, with
    const b = buyer('B', '包邮吗');
    clock.advance(25 * S);
    answer(b, 'typed'); // 25 s, without
    const c = buyer('C', '有现货吗');
    clock.advance(14 * S);
    answer(c, 'suggestion'); // 14 s, with
    const d = buyer('D', '能便宜吗');
    clock.advance(45 * S);
    answer(d, 'phrase'); // 45 s, without
    const e = buyer('E', '退货地址');
    clock.advance(5 * S);
    const stuck = answer(e, 'suggestion', false); // pending: never reached the buyer
    // An auto-reply cannot carry a composition: the store keeps null on it.
    const auto = appendMessage(db, clock, { channel: 'simulator', buyerId: 'E', sender: 'autoReply', body: '您好', composed: 'suggestion' }).message;
    expect(auto.composed).toBeNull();
    expect(stuck.composed).toBe('suggestion');
    clock.advance(S);
    const r = rangeMetrics(db, start, clock.now(), 'Asia/Shanghai');
    expect(r.responseBySuggestion).toEqual({
      withSuggestion: { turns: 2, avgResponseSeconds: 11 },
      withoutSuggestion: { turns: 2, avgResponseSeconds: 35 },
    });
    expect(r.metrics).toMatchObject({ buyers: 5, replyRate: 4 / 5, avgResponseSeconds: (8 + 25 + 14 + 45) / 4 });
    db.close();
  });
});
