import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../store/db';
import { virtualScheduler } from '../shared/scheduler';
import { XiaoniuError } from '../shared/errors';
import type { Channel, OutgoingMessage } from '../channels/channel';
import { createChatService } from './service';
import { createOutbox } from './outbox';
import type { ChatEvents } from './events';

/**
 * The outbox on a virtual scheduler: every retry and time-out below happens in virtual time, so
 * the back-off delays are checked to the millisecond without a real sleep.
 */
const T0 = Date.UTC(2026, 2, 1, 2);

/** A channel whose answer to each send the test decides: `take` (default), a failure code, or `hang`. */
function fakeChannel(name = 'simulator') {
  const taken = new Map<string, string>();
  const delivered: OutgoingMessage[] = [];
  const attempts: { at: number; clientId: string; body: string }[] = [];
  let plan: (m: OutgoingMessage) => 'take' | 'hang' | string = () => 'take';
  let now = () => 0;
  const channel: Channel = {
    name,
    state: 'connected',
    connect: async () => {},
    disconnect: async () => {},
    send(m) {
      attempts.push({ at: now(), clientId: m.clientId, body: m.body });
      const what = plan(m);
      if (what === 'hang') return new Promise(() => {});
      if (what !== 'take') return Promise.reject(new XiaoniuError(what));
      // Once per clientId, as channel.ts requires of every channel.
      let id = taken.get(m.clientId);
      if (id === undefined) {
        id = `ch-${taken.size + 1}`;
        taken.set(m.clientId, id);
        delivered.push(m);
      }
      return Promise.resolve({ channelMessageId: id });
    },
  };
  return {
    channel,
    delivered,
    attempts,
    setPlan: (p: typeof plan) => (plan = p),
    bindClock: (f: () => number) => (now = f),
  };
}

function setup(file = ':memory:', options: { maxAttempts?: number } = {}) {
  const db = openDatabase(file);
  const sched = virtualScheduler(T0);
  const chat = createChatService(db, sched, { timeZone: () => 'Asia/Shanghai' });
  const ch = fakeChannel();
  ch.bindClock(() => sched.now());
  const events: ChatEvents['chat.messageState'][] = [];
  const channels = new Map<string, Channel>([['simulator', ch.channel]]);
  const outbox = createOutbox({ db, scheduler: sched, channel: (n) => channels.get(n), emit: (_e, p) => events.push(p), ...options });
  const queue = (body: string, buyerId = 'sim-a', extra: { channel?: string; clientId?: string } = {}) =>
    chat.appendMessage({ channel: extra.channel ?? 'simulator', buyerId, sender: 'agent', body, state: 'pending', ...(extra.clientId ? { clientId: extra.clientId } : {}) }).message;
  const stateOf = (id: number) => db.prepare('SELECT state FROM message WHERE id = ?').pluck().get(id);
  return { db, sched, chat, ch, events, channels, outbox, queue, stateOf };
}

