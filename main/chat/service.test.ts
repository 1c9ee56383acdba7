import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../store/db';
import { virtualClock } from '../shared/clock';
import { isXiaoniuError } from '../shared/errors';
import { createChatService } from './service';

const T0 = Date.UTC(2026, 2, 1, 2); // 10:00 in Shanghai

function tempDb(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-chat-')), 'x.db');
}

function open(file = ':memory:') {
  const db = openDatabase(file);
  const clock = virtualClock(T0);
  return { db, clock, chat: createChatService(db, clock, { timeZone: () => 'Asia/Shanghai' }) };
}

const buyerSays = (body: string, extra: Record<string, unknown> = {}) => ({ channel: 'simulator', buyerId: 'tb_8812', nickname: '小王', sender: 'buyer' as const, body, ...extra });

describe('conversations', () => {
  it('stores a redelivered message once (same channel id, same conversation), but another buyer may reuse the id', () => {
    const { db, chat } = open();
    const first = chat.appendMessage(buyerSays('在吗', { channelMessageId: 'm-1' }));
    const again = chat.appendMessage(buyerSays('在吗', { channelMessageId: 'm-1' }));
    expect(again).toEqual({ message: first.message, duplicate: true });
    const other = chat.appendMessage({ ...buyerSays('你好', { channelMessageId: 'm-1' }), buyerId: 'tb_9001' });
    expect(other.duplicate).toBe(false);
    expect(db.prepare('SELECT count(*) FROM message').pluck().get()).toBe(2);
    db.close();
  });

  it('stores a batch in order in one transaction: a redelivery inside the batch once, a refused message none of it', () => {
    const { db, chat } = open();
    const got = chat.appendMessages([
      buyerSays('在吗', { channelMessageId: 'a' }),
      buyerSays('在吗', { channelMessageId: 'a' }),
      { ...buyerSays('亲，在的'), sender: 'agent' },
    ]);
    expect(got.map((r) => r.duplicate)).toEqual([false, true, false]);
    expect(got[1]!.message).toEqual(got[0]!.message);
    expect(() => chat.appendMessages([buyerSays('好的'), buyerSays('')])).toThrow(/chat.messageEmpty/);
    expect(db.prepare('SELECT body FROM message ORDER BY id').pluck().all()).toEqual(['在吗', '亲，在的']);
    db.close();
  });

  it('stores a batch of stored and new buyers, on two channels, exactly as one message at a time would', () => {
    const batch = [
      buyerSays('在吗', { channelMessageId: 'x1', at: T0 + 10 }),
      { ...buyerSays('有货吗', { channelMessageId: 'x1', at: T0 + 20 }), channel: 'xmpp' },
      { ...buyerSays('我改名了', { channelMessageId: 'x2', at: T0 + 30 }), nickname: '王先生' },
      { ...buyerSays('新来的', { channelMessageId: 'x3', at: T0 + 40 }), buyerId: 'tb_new', nickname: '新客' },
      { ...buyerSays('亲，在的', { at: T0 + 50 }), sender: 'agent' as const },
      { ...buyerSays('再问一下', { channelMessageId: 'x4', at: T0 + 60 }), buyerId: 'tb_new' },
    ];
    const dump = (db: ReturnType<typeof open>['db']) => ({
      buyers: db.prepare('SELECT channel, channel_buyer_id, nickname, first_seen_at FROM buyer ORDER BY channel, channel_buyer_id').all(),
      conversations: db.prepare('SELECT b.channel_buyer_id, c.last_message_id, c.last_read_message_id FROM conversation c JOIN buyer b ON b.id = c.buyer_id ORDER BY b.channel, b.channel_buyer_id').all(),
      messages: db.prepare('SELECT id, conversation_id, sender, body, channel_message_id FROM message ORDER BY id').all(),
    });
    const seed = (chat: ReturnType<typeof open>['chat']) => {
      chat.appendMessage(buyerSays('早', { channelMessageId: 'old', at: T0 }));
      chat.appendMessage({ ...buyerSays('早', { channelMessageId: 'old', at: T0 }), channel: 'xmpp', nickname: 'Wang' });
    };
    const one = open();
    seed(one.chat);
    const single = batch.map((d) => one.chat.appendMessage(d).duplicate);
    const many = open();
    seed(many.chat);
    const batched = many.chat.appendMessages(batch).map((r) => r.duplicate);
    expect(batched).toEqual(single);
    expect(dump(many.db)).toEqual(dump(one.db));
    expect(dump(many.db).buyers).toHaveLength(3);
    one.db.close();
    many.db.close();
  });

  it('counts unread from the read watermark: exact after a restart, reset by reading or answering', () => {
    const file = tempDb();
    let { db, clock, chat } = open(file);
    chat.appendMessage(buyerSays('在吗'));
    clock.advance(5000);
    chat.appendMessage(buyerSays('这款有现货吗'));
    const conversationId = chat.listContacts()[0]!.conversationId;
    expect(chat.unreadCount(conversationId)).toBe(2);
    db.close();

    ({ db, clock, chat } = open(file));
    expect(chat.unreadCount(conversationId)).toBe(2);
    expect(chat.listContacts()[0]!.unread).toBe(2);
    chat.markRead(conversationId);
    expect(chat.unreadCount(conversationId)).toBe(0);
    db.close();

    ({ db, clock, chat } = open(file));
    expect(chat.unreadCount(conversationId)).toBe(0);
    clock.set(T0 + 60_000);
    chat.appendMessage(buyerSays('人呢？'));
    expect(chat.unreadCount(conversationId)).toBe(1);
    // The agent answering has read the conversation.
    clock.advance(1000);
    chat.appendMessage({ ...buyerSays('亲，在的'), sender: 'agent' });
    expect(chat.unreadCount(conversationId)).toBe(0);
    db.close();
  });

  it('totals unread over every conversation: the title and tray figure, equal to the per-conversation sum', () => {
    const { db, clock, chat } = open();
    expect(chat.totalUnread()).toBe(0);
    chat.appendMessage(buyerSays('在吗'));
    clock.advance(1000);
    chat.appendMessage({ ...buyerSays('你好'), buyerId: 'tb_2' });
    clock.advance(1000);
    chat.appendMessage({ ...buyerSays('发什么快递'), buyerId: 'tb_2' });
    clock.advance(1000);
    chat.appendMessage({ ...buyerSays('谢谢'), buyerId: 'tb_3' });
    chat.appendMessage({ ...buyerSays('不客气'), buyerId: 'tb_3', sender: 'agent' });
    const contacts = chat.listContacts();
    expect(chat.totalUnread()).toBe(3);
    expect(contacts.reduce((n, c) => n + c.unread, 0)).toBe(3);
    chat.markRead(contacts.find((c) => c.buyer.buyerId === 'tb_2')!.conversationId);
    expect(chat.totalUnread()).toBe(1);
    db.close();
  });

  it('lists contacts by last activity, with the last message, and closed until the buyer writes again', () => {
    const { db, clock, chat } = open();
    chat.appendMessage(buyerSays('在吗'));
    clock.advance(1000);
    chat.appendMessage({ ...buyerSays('包邮吗'), buyerId: 'tb_2', nickname: '阿花' });
    clock.advance(1000);
    chat.appendMessage({ ...buyerSays('亲，在的'), sender: 'agent' });
    const contacts = chat.listContacts();
    expect(contacts.map((c) => [c.buyer.nickname, c.lastMessage?.body, c.unread, c.closed])).toEqual([
      ['小王', '亲，在的', 0, false],
      ['阿花', '包邮吗', 1, false],
    ]);
    clock.advance(1000);
    chat.closeConversation(contacts[0]!.conversationId);
    expect(chat.listContacts()[0]!.closed).toBe(true);
    clock.advance(1000);
    chat.appendMessage(buyerSays('还有一个问题'));
    expect(chat.listContacts()[0]!.closed).toBe(false);
    // Paging: the second page starts after the first page's last row.
    const page1 = chat.listContacts(1);
    expect(chat.listContacts(1, page1[0]!.lastMessage!.id).map((c) => c.buyer.buyerId)).toEqual(['tb_2']);
    db.close();
  });

  it('orders messages by time even when older ones arrive later, and keeps arrival order within a millisecond', () => {
    const { db, chat } = open();
    chat.appendMessage(buyerSays('第三', { at: T0 + 2000 }));
    chat.appendMessage(buyerSays('第一', { at: T0 }));
    chat.appendMessage(buyerSays('第二 a', { at: T0 + 1000 }));
    chat.appendMessage(buyerSays('第二 b', { at: T0 + 1000 }));
    const conversationId = chat.listContacts()[0]!.conversationId;
    expect(chat.messages(conversationId).map((m) => m.body)).toEqual(['第一', '第二 a', '第二 b', '第三']);
    expect(chat.messages(conversationId, 2).map((m) => m.body)).toEqual(['第二 b', '第三']);
    const second = chat.messages(conversationId)[1]!;
    expect(chat.messagesAround(second.id, 1, 1).map((m) => m.body)).toEqual(['第一', '第二 a', '第二 b']);
    // The last activity is the newest message, not the last one stored.
    expect(chat.listContacts()[0]!.lastMessage!.body).toBe('第三');
    db.close();
  });

  it('refuses a thousand-and-first event in one millisecond rather than reorder it', () => {
    const { db, chat } = open();
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) chat.appendMessage(buyerSays(`#${i}`, { at: T0 }));
    })();
    let error: unknown;
    try {
      chat.appendMessage(buyerSays('one too many', { at: T0 }));
    } catch (e) {
      error = e;
    }
    expect(isXiaoniuError(error, 'history.tooManyAtOnce')).toBe(true);
    expect(db.prepare('SELECT count(*) FROM message').pluck().get()).toBe(1000);
    db.close();
  });

  it('keeps the store honest: an auto-reply is automatic, a buyer message has no delivery state', () => {
    const { db, chat } = open();
    const reply = chat.appendMessage({ ...buyerSays('亲，您好，客服稍后回复'), sender: 'autoReply', ruleId: 3 });
    expect(reply.message).toMatchObject({ sender: 'autoReply', automatic: true, ruleId: 3, state: 'sent' });
    expect(() => db.prepare(`UPDATE message SET automatic = 0 WHERE id = ?`).run(reply.message.id)).toThrow(/CHECK/);
    const said = chat.appendMessage(buyerSays('好的'));
    expect(() => db.prepare(`UPDATE message SET state = 'sent' WHERE id = ?`).run(said.message.id)).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE message SET created_at = created_at + 1 WHERE id = ?`).run(said.message.id)).toThrow(/CHECK/);
    db.close();
  });

  it('refuses an empty or oversized message', () => {
    const { db, chat } = open();
    expect(() => chat.appendMessage(buyerSays(''))).toThrow(/chat.messageEmpty/);
    expect(() => chat.appendMessage(buyerSays('亲'.repeat(20_001)))).toThrow(/chat.messageTooLong/);
    db.close();
  });
});

describe('status', () => {
  it('is online until changed; each change is stored with its time and announced once', () => {
    const db = openDatabase(':memory:');
    const clock = virtualClock(T0);
    const told: { status: string; at: number }[] = [];
    const chat = createChatService(db, clock, { timeZone: () => 'Asia/Shanghai', onStatus: (c) => told.push(c) });
    expect(chat.currentStatus()).toEqual({ status: 'online', at: null });
    clock.advance(60_000);
    expect(chat.setStatus('busy')).toEqual({ status: 'busy', at: T0 + 60_000 });
    clock.advance(1_000);
    // The same status again is not a change: nothing stored, nobody told, the old time kept.
    expect(chat.setStatus('busy')).toEqual({ status: 'busy', at: T0 + 60_000 });
    clock.advance(1_000);
    chat.setStatus('suspended');
    expect(chat.currentStatus()).toEqual({ status: 'suspended', at: T0 + 62_000 });
    expect(told).toEqual([
      { status: 'busy', at: T0 + 60_000 },
      { status: 'suspended', at: T0 + 62_000 },
    ]);
    expect(db.prepare('SELECT status, at FROM status_change ORDER BY id').all()).toEqual([
      { status: 'busy', at: T0 + 60_000 },
      { status: 'suspended', at: T0 + 62_000 },
    ]);
    // An older status imported later does not become the current one: newest by time wins.
    chat.recordStatus('away', T0);
    expect(chat.currentStatus().status).toBe('suspended');
    db.close();
  });
});
