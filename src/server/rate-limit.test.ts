import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/index.ts';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst of the capacity, then refuses until the bucket refills', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ perMinute: 3, clock });
    expect([1, 2, 3, 4].map(() => limiter.take('10.0.0.1').allowed)).toEqual([true, true, true, false]);
    expect(limiter.take('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('10.0.0.2').allowed).toBe(true);
    clock.advance(20_000);
    expect(limiter.take('10.0.0.1').allowed).toBe(true);
    expect(limiter.take('10.0.0.1').allowed).toBe(false);
  });

  it('checks without taking', () => {
    const limiter = new RateLimiter({ perMinute: 1, clock: new ManualClock() });
    expect(limiter.check('a').allowed).toBe(true);
    expect(limiter.check('a').allowed).toBe(true);
    limiter.take('a');
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('forgets the least recently seen client beyond its bound', () => {
    const limiter = new RateLimiter({ perMinute: 1, clock: new ManualClock(), maxClients: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    // `a` was forgotten, so it starts with a full bucket again; `c` was not.
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