describe('outbox', () => {
  it('sends pending messages oldest first, records the channel id, gives a clientId to a message without one, emits sent', async () => {
    const { db, sched, ch, events, outbox, queue, stateOf } = setup();
    const a = queue('亲，在的');
    await sched.advance(1);
    const b = queue('请问有什么可以帮您？', 'sim-b', { clientId: 'c-fixed' });
    outbox.kick();
    await sched.advance(0);
    expect(ch.delivered.map((m) => m.body)).toEqual(['亲，在的', '请问有什么可以帮您？']);
    expect(ch.delivered[1]!.clientId).toBe('c-fixed');
    expect(ch.delivered[0]!.automatic).toBe(false);
    expect([stateOf(a.id), stateOf(b.id)]).toEqual(['sent', 'sent']);
    const rows = db.prepare('SELECT channel_message_id, client_id FROM message ORDER BY id').all() as { channel_message_id: string; client_id: string }[];
    expect(rows.map((r) => r.channel_message_id)).toEqual(['ch-1', 'ch-2']);
    expect(rows[0]!.client_id).toBe(ch.delivered[0]!.clientId);
    expect(events).toEqual([
      { messageId: a.id, conversationId: a.conversationId, state: 'sent' },
      { messageId: b.id, conversationId: b.conversationId, state: 'sent' },
    ]);
  });

  it('carries the automatic marker of an auto-reply into the channel payload', async () => {
    const { sched, chat, ch, outbox } = setup();
    chat.appendMessage({ channel: 'simulator', buyerId: 'sim-a', sender: 'autoReply', ruleId: 3, body: '您好，客服马上回来', state: 'pending' });
    outbox.kick();
    await sched.advance(0);
    expect(ch.delivered.map((m) => [m.body, m.automatic])).toEqual([['您好，客服马上回来', true]]);
  });

  it('retries a failing send with doubling back-off, capped, and sends once the channel takes it', async () => {
    const { sched, ch, outbox, queue, stateOf, events } = setup();
    let failures = 5;
    ch.setPlan(() => (failures-- > 0 ? 'channel.notConnected' : 'take'));
    const m = queue('亲，今天就能发货');
    outbox.kick();
    await sched.advance(60_000);
    // 1 s, 2 s, 4 s, 8 s, 16 s between the six attempts.
    expect(ch.attempts.map((a) => a.at - T0)).toEqual([0, 1000, 3000, 7000, 15_000, 31_000]);
    expect(new Set(ch.attempts.map((a) => a.clientId)).size).toBe(1);
    expect(stateOf(m.id)).toBe('sent');
    expect(events.map((e) => e.state)).toEqual(['sent']);
  });

  it('marks a message failed after the bounded attempts; 重发 puts it back and it goes', async () => {
    const { sched, ch, outbox, queue, stateOf, events } = setup(':memory:', { maxAttempts: 4 });
    ch.setPlan(() => 'channel.notConnected');
    const m = queue('亲，这款有现货');
    outbox.kick();
    await sched.advance(10 * 60_000);
    expect(ch.attempts).toHaveLength(4);
    expect(stateOf(m.id)).toBe('failed');
    expect(events).toEqual([{ messageId: m.id, conversationId: m.conversationId, state: 'failed' }]);
    // Nothing more is tried on its own.
    await sched.advance(60 * 60_000);
    expect(ch.attempts).toHaveLength(4);
    ch.setPlan(() => 'take');
    outbox.retry(m.id);
    await sched.advance(0);
    expect(stateOf(m.id)).toBe('sent');
    expect(events.map((e) => e.state)).toEqual(['failed', 'pending', 'sent']);
    expect(ch.delivered.map((d) => d.body)).toEqual(['亲，这款有现货']);
    expect(() => outbox.retry(m.id)).toThrow(/channel\.notFailed/);
    expect(() => outbox.retry(424242)).toThrow(/chat\.messageNotFound/);
  });

  it('fails at once on a permanent error, and for a buyer no running channel reaches (a transcript buyer)', async () => {
    const { sched, ch, outbox, queue, stateOf } = setup();
    ch.setPlan((m) => (m.body === '拒收' ? 'channel.rejected' : 'take'));
    const rejected = queue('拒收');
    const imported = queue('您好', 'tb_old', { channel: 'transcript' });
    outbox.kick();
    await sched.advance(0);
    expect(stateOf(rejected.id)).toBe('failed');
    expect(stateOf(imported.id)).toBe('failed');
    expect(ch.attempts).toHaveLength(1);
  });

  it("keeps each conversation's order: a message waiting for a retry holds back the later ones to that buyer, not other buyers'", async () => {
    const { sched, ch, outbox, queue, stateOf } = setup();
    let first = true;
    ch.setPlan((m) => (m.body === '第一句' && first ? ((first = false), 'channel.timeout') : 'take'));
    const one = queue('第一句');
    const two = queue('第二句');
    const other = queue('给另一位买家', 'sim-b');
    outbox.kick();
    await sched.advance(0);
    expect(ch.delivered.map((m) => m.body)).toEqual(['给另一位买家']);
    expect([stateOf(one.id), stateOf(two.id), stateOf(other.id)]).toEqual(['pending', 'pending', 'sent']);
    await sched.advance(1000);
    expect(ch.delivered.map((m) => m.body)).toEqual(['给另一位买家', '第一句', '第二句']);
  });

  it('a send the channel never answers times out and is retried with the same clientId: delivered once', async () => {
    const { sched, ch, outbox, queue, stateOf } = setup();
    let calls = 0;
    ch.setPlan(() => (calls++ === 0 ? 'hang' : 'take'));
    const m = queue('亲，已经给您备注了');
    outbox.kick();
    await sched.advance(29_999);
    expect(stateOf(m.id)).toBe('pending');
    await sched.advance(1 + 1000);
    expect(stateOf(m.id)).toBe('sent');
    expect(ch.attempts).toHaveLength(2);
    expect(ch.attempts[0]!.clientId).toBe(ch.attempts[1]!.clientId);
  });

  it('a channel that connects sends waiting retries at once (kick now)', async () => {
    const { sched, ch, outbox, queue, stateOf } = setup();
    ch.setPlan(() => 'channel.notConnected');
    const m = queue('亲');
    outbox.kick();
    await sched.advance(1500); // attempts at 0 and 1000; the next is due at 3000
    ch.setPlan(() => 'take');
    outbox.kick({ now: true });
    await sched.advance(0);
    expect(stateOf(m.id)).toBe('sent');
    expect(ch.attempts.map((a) => a.at - T0)).toEqual([0, 1000, 1500]);
  });

  it('survives a restart: what is pending in the database is sent by the next outbox, with the clientId stored before the first try', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-outbox-')), 'x.db');
    const first = setup(file);
    first.ch.setPlan(() => 'channel.notConnected');
    const m = first.queue('亲，关机前写的');
    first.outbox.kick();
    await first.sched.advance(500);
    const clientId = first.db.prepare('SELECT client_id FROM message WHERE id = ?').pluck().get(m.id);
    expect(clientId).toBe(first.ch.attempts[0]!.clientId);
    await first.outbox.close();
    first.db.close();

    const second = setup(file);
    second.outbox.kick();
    await second.sched.advance(0);
    expect(second.ch.delivered.map((d) => [d.body, d.clientId])).toEqual([['亲，关机前写的', clientId]]);
    expect(second.stateOf(m.id)).toBe('sent');
    second.db.close();
  });

  it('closing stops the retries', async () => {
    const { sched, ch, outbox, queue } = setup();
    ch.setPlan(() => 'channel.notConnected');
    queue('亲');
    outbox.kick();
    await sched.advance(0);
    await outbox.close();
    await sched.advance(60_000);
    expect(ch.attempts).toHaveLength(1);
    expect(sched.pending()).toBe(0);
  });
});
