import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { virtualScheduler } from '../../shared/scheduler';
import { isXiaoniuError } from '../../shared/errors';
import type { AgentStatus } from '../../chat/types';
import type { ChannelSink, IncomingMessage, IncomingOrder } from '../channel';
import { createSimulator, type SimulatorOptions } from './simulator';
import { loadBuyerScripts, parseBuyerScript, shippedScriptsDir, type BuyerScript } from './script';

/**
 * The simulator in virtual time: a shift of an hour runs in milliseconds, and every timing below
 * is exact. What it delivers is recorded as the inbox would see it.
 */
const T0 = Date.UTC(2026, 10, 11, 0); // 双十一, 08:00 in Shanghai
const shipped = loadBuyerScripts(shippedScriptsDir());

function record() {
  const messages: (IncomingMessage & { at: number })[] = [];
  const orders: IncomingOrder[] = [];
  const states: string[] = [];
  const sink: ChannelSink = {
    message: (m) => messages.push(m as IncomingMessage & { at: number }),
    order: (o) => orders.push(o),
    state: (s) => states.push(s),
  };
  return { sink, messages, orders, states };
}

function start(options: Partial<SimulatorOptions> & { status?: () => AgentStatus } = {}) {
  const sched = virtualScheduler(T0);
  let ended = 0;
  const sim = createSimulator({ scripts: shipped, scheduler: sched, status: () => 'online', onShiftEnd: () => ended++, ...options });
  const rec = record();
  return { sched, sim, rec, ended: () => ended };
}

const script = (id: string, steps: unknown[], nickname = '测试买家'): BuyerScript => parseBuyerScript(`${id}.json`, JSON.stringify({ nickname, steps }));

describe('buyer scripts', () => {
  it('the shipped dozen parse, cover the kinds a shop meets, and speak Chinese (one in Traditional characters)', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(12);
    const ids = shipped.map((s) => s.id);
    for (const id of ['haggler', 'angry-after-sales', 'never-answers', 'traditional', 'other-shop-bot']) expect(ids).toContain(id);
    const said = (s: BuyerScript) => s.steps.flatMap((x) => ('say' in x ? [x.say] : [])).join('');
    expect(said(shipped.find((s) => s.id === 'traditional')!)).toMatch(/[請這運費寄嗎]/);
    expect(shipped.find((s) => s.id === 'never-answers')!.steps.filter((x) => 'wait' in x)).toEqual([]);
    expect(shipped.find((s) => s.id === 'other-shop-bot')!.steps.some((x) => 'replyToEach' in x && x.replyToEach.within <= 1)).toBe(true);
    expect(shipped.some((s) => s.steps.some((x) => 'pay' in x))).toBe(true);
  });

  it('refuses a malformed script naming the file and the place', () => {
    const bad = (json: string) => {
      try {
        parseBuyerScript('/x/b.json', json);
      } catch (e) {
        expect(isXiaoniuError(e, 'simulator.badScript')).toBe(true);
        return (e as { params: Record<string, string> }).params;
      }
      throw new Error('accepted');
    };
    expect(bad('{"nickname": "a", "steps": [{"say": "hi"}, {"say": ""}]}')).toEqual({ file: '/x/b.json', where: 'steps[1].say' });
    expect(bad('{"nickname": "a", "steps": [{"order": 1.234}]}')).toEqual({ file: '/x/b.json', where: 'steps[0].order' });
    expect(bad('{"nickname": "a", "steps": [{"say": "x", "after": [5, 2]}]}')).toEqual({ file: '/x/b.json', where: 'steps[0].after' });
    expect(bad('{"nickname": "a", "steps": [{"sing": "x"}]}').where).toBe('steps[0]');
    expect(bad('{"nickname": "a"')).toEqual({ file: '/x/b.json', where: '' });
    expect(() => loadBuyerScripts(path.join(__dirname, 'no-such-folder'))).toThrow(/simulator\.noScripts/);
  });
});

