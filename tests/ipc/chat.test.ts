import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app';
import { virtualClock } from '../../main/shared/clock';
import type { AppEvents, EventName } from '../../main/ipc/contract';

/**
 * The chat window's contract slice (main/chat/api.ts) through the app's one validated entry point,
 * as a window calls it: ids checked against the store, the outbox's queue fed, every change pushed
 * as an event.
 */

const T0 = Date.UTC(2026, 2, 1, 2); // 2026-03-01 10:00 in Shanghai
let app: App;
let clock: ReturnType<typeof virtualClock>;
let events: { name: EventName; payload: AppEvents[EventName] }[];

async function call<T = unknown>(method: string, args: unknown): Promise<T> {
  const r = await app.call(method, args);
  if (!r.ok) throw Object.assign(new Error(r.error.code), { code: r.error.code, params: r.error.params });
  return r.value as T;
}
async function fails(method: string, args: unknown): Promise<string> {
  const r = await app.call(method, args);
  expect(r.ok, `${method} ${JSON.stringify(args)} should fail`).toBe(false);
  return r.ok ? '' : r.error.code;
}

function buyerSays(buyerId: string, body: string, nickname = buyerId) {
  return app.chat.appendMessage({ channel: 'simulator', buyerId, nickname, sender: 'buyer', body }).message;
}

beforeEach(async () => {
  clock = virtualClock(T0);
  app = await createApp({ dbFile: ':memory:', clock, log: () => {} });
  app.settings.set('timezone', 'Asia/Shanghai');
  events = [];
  app.onEvent((name, payload) => events.push({ name, payload }));
});
afterEach(async () => {
  await app.close();
});

