import { FerryError, messageOf, silentLogger, type Clock, type KubeObject, type Logger } from '../../../core/index.ts';
import type { ObjectStore, StoreWatch } from '../store/index.ts';
import { ClusterCache } from './cache.ts';
import { createEventRecorder } from './events.ts';
import type { Controller, ControllerClient, ControllerContext, ControllerFactory, WatchEventType } from './types.ts';
import { WorkQueue, type WorkItem } from './work-queue.ts';

/** A clock the manager can move itself (a `ManualClock`): tests' cluster time. */
export interface AdvanceableClock extends Clock {
  advance(ms: number): void;
}

function isAdvanceable(clock: Clock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advance === 'function';
}

export interface ControllerManagerOptions {
  readonly store: ObjectStore;
  readonly client: ControllerClient;
  readonly clock: Clock;
  readonly random?: () => number;
  readonly logger?: Logger;
}

export interface RunOptions {
  /** Stop after this many syncs (a livelock guard); default 1 000 000. */
  readonly maxItems?: number;
  /** Called after every sync: lets a test assert an invariant at each step. */
  readonly onStep?: (item: WorkItem) => void;
}

export interface RunUntilOptions extends RunOptions {
  /** Cluster time allowed to pass, in ms (default 5 minutes). */
  readonly timeoutMs?: number;
}

const ERROR_BACKOFF_BASE_MS = 5;
const ERROR_BACKOFF_MAX_MS = 1000 * 1000;

/**
 * Runs every controller against one store: one watch per resource feeds the cache indexes and
 * the controllers' change handlers, which enqueue keys; `runUntilIdle` syncs queued keys until
 * none is left (it never moves the clock); timers wait for the clock. `start()` makes it run by
 * itself on a real clock (the server); tests call `runUntilIdle`, `advance` and `runUntil`.
 */
export class ControllerManager {
  readonly store: ObjectStore;
  readonly client: ControllerClient;
  readonly clock: Clock;
  readonly cache: ClusterCache;
  readonly context: ControllerContext;
  private readonly logger: Logger;
  private readonly queue = new WorkQueue();
  private readonly controllers = new Map<string, Controller>();
  private readonly handlers = new Map<string, { controller: Controller; handle: Controller['handlers'][string] }[]>();
  private readonly anyHandlers: { controller: Controller; handle: Controller['handlers'][string] }[] = [];
  private readonly watches = new Map<string, StoreWatch>();
  private readonly failures = new Map<string, number>();
  private started = false;
  private running = false;
  private drainScheduled = false;
  private armedAt: number | undefined;
  private armed: AbortController | undefined;
  private stopped = false;

  constructor(options: ControllerManagerOptions) {
    this.store = options.store;
    this.client = options.client;
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger;
    this.cache = new ClusterCache(options.store);
    const recorder = createEventRecorder(
      options.client,
      (namespace, name) => options.store.get('events', namespace, name),
      options.clock,
      this.logger,
    );
    this.context = {
      store: options.store,
      client: options.client,
      clock: options.clock,
      random: options.random ?? Math.random,
      logger: this.logger,
      cache: this.cache,
      recordEvent: (involved, event) => recorder.record(involved, event),
      enqueue: (controller, key) => this.enqueue(controller, key),
      enqueueAfter: (controller, key, delayMs) => this.enqueueAfter(controller, key, delayMs),
      watch: (resource) => this.watchResource(resource),
    };
  }

  /** Adds controllers; must happen before `begin()`. */
  register(...factories: ControllerFactory[]): this {
    if (this.started) throw new FerryError('CLUSTER_CONTROLLERS_STARTED', 'controllers: cannot register after the manager has begun');
    for (const factory of factories) {
      const controller = factory(this.context);
      if (this.controllers.has(controller.name)) {
        throw new FerryError('CLUSTER_CONTROLLERS_DUPLICATE', `controllers: two controllers are named "${controller.name}"`);
      }
      this.controllers.set(controller.name, controller);
      for (const [resource, handle] of Object.entries(controller.handlers)) {
        if (resource === '*') {
          this.anyHandlers.push({ controller, handle });
          continue;
        }
        let list = this.handlers.get(resource);
        if (!list) {
          list = [];
          this.handlers.set(resource, list);
        }
        list.push({ controller, handle });
      }
    }
    return this;
  }

