import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { XiaoniuError } from '../shared/errors';
import { createChatService } from './service';
import { bytesSource } from './transcript';

const T0 = Date.UTC(2026, 2, 1, 2);

function open() {
  const db = openDatabase(':memory:');
  const clock = virtualClock(Date.UTC(2026, 5, 1));
  return { db, clock, chat: createChatService(db, clock, { timeZone: () => 'Asia/Shanghai' }) };
}

const file = (events: unknown[]) => bytesSource(new Uint8Array(Buffer.from(JSON.stringify({ timezone: 'Asia/Shanghai', events }))));
const lines = (events: unknown[]) => bytesSource(new Uint8Array(Buffer.from(['{"timezone":"Asia/Shanghai"}', ...events.map((e) => JSON.stringify(e))].join('\n'))));
const iso = (ms: number) => new Date(ms).toISOString();
const said = (s: number, text: string, buyer = 'tb_8812', type = 'buyer') => ({ at: iso(T0 + s * 1000), type, buyer, text });

function counts(db: ReturnType<typeof openDatabase>) {
  const n = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
  return { buyer: n('buyer'), conversation: n('conversation'), message: n('message'), order_event: n('order_event'), status_change: n('status_change'), conversation_close: n('conversation_close') };
}

const SHIFT = [
  { ...said(0, '在吗'), nickname: '小王' },
  said(0, '在吗'), // sent twice in the same second: two messages
  said(20, '亲，在的', 'tb_8812', 'agent'),
  { ...said(21, '您好，欢迎光临', 'tb_8812', 'agent'), auto: true },
  { at: iso(T0 + 300_000), type: 'order', buyer: 'tb_8812', amount: 199 },
  { at: iso(T0 + 360_000), type: 'order', buyer: 'tb_8812', amount: 199, paid: true },
  { at: iso(T0 + 400_000), type: 'status', status: 'busy' },
  { at: iso(T0 + 1_800_000), type: 'close', buyer: 'tb_8812' },
  { ...said(5, '包邮吗', 'tb_2'), nickname: '阿花', auto: true },
];

