import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../main/app';
import { virtualScheduler } from '../../main/shared/scheduler';
import { isXiaoniuError } from '../../main/shared/errors';
import type { AppEvents, EventName } from '../../main/ipc/contract';

/**
 * The composed app with its channel (docs/channels.md): the simulator's buyers stored and pushed
 * as 'chat.message', the agent's pending answer sent by `app.outbox` and received by the buyer,
 * 挂起 read from the stored status, the setting that turns the simulator off, and the lease the
 * window hosts take. Virtual time throughout.
 */
const T0 = Date.UTC(2026, 2, 1, 2);

function scratch(scripts: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoniu-app-channel-'));
  const scriptsDir = path.join(dir, 'buyers');
  fs.mkdirSync(scriptsDir);
  for (const [id, s] of Object.entries(scripts)) fs.writeFileSync(path.join(scriptsDir, `${id}.json`), JSON.stringify(s));
  return { dbFile: path.join(dir, 'x.db'), scriptsDir };
}

const asker = { nickname: '问尺码的小美', steps: [{ say: '在吗', after: 0 }, { wait: 120 }, { say: '好的，谢谢', after: 5 }] };

async function open(dbFile: string, scriptsDir: string, extra: Partial<Parameters<typeof createApp>[0]> = {}) {
  const sched = virtualScheduler(T0);
  const app = await createApp({ dbFile, importOnWorker: false, scheduler: sched, hold: 'window', channel: 'simulator', simulatorFollowsSetting: true, simulator: { scriptsDir, arrivalSeconds: 1 }, log: () => {}, ...extra });
  const events: { name: EventName; payload: unknown }[] = [];
  app.onEvent((name, payload) => events.push({ name, payload }));
  return { app, sched, events, of: <E extends EventName>(n: E) => events.filter((e) => e.name === n).map((e) => e.payload as AppEvents[E]) };
}

describe('the app with the simulator', () => {
  it("stores a buyer's message and pushes it with its contact; the agent's pending answer goes out and the buyer carries on", async () => {
    const { dbFile, scriptsDir } = scratch({ asker });
    const { app, sched, of } = await open(dbFile, scriptsDir);
    await sched.advance(10_000);
    const [first] = of('chat.message');
    expect(first!.message.body).toBe('在吗');
    expect(first!.contact.buyer).toMatchObject({ channel: 'simulator', buyerId: 'sim-asker', nickname: '问尺码的小美' });
    expect(first!.contact.unread).toBe(1);
    // The window stores the agent's answer pending, then kicks the outbox.
    const { message } = app.chat.appendMessage({ channel: 'simulator', buyerId: 'sim-asker', sender: 'agent', body: '在的亲', state: 'pending', clientId: 'w-1' });
    app.outbox.kick();
    await sched.advance(0);
    expect(of('chat.messageState')).toEqual([{ messageId: message.id, conversationId: message.conversationId, state: 'sent' }]);
    expect(app.simulator.running()!.received().map((m) => m.body)).toEqual(['在的亲']);
    await sched.advance(5000);
    expect(of('chat.message').map((e) => e.message.body)).toEqual(['在吗', '好的，谢谢']);
    await app.close();
  });

  it('开始模拟接待: a new shift at a chosen speed plays the scripts again and says when it ends', async () => {
    const { dbFile, scriptsDir } = scratch({ asker });
    const { app, sched, of } = await open(dbFile, scriptsDir);
    await app.simulator.stop();
    expect(of('chat.connection').map((c) => c.state)).toEqual(['disconnected']);
    let ended = 0;
    await app.simulator.start({ speed: 60, onShiftEnd: () => ended++ });
    // At ×60 the script's 120 s wait and 5 s line take ~2.1 s.
    await sched.advance(1000);
    expect(ended).toBe(0);
    await sched.advance(2000);
    expect(ended).toBe(1);
    expect(of('chat.message').map((e) => e.message.body)).toEqual(['在吗', '好的，谢谢']);
    await app.close();
  });

  it('holds new buyers back while the stored status is 挂起, and lets them in once it changes', async () => {
    const { dbFile, scriptsDir } = scratch({ asker });
    const { app, sched, of } = await open(dbFile, scriptsDir, { channel: null });
    app.chat.recordStatus('suspended');
    await app.simulator.start();
    await sched.advance(10 * 60_000);
    expect(of('chat.message')).toEqual([]);
    app.chat.recordStatus('online', sched.now());
    await sched.advance(2000);
    expect(of('chat.message').map((e) => e.message.body)).toEqual(['在吗']);
    await app.close();
  });

  it('does not start the simulator when 基本设置 turned it off, and a message to a simulated buyer then fails (发送失败)', async () => {
    const { dbFile, scriptsDir } = scratch({ asker });
    const first = await open(dbFile, scriptsDir);
    first.app.settings.set('simulator.enabled', false);
    await first.app.close();
    const { app, sched, of } = await open(dbFile, scriptsDir);
    expect(app.simulator.running()).toBeNull();
    const { message } = app.chat.appendMessage({ channel: 'simulator', buyerId: 'sim-asker', sender: 'agent', body: '亲', state: 'pending' });
    app.outbox.kick();
    await sched.advance(0);
    expect(of('chat.messageState').map((e) => [e.messageId, e.state])).toEqual([[message.id, 'failed']]);
    await app.close();
  });

  it("follows 基本设置's simulator switch at once: off stops the simulated buyers, on starts them again", async () => {
    const { dbFile, scriptsDir } = scratch({ asker });
    const { app, sched } = await open(dbFile, scriptsDir);
    expect(app.simulator.running()).not.toBeNull();
    app.settings.update('simulator.enabled', false);
    await sched.advance(0);
    expect(app.simulator.running()).toBeNull();
    app.settings.update('simulator.enabled', true);
    await sched.advance(0);
    expect(app.simulator.running()).not.toBeNull();
    await app.close();
  });

  it('refuses a second host on the same database while the first runs, and admits one after it closed', async () => {
    const { dbFile, scriptsDir } = scratch({ asker });
    const window: App = (await open(dbFile, scriptsDir)).app;
    let refused: unknown;
    try {
      await createApp({ dbFile, importOnWorker: false, hold: 'run' });
    } catch (e) {
      refused = e;
    }
    expect(isXiaoniuError(refused, 'run.heldByWindow')).toBe(true);
    expect((refused as { params: { pid: number } }).params.pid).toBe(process.pid);
    await window.close();
    const run = await createApp({ dbFile, importOnWorker: false, hold: 'run' });
    await run.close();
  });
});
