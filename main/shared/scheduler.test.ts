import { describe, expect, it } from 'vitest';
import { realScheduler, virtualScheduler } from './scheduler';

describe('virtual scheduler', () => {
  it('fires due timers in time order (ties in the order set), moves the clock to each, and not the cancelled one', async () => {
    const s = virtualScheduler(1000);
    const seen: string[] = [];
    s.setTimeout(() => seen.push(`b@${s.now()}`), 20);
    s.setTimeout(() => seen.push(`a@${s.now()}`), 10);
    s.setTimeout(() => seen.push(`a2@${s.now()}`), 10);
    const c = s.setTimeout(() => seen.push('cancelled'), 15);
    s.clearTimeout(c);
    s.setTimeout(() => seen.push('later'), 31);
    await s.advance(30);
    expect(seen).toEqual(['a@1010', 'a2@1010', 'b@1020']);
    expect(s.now()).toBe(1030);
    expect(s.pending()).toBe(1);
  });

  it("lets a timer's awaited work finish before the next timer, and fires timers set meanwhile within the span", async () => {
    const s = virtualScheduler(0);
    const seen: string[] = [];
    s.setTimeout(() => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => {
          seen.push(`settled@${s.now()}`);
          s.setTimeout(() => seen.push(`chained@${s.now()}`), 5);
        });
    }, 10);
    s.setTimeout(() => seen.push(`next@${s.now()}`), 11);
    await s.advance(20);
    expect(seen).toEqual(['settled@10', 'next@11', 'chained@15']);
  });
});

describe('real scheduler', () => {
  it('runs a timer on Node timers and can cancel one', async () => {
    const s = realScheduler();
    let fired = 0;
    const cancelled = s.setTimeout(() => (fired += 10), 5);
    s.clearTimeout(cancelled);
    await new Promise<void>((resolve) => s.setTimeout(() => (fired++, resolve()), 5));
    expect(fired).toBe(1);
  });
});
