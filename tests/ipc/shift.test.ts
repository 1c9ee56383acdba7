import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../main/app';
import { virtualScheduler } from '../../main/shared/scheduler';
import type { AppEvents, EventName } from '../../main/ipc/contract';
import type { EndedShift, ShiftInfo } from '../../main/channels/shift';

/**
 * 开始模拟接待 through the contract (docs/channels.md "Training shift"): `simulator.startShift`
 * replaces the background simulator, progress is pushed, the shift ends by itself with the
 * figures of its own time range (docs/metrics.md rules), 结束 ends it early, bad arguments are
 * refused in main, and the background simulator comes back afterwards. Virtual time throughout.
 */
const T0 = Date.UTC(2026, 2, 1, 2);

const asker = { nickname: '问尺码的小美', steps: [{ say: '在吗', after: 0 }, { wait: 120 }, { say: '好的，拍了', after: 10 }, { order: 99 }, { pay: 99, after: 5 }] };
const silent = { nickname: '不回话的', steps: [{ say: '有货吗', after: 0 }, { wait: 60, orElse: 'leave' }] };

async function open(opts: { background: boolean; scripts?: Record<string, unknown> }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-shift-'));
  const scriptsDir = path.join(dir, 'buyers');
  fs.mkdirSync(scriptsDir);
  for (const [id, script] of Object.entries(opts.scripts ?? { asker, silent })) fs.writeFileSync(path.join(scriptsDir, `${id}.json`), JSON.stringify(script));
  const sched = virtualScheduler(T0);
  const app = await createApp({
    dbFile: path.join(dir, 'x.db'),
    importOnWorker: false,
    scheduler: sched,
    hold: 'window',
    channel: 'simulator',
    simulatorFollowsSetting: true,
    simulator: { scriptsDir, arrivalSeconds: 1 },
    log: () => {},
  });
  if (!opts.background) app.settings.set('simulator.enabled', false);
  const events: { name: EventName; payload: unknown }[] = [];
  app.onEvent((name, payload) => events.push({ name, payload }));
  const call = async (method: string, args: unknown) => app.call(method, args);
  const of = <E extends EventName>(n: E) => events.filter((e) => e.name === n).map((e) => e.payload as AppEvents[E]);
  return { app, sched, call, of };
}

