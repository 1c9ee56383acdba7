import { describe, expect, it } from 'vitest';
import { watchMessages, type Timers } from './watch';
import { barShare, formatMetric } from './format';

/** Hand-run timers: `advance(ms)` fires what is due. */
function fakeTimers() {
  let now = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timers: Timers = {
    set(fn, ms) {
      due.set(next, { at: now + ms, fn });
      return next++;
    },
    clear: (h) => void due.delete(h as number),
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      for (const [h, t] of [...due]) if (t.at <= now) (due.delete(h), t.fn());
    },
    pending: () => due.size,
  };
}

describe('the 今日数据 panel follows new messages', () => {
  it('counts again once, 1 s after the last message of a burst; stops when closed', () => {
    const listeners = new Set<() => void>();
    const api = {
      on: ((event: string, l: () => void) => {
        expect(event).toBe('chat.message');
        listeners.add(l);
        return () => listeners.delete(l);
      }) as never,
    };
    const t = fakeTimers();
    let reloads = 0;
    const stop = watchMessages(api, () => reloads++, 1000, t.timers);
    const message = () => listeners.forEach((l) => l());
    for (let i = 0; i < 5; i++) {
      message();
      t.advance(300);
    }
    expect(reloads).toBe(0);
    t.advance(700);
    expect(reloads).toBe(1);
    message();
    stop();
    t.advance(2000);
    expect(reloads).toBe(1);
    expect(listeners.size).toBe(0);
    expect(t.pending()).toBe(0);
  });
});

describe('figures as the panel writes them', () => {
  it('percent, seconds, ratio and yuan in each language', () => {
    expect(formatMetric('replyRate', 2 / 3, 'zh-CN')).toEqual({ value: '66.7', unit: 'percent' });
    expect(formatMetric('avgResponseSeconds', 200 / 3, 'en')).toEqual({ value: '66.7', unit: 'seconds' });
    expect(formatMetric('qaRatio', 0.8, 'en')).toEqual({ value: '0.80', unit: null });
    expect(formatMetric('avgOrderValue', 1234.5, 'zh-CN')).toEqual({ value: '1,234.50', unit: 'yuan' });
    expect(formatMetric('buyers', 0, 'en')).toEqual({ value: '0', unit: null });
    expect(barShare('replyRate', 0.5, 0.9)).toBe(0.5);
    expect(barShare('buyers', 3, 6)).toBe(0.5);
    expect(barShare('buyers', null, 6)).toBe(0);
  });
});