describe('history import', () => {
  it('stores every kind of event; importing the same file again adds nothing', () => {
    const { db, chat } = open();
    expect(chat.importTranscript(file(SHIFT))).toMatchObject({ buyers: 2, messages: 5, orders: 2, duplicates: 0, statuses: 1, closes: 1, events: 9 });
    const before = counts(db);
    expect(before).toEqual({ buyer: 2, conversation: 2, message: 5, order_event: 2, status_change: 1, conversation_close: 1 });
    expect(chat.importTranscript(file(SHIFT))).toMatchObject({ buyers: 0, messages: 0, orders: 0, statuses: 0, closes: 0, duplicates: 9 });
    expect(chat.importTranscript(lines(SHIFT))).toMatchObject({ messages: 0, duplicates: 9 });
    expect(counts(db)).toEqual(before);
    const rows = db.prepare(`SELECT sender, automatic, state, body FROM message ORDER BY id`).all();
    expect(rows).toEqual([
      { sender: 'buyer', automatic: 0, state: null, body: '在吗' },
      { sender: 'buyer', automatic: 0, state: null, body: '在吗' },
      { sender: 'buyer', automatic: 1, state: null, body: '包邮吗' },
      { sender: 'agent', automatic: 0, state: 'sent', body: '亲，在的' },
      { sender: 'autoReply', automatic: 1, state: 'sent', body: '您好，欢迎光临' },
    ]);
    expect(db.prepare(`SELECT amount_fen, paid FROM order_event ORDER BY id`).all()).toEqual([
      { amount_fen: 19900, paid: 0 },
      { amount_fen: 19900, paid: 1 },
    ]);
    db.close();
  });

  it('adds only what a longer file has beyond what is stored, counting identical events as copies', () => {
    const { db, chat } = open();
    chat.importTranscript(file([said(0, '在吗'), said(10, '发货了吗')]));
    const more = [said(0, '在吗'), said(0, '在吗'), said(10, '发货了吗'), said(30, '人呢')];
    expect(chat.importTranscript(file(more))).toMatchObject({ messages: 2, duplicates: 2 });
    expect(db.prepare(`SELECT body FROM message ORDER BY id`).pluck().all()).toEqual(['在吗', '在吗', '发货了吗', '人呢']);
    expect(chat.importTranscript(file(more))).toMatchObject({ messages: 0, duplicates: 4 });
    db.close();
  });

  it('refuses a file with one bad event whole: nothing stored, not even the buyers before it', () => {
    const { db, chat } = open();
    chat.importTranscript(file([said(0, '在吗')]));
    const before = counts(db);
    const bad = [said(1, '一'), { ...said(2, '二'), buyer: 'new-buyer' }, { at: iso(T0), type: 'order', buyer: 'x', amount: 1 }, { ...said(3, '三'), at: '2026-03-01 10:00' }];
    let error: unknown;
    try {
      chat.importTranscript(file(bad));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XiaoniuError);
    expect(error).toMatchObject({ code: 'history.badAt', params: { index: 3 } });
    expect(counts(db)).toEqual(before);
    expect(chat.search('二')).toEqual([]);
    db.close();
  });

  it('keeps the file order of events in the same millisecond, across kinds, and sorts the rest by time', () => {
    const { db, chat } = open();
    const t = iso(T0);
    chat.importTranscript(
      file([
        said(9, '最后'),
        { at: t, type: 'order', buyer: 'tb_8812', amount: 50, paid: true },
        { at: t, type: 'buyer', buyer: 'tb_8812', text: '付好了' },
        { at: t, type: 'close', buyer: 'tb_8812' },
        { at: t, type: 'status', status: 'away' },
      ]),
    );
    let out = '';
    chat.exportHistory('json', {}, (c) => (out += c));
    expect(out.split('\n').slice(1, -2).map((l) => JSON.parse(l.replace(/,$/, '')).type)).toEqual(['order', 'buyer', 'close', 'status', 'buyer']);
    db.close();
  });

  it('recognises live messages in a transcript exported from the same database', () => {
    const { db, clock, chat } = open();
    clock.set(T0);
    chat.appendMessage({ channel: 'simulator', buyerId: 'sim-1', nickname: '模拟买家1', sender: 'buyer', body: '有优惠吗' });
    clock.advance(1234);
    chat.appendMessage({ channel: 'simulator', buyerId: 'sim-1', sender: 'agent', body: '亲，满 199 减 20' });
    let out = '';
    chat.exportHistory('json', {}, (c) => (out += c));
    expect(chat.importTranscript(bytesSource(new Uint8Array(Buffer.from(out))))).toMatchObject({ buyers: 0, messages: 0, duplicates: 2 });
    db.close();
  });

  it('marks imported history read, keeps nicknames current and first-seen times earliest', () => {
    const { db, chat } = open();
    chat.importTranscript(file([{ ...said(100, '在吗'), nickname: '小王' }]));
    chat.importTranscript(file([{ ...said(50, '早一点的消息'), nickname: '王小二' }]));
    const [contact] = chat.listContacts();
    expect(contact).toMatchObject({ unread: 0, buyer: { nickname: '王小二', firstSeenAt: T0 + 50_000 }, lastMessage: { body: '在吗' } });
    db.close();
  });

  it('refuses a thousand-and-first event in one millisecond, storing nothing', () => {
    const { db, chat } = open();
    const many = Array.from({ length: 1001 }, (_, i) => said(0, `#${i}`));
    expect(() => chat.importTranscript(file(many))).toThrow(/history.tooManyAtOnce/);
    expect(counts(db).message).toBe(0);
    expect(chat.importTranscript(file(many.slice(0, 1000)))).toMatchObject({ messages: 1000 });
    db.close();
  });
});
