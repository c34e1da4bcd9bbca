import { describe, expect, it } from 'vitest';
import { KeyedWorkQueue } from './work-queue.ts';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedWorkQueue', () => {
  it('never runs one key twice at once, and reruns a key asked for while it ran', async () => {
    const gates = [deferred(), deferred()];
    let running = 0;
    let maxRunning = 0;
    const runs: string[] = [];
    const queue = new KeyedWorkQueue(4, async (key) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      runs.push(key);
      await gates[runs.length - 1]?.promise;
      running--;
    }, () => undefined);
    queue.add('app');
    queue.add('app');
    await Promise.resolve();
    queue.add('app');
    gates[0]?.resolve();
    gates[1]?.resolve();
    await queue.idle();
    expect(runs).toEqual(['app', 'app']);
    expect(maxRunning).toBe(1);
  });

  it('bounds parallelism over keys', async () => {
    let running = 0;
    let maxRunning = 0;
    const queue = new KeyedWorkQueue(2, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    }, () => undefined);
    for (const key of ['a', 'b', 'c', 'd', 'e']) queue.add(key);
    await queue.idle();
    expect(maxRunning).toBe(2);
  });

  it('reports a failing key and goes on with the others', async () => {
    const failures: string[] = [];
    const done: string[] = [];
    const queue = new KeyedWorkQueue(1, async (key) => {
      if (key === 'bad') throw new Error('boom');
      done.push(key);
    }, (key, error) => failures.push(`${key}: ${(error as Error).message}`));
    queue.add('bad');
    queue.add('good');
    await queue.idle();
    expect([failures, done]).toEqual([['bad: boom'], ['good']]);
  });
});
