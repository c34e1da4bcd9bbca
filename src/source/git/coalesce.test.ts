import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/index.ts';
import { Coalescer, DeadlineExceeded, KeyedMutex, withDeadline } from './coalesce.ts';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('Coalescer', () => {
  it('runs one operation for callers asking the same key meanwhile', async () => {
    const coalescer = new Coalescer();
    const gate = deferred<string>();
    let runs = 0;
    const operation = () => {
      runs += 1;
      return gate.promise;
    };
    const all = Promise.all([coalescer.run('k', undefined, operation), coalescer.run('k', undefined, operation)]);
    const other = coalescer.run('other', undefined, async () => 'o');
    gate.resolve('v');
    expect(await all).toEqual(['v', 'v']);
    expect(await other).toBe('o');
    expect(runs).toBe(1);
    expect(coalescer.size).toBe(0);
    expect(await coalescer.run('k', undefined, async () => 'again')).toBe('again');
  });

  it('aborts the shared operation only when every caller has aborted', async () => {
    const coalescer = new Coalescer();
    let shared: AbortSignal | undefined;
    const operation = (signal: AbortSignal) => {
      shared = signal;
      return new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = coalescer.run('k', first.signal, operation);
    const b = coalescer.run('k', second.signal, operation);
    await Promise.resolve();
    first.abort(new Error('first gave up'));
    await expect(a).rejects.toThrow('first gave up');
    expect(shared?.aborted).toBe(false);
    second.abort(new Error('second gave up'));
    await expect(b).rejects.toThrow('second gave up');
    expect(shared?.aborted).toBe(true);
  });
});

describe('KeyedMutex', () => {
  it('runs sections of one key one at a time, in order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gate = deferred<void>();
    const one = mutex.run('k', async () => {
      log.push('one start');
      await gate.promise;
      log.push('one end');
    });
    const two = mutex.run('k', async () => {
      log.push('two');
    });
    const elsewhere = mutex.run('other', async () => {
      log.push('other');
    });
    await elsewhere;
    expect(log).toEqual(['one start', 'other']);
    gate.resolve();
    await Promise.all([one, two]);
    expect(log).toEqual(['one start', 'other', 'one end', 'two']);
  });
});

describe('withDeadline', () => {
  it('aborts the operation when the clock passes the deadline', async () => {
    const clock = new ManualClock();
    let seen: AbortSignal | undefined;
    const running = withDeadline(clock, 5000, new AbortController().signal, (signal) => {
      seen = signal;
      return new Promise<never>(() => undefined);
    });
    clock.advance(4999);
    await Promise.resolve();
    expect(seen?.aborted).toBe(false);
    clock.advance(1);
    await expect(running).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(seen?.aborted).toBe(true);
  });

  it('stops its timer when the operation ends', async () => {
    const clock = new ManualClock();
    expect(await withDeadline(clock, 5000, new AbortController().signal, async () => 42)).toBe(42);
    expect(clock.nextWakeAt()).toBeUndefined();
  });
});

describe('Coalescer.runFresh', () => {
  it('never hands a caller an answer whose operation began before the call, and shares the next one', async () => {
    const coalescer = new Coalescer();
    let started = 0;
    const gates: (() => void)[] = [];
    const operation = () => {
      const index = ++started;
      return new Promise<number>((resolve) => gates.push(() => resolve(index)));
    };
    const first = coalescer.runFresh('k', undefined, operation);
    // Callers of the same tick share the flight: it has not asked anything yet.
    const sameTick = coalescer.runFresh('k', undefined, operation);
    await Promise.resolve();
    // These arrive while the first listing runs: they must not get its (possibly stale) answer.
    const second = coalescer.runFresh('k', undefined, operation);
    const third = coalescer.runFresh('k', undefined, operation);
    expect(started).toBe(1);
    gates[0]?.();
    expect([await first, await sameTick]).toEqual([1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toBe(2);
    gates[1]?.();
    expect([await second, await third]).toEqual([2, 2]);
  });
});