describe('chat slice', () => {
  it('lists contacts by last activity with unread counts, pages them and searches nicknames', async () => {
    buyerSays('tb_1', '在吗', '小王');
    clock.advance(1000);
    buyerSays('tb_2', '有货吗', 'Alice');
    clock.advance(1000);
    buyerSays('tb_2', '急', 'Alice');
    const all = await call<{ buyer: { nickname: string }; unread: number; lastMessage: { id: number } }[]>('chat.contacts', { limit: 10 });
    expect(all.map((c) => [c.buyer.nickname, c.unread])).toEqual([['Alice', 2], ['小王', 1]]);
    const page2 = await call<unknown[]>('chat.contacts', { limit: 10, before: all[0]!.lastMessage.id });
    expect(page2).toHaveLength(1);
    expect((await call<{ buyer: { nickname: string } }[]>('chat.contacts', { limit: 10, query: 'alice' })).map((c) => c.buyer.nickname)).toEqual(['Alice']);
    expect((await call<{ buyer: { nickname: string } }[]>('chat.contacts', { limit: 10, query: '小' })).map((c) => c.buyer.nickname)).toEqual(['小王']);
    expect(await call('chat.totalUnread', {})).toBe(3);
  });

  it('marks read (never past the newest message) and pushes the contact row', async () => {
    const m = buyerSays('tb_1', '在吗');
    const conversationId = m.conversationId;
    const c = await call<{ unread: number }>('chat.markRead', { conversationId, upTo: m.id + 10_000_000 });
    expect(c.unread).toBe(0);
    expect(events.map((e) => e.name)).toEqual(['chat.contact']);
    // A message that arrives later is unread, although the window asked for a watermark past it.
    clock.advance(5000);
    buyerSays('tb_1', '还在吗');
    expect(await call('chat.totalUnread', {})).toBe(1);
  });

  it('queues the agent message pending, once per client id, kicks the outbox and pushes it', async () => {
    const { conversationId } = buyerSays('tb_1', '在吗');
    const msg = await call<{ state: string; sender: string; body: string }>('chat.send', { conversationId, body: '亲，在的', clientId: 'c0ffee-0001', composed: 'suggestion' });
    expect(msg).toMatchObject({ state: 'pending', sender: 'agent', body: '亲，在的', composed: 'suggestion' });
    const again = await call('chat.send', { conversationId, body: '亲，在的', clientId: 'c0ffee-0001', composed: 'suggestion' });
    expect(again).toMatchObject({ ...msg, state: expect.any(String) });
    // The outbox was kicked: no channel runs in this app, so nothing reaches the buyer and the
    // message fails at once (docs/channels.md "The outbox") — the window shows 发送失败 with 重发.
    expect(events).toContainEqual({ name: 'chat.messageState', payload: { messageId: (msg as unknown as { id: number }).id, conversationId, state: 'failed' } });
    expect(app.chat.messages(conversationId, 10).map((m) => [m.body, m.composed])).toEqual([['在吗', null], ['亲，在的', 'suggestion']]);
    expect(events.filter((e) => e.name === 'chat.message')).toHaveLength(1);
    // Answering reads the conversation.
    expect(await call('chat.totalUnread', {})).toBe(0);
    const other = buyerSays('tb_2', 'hi');
    expect(await fails('chat.send', { conversationId: other.conversationId, body: 'x', clientId: 'c0ffee-0001', composed: 'typed' })).toBe('chat.clientIdTaken');
  });

  it('refuses bad ids, empty and oversized bodies, and a conversation that does not exist', async () => {
    const { conversationId } = buyerSays('tb_1', '在吗');
    expect(await fails('chat.send', { conversationId: 999, body: 'x', clientId: 'abcdefgh', composed: 'typed' })).toBe('chat.conversationNotFound');
    expect(await fails('chat.send', { conversationId, body: '', clientId: 'abcdefgh', composed: 'typed' })).toBe('chat.messageEmpty');
    expect(await fails('chat.send', { conversationId, body: 'x'.repeat(20_001), clientId: 'abcdefgh', composed: 'typed' })).toBe('chat.messageTooLong');
    expect(await fails('chat.send', { conversationId, body: 'x', clientId: '<script>', composed: 'typed' })).toBe('ipc.badArgument');
    // How it was composed is one of three words, and a window must say it.
    expect(await fails('chat.send', { conversationId, body: 'x', clientId: 'abcdefgh', composed: 'pasted' })).toBe('ipc.badArgument');
    expect(await fails('chat.send', { conversationId, body: 'x', clientId: 'abcdefgh', composed: null })).toBe('ipc.badArgument');
    expect(await fails('chat.send', { conversationId, body: 'x', clientId: 'abcdefgh' })).toBe('ipc.badArgument');
    expect(app.chat.messages(conversationId, 10).map((m) => m.body)).toEqual(['在吗']);
    expect(await fails('chat.messages', { conversationId: -1, limit: 10 })).toBe('ipc.badArgument');
    expect(await fails('chat.messages', { conversationId, limit: 201 })).toBe('ipc.badArgument');
    expect(await fails('chat.messages', { conversationId: 1.5, limit: 10 })).toBe('ipc.badArgument');
    expect(await fails('chat.markRead', { conversationId: 77 })).toBe('chat.conversationNotFound');
    expect(await fails('chat.close', { conversationId: 77 })).toBe('chat.conversationNotFound');
    expect(await fails('chat.around', { messageId: 12345 })).toBe('chat.messageNotFound');
    expect(await fails('chat.retry', { messageId: 12345 })).toBe('chat.messageNotFound');
    expect(await fails('history.search', { query: '  ', limit: 10 })).toBe('history.emptyQuery');
  });

  it('retries only a failed message, back to pending, and says so', async () => {
    const { conversationId } = buyerSays('tb_1', '在吗');
    const msg = await call<{ id: number }>('chat.send', { conversationId, body: '在的', clientId: 'retry-0001', composed: 'typed' });
    // No channel reaches the buyer here, so the outbox has failed it already.
    expect(app.chat.messages(conversationId, 10).at(-1)!.state).toBe('failed');
    events = [];
    expect(await call('chat.retry', { messageId: msg.id })).toMatchObject({ state: 'pending' });
    // Back to pending, and the outbox tries again at once (and fails again: still no channel).
    expect(events.slice(0, 2)).toEqual([
      { name: 'chat.messageState', payload: { messageId: msg.id, conversationId, state: 'pending' } },
      { name: 'chat.messageState', payload: { messageId: msg.id, conversationId, state: 'failed' } },
    ]);
    app.db.prepare(`UPDATE message SET state = 'sent' WHERE id = ?`).run(msg.id);
    expect(await fails('chat.retry', { messageId: msg.id })).toBe('chat.notFailed');
  });

  it('closes a conversation (结束会话) until the buyer writes again', async () => {
    const { conversationId } = buyerSays('tb_1', '好的谢谢');
    clock.advance(1000);
    expect(await call('chat.close', { conversationId })).toMatchObject({ closed: true });
    clock.advance(1000);
    buyerSays('tb_1', '还有个问题');
    expect(await call('chat.contact', { conversationId })).toMatchObject({ closed: false });
  });

  it('opens a search hit with its neighbours around it, newest hits first', async () => {
    let target = 0;
    for (let i = 0; i < 200; i++) {
      clock.advance(1000);
      const m = buyerSays('tb_1', i === 120 ? '请问什么时候发货' : `消息 ${i}`);
      if (i === 120) target = m.id;
      clock.advance(1000);
      buyerSays('tb_2', i % 50 === 0 ? '发货了吗' : `别的 ${i}`);
    }
    const hits = await call<{ message: { id: number; body: string; createdAt: number } }[]>('history.search', { query: '发货', limit: 3 });
    expect(hits).toHaveLength(3);
    expect(hits[0]!.message.createdAt).toBeGreaterThan(hits[1]!.message.createdAt);
    const around = await call<{ contact: { buyer: { buyerId: string } }; messages: { id: number }[] }>('chat.around', { messageId: target });
    expect(around.contact.buyer.buyerId).toBe('tb_1');
    const at = around.messages.findIndex((m) => m.id === target);
    expect(at).toBe(40);
    expect(around.messages).toHaveLength(81);
  });

  it('gives the variables in the agent time zone; unset settings are null', async () => {
    const { conversationId } = buyerSays('tb_1', '在吗', '小王');
    clock.set(Date.UTC(2026, 2, 1, 16, 5)); // 2026-03-02 00:05 in Shanghai
    expect(await call('chat.variables', { conversationId })).toMatchObject({ buyer: '小王', agent: null, shop: null, date: '2026-03-02', time: '00:05', timeZone: 'Asia/Shanghai' });
    app.settings.set('shopName', '小牛旗舰店');
    app.settings.set('agentNickname', '  ');
    expect(await call('chat.variables', {})).toMatchObject({ buyer: null, agent: null, shop: '小牛旗舰店' });
  });

  it('exports one conversation, its buyer only, in the asked language', async () => {
    const { conversationId } = buyerSays('tb_1', '=HYPERLINK("http://x")');
    buyerSays('tb_2', '别人的消息');
    const csv = await call<{ text: string; fileName: string }>('chat.exportConversation', { conversationId, format: 'csv', locale: 'en' });
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text).toContain("'=HYPERLINK");
    expect(csv.text).not.toContain('别人的消息');
    expect(csv.fileName).toBe('xiaoniu-tb_1-20260301.csv');
    const json = JSON.parse((await call<{ text: string }>('chat.exportConversation', { conversationId, format: 'json' })).text) as { events: { buyer: string }[] };
    expect(json.events.map((e) => e.buyer)).toEqual(['tb_1']);
  });
});

describe('chat slice paging', () => {
  it('pages back and forward from a message, oldest first', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      clock.advance(1000);
      ids.push(buyerSays('tb_1', `m${i}`).id);
    }
    const conversationId = app.chat.contact(1).conversationId;
    const back = await call<{ body: string }[]>('chat.messages', { conversationId, limit: 3, beforeId: ids[10] });
    expect(back.map((m) => m.body)).toEqual(['m7', 'm8', 'm9']);
    const fwd = await call<{ body: string }[]>('chat.messages', { conversationId, limit: 3, afterId: ids[10] });
    expect(fwd.map((m) => m.body)).toEqual(['m11', 'm12', 'm13']);
  });
});
