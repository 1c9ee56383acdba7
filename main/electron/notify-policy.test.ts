import { describe, expect, it } from 'vitest';
import { virtualClock } from '../shared/clock';
import { createNotifyPolicy, type NotifyAction, type NotifyCandidate } from './notify-policy';

const START = Date.UTC(2026, 11, 3, 8, 0, 0);

function setup(options: { windowMs?: number; burstLimit?: number } = {}) {
  const clock = virtualClock(START);
  const policy = createNotifyPolicy({ startedAt: START, ...options });
  const buyer = (conversationId: number, extra: Partial<NotifyCandidate> = {}): NotifyCandidate => ({
    conversationId,
    sender: 'buyer',
    automatic: false,
    createdAt: clock.now(),
    ...extra,
  });
  const offer = (c: NotifyCandidate, ctx: { windowFocused?: boolean; enabled?: boolean } = {}) =>
    policy.offer(c, { now: clock.now(), windowFocused: ctx.windowFocused ?? false, enabled: ctx.enabled ?? true });
  return { clock, policy, buyer, offer };
}

/** The notifications on screen after applying `actions` in order (what the shell does). */
function screen(actions: NotifyAction[], start: { shown: Set<number>; summary: number | null } = { shown: new Set(), summary: null }) {
  const shown = new Set(start.shown);
  let summary = start.summary;
  for (const a of actions) {
    if (a.type === 'show') shown.add(a.conversationId);
    else if (a.type === 'close') shown.delete(a.conversationId);
    else if (a.type === 'summary') summary = a.buyers;
    else summary = null;
  }
  return { shown, summary };
}

