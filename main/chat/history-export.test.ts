import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { csvCell } from '../packs/csv';
import { createChatService } from './service';
import { bytesSource } from './transcript';
import type { HistoryFilter, HistoryFormat, HistoryLabels } from './history-export';

const T0 = Date.UTC(2026, 2, 1, 2); // 2026-03-01 10:00 in Shanghai

function open(zone = 'Asia/Shanghai') {
  const db = openDatabase(':memory:');
  const clock = virtualClock(T0);
  return { db, clock, chat: createChatService(db, clock, { timeZone: () => zone }) };
}

type Chat = ReturnType<typeof open>['chat'];

const LABELS: HistoryLabels = {
  csvHeader: ['时间（Asia/Shanghai）', '买家', '昵称', '类型', '内容'],
  kinds: { buyer: '买家', buyerAuto: '买家（自动）', agent: '客服', agentAuto: '自动回复', order: '下单', paid: '付款', status: '状态', close: '结束会话' },
  statuses: { online: '在线', busy: '忙碌', away: '离开', suspended: '挂起' },
  txtTitle: (tz) => `聊天记录（时区 ${tz}）`,
  txtBuyer: (id, nick) => `==== 买家 ${id}${nick ? `（${nick}）` : ''} ====`,
  txtBuyerName: (id, nick, auto) => (nick ?? id) + (auto ? '（自动）' : ''),
  txtAgentName: (auto) => (auto ? '客服（自动回复）' : '客服'),
  txtOrder: (amount, paid) => `【${paid ? '付款' : '下单'} ¥${amount}】`,
  txtClose: '【结束会话】',
  txtEmpty: '（没有聊天记录）',
};

function exported(chat: Chat, format: HistoryFormat, filter: HistoryFilter = {}): string {
  let out = '';
  chat.exportHistory(format, filter, (c) => (out += c), LABELS);
  return out;
}

const importText = (chat: Chat, text: string) => chat.importTranscript(bytesSource(new Uint8Array(Buffer.from(text))));
const iso = (ms: number) => new Date(ms).toISOString();

// Random histories: every event kind, ties, late arrivals, texts with quotes, line breaks, emoji
// and formula starts, buyers on two channels with and without nicknames.
const textArb = fc.array(fc.constantFrom('亲', '在', '吗', ' ', '\n', '"', ',', '=', '😊', 'Ａ', 'a', '-', '\\'), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
const buyerArb = fc.record({ buyer: fc.constantFrom('tb_1', 'tb_2', '1003'), channel: fc.constantFrom(undefined, 'simulator'), nickname: fc.constantFrom(undefined, '小王', '阿花') });
const eventArb = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 200_000 })), buyerArb, fc.integer({ min: 0, max: 9 }), textArb, fc.boolean(), fc.integer({ min: 0, max: 99_999 })).map(([ms, who, kind, text, auto, fen]) => {
  const at = iso(T0 + ms * 7);
  const b = { buyer: who.buyer, ...(who.channel ? { channel: who.channel } : {}), ...(who.nickname ? { nickname: who.nickname } : {}) };
  if (kind < 4) return { at, type: 'buyer', ...b, text, ...(auto ? { auto } : {}) };
  if (kind < 7) return { at, type: 'agent', ...b, text, ...(auto ? { auto } : {}) };
  if (kind === 7) return { at, type: 'order', ...b, amount: fen / 100, paid: auto };
  if (kind === 8) return { at, type: 'close', ...b };
  return { at, type: 'status', status: auto ? 'busy' : 'online' };
});

