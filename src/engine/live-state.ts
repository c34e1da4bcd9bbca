/**
 * A watch-based cache of one cluster's objects, shared by every application that deploys there:
 * each kind is listed once and then followed by a watch, so comparing an application reads memory,
 * not the API server. Changes are announced, which is how drift (self-heal) and a sync waiting
 * for health are woken.
 */
import { formatResourceKey, isFerryError, isAbortError, messageOf, resourceKeyOf, splitApiVersion, type Clock, type KubeObject, type Logger, type ResourceKey } from '../core/index.ts';
import type { ClusterClient, TypeRef } from '../cluster/index.ts';
import { owningApp } from './tracking.ts';

export type LiveChange = { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: KubeObject; readonly key: ResourceKey };

interface KindWatch {
  readonly type: TypeRef;
  /** Resolves once the first list is in the cache. */
  readonly synced: Promise<void>;
  isSynced: boolean;
}

const RETRY_DELAY_MS = 1000;

function groupKind(apiVersion: string, kind: string): string {
  return `${splitApiVersion(apiVersion).group}/${kind}`;
}

export class LiveStateCache {
  private readonly objects = new Map<string, KubeObject>();
  /** Keys of the objects each application owns (its tracking annotation), kept on every change. */
  private readonly owned = new Map<string, Set<string>>();
  /** Keys of the objects that name each uid in their ownerReferences (a Deployment's ReplicaSets...). */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly watches = new Map<string, KindWatch>();
  private readonly listeners = new Set<(change: LiveChange) => void>();
  private readonly stopping = new AbortController();
  private readonly client: ClusterClient;
  private readonly deps: { readonly clock: Clock; readonly logger: Logger };

  constructor(client: ClusterClient, deps: { readonly clock: Clock; readonly logger: Logger }) {
    this.client = client;
    this.deps = deps;
  }

  /** Starts following these kinds (once each) and waits until each has been listed. */
  async ensureKinds(types: readonly TypeRef[], signal?: AbortSignal): Promise<void> {
    const pending = types.map((type) => this.follow(type)).filter((watch) => !watch.isSynced).map((watch) => watch.synced);
    // The common case, every kind already listed, costs nothing: no promise race, no listener.
    if (pending.length === 0) return;
    const all = Promise.all(pending).then(() => undefined);
    if (!signal) return all;
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<void>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([all, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  get(key: ResourceKey): KubeObject | undefined {
    return this.objects.get(formatResourceKey(key));
  }

  /** Every cached object of a kind (`apps/Deployment`, `/Pod`). */
  ofKind(group: string, kind: string): KubeObject[] {
    const prefix = `${group}/${kind}/`;
    const out: KubeObject[] = [];
    for (const [key, object] of this.objects) if (key.startsWith(prefix)) out.push(object);
    return out;
  }

  all(): IterableIterator<KubeObject> {
    return this.objects.values();
  }

  isFollowing(apiVersion: string, kind: string): boolean {
    return this.watches.has(groupKind(apiVersion, kind));
  }

  onChange(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopping.abort(new Error('live state cache stopped'));
  }

  private follow(type: TypeRef): KindWatch {
    const id = groupKind(type.apiVersion, type.kind);
    const existing = this.watches.get(id);
    if (existing) return existing;
    let resolveSynced: () => void = () => undefined;
    const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
    const watch: KindWatch = { type, synced, isSynced: false };
    this.watches.set(id, watch);
    void this.run(type, () => {
      watch.isSynced = true;
      resolveSynced();
    });
    return watch;
  }

  /** Live objects whose tracking annotation names `app`. */
  ownedBy(app: string): KubeObject[] {
    const keys = this.owned.get(app);
    if (!keys) return [];
    return [...keys].map((id) => this.objects.get(id)).filter((object): object is KubeObject => object !== undefined);
  }

  /** Objects whose ownerReferences name this uid. */
  childrenOf(uid: string): KubeObject[] {
    const keys = this.dependents.get(uid);
    if (!keys) return [];
    return [...keys].map((id) => this.objects.get(id)).filter((object): object is KubeObject => object !== undefined);
  }

  private indexDependents(id: string, before: KubeObject | undefined, after: KubeObject | undefined): void {
    for (const reference of before?.metadata.ownerReferences ?? []) this.dependents.get(reference.uid)?.delete(id);
    for (const reference of after?.metadata.ownerReferences ?? []) {
      const keys = this.dependents.get(reference.uid) ?? new Set<string>();
      keys.add(id);
      this.dependents.set(reference.uid, keys);
    }
  }

  private index(id: string, before: KubeObject | undefined, after: KubeObject | undefined, key: ResourceKey): void {
    this.indexDependents(id, before, after);
    const previousOwner = before && owningApp(before, key);
    const owner = after && owningApp(after, key);
    if (previousOwner === owner) return;
    if (previousOwner) this.owned.get(previousOwner)?.delete(id);
    if (owner) {
      const keys = this.owned.get(owner) ?? new Set<string>();
      keys.add(id);
      this.owned.set(owner, keys);
    }
  }

  private apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void {
    const key = resourceKeyOf(object);
    const id = formatResourceKey(key);
    const before = this.objects.get(id);
    if (type === 'DELETED') this.objects.delete(id);
    else this.objects.set(id, object);
    this.index(id, before, type === 'DELETED' ? undefined : object, key);
    for (const listener of this.listeners) listener({ type, object, key });
  }

  /** Replaces the cached objects of `type` with a fresh list; returns the list's version. */
  private async relist(type: TypeRef, signal: AbortSignal): Promise<string> {
    const list = await this.client.list(type, { signal });
    const seen = new Set<string>();
    for (const item of list.items) {
      const object = { ...item, apiVersion: item.apiVersion || type.apiVersion, kind: item.kind || type.kind };
      seen.add(formatResourceKey(resourceKeyOf(object)));
      this.apply('MODIFIED', object);
    }
    for (const object of this.ofKind(splitApiVersion(type.apiVersion).group, type.kind)) {
      if (!seen.has(formatResourceKey(resourceKeyOf(object)))) this.apply('DELETED', object);
    }
    return list.resourceVersion;
  }

  /**
   * List once, then watch from the last version seen. A watch that ends is resumed from there;
   * only an expired version (410) or an error costs a new list.
   */
  private async run(type: TypeRef, markSynced: () => void): Promise<void> {
    const signal = this.stopping.signal;
    const log = this.deps.logger.child({ kind: type.kind });
    let resourceVersion: string | undefined;
    while (!signal.aborted) {
      try {
        if (resourceVersion === undefined) {
          resourceVersion = await this.relist(type, signal);
          markSynced();
        }
        for await (const event of this.client.watch(type, { signal, resourceVersion, allowBookmarks: true })) {
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK') continue;
          this.apply(event.type, { ...event.object, apiVersion: event.object.apiVersion || type.apiVersion, kind: event.object.kind || type.kind });
        }
      } catch (error) {
        if (signal.aborted || isAbortError(error)) return;
        resourceVersion = undefined;
        if (isFerryError(error, 'CLUSTER_NOT_FOUND')) {
          // The kind is not served (a CRD not created yet): nothing to cache until it is.
          markSynced();
        } else if (!isFerryError(error, 'CLUSTER_EXPIRED')) {
          log.warn({ error: messageOf(error) }, 'watch failed; relisting');
        }
        await this.deps.clock.sleep(RETRY_DELAY_MS, signal).catch(() => undefined);
      }
    }
  }
}
