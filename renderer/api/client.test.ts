import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../main/ipc/wire';
import { createBridgeApi, type BridgeEnvironment, type BridgeSocket } from './client';
import { RECONNECT_CAP_MS, reconnectDelay, useConnection, type ConnectionState } from './connection';

/**
 * The browser bridge's reconnect logic against a fake browser: sockets the test opens and closes,
 * a token check the test answers, and a virtual clock (timers fire only when the test advances it).
 */

class FakeSocket extends EventTarget {
  readyState = 0;
  sent: string[] = [];
  constructor(readonly url: string) {
    super();
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  drop() {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
  reply(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(data) }));
  }
}

interface Fake {
  env: BridgeEnvironment;
  sockets: FakeSocket[];
  /** Pending token checks, oldest first: answer with 'valid' / 'stale', or 'down' to reject. */
  checks: ((verdict: 'valid' | 'stale' | 'down') => void)[];
  /** Advances the virtual clock by `ms`, firing due timers. */
  advance(ms: number): Promise<void>;
  wake(): void;
  /** Scheduled delays, in order. */
  delays: number[];
  state: () => ConnectionState;
}

function fakeBrowser(search = '?token=abc'): Fake {
  const sockets: FakeSocket[] = [];
  const checks: Fake['checks'] = [];
  const delays: number[] = [];
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  let wake = () => {};
  const env: BridgeEnvironment = {
    location: { host: '127.0.0.1:5179', search },
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s as unknown as BridgeSocket;
    },
    checkToken: () =>
      new Promise((resolve, reject) => {
        checks.push((verdict) => (verdict === 'down' ? reject(new TypeError('Failed to fetch')) : resolve(verdict)));
      }),
    onWake: (listener) => (wake = listener),
    setTimer: (fn, ms) => {
      delays.push(ms);
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
    random: () => 0.5,
    state: useConnection,
  };
  return {
    env,
    sockets,
    checks,
    delays,
    state: () => useConnection.getState(),
    wake: () => wake(),
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await flush();
      }
      now = until;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  useConnection.setState({ status: 'connecting', attempts: 0, reconnects: 0 });
});

describe('reconnectDelay', () => {
  it('starts at 0.5 s, doubles, stops at 10 s, and keeps half of each step fixed', () => {
    const max = (n: number) => reconnectDelay(n, () => 0.999999);
    const min = (n: number) => reconnectDelay(n, () => 0);
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(min)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(max(0)).toBeCloseTo(500, 0);
    expect(max(4)).toBeCloseTo(8000, 0);
    expect(max(5)).toBeCloseTo(RECONNECT_CAP_MS, 0);
    expect(max(1000)).toBeCloseTo(RECONNECT_CAP_MS, 0);
  });
});