describe('history export', () => {
  it('json: export → import into an empty database → export gives the same bytes', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'UTC'), (events, zone) => {
        const a = open(zone);
        importText(a.chat, JSON.stringify({ timezone: 'Asia/Shanghai', events }));
        const first = exported(a.chat, 'json');
        const b = open(zone);
        importText(b.chat, first);
        expect(exported(b.chat, 'json')).toBe(first);
        // And the export is a transcript holding every event (none lost, none invented).
        expect(JSON.parse(first).events).toHaveLength(events.length);
        a.db.close();
        b.db.close();
      }),
      { numRuns: 150 },
    );
  });

  it('json: times carry the agent offset, a buyer is named once, their channel kept', () => {
    const { db, chat } = open();
    importText(
      chat,
      JSON.stringify({
        timezone: 'UTC',
        events: [
          { at: '2026-03-01T02:00:05Z', type: 'buyer', buyer: 'sim-1', channel: 'simulator', nickname: '模拟买家', text: '在吗' },
          { at: '2026-03-01T02:00:06.250Z', type: 'agent', buyer: 'sim-1', channel: 'simulator', text: '在的', auto: true },
          { at: '2026-03-01T02:01:00Z', type: 'order', buyer: 'sim-1', channel: 'simulator', amount: 88.8, paid: true },
        ],
      }),
    );
    expect(exported(chat, 'json')).toBe(
      '{"timezone":"Asia/Shanghai","events":[\n' +
        '{"at":"2026-03-01T10:00:05+08:00","type":"buyer","buyer":"sim-1","channel":"simulator","nickname":"模拟买家","text":"在吗"},\n' +
        '{"at":"2026-03-01T10:00:06.250+08:00","type":"agent","buyer":"sim-1","channel":"simulator","text":"在的","auto":true},\n' +
        '{"at":"2026-03-01T10:01:00+08:00","type":"order","buyer":"sim-1","channel":"simulator","amount":88.8,"paid":true}\n' +
        ']}\n',
    );
    db.close();
  });

  it('selects local days in the agent time zone and the buyers asked for', () => {
    const { db, chat } = open();
    // 23:59:59 on 1 March and 00:00:00 on 2 March in Shanghai.
    importText(
      chat,
      JSON.stringify({
        timezone: 'Asia/Shanghai',
        events: [
          { at: '2026-03-01T23:59:59+08:00', type: 'buyer', buyer: 'a', text: '一号' },
          { at: '2026-03-02T00:00:00+08:00', type: 'buyer', buyer: 'b', text: '二号' },
          { at: '2026-03-02T23:59:59.999+08:00', type: 'buyer', buyer: 'a', text: '二号晚' },
          { at: '2026-03-03T00:00:00+08:00', type: 'buyer', buyer: 'a', text: '三号' },
        ],
      }),
    );
    const texts = (filter: HistoryFilter) => JSON.parse(exported(chat, 'json', filter)).events.map((e: { text: string }) => e.text);
    expect(texts({ from: '2026-03-02', to: '2026-03-02' })).toEqual(['二号', '二号晚']);
    expect(texts({ to: '2026-03-01' })).toEqual(['一号']);
    expect(texts({ from: '2026-03-02', buyerIds: ['a'] })).toEqual(['二号晚', '三号']);
    expect(texts({ buyerIds: ['a', 'b'] })).toHaveLength(4);
    expect(() => exported(chat, 'json', { buyerIds: ['nobody'] })).toThrow(/history.unknownBuyer/);
    expect(() => exported(chat, 'json', { from: '2026-02-30' })).toThrow(/history.badDate/);
    expect(() => exported(chat, 'json', { from: '2026-03-02', to: '2026-03-01' })).toThrow(/history.badRange/);
    db.close();
  });

  it('leaves out messages that never left the outbox', () => {
    const { db, chat } = open();
    chat.appendMessage({ channel: 'simulator', buyerId: 's', sender: 'buyer', body: '在吗' });
    chat.appendMessage({ channel: 'simulator', buyerId: 's', sender: 'agent', body: '发送中', state: 'pending' });
    chat.appendMessage({ channel: 'simulator', buyerId: 's', sender: 'agent', body: '发送失败', state: 'failed' });
    chat.appendMessage({ channel: 'simulator', buyerId: 's', sender: 'agent', body: '已送达', state: 'sent' });
    expect(JSON.parse(exported(chat, 'json')).events.map((e: { text: string }) => e.text)).toEqual(['在吗', '已送达']);
    db.close();
  });

  it('csv: escapes cells exactly as phrase packs do, one row per event', () => {
    const { db, chat } = open();
    const nasty = '=HYPERLINK("http://evil.example","点我")';
    importText(
      chat,
      JSON.stringify({
        timezone: 'Asia/Shanghai',
        events: [
          { at: '2026-03-01T10:00:05+08:00', type: 'buyer', buyer: 'tb_1', nickname: '+小王', text: nasty },
          { at: '2026-03-01T10:00:06+08:00', type: 'agent', buyer: 'tb_1', text: '第一行\n第二行, "引号"' },
          { at: '2026-03-01T10:01:00+08:00', type: 'order', buyer: 'tb_1', amount: 5.5, paid: true },
          { at: '2026-03-01T10:02:00+08:00', type: 'status', status: 'busy' },
        ],
      }),
    );
    const csv = exported(chat, 'csv');
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe('时间（Asia/Shanghai）,买家,昵称,类型,内容');
    expect(rows[1]).toBe(`2026-03-01 10:00:05,tb_1,${csvCell('+小王')},买家,${csvCell(nasty)}`);
    expect(rows[1]).toContain(`'=HYPERLINK(""http://evil.example"",""点我"")`);
    // The nickname's leading + is escaped with an apostrophe and quoted, as phrase packs write it.
    expect(rows[2]).toBe(`2026-03-01 10:00:06,tb_1,${csvCell('+小王')},客服,"第一行\n第二行, ""引号"""`);
    expect(rows[3]).toBe(`2026-03-01 10:01:00,tb_1,${csvCell('+小王')},付款,5.50`);
    expect(csvCell('+小王')).toBe(`"'+小王"`);
    expect(rows[4]).toBe('2026-03-01 10:02:00,,,状态,忙碌');
    expect(rows[5]).toBe('');
    db.close();
  });

  it('txt: a chat log per buyer, with day headings and indented continuation lines', () => {
    const { db, chat } = open();
    importText(
      chat,
      JSON.stringify({
        timezone: 'Asia/Shanghai',
        events: [
          { at: '2026-03-01T23:59:00+08:00', type: 'buyer', buyer: 'tb_1', nickname: '小王', text: '还在吗' },
          { at: '2026-03-01T23:59:30+08:00', type: 'buyer', buyer: 'tb_2', text: '包邮吗', auto: true },
          { at: '2026-03-02T00:00:10+08:00', type: 'agent', buyer: 'tb_1', text: '在的\n请讲', auto: true },
          { at: '2026-03-02T00:01:00+08:00', type: 'order', buyer: 'tb_1', amount: 199, paid: false },
          { at: '2026-03-02T00:02:00+08:00', type: 'status', status: 'away' },
          { at: '2026-03-02T00:05:00+08:00', type: 'close', buyer: 'tb_1' },
        ],
      }),
    );
    expect(exported(chat, 'txt').split('\r\n')).toEqual([
      '聊天记录（时区 Asia/Shanghai）',
      '',
      '==== 买家 tb_1（小王） ====',
      '—— 2026-03-01 ——',
      '23:59:00 小王: 还在吗',
      '—— 2026-03-02 ——',
      '00:00:10 客服（自动回复）: 在的',
      '         请讲',
      '00:01:00 【下单 ¥199.00】',
      '00:05:00 【结束会话】',
      '',
      '==== 买家 tb_2 ====',
      '—— 2026-03-01 ——',
      '23:59:30 tb_2（自动）: 包邮吗',
      '',
    ]);
    expect(exported(chat, 'txt', { from: '2026-04-01' })).toBe('聊天记录（时区 Asia/Shanghai）\r\n\r\n（没有聊天记录）\r\n');
    db.close();
  });
});