  /** Drops every controller not named in `names` (tests of one controller); before `begin()`. */
  keepOnly(names: readonly string[]): this {
    const keep = new Set(names);
    for (const name of [...this.controllers.keys()]) if (!keep.has(name)) this.controllers.delete(name);
    for (const [resource, list] of this.handlers) this.handlers.set(resource, list.filter((h) => keep.has(h.controller.name)));
    const any = this.anyHandlers.filter((h) => keep.has(h.controller.name));
    this.anyHandlers.length = 0;
    this.anyHandlers.push(...any);
    return this;
  }

  /**
   * Opens the watches (`resources` plus every resource a controller handles) and lets each
   * controller enqueue its initial work. Nothing is synced until `runUntilIdle` or `start`.
   */
  begin(resources: readonly string[] = []): this {
    if (this.started) return this;
    this.started = true;
    const wanted = new Set([...resources, ...this.handlers.keys()]);
    for (const resource of wanted) this.watchResource(resource);
    for (const controller of this.controllers.values()) controller.start?.();
    return this;
  }

  /** Watches one more resource (a CRD's, once it is served); idempotent. */
  watchResource(resource: string): void {
    if (this.watches.has(resource) || this.stopped) return;
    if (!this.store.resource(resource)) return;
    const listener = (event: { type: string; object: KubeObject }): void => {
      if (event.type === 'BOOKMARK') return;
      this.dispatch(resource, event.type as WatchEventType, event.object);
    };
    this.watches.set(resource, this.store.watch(resource, {}, listener));
  }

  /** Whether `resource` is watched. */
  isWatching(resource: string): boolean {
    return this.watches.has(resource);
  }

  enqueue(controller: string, key: string): void {
    this.queue.add(controller, key);
    if (this.running) this.scheduleDrain();
  }