describe('the browser bridge', () => {
  it('calls wait for the first connection, then go through', async () => {
    const fake = fakeBrowser();
    const api = createBridgeApi(fake.env);
    expect(fake.state().status).toBe('connecting');
    const call = api.invoke('phrases.listGroups', {});
    await flush();
    fake.sockets[0]!.open();
    await flush();
    expect(fake.state().status).toBe('open');
    expect(JSON.parse(fake.sockets[0]!.sent[0]!)).toEqual({ id: 1, method: 'phrases.listGroups', args: {} });
    fake.sockets[0]!.reply({ id: 1, result: { ok: true, value: [] } });
    await expect(call).resolves.toEqual([]);
    expect(fake.sockets[0]!.url).toBe('ws://127.0.0.1:5179/bridge?token=abc');
  });

  it('host stops: pending and new calls fail with ipc.disconnected, state lost; back with the same token: open, reconnects + 1', async () => {
    const fake = fakeBrowser();
    const api = createBridgeApi(fake.env);
    fake.sockets[0]!.open();
    const pending = api.invoke('phrases.list', {});
    fake.sockets[0]!.drop();
    await expect(pending).rejects.toEqual(new ApiError('ipc.disconnected'));
    expect(fake.state()).toMatchObject({ status: 'lost', attempts: 0 });
    await expect(api.invoke('phrases.list', {})).rejects.toEqual(new ApiError('ipc.disconnected'));

    // Down: each token check fails, and the delays grow to the cap.
    for (let i = 0; i < 8; i++) {
      await fake.advance(fake.delays.at(-1)!);
      fake.checks.shift()!('down');
      await flush();
    }
    expect(fake.state().attempts).toBe(8);
    expect(fake.delays).toEqual([375, 750, 1500, 3000, 6000, 7500, 7500, 7500, 7500]);

    // Up again, same token: the check passes, a socket opens.
    await fake.advance(fake.delays.at(-1)!);
    fake.checks.shift()!('valid');
    await flush();
    expect(fake.sockets).toHaveLength(2);
    fake.sockets[1]!.open();
    expect(fake.state()).toMatchObject({ status: 'open', attempts: 0, reconnects: 1 });
    const call = api.invoke('phrases.listGroups', {});
    fake.sockets[1]!.reply({ id: JSON.parse(fake.sockets[1]!.sent[0]!).id, result: { ok: true, value: ['ok'] } });
    await expect(call).resolves.toEqual(['ok']);
  });

  it('host back with another token: stale, calls fail with ipc.staleToken, and no more attempts', async () => {
    const fake = fakeBrowser();
    const api = createBridgeApi(fake.env);
    fake.sockets[0]!.open();
    fake.sockets[0]!.drop();
    await fake.advance(1000);
    fake.checks.shift()!('stale');
    await flush();
    expect(fake.state().status).toBe('stale');
    await expect(api.invoke('phrases.list', {})).rejects.toEqual(new ApiError('ipc.staleToken'));
    const scheduled = fake.delays.length;
    await fake.advance(60_000);
    fake.wake();
    fake.state().retryNow();
    await flush();
    expect(fake.delays).toHaveLength(scheduled);
    expect(fake.checks).toHaveLength(0);
    expect(fake.sockets).toHaveLength(1);
  });

  it('a page opened from an old address: the first socket fails, the check says stale at once', async () => {
    const fake = fakeBrowser();
    const api = createBridgeApi(fake.env);
    const call = api.invoke('phrases.list', {});
    fake.sockets[0]!.drop();
    await expect(call).rejects.toEqual(new ApiError('ipc.disconnected'));
    expect(fake.checks).toHaveLength(1);
    expect(fake.delays).toEqual([]);
    fake.checks.shift()!('stale');
    await flush();
    expect(fake.state().status).toBe('stale');
  });

  it('online / tab shown, and 立即重连: an attempt at once instead of waiting out the backoff; never two at a time', async () => {
    const fake = fakeBrowser();
    createBridgeApi(fake.env);
    fake.sockets[0]!.open();
    fake.sockets[0]!.drop();
    for (let i = 0; i < 5; i++) {
      await fake.advance(fake.delays.at(-1)!);
      fake.checks.shift()!('down');
      await flush();
    }
    expect(fake.checks).toHaveLength(0);
    fake.wake();
    fake.wake();
    fake.state().retryNow();
    expect(fake.checks).toHaveLength(1);
    fake.checks.shift()!('valid');
    await flush();
    fake.sockets[1]!.open();
    expect(fake.state().status).toBe('open');
    // The backoff timer that was pending was cancelled: advancing time starts nothing new.
    await fake.advance(60_000);
    expect(fake.checks).toHaveLength(0);
    expect(fake.sockets).toHaveLength(2);
  });

  it('a socket that fails after a good token check counts as an attempt and backs off', async () => {
    const fake = fakeBrowser();
    createBridgeApi(fake.env);
    fake.sockets[0]!.open();
    fake.sockets[0]!.drop();
    await fake.advance(fake.delays.at(-1)!);
    fake.checks.shift()!('valid');
    await flush();
    fake.sockets[1]!.drop();
    expect(fake.state()).toMatchObject({ status: 'lost', attempts: 1 });
    expect(fake.delays.at(-1)).toBe(750);
  });

  it('event listeners survive a reconnect', async () => {
    const fake = fakeBrowser();
    const api = createBridgeApi(fake.env);
    const seen: unknown[] = [];
    api.on('packs.progress', (p) => seen.push(p));
    fake.sockets[0]!.open();
    fake.sockets[0]!.drop();
    await fake.advance(fake.delays.at(-1)!);
    fake.checks.shift()!('valid');
    await flush();
    fake.sockets[1]!.open();
    fake.sockets[1]!.reply({ event: 'packs.progress', payload: { jobId: 'j', phase: 'write', done: 1, total: 2 } });
    expect(seen).toEqual([{ jobId: 'j', phase: 'write', done: 1, total: 2 }]);
  });

  it('no token in the address: noToken, and nothing is opened', async () => {
    const fake = fakeBrowser('');
    const api = createBridgeApi(fake.env);
    expect(fake.state().status).toBe('noToken');
    expect(fake.sockets).toHaveLength(0);
    await expect(api.invoke('phrases.list', {})).rejects.toEqual(new ApiError('ipc.noToken'));
  });
});