describe('the simulator', () => {
  it('is deterministic under a seed: the same buyers, order and times; another seed differs', async () => {
    const shift = async (seed: number) => {
      const { sched, sim, rec } = start({ seed, speed: 1 });
      await sim.connect(rec.sink);
      await sched.advance(6 * 3600_000);
      return rec.messages.map((m) => `${m.at - T0} ${m.buyerId} ${m.body}`);
    };
    const a = await shift(7);
    expect(a.length).toBeGreaterThan(30);
    expect(await shift(7)).toEqual(a);
    expect(await shift(8)).not.toEqual(a);
  });

  it('plays a whole shift: every buyer arrives once, the silent agent lets them time out, the shift ends once', async () => {
    const { sched, sim, rec, ended } = start({ seed: 3, speed: 10 });
    await sim.connect(rec.sink);
    expect(rec.states).toEqual(['connecting', 'connected']);
    await sched.advance(3600_000);
    expect(ended()).toBe(1);
    expect(sim.progress()).toEqual({ arrived: 12, finished: 12, total: 12 });
    expect(new Set(rec.messages.map((m) => m.buyerId))).toEqual(new Set(shipped.map((s) => `sim-${s.id}`)));
    // Channel message ids never repeat (the inbox would drop a repeat as a redelivery).
    expect(new Set(rec.messages.map((m) => m.channelMessageId)).size).toBe(rec.messages.length);
    // The angry buyer leaves unanswered: the line after their `orElse: leave` wait never comes.
    expect(rec.messages.some((m) => m.body.startsWith('好，那你们尽快'))).toBe(false);
    expect(rec.messages.every((m) => m.automatic === undefined)).toBe(true);
  });

  it('delivers 下单 and 付款 with amounts in fen', async () => {
    const s = script('buy', [{ say: '拍了' }, { order: 129.9, after: 1 }, { pay: 119.9, after: 5 }]);
    const { sched, sim, rec } = start({ scripts: [s] });
    await sim.connect(rec.sink);
    await sched.advance(60_000);
    expect(rec.orders.map((o) => [o.buyerId, o.amountFen, o.paid])).toEqual([
      ['sim-buy', 12990, false],
      ['sim-buy', 11990, true],
    ]);
  });

  it("peak mode: N buyers at once (双十一) — all arrive within two seconds, each a distinct buyer", async () => {
    const { sched, sim, rec } = start({ seed: 5, peak: true, buyers: 50 });
    await sim.connect(rec.sink);
    await sched.advance(2000);
    expect(sim.progress().arrived).toBe(50);
    const ids = new Set(rec.messages.map((m) => m.buyerId));
    expect(ids.size).toBe(50);
    expect(ids).toContain('sim-haggler-2');
    expect(rec.messages.find((m) => m.buyerId === 'sim-haggler-2')!.nickname).toBe('爱砍价的李哥 #2');
  });

  it('挂起 holds back new buyers until the status changes, while a buyer already talking still writes', async () => {
    let status: AgentStatus = 'online';
    const talker = script('talker', [{ say: '第一句' }, { say: '第二句', after: 60 }, { say: '第三句', after: 60 }]);
    const late = script('late', [{ say: '我来晚了' }]);
    const { sched, sim, rec } = start({ scripts: [talker, late], status: () => status, arrivalSeconds: 30, seed: 1 });
    await sim.connect(rec.sink);
    // Deal order and gaps come from the seed; find when the first buyer has written.
    await sched.advance(1);
    while (rec.messages.length === 0) await sched.advance(100);
    const first = rec.messages[0]!.buyerId;
    status = 'suspended';
    await sched.advance(30 * 60_000);
    const during = rec.messages.map((m) => m.buyerId);
    expect(new Set(during)).toEqual(new Set([first]));
    expect(sim.progress().arrived).toBe(1);
    if (first === 'sim-talker') expect(rec.messages.map((m) => m.body)).toEqual(['第一句', '第二句', '第三句']);
    status = 'online';
    await sched.advance(1000);
    expect(sim.progress().arrived).toBe(2);
    await sched.advance(10 * 60_000);
    expect(new Set(rec.messages.map((m) => m.buyerId))).toEqual(new Set(['sim-talker', 'sim-late']));
  });

  it("a buyer waits for the agent's answer: goes on as soon as one comes, or after the timeout", async () => {
    const s = script('asker', [{ say: '在吗' }, { wait: 100 }, { say: '好的', after: 3 }]);
    const answered = start({ scripts: [s], arrivalSeconds: 0.001 });
    await answered.sim.connect(answered.rec.sink);
    await answered.sched.advance(2010);
    expect(answered.rec.messages.map((m) => m.body)).toEqual(['在吗']);
    const askedAt = answered.sched.now();
    await answered.sim.send({ messageId: 1, clientId: 'c1', buyerId: 'sim-asker', body: '在的亲', automatic: false });
    await answered.sched.advance(3000);
    expect(answered.rec.messages.map((m) => m.body)).toEqual(['在吗', '好的']);
    expect(answered.rec.messages[1]!.at - askedAt).toBe(3000);

    const ignored = start({ scripts: [s], arrivalSeconds: 0.001 });
    await ignored.sim.connect(ignored.rec.sink);
    await ignored.sched.advance(2000 + 100_000 + 2999);
    expect(ignored.rec.messages.map((m) => m.body)).toEqual(['在吗']);
    await ignored.sched.advance(1);
    expect(ignored.rec.messages.map((m) => m.body)).toEqual(['在吗', '好的']);
  });

  it('delivers a clientId once: a resend gets the first channel id and the buyer sees one message', async () => {
    const { sim, rec } = start();
    await sim.connect(rec.sink);
    const m = { messageId: 9, clientId: 'same', buyerId: 'sim-haggler', body: '亲，最低价了', automatic: false };
    const first = await sim.send(m);
    const again = await sim.send(m);
    expect(again).toEqual(first);
    expect(sim.received()).toHaveLength(1);
    await sim.disconnect();
    await expect(sim.send({ ...m, clientId: 'other' })).rejects.toThrow(/channel\.notConnected/);
  });

  it("another shop's bot answers every message within a second, without marking it automatic", async () => {
    const bot = shipped.find((s) => s.id === 'other-shop-bot')!;
    const { sched, sim, rec } = start({ scripts: [bot], arrivalSeconds: 0.001 });
    await sim.connect(rec.sink);
    await sched.advance(10);
    expect(rec.messages).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      const sentAt = sched.now();
      await sim.send({ messageId: i, clientId: `c${i}`, buyerId: 'sim-other-shop-bot', body: `问题 ${i}`, automatic: false });
      await sched.advance(1000);
      const reply = rec.messages[rec.messages.length - 1]!;
      expect(rec.messages).toHaveLength(2 + i);
      expect(reply.at - sentAt).toBeLessThanOrEqual(1000);
      expect(reply.automatic).toBeUndefined();
      await sched.advance(20_000);
    }
  });

  it('speed divides every delay: the same shift at ×60 takes a sixtieth of the time', async () => {
    const times = async (speed: number) => {
      const { sched, sim, rec } = start({ seed: 2, speed });
      await sim.connect(rec.sink);
      await sched.advance(6 * 3600_000);
      return rec.messages.map((m) => m.at - T0);
    };
    const slow = await times(1);
    const fast = await times(60);
    expect(fast).toHaveLength(slow.length);
    // Each delay is rounded to whole ms at its speed: ×60 may drift by up to a ms per step.
    fast.forEach((t, i) => expect(Math.abs(t * 60 - slow[i]!)).toBeLessThanOrEqual(60 * 12));
  });
});