  enqueueAfter(controller: string, key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.enqueue(controller, key);
      return;
    }
    this.queue.addAt(controller, key, this.clock.now().getTime() + Math.ceil(delayMs));
    if (this.running) this.armTimer();
  }

  /**
   * Syncs queued keys (and timers already due) until nothing is left; never moves the clock.
   * Returns how many syncs ran. Throws CLUSTER_CONTROLLERS_BUSY past `maxItems` (a livelock).
   */
  runUntilIdle(options: RunOptions = {}): number {
    const max = options.maxItems ?? 1_000_000;
    let count = 0;
    for (;;) {
      this.queue.promote(this.clock.now().getTime());
      const item = this.queue.next();
      if (!item) return count;
      if (count >= max) {
        this.queue.add(item.controller, item.key);
        if (options.maxItems !== undefined) return count;
        throw new FerryError('CLUSTER_CONTROLLERS_BUSY', `controllers: still busy after ${max} syncs (last: ${item.controller} ${item.key}): a controller keeps requeueing itself`);
      }
      this.syncOne(item);
      count++;
      options.onStep?.(item);
    }
  }

  /** When the next timer is due (ms since the epoch), if any. */
  nextTimerAt(): number | undefined {
    return this.queue.nextDue();
  }

  pendingCount(): number {
    return this.queue.readyCount();
  }

  /** Moves a manual clock forward by `ms`, stopping at every timer to run until idle. */
  advance(ms: number, options: RunOptions = {}): void {
    const clock = this.manualClock();
    const target = clock.now().getTime() + ms;
    this.runUntilIdle(options);
    for (;;) {
      const due = this.queue.nextDue();
      if (due === undefined || due > target) break;
      clock.advance(Math.max(0, due - clock.now().getTime()));
      this.runUntilIdle(options);
    }
    const rest = target - clock.now().getTime();
    if (rest > 0) clock.advance(rest);
    this.runUntilIdle(options);
  }

  /** Jumps a manual clock to the next timer and runs until idle; false when no timer is pending. */
  step(options: RunOptions = {}): boolean {
    const clock = this.manualClock();
    this.runUntilIdle(options);
    const due = this.queue.nextDue();
    if (due === undefined) return false;
    clock.advance(Math.max(0, due - clock.now().getTime()));
    this.runUntilIdle(options);
    return true;
  }

  /**
   * Runs until `done()` holds, moving a manual clock from timer to timer, for at most
   * `timeoutMs` of cluster time: "until all pods are Ready or 5 minutes have passed".
   * Returns whether `done()` held.
   */
  runUntil(done: () => boolean, options: RunUntilOptions = {}): boolean {
    const clock = this.manualClock();
    const deadline = clock.now().getTime() + (options.timeoutMs ?? 5 * 60 * 1000);
    this.runUntilIdle(options);
    for (;;) {
      if (done()) return true;
      const due = this.queue.nextDue();
      if (due === undefined || due > deadline) {
        const rest = deadline - clock.now().getTime();
        if (rest > 0) clock.advance(rest);
        this.runUntilIdle(options);
        return done();
      }
      clock.advance(Math.max(0, due - clock.now().getTime()));
      this.runUntilIdle(options);
    }
  }

  /** Runs by itself: syncs soon after each change and wakes on the clock for timers. */
  start(): void {
    if (!this.started) this.begin();
    if (this.running || this.stopped) return;
    this.running = true;
    this.scheduleDrain();
  }

  /** Stops the watches and the self-driving loop; queued work is dropped. */
  stop(): void {
    this.stopped = true;
    this.running = false;
    this.armed?.abort();
    for (const watch of this.watches.values()) watch.stop();
    this.watches.clear();
  }

  private manualClock(): AdvanceableClock {
    if (!isAdvanceable(this.clock)) {
      throw new FerryError('CLUSTER_CONTROLLERS_CLOCK', 'controllers: advancing time needs a ManualClock');
    }
    return this.clock;
  }

  private dispatch(resource: string, type: WatchEventType, object: KubeObject): void {
    const previous = this.cache.observe(resource, type, object);
    const list = this.handlers.get(resource);
    if (list) for (const { controller, handle } of list) this.safely(controller, () => handle(type, object, previous, resource));
    for (const { controller, handle } of this.anyHandlers) this.safely(controller, () => handle(type, object, previous, resource), resource);
  }

  private safely(controller: Controller, work: () => void, resource?: string): void {
    try {
      work();
    } catch (error) {
      // A failing handler must not break the store write that notified it.
      this.logger.error({ controller: controller.name, resource, error: messageOf(error) }, 'controller handler failed');
    }
  }

  private syncOne(item: WorkItem): void {
    const controller = this.controllers.get(item.controller);
    if (!controller) return;
    const id = `${item.controller}\0${item.key}`;
    try {
      const after = controller.sync(item.key);
      this.failures.delete(id);
      if (typeof after === 'number' && Number.isFinite(after)) this.enqueueAfter(item.controller, item.key, Math.max(1, after));
    } catch (error) {
      const failures = (this.failures.get(id) ?? 0) + 1;
      this.failures.set(id, failures);
      const delay = Math.min(ERROR_BACKOFF_MAX_MS, ERROR_BACKOFF_BASE_MS * 2 ** Math.min(30, failures - 1));
      this.logger.warn({ controller: item.controller, key: item.key, failures, error: messageOf(error) }, 'sync failed; retrying');
      this.enqueueAfter(item.controller, item.key, delay);
    }
  }

  private scheduleDrain(): void {
    if (!this.running || this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      if (!this.running) return;
      try {
        // Bounded, so the API server keeps answering while a large rollout converges.
        this.runUntilIdle({ maxItems: 2000 });
      } catch (error) {
        this.logger.error({ error: messageOf(error) }, 'controllers failed');
      }
      if (this.queue.readyCount() > 0) this.scheduleDrain();
      this.armTimer();
    });
  }

  private armTimer(): void {
    if (!this.running) return;
    const due = this.queue.nextDue();
    if (due === undefined) return;
    if (this.armedAt !== undefined && this.armedAt <= due) return;
    this.armed?.abort();
    const abort = new AbortController();
    this.armed = abort;
    this.armedAt = due;
    this.clock.sleep(Math.max(0, due - this.clock.now().getTime()), abort.signal).then(
      () => {
        if (this.armed !== abort) return;
        this.armed = undefined;
        this.armedAt = undefined;
        this.scheduleDrain();
      },
      () => undefined,
    );
  }
}