describe('notify policy', () => {
  it('shows one notification for a buyer message while the window is not focused', () => {
    const { offer, buyer } = setup();
    expect(offer(buyer(1))).toEqual([{ type: 'show', conversationId: 1, quiet: false }]);
  });

  it('never notifies the agent’s own, auto-replies, automatic buyer messages, a focused window or a disabled setting', () => {
    const { offer, buyer } = setup();
    expect(offer(buyer(1, { sender: 'agent' }))).toEqual([]);
    expect(offer(buyer(1, { sender: 'autoReply', automatic: true }))).toEqual([]);
    expect(offer(buyer(1, { automatic: true }))).toEqual([]);
    expect(offer(buyer(1), { windowFocused: true })).toEqual([]);
    expect(offer(buyer(1), { enabled: false })).toEqual([]);
  });

  it('a newer message replaces its conversation’s notification; quiet when it follows within the window, with sound again later', () => {
    const { offer, buyer, clock } = setup();
    let s = screen(offer(buyer(7)));
    clock.advance(300);
    const again = offer(buyer(7));
    expect(again).toEqual([{ type: 'show', conversationId: 7, quiet: true }]);
    s = screen(again, s);
    expect([...s.shown]).toEqual([7]);
    clock.advance(5000);
    expect(offer(buyer(7))).toEqual([{ type: 'show', conversationId: 7, quiet: false }]);
  });

  it('three conversations within a second notify one by one; a fourth collapses all four into one summary', () => {
    const { offer, buyer, clock } = setup();
    let s = screen([]);
    for (const id of [1, 2, 3]) {
      s = screen(offer(buyer(id)), s);
      clock.advance(200);
    }
    expect([...s.shown]).toEqual([1, 2, 3]);
    const fourth = offer(buyer(4));
    s = screen(fourth, s);
    expect(s.shown.size).toBe(0);
    expect(s.summary).toBe(4);
    expect(fourth.filter((a) => a.type === 'summary')).toEqual([{ type: 'summary', buyers: 4, quiet: false }]);
  });

  it('conversations spread wider than the window do not count as a burst', () => {
    const { offer, buyer, clock } = setup();
    let s = screen([]);
    for (const id of [1, 2, 3, 4, 5, 6]) {
      s = screen(offer(buyer(id)), s);
      clock.advance(400);
    }
    expect(s.summary).toBeNull();
    expect(s.shown.size).toBe(6);
  });

  it('a peak (200 buyers in a few seconds) makes at most one summary per window, its count kept up to date by flush', () => {
    const { offer, buyer, clock, policy } = setup();
    const all: NotifyAction[] = [];
    for (let i = 1; i <= 200; i++) {
      all.push(...offer(buyer(i)));
      clock.advance(15);
      const due = policy.nextFlushAt();
      if (due !== null && clock.now() >= due) all.push(...policy.flush(clock.now()));
    }
    // 3 s of messages: the three before the burst, then summaries at most once a second.
    const summaries = all.filter((a) => a.type === 'summary');
    expect(all.filter((a) => a.type === 'show')).toHaveLength(3);
    expect(summaries.length).toBeGreaterThanOrEqual(2);
    expect(summaries.length).toBeLessThanOrEqual(4);
    expect(summaries.filter((a) => !a.quiet)).toHaveLength(1);
    const pending = policy.nextFlushAt();
    if (pending !== null) {
      clock.set(pending);
      all.push(...policy.flush(clock.now()));
    }
    expect(screen(all).summary).toBe(200);
    expect(screen(all).shown.size).toBe(0);
    expect(policy.nextFlushAt()).toBeNull();
  });

  it('catch-up: messages written before the shell started collapse into one summary, however few', () => {
    const { offer, buyer, clock, policy } = setup();
    clock.advance(50);
    const a = offer(buyer(1, { createdAt: START - 60_000 }));
    expect(a).toEqual([{ type: 'summary', buyers: 1, quiet: false }]);
    const b = offer(buyer(2, { createdAt: START - 30_000 }));
    const c = offer(buyer(1, { createdAt: START - 10_000 }));
    clock.advance(1000);
    const s = screen([...a, ...b, ...c, ...policy.flush(clock.now())]);
    expect(s).toEqual({ shown: new Set(), summary: 2 });
  });

  it('a live message arriving while the catch-up burst lasts joins the summary; after a quiet window it notifies alone', () => {
    const { offer, buyer, clock, policy } = setup();
    clock.advance(10);
    const first = offer(buyer(1, { createdAt: START - 1 }));
    clock.advance(300);
    expect(offer(buyer(2))).toEqual([]); // held: summary shown 300 ms ago
    expect(policy.nextFlushAt()).toBe(START + 10 + 1000);
    clock.set(START + 10 + 1000);
    const update = policy.flush(clock.now());
    expect(update).toEqual([{ type: 'summary', buyers: 2, quiet: true }]);
    expect(screen([...first, ...update]).summary).toBe(2);
    clock.advance(1500);
    expect(offer(buyer(3))).toEqual([{ type: 'show', conversationId: 3, quiet: false }]);
  });

  it('focusing the window closes everything and starts the summary count again', () => {
    const { offer, buyer, clock, policy } = setup();
    let s = screen([]);
    for (const id of [1, 2, 3, 4, 5]) s = screen(offer(buyer(id)), s);
    expect(s.summary).toBe(4); // the fifth came in the same instant: its update is held back
    clock.advance(3000);
    s = screen([...policy.flush(clock.now()), ...offer(buyer(9))], s);
    expect(s.summary).toBe(5);
    expect([...s.shown]).toEqual([9]);
    s = screen(policy.dismissAll(), s);
    expect(s).toEqual({ shown: new Set(), summary: null });
    for (const id of [11, 12, 13, 14]) s = screen(offer(buyer(id)), s);
    expect(s.summary).toBe(4);
  });

  it('reading a conversation closes its notification; nothing to close gives nothing', () => {
    const { offer, buyer, policy } = setup();
    offer(buyer(1));
    expect(policy.dismiss(1)).toEqual([{ type: 'close', conversationId: 1 }]);
    expect(policy.dismiss(1)).toEqual([]);
    expect(policy.dismissSummary()).toEqual([]);
  });

  it('the burst limit and window are options', () => {
    const { offer, buyer } = setup({ burstLimit: 1, windowMs: 500 });
    expect(offer(buyer(1))[0]?.type).toBe('show');
    expect(screen(offer(buyer(2))).summary).toBe(2);
  });
});
