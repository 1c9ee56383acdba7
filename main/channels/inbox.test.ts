import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { createChatService } from '../chat/service';
import type { ChatEvents } from '../chat/events';
import { MAX_TEXT } from '../chat/transcript';
import { createInbox } from './inbox';

const T0 = Date.UTC(2026, 2, 1, 2);

function setup() {
  const db = openDatabase(':memory:');
  const clock = virtualClock(T0);
  const chat = createChatService(db, clock, { timeZone: () => 'Asia/Shanghai' });
  const events: [string, unknown][] = [];
  const logged: string[] = [];
  let connected = 0;
  const inbox = createInbox('simulator', {
    chat,
    emit: (e, p) => events.push([e, p]),
    connected: () => connected++,
    log: (m) => logged.push(m),
  });
  return { db, chat, inbox, events, logged, connected: () => connected };
}

describe('the inbox', () => {
  it('stores a redelivered message once and announces it once, with its contact row', () => {
    const { db, inbox, events } = setup();
    const m = { buyerId: 'sim-a', nickname: '小王', body: '在吗', channelMessageId: 'r1:sim-a:1' };
    inbox.message(m);
    inbox.message(m);
    inbox.message({ ...m, body: '在吗？？' }); // same id, even with other text: a redelivery
    expect(db.prepare('SELECT count(*) FROM message').pluck().get()).toBe(1);
    expect(events).toHaveLength(1);
    const [name, payload] = events[0] as ['chat.message', ChatEvents['chat.message']];
    expect(name).toBe('chat.message');
    expect(payload.message).toMatchObject({ sender: 'buyer', body: '在吗', channelMessageId: 'r1:sim-a:1', automatic: false, state: null });
    expect(payload.contact).toMatchObject({ conversationId: payload.message.conversationId, unread: 1, closed: false, lastMessage: payload.message });
    expect(payload.contact.buyer).toMatchObject({ channel: 'simulator', buyerId: 'sim-a', nickname: '小王' });
  });

  it("keeps another shop's bot's own automatic marker, stores order events, and wakes the outbox on connect", () => {
    const { db, inbox, events, connected } = setup();
    inbox.message({ buyerId: 'sim-bot', body: '您好', channelMessageId: 'x', automatic: true });
    expect(db.prepare('SELECT automatic FROM message').pluck().get()).toBe(1);
    inbox.order({ buyerId: 'sim-bot', amountFen: 12990, paid: false });
    inbox.order({ buyerId: 'sim-bot', amountFen: 12990, paid: true });
    expect(db.prepare('SELECT amount_fen, paid FROM order_event ORDER BY id').all()).toEqual([
      { amount_fen: 12990, paid: 0 },
      { amount_fen: 12990, paid: 1 },
    ]);
    inbox.state('connecting');
    expect(connected()).toBe(0);
    inbox.state('connected');
    expect(connected()).toBe(1);
    expect(events.slice(1)).toEqual([
      ['chat.connection', { channel: 'simulator', state: 'connecting' }],
      ['chat.connection', { channel: 'simulator', state: 'connected' }],
    ]);
  });

  it('logs and drops what the store refuses, without throwing into the channel', () => {
    const { inbox, events, logged } = setup();
    expect(() => inbox.message({ buyerId: 'sim-a', body: 'x'.repeat(MAX_TEXT + 1), channelMessageId: 'big' })).not.toThrow();
    expect(() => inbox.order({ buyerId: 'sim-a', amountFen: -1, paid: true })).not.toThrow();
    expect(events).toEqual([]);
    expect(logged.join('\n')).toMatch(/chat\.messageTooLong[\s\S]*chat\.badAmount/);
  });
});
