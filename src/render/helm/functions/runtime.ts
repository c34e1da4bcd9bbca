/**
 * Where the template functions get time and randomness (`now`, `randAlphaNum`, `uuidv4`,
 * `genCA`, ...): handed in by the caller, so a render is reproducible in tests.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Clock } from '../../../core/index.ts';
import { systemClock } from '../../../core/index.ts';

export interface HelmRuntime {
  now(): Date;
  /** Cryptographically strong random bytes (or a test's fixed stream). */
  randomBytes(size: number): Uint8Array;
  /** A uniform integer in [0, bound). */
  randomInt(bound: number): number;
}

/** A runtime from a clock and a byte source. */
export function createRuntime(clock: Pick<Clock, 'now'>, randomBytes: (size: number) => Uint8Array): HelmRuntime {
  return {
    now: () => clock.now(),
    randomBytes,
    randomInt(bound: number): number {
      if (!Number.isInteger(bound) || bound <= 0) throw new Error('invalid argument to Intn');
      // Rejection sampling over 32-bit draws keeps the distribution uniform.
      const limit = Math.floor(0x100000000 / bound) * bound;
      for (;;) {
        const b = randomBytes(4);
        const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
        if (n < limit) return n % bound;
      }
    },
  };
}

/** The system's clock and CSPRNG, for production renders. */
export const systemRuntime: HelmRuntime = createRuntime(systemClock, (size) => new Uint8Array(cryptoRandomBytes(size)));

/**
 * A deterministic runtime for tests: a fixed time and a byte stream from a seed
 * (xorshift; not for secrets).
 */
export function seededRuntime(now: Date, seed = 1): HelmRuntime {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state & 0xff;
  };
  return createRuntime({ now: () => new Date(now.getTime()) }, (size) => Uint8Array.from({ length: size }, next));
}

/** `count` characters drawn uniformly from `alphabet`. */
export function randomString(runtime: HelmRuntime, count: number, alphabet: string): string {
  if (count < 0) throw new Error(`Requested random string length ${count} is less than 0.`);
  if (count > 1 << 20) throw new Error(`requested random string length ${count} is too large`);
  const chars = Array.from(alphabet);
  let out = '';
  for (let i = 0; i < count; i++) out += chars[runtime.randomInt(chars.length)];
  return out;
}
