import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app';
import { virtualClock } from '../../main/shared/clock';

/**
 * The settings and status slice through the app's router, as a window calls it: every value
 * checked by its key's rules (a refusal is the catalogue code with the key and what it accepts),
 * every stored change pushed to the windows.
 */
let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const T0 = Date.UTC(2026, 2, 1, 2);

async function open() {
  const clock = virtualClock(T0);
  app = await createApp({ dbFile: ':memory:', clock, log: () => {} });
  const events: [string, unknown][] = [];
  app.onEvent((name, payload) => events.push([name, payload]));
  return { app, clock, events };
}

describe('settings over IPC', () => {
  it('reads every setting, stores a valid one and tells every window', async () => {
    const { app, events } = await open();
    const all = await app.call('settings.all', {});
    expect(all.ok && (all.value as { values: Record<string, unknown> }).values.sendKey).toBe('enter');
    expect(await app.call('settings.set', { key: 'sendKey', value: 'ctrlEnter' })).toEqual({ ok: true, value: { key: 'sendKey', value: 'ctrlEnter' } });
    expect(await app.call('settings.set', { key: 'timezone', value: 'asia/tokyo' })).toEqual({ ok: true, value: { key: 'timezone', value: 'Asia/Tokyo' } });
    expect(events).toEqual([
      ['settings.changed', { key: 'sendKey', value: 'ctrlEnter' }],
      ['settings.changed', { key: 'timezone', value: 'Asia/Tokyo' }],
    ]);
    // The chat service reads the agent's zone from the same setting.
    expect(app.chat.timeZone()).toBe('Asia/Tokyo');
  });

  it('refuses a bad value with the key and what it accepts, and tells nobody', async () => {
    const { app, events } = await open();
    expect(await app.call('settings.set', { key: 'fontSize', value: 40 })).toEqual({
      ok: false,
      error: { code: 'settings.notInteger', params: { key: 'fontSize', min: 12, max: 24 } },
    });
    expect(await app.call('settings.set', { key: 'maxConcurrent', value: '5' })).toMatchObject({ ok: false, error: { code: 'settings.notInteger' } });
    expect(await app.call('settings.set', { key: 'phrases.starterPackSeeded', value: false })).toMatchObject({ ok: false, error: { code: 'settings.unknownKey' } });
    // Not a JSON scalar at all: the contract's shape check.
    expect(await app.call('settings.set', { key: 'shopName', value: { x: 1 } })).toMatchObject({ ok: false, error: { code: 'ipc.badArgument' } });
    expect(events).toEqual([]);
    expect(app.settings.all().stored).toEqual([]);
  });
});

describe('status over IPC', () => {
  it('is online until set; a change is stored with its time and pushed as chat.status', async () => {
    const { app, clock, events } = await open();
    expect(await app.call('status.get', {})).toEqual({ ok: true, value: { status: 'online', at: null } });
    clock.advance(5_000);
    expect(await app.call('status.set', { status: 'away' })).toEqual({ ok: true, value: { status: 'away', at: T0 + 5_000 } });
    expect(await app.call('status.get', {})).toEqual({ ok: true, value: { status: 'away', at: T0 + 5_000 } });
    expect(events).toEqual([['chat.status', { status: 'away', at: T0 + 5_000 }]]);
    expect(await app.call('status.set', { status: 'sleeping' })).toMatchObject({ ok: false, error: { code: 'ipc.badArgument' } });
  });
});
