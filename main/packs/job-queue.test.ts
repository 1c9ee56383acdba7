import { describe, expect, it } from 'vitest';
import { createJobQueue } from './job-queue';
import { rejection } from './testkit.test-util';

/** A task the test finishes by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('createJobQueue', () => {
  it('runs at most `running` tasks, starts the waiting ones first come first served, refuses past `waiting`', async () => {
    const queue = createJobQueue({ running: 2, waiting: 3 });
    const started: number[] = [];
    const tasks = Array.from({ length: 7 }, () => deferred<number>());
    const jobs = tasks.map((t, i) =>
      queue.schedule(() => {
        started.push(i);
        return t.promise;
      }),
    );
    expect(started).toEqual([0, 1]);
    expect(queue.size).toEqual({ running: 2, waiting: 3 });
    expect((await rejection(jobs[5]!.result)).code).toBe('pack.busy');
    expect((await rejection(jobs[6]!.result)).code).toBe('pack.busy');

    tasks[1]!.resolve(1);
    expect(await jobs[1]!.result).toBe(1);
    expect(started).toEqual([0, 1, 2]);
    tasks[0]!.reject(new Error('boom')); // a failed task frees its slot too
    await expect(jobs[0]!.result).rejects.toThrow('boom');
    expect(started).toEqual([0, 1, 2, 3]);
    for (const i of [2, 3]) tasks[i]!.resolve(i);
    await Promise.all([jobs[2]!.result, jobs[3]!.result]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    tasks[4]!.resolve(4);
    expect(await jobs[4]!.result).toBe(4);
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('dequeues a waiting task (it never runs, its result is pack.cancelled) but not a running one', async () => {
    const queue = createJobQueue({ running: 1, waiting: 2 });
    const first = deferred<string>();
    let secondRan = false;
    const a = queue.schedule(() => first.promise);
    const b = queue.schedule(async () => {
      secondRan = true;
      return 'b';
    });
    expect(a.dequeue()).toBe(false);
    expect(b.dequeue()).toBe(true);
    expect((await rejection(b.result)).code).toBe('pack.cancelled');
    first.resolve('a');
    expect(await a.result).toBe('a');
    await new Promise((r) => setImmediate(r));
    expect(secondRan).toBe(false);
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('a task that throws synchronously rejects its result and frees its slot', async () => {
    const queue = createJobQueue({ running: 1, waiting: 0 });
    const bad = queue.schedule<number>(() => {
      throw new Error('sync');
    });
    await expect(bad.result).rejects.toThrow('sync');
    expect(await queue.schedule(async () => 7).result).toBe(7);
  });
});
