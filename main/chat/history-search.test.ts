import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { fold, queryTerms } from '../phrases/match';
import { appendMessage } from './service';
import { matchExpression, searchGrams, searchHistoryPage } from './history-search';

/**
 * History search must always equal a plain scan (docs/transcripts.md "History search"): every
 * message whose folded text contains every folded term, newest first — by time, and among messages
 * of the same millisecond the later-stored first.
 */
interface Sent {
  buyer: string;
  body: string;
  at: number;
  /** Arrival order. */
  seq: number;
}

function oracle(sent: Sent[], query: string): Sent[] {
  const terms = queryTerms(query);
  return sent
    .filter((m) => terms.every((t) => fold(m.body).includes(t)))
    .sort((a, b) => b.at - a.at || b.seq - a.seq);
}

// Shop talk plus width, case and script variants, an emoji (two code units), spaces of two widths.
const CHARS = [...'发货退款亲的了包邮尺码质量优惠券快递好评实拍图颜色七天无理由换'.split(''), 'A', 'b', 'Ｂ', 'ａ', '1', '１', ' ', '\u3000', '😊', 'ß', 's', 'S', '/', '／'];
const text = (min: number, max: number) => fc.array(fc.constantFrom(...CHARS), { minLength: min, maxLength: max }).map((a) => a.join(''));
const T0 = Date.UTC(2026, 2, 1);

function store(sent: { buyer: string; body: string; at: number }[]) {
  const db = openDatabase(':memory:');
  const clock = virtualClock(T0);
  const log: Sent[] = [];
  sent.forEach((m, seq) => {
    appendMessage(db, clock, { channel: 'simulator', buyerId: m.buyer, sender: seq % 3 ? 'buyer' : 'agent', body: m.body, at: m.at });
    log.push({ ...m, seq });
  });
  return { db, log };
}

const messagesArb = fc.array(
  fc.record({
    buyer: fc.constantFrom('b1', 'b2', 'b3'),
    body: text(1, 24),
    // Few distinct times, out of order: ties in one millisecond and older history arriving late.
    at: fc.integer({ min: 0, max: 40 }).map((s) => T0 + s * 1000),
  }),
  { minLength: 0, maxLength: 60 },
);
const queryArb = fc.array(text(0, 5), { minLength: 1, maxLength: 3 }).map((t) => t.join(' '));

describe('history search', () => {
  it('equals a plain substring scan, newest first, for queries of any length', () => {
    fc.assert(
      fc.property(messagesArb, queryArb, (messages, query) => {
        const { db, log } = store(messages);
        const got = searchHistoryPage(db, query).map((h) => [h.buyer.buyerId, h.message.body, h.message.createdAt]);
        const want = oracle(log, query).map((m) => [m.buyer, m.body, m.at]);
        expect(got).toEqual(want);
        db.close();
      }),
      { numRuns: 300 },
    );
  });

  it('stops at the limit with the newest hits', () => {
    fc.assert(
      fc.property(messagesArb, queryArb, fc.integer({ min: 1, max: 5 }), (messages, query, limit) => {
        const { db, log } = store(messages);
        expect(searchHistoryPage(db, query, limit).map((h) => h.message.body)).toEqual(oracle(log, query).slice(0, limit).map((m) => m.body));
        db.close();
      }),
      { numRuns: 150 },
    );
  });

  it('finds one- and two-character Chinese words, folds width and case, and reads /code as text', () => {
    const { db } = store([
      { buyer: 'b1', body: '亲，今天下午4点前付款当天发货', at: T0 },
      { buyer: 'b2', body: '什么时候发货呀', at: T0 + 1000 },
      { buyer: 'b1', body: 'ＶＩＰ会员 优先', at: T0 + 2000 },
      { buyer: 'b3', body: '链接 http://shop/hi 打不开', at: T0 + 3000 },
      { buyer: 'b2', body: 'STRASSE 地址', at: T0 + 4000 },
    ]);
    const bodies = (q: string) => searchHistoryPage(db, q).map((h) => h.message.body);
    expect(bodies('发货')).toEqual(['什么时候发货呀', '亲，今天下午4点前付款当天发货']);
    expect(bodies('货')).toEqual(['什么时候发货呀', '亲，今天下午4点前付款当天发货']);
    expect(bodies('什么时候')).toEqual(['什么时候发货呀']);
    expect(bodies('vip')).toEqual(['ＶＩＰ会员 优先']);
    expect(bodies('vip 优先')).toEqual(['ＶＩＰ会员 优先']);
    expect(bodies('会员优先')).toEqual([]); // the space is in the message, so the two words are not adjacent
    expect(bodies('/hi')).toEqual(['链接 http://shop/hi 打不开']);
    expect(bodies('straße')).toEqual(['STRASSE 地址']);
    expect(bodies('发货 下午')).toEqual(['亲，今天下午4点前付款当天发货']);
    db.close();
  });

  it('forgets a deleted message (the index follows the message table)', () => {
    const { db } = store([
      { buyer: 'b1', body: '退款到账了吗', at: T0 },
      { buyer: 'b1', body: '退款申请了', at: T0 + 1000 },
    ]);
    db.prepare(`DELETE FROM message WHERE body = '退款申请了'`).run();
    expect(searchHistoryPage(db, '退款').map((h) => h.message.body)).toEqual(['退款到账了吗']);
    db.close();
  });

  it('posts each folded code unit and pair as one ASCII word, skipping whitespace', () => {
    expect(searchGrams('发货')).toBe(' u53d1 u8d27 b53d18d27');
    expect(searchGrams('Ａ b')).toBe(' u0061 u0062');
    expect(matchExpression(['发', '发货', '发货了'])).toBe('u53d1 AND b53d18d27 AND b8d274e86');
  });
});
