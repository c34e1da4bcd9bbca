import { isAbortError, isFerryError, messageOf, silentLogger, type Clock, type KubeObject, type Logger } from '../core/index.ts';
import type { ClusterClient, TypeRef, WatchEvent } from './types.ts';

/**
 * A list/watch cache of one kind (what client-go's informer is): it lists, then watches from the
 * list's resourceVersion, keeps the objects in memory, re-watches when a stream ends, relists
 * when the server says the resourceVersion is too old (410) — telling its listeners what
 * changed in between — and backs off on other errors. Works over any `ClusterClient`.
 */
export interface WatchCacheOptions {
  readonly type: TypeRef;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** For the back-off between failed attempts. */
  readonly clock: Clock;
  readonly logger?: Logger;
  /** List page size (default 500, as client-go's reflector). */
  readonly pageSize?: number;
}

export type WatchCacheListener = (event: WatchEvent) => void;

function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

export class WatchCache {
  private readonly client: ClusterClient;
  private readonly options: WatchCacheOptions;
  private readonly logger: Logger;
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<WatchCacheListener>();
  private lastResourceVersion = '';
  private syncedOnce: Promise<void> | undefined;
  private markSynced: (() => void) | undefined;
  private failSync: ((error: unknown) => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(client: ClusterClient, options: WatchCacheOptions) {
    this.client = client;
    this.options = options;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Starts listing and watching until `signal` aborts; resolves once the first list is in the
   * cache. Rejects if that first list fails for a reason a retry will not fix (a kind the server
   * does not serve, a bad selector).
   */
  start(signal: AbortSignal): Promise<void> {
    if (!this.syncedOnce) {
      this.syncedOnce = new Promise<void>((resolve, reject) => {
        this.markSynced = resolve;
        this.failSync = reject;
      });
      this.running = this.loop(signal);
    }
    return this.syncedOnce;
  }

  /** Resolves when the loop has stopped (after `signal` aborted). */
  stopped(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  get resourceVersion(): string {
    return this.lastResourceVersion;
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(`${namespace}/${name}`);
  }

  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  /** Calls `listener` for every change from now on; returns the unsubscribe function. */
  subscribe(listener: WatchCacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn({ err: messageOf(error) }, 'watch cache listener failed');
      }
    }
  }

  /** Replaces the cache with a fresh list, telling listeners what changed. */
  private async relist(signal: AbortSignal): Promise<void> {
    const fresh = new Map<string, KubeObject>();
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.client.list(this.options.type, {
        signal,
        ...(this.options.namespace !== undefined ? { namespace: this.options.namespace } : {}),
        ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}),
        ...(this.options.fieldSelector ? { fieldSelector: this.options.fieldSelector } : {}),
        limit: this.options.pageSize ?? 500,
        ...(token ? { continue: token } : {}),
      });
      for (const item of page.items) fresh.set(keyOf(item), item);
      if (!resourceVersion) resourceVersion = page.resourceVersion;
      token = page.continue;
    } while (token);
    for (const [key, old] of this.objects) {
      if (!fresh.has(key)) {
        this.objects.delete(key);
        this.emit({ type: 'DELETED', object: old });
      }
    }
    for (const [key, object] of fresh) {
      const old = this.objects.get(key);
      this.objects.set(key, object);
      if (!old) this.emit({ type: 'ADDED', object });
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) this.emit({ type: 'MODIFIED', object });
    }
    this.lastResourceVersion = resourceVersion;
  }

  private apply(event: WatchEvent): void {
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.lastResourceVersion = rv;
    if (event.type === 'BOOKMARK') return;
    const key = keyOf(event.object);
    if (event.type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, event.object);
    this.emit(event);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let needList = true;
    let delay = 1000;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.relist(signal);
          needList = false;
          this.markSynced?.();
        }
        for await (const event of this.client.watch(this.options.type, {
          signal,
          resourceVersion: this.lastResourceVersion,
          allowBookmarks: true,
          ...(this.options.namespace !== undefined ? { namespace: this.options.namespace } : {}),
          ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}),
          ...(this.options.fieldSelector ? { fieldSelector: this.options.fieldSelector } : {}),
        })) {
          this.apply(event);
          delay = 1000;
        }
      } catch (error) {
        if (signal.aborted || isAbortError(error)) break;
        if (isFerryError(error, 'CLUSTER_EXPIRED')) {
          needList = true;
          continue;
        }
        const permanent = isFerryError(error) && (error.httpStatus === 400 || error.httpStatus === 404 || error.httpStatus === 422);
        if (permanent && this.lastResourceVersion === '') {
          this.failSync?.(error);
          return;
        }
        this.logger.warn({ err: messageOf(error), kind: this.options.type.kind, retryInMs: delay }, 'watch cache: list or watch failed, retrying');
        needList = true;
        try {
          await this.options.clock.sleep(delay, signal);
        } catch {
          break;
        }
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }
}
