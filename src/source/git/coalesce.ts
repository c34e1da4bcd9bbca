/**
 * Concurrency helpers for the Git cache: one in-flight operation per key shared by every
 * caller that asks meanwhile, a mutex per key, and deadlines on an injected Clock.
 */
import type { Clock } from '../../core/index.ts';

interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
  /** Set once the operation has begun: callers from the same tick may still join before that. */
  begun: boolean;
}

/** Marks an abort caused by the deadline, as opposed to a caller giving up. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Callers asking for the same key while an operation runs join it instead of starting
 * another. The shared operation gets its own signal, aborted only when every caller that
 * joined it has aborted: one impatient caller does not cancel the fetch the others wait for.
 */
export class Coalescer {
  private readonly flights = new Map<string, Flight<unknown>>();
  /** Per key, the end of the flight running now: callers needing a fresh answer start after it. */
  private readonly after = new Map<string, Promise<void>>();

  /**
   * Like `run`, for answers that must be as new as the call: a flight already under way may have
   * asked the server before this caller's reason to ask (a push it was told of), so the caller
   * does not join it; it waits for it to end and shares the next one with every caller that came
   * meanwhile. A burst of callers costs at most two operations, and none gets a stale answer.
   */
  runFresh<T>(key: string, signal: AbortSignal | undefined, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (!running || !running.begun) return this.run(key, signal, operation);
    let ended = this.after.get(key);
    if (!ended) {
      const created: Promise<void> = running.promise.then(
        () => undefined,
        () => undefined,
      );
      ended = created.finally(() => {
        if (this.after.get(key) === ended) this.after.delete(key);
      });
      this.after.set(key, ended);
    }
    return ended.then(() => this.run(key, signal, operation));
  }

  run<T>(key: string, signal: AbortSignal | undefined, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.flights.get(key) as Flight<T> | undefined;
    if (!flight) {
      const controller = new AbortController();
      const promise = Promise.resolve()
        .then(() => {
          created.begun = true;
          return operation(controller.signal);
        })
        .finally(() => {
          if (this.flights.get(key) === created) this.flights.delete(key);
        });
      // Every caller may have left; the outcome then has no listener and must not crash the process.
      promise.catch(() => undefined);
      const created: Flight<T> = { promise, controller, waiters: 0, begun: false };
      flight = created;
      this.flights.set(key, created as Flight<unknown>);
    }
    flight.waiters += 1;
    return this.join(flight, signal);
  }

  /** Number of operations in flight (for tests and metrics). */
  get size(): number {
    return this.flights.size;
  }

  private join<T>(flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        flight.waiters -= 1;
        if (flight.waiters <= 0) flight.controller.abort(signal.reason);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

/** Runs async sections one at a time per key (writes to one cache directory). */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => gate);
    this.tails.set(key, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * Runs `operation` with a signal that aborts when `parent` aborts or when `timeoutMs` of
 * `clock` time pass (the reason is then a DeadlineExceeded). The returned promise settles
 * as soon as the signal aborts, even if the operation ignores it.
 */
export async function withDeadline<T>(
  clock: Clock,
  timeoutMs: number,
  parent: AbortSignal,
  operation: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const stopTimer = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  clock.sleep(timeoutMs, stopTimer.signal).then(
    () => controller.abort(new DeadlineExceeded(timeoutMs)),
    () => undefined,
  );
  try {
    return await raceSignal(operation(controller.signal), controller.signal);
  } finally {
    stopTimer.abort();
    parent.removeEventListener('abort', onParentAbort);
  }
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
