/**
 * A token bucket per client (address): `capacity` requests at once, refilled evenly over a
 * minute. In process and bounded: the least recently seen clients are forgotten first, so a
 * flood of addresses cannot grow memory without end.
 */
import type { Clock } from '../core/index.ts';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until one more request would be allowed (for Retry-After). */
  readonly retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly clock: Clock;
  private readonly maxClients: number;

  constructor(options: { readonly perMinute: number; readonly clock: Clock; readonly maxClients?: number }) {
    this.capacity = options.perMinute;
    this.refillPerMs = options.perMinute / 60_000;
    this.clock = options.clock;
    this.maxClients = options.maxClients ?? 10_000;
  }

  private bucket(key: string): Bucket {
    const now = this.clock.now().getTime();
    const existing = this.buckets.get(key);
    const bucket = existing ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    // Re-inserting keeps the map in least-recently-seen order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
    return bucket;
  }

  private decision(bucket: Bucket, allowed: boolean): RateDecision {
    const missing = Math.max(0, 1 - bucket.tokens);
    return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(missing / this.refillPerMs / 1000)) };
  }

  /** Takes one token when there is one. */
  take(key: string): RateDecision {
    const bucket = this.bucket(key);
    if (bucket.tokens < 1) return this.decision(bucket, false);
    bucket.tokens -= 1;
    return this.decision(bucket, true);
  }

  /** Whether a token is left, without taking it (failed logins are counted after the fact). */
  check(key: string): RateDecision {
    const bucket = this.bucket(key);
    return this.decision(bucket, bucket.tokens >= 1);
  }
}
