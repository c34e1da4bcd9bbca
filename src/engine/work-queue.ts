/**
 * A keyed work queue: work for one key (an application) never runs twice at once, a key queued
 * while it waits is queued once, and at most `parallelism` keys are worked on together. The
 * poller, webhooks, users and the live-state watch all enqueue here.
 */
export class KeyedWorkQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  /** Keys asked for again while active: they run once more afterwards. */
  private readonly dirty = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private readonly parallelism: number;
  private readonly work: (key: string) => Promise<void>;
  private readonly onError: (key: string, error: unknown) => void;

  constructor(parallelism: number, work: (key: string) => Promise<void>, onError: (key: string, error: unknown) => void) {
    this.parallelism = Math.max(1, parallelism);
    this.work = work;
    this.onError = onError;
  }

  add(key: string): void {
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.waiting.push(key);
    this.pump();
  }

  get size(): number {
    return this.waiting.length + this.active.size;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.active.size < this.parallelism && this.waiting.length > 0) {
      const key = this.waiting.shift() as string;
      this.queued.delete(key);
      this.active.add(key);
      void this.work(key)
        .catch((error: unknown) => this.onError(key, error))
        .finally(() => {
          this.active.delete(key);
          if (this.dirty.delete(key)) this.add(key);
          this.pump();
          if (this.size === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }
}