describe('the training shift', () => {
  it('runs at the chosen speed, pushes its progress and ends with the figures of its own range', async () => {
    const { app, sched, call, of } = await open({ background: false });
    await sched.advance(5000);
    expect(app.simulator.running()).toBeNull();
    const started = await call('simulator.startShift', { speed: 10, peak: true });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', choice: { speed: 10, peak: true }, progress: { total: 2 } } });
    expect(await call('simulator.startShift', { speed: 10 })).toEqual({ ok: false, error: { code: 'simulator.shiftRunning', params: {} } });
    await sched.advance(300); // peak: both within 0.2 s of real time at ×10
    const asking = of('chat.message').find((e) => e.message.body === '在吗')!;
    expect(of('simulator.shift').at(-1)).toMatchObject({ state: 'running', progress: { arrived: 2, total: 2 } });
    // The agent answers 在吗 after 4 s with a suggested reply; 有货吗 stays unanswered.
    await sched.advance(4000 - 300);
    expect(await call('chat.send', { conversationId: asking.message.conversationId, body: '在的亲', clientId: 'shift-a1', composed: 'suggestion' })).toMatchObject({ ok: true });
    await sched.advance(60_000);
    const ended = of('simulator.shift').at(-1)! as EndedShift;
    expect(ended).toMatchObject({ state: 'ended', how: 'finished', progress: { finished: 2, total: 2 } });
    // The answer went at 4 s into the shift; 在吗 came within the peak's first 0.2 s.
    const response = (ended.startedAt + 4000 - asking.message.createdAt) / 1000;
    expect(response).toBeGreaterThan(3.79);
    expect(ended.result!.metrics).toEqual({
      buyers: 2,
      replyRate: 0.5,
      avgResponseSeconds: response,
      avgFirstResponseSeconds: response,
      qaRatio: 1 / 3,
      conversion: 0.5,
      avgOrderValue: 99,
    });
    // The one answered turn was answered with 推荐回复; nothing without (null, never 0).
    expect(ended.result!.responseBySuggestion).toEqual({
      withSuggestion: { turns: 1, avgResponseSeconds: response },
      withoutSuggestion: { turns: 0, avgResponseSeconds: null },
    });
    expect(ended.result!.from).toBe(ended.startedAt);
    expect(((await call('simulator.state', {})) as { value: ShiftInfo }).value).toEqual(ended);
    // No background simulator to come back: the shift's stays connected for late answers…
    const lingering = app.simulator.running();
    expect(lingering?.state).toBe('connected');
    // …until 基本设置 turns the simulator on: the background one takes its place.
    app.settings.set('simulator.enabled', true);
    await sched.advance(10);
    expect(app.simulator.running()).not.toBe(lingering);
    expect(app.simulator.running()?.progress().total).toBe(2);
    const background = app.simulator.running();
    app.settings.set('simulator.enabled', true); // stored again: nothing restarts
    await sched.advance(10);
    expect(app.simulator.running()).toBe(background);
    await app.close();
  });

  it('结束 ends it early with the figures so far; the background simulator comes back', async () => {
    const { app, sched, call, of } = await open({ background: true });
    await sched.advance(100);
    const background = app.simulator.running();
    expect(background).not.toBeNull();
    expect(await call('simulator.stopShift', {})).toEqual({ ok: false, error: { code: 'simulator.noShift', params: {} } });
    await call('simulator.startShift', { speed: 100, buyers: 5, seed: 7 });
    expect(app.simulator.running()).not.toBe(background);
    await sched.advance(50);
    const r = (await call('simulator.stopShift', {})) as unknown as { value: EndedShift };
    expect(r.value).toMatchObject({ state: 'ended', how: 'stopped', choice: { speed: 100, buyers: 5, seed: 7 } });
    expect(r.value.result!.metrics.replyRate).toBe(r.value.result!.metrics.buyers ? 0 : null);
    expect(of('simulator.shift').at(-1)).toEqual(r.value);
    const back = app.simulator.running();
    expect(back).not.toBeNull();
    expect(back!.progress().total).toBe(2); // the background shift: one buyer per script again
    await app.close();
  });

  it('an answer that ends the shift counts in its figures', async () => {
    // Her script ends the moment she has her answer: the shift ends inside the outbox's send.
    const thanks = { nickname: '道谢的', steps: [{ say: '发货了吗', after: 0 }, { wait: 600 }] };
    const { app, sched, call, of } = await open({ background: false, scripts: { thanks } });
    await call('simulator.startShift', { speed: 10 });
    await sched.advance(3000);
    const asking = of('chat.message').find((e) => e.message.sender === 'buyer')!;
    await call('chat.send', { conversationId: asking.message.conversationId, body: '已经发了亲', clientId: 'answer-1', composed: 'typed' });
    await sched.advance(1000);
    const ended = of('simulator.shift').at(-1)! as EndedShift;
    expect(ended.state).toBe('ended');
    const stored = app.chat.messages(asking.message.conversationId, 200);
    const counted = (sender: string) => stored.filter((m) => m.sender === sender && !m.automatic && (m.state === null || m.state === 'sent')).length;
    expect([counted('agent'), counted('buyer')]).toEqual([1, 1]);
    expect(ended.result!.metrics).toMatchObject({ buyers: 1, replyRate: 1, qaRatio: 1 });
    await app.close();
  });

  it('refuses bad arguments in main', async () => {
    const { app, call } = await open({ background: false });
    for (const args of [{ speed: 0 }, { speed: 101 }, { speed: 5, buyers: 0 }, { speed: 5, buyers: 1.5 }, { speed: '5' }, { speed: 5, extra: 1 }, { speed: Number.NaN }]) {
      expect(await call('simulator.startShift', args)).toMatchObject({ ok: false, error: { code: 'ipc.badArgument' } });
    }
    expect(app.simulator.running()).toBeNull();
    await app.close();
  });
});
