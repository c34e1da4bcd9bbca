import type { Clock, KubeObject } from '../../../core/index.ts';

/**
 * The embedded cluster's object store: what etcd plus the API server's generic registry are to
 * a real cluster. It keeps every object as unstructured data and owns the metadata a server
 * owns — `uid`, `creationTimestamp`, one cluster-wide `resourceVersion`, `generation`,
 * `deletionTimestamp` and `finalizers` — with optimistic concurrency, list, watch with a replay
 * window, and persistence (node:sqlite, WAL: every write is committed before the call returns).
 *
 * It does NOT default, validate, decode patches, track managedFields or run controllers: that
 * is the API layer (`../apiserver/`) and the controllers. Controllers should READ here (it is
 * their informer cache: synchronous and cheap) and WRITE through the API layer's operations, so
 * their writes are defaulted and validated like a real client's.
 *
 * Everything is synchronous: a write has been committed to disk (and delivered to watchers)
 * when the call returns. Objects handed out are deep-frozen and shared: `cloneJson` before
 * changing one. Failures are `FerryError`s carrying a Kubernetes `Status` (see
 * `../../errors.ts`): CLUSTER_NOT_FOUND, CLUSTER_ALREADY_EXISTS, CLUSTER_CONFLICT, CLUSTER_EXPIRED.
 */
export interface ObjectStore {
  readonly clock: Clock;
  /** The current global resourceVersion (the RV of the latest write), as a decimal string. */
  resourceVersion(): string;
  /** Declares a resource; must happen before objects of it are written (idempotent). */
  defineResource(resource: StoreResource): void;
  /** The declared resource named `key` (`apps/deployments`, `pods`). */
  resource(key: string): StoreResource | undefined;
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  /** Objects in key order (namespace, then name), filtered, paged. */
  list(resource: string, options?: StoreListOptions): StoreList;
  /** How many objects of `resource` exist (in `namespace`, when given). */
  count(resource: string, namespace?: string): number;
  /**
   * Stores a new object. Fills `uid`, `creationTimestamp`, `resourceVersion`, `generation`
   * (per the resource's policy) and the name from `generateName`. Throws CLUSTER_ALREADY_EXISTS.
   */
  create(resource: string, object: KubeObject, options?: StoreWriteOptions): KubeObject;
  /**
   * Replaces an existing object. A set `metadata.resourceVersion` is a precondition
   * (CLUSTER_CONFLICT when stale). `uid`, `creationTimestamp`, `deletionTimestamp` and
   * `deletionGracePeriodSeconds` are kept from the stored object; `generation` follows the
   * policy. A write that changes nothing returns the stored object without a new RV or event.
   * When the object is being deleted and this write removes its last finalizer, it is removed
   * (`get` returns undefined afterwards; the result is its final state).
   */
  update(resource: string, object: KubeObject, options?: StoreWriteOptions): KubeObject;
  /**
   * Deletes, or starts deleting: with finalizers (its own or `options.addFinalizers`) or a
   * grace period the object stays with `deletionTimestamp` set (MODIFIED); otherwise it is
   * removed (DELETED). Throws CLUSTER_NOT_FOUND, CLUSTER_CONFLICT (preconditions).
   */
  delete(resource: string, namespace: string, name: string, options?: StoreDeleteOptions): StoreDeleteResult;
  /**
   * Subscribes to changes of one resource. Initial events (per `options`) are delivered
   * synchronously before this returns; later ones synchronously after each committed write, in
   * resourceVersion order. Throws CLUSTER_EXPIRED when `resourceVersion` is older than the
   * history kept.
   */
  watch(resource: string, options: StoreWatchOptions, listener: (event: StoreWatchEvent) => void): StoreWatch;
  /**
   * Runs `work` as one transaction: its writes are committed together (one fsync) and their
   * watch events are delivered after the commit. If `work` throws, nothing is kept.
   */
  batch<T>(work: () => T): T;
  /** Closes the database; the store is unusable afterwards. */
  close(): void;
}

/** How `generation` moves for a resource. */
export type GenerationPolicy =
  /** No generation (ConfigMap, Secret, Service, Node, Namespace…). */
  | 'none'
  /** 1 at create, +1 when `spec` changes (apps, batch, policy, networking, Pods…). */
  | 'spec'
  /** Like `spec`, and also when `metadata.annotations` change (Deployments). */
  | 'spec-and-annotations'
  /** +1 on any change outside `metadata` and `status` (custom resources, CRDs). */
  | 'non-metadata';

export interface StoreResource {
  /** `group/plural`, or `plural` for the core group: `apps/deployments`, `pods`. */
  readonly key: string;
  readonly group: string;
  readonly plural: string;
  /** The apiVersion and kind objects are stored at (used for bookmarks and messages). */
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly generation: GenerationPolicy;
}

export interface StoreListOptions {
  /** Only this namespace (omitted: all). */
  readonly namespace?: string;
  /** Only objects for which this returns true (selectors are compiled into it by the caller). */
  readonly filter?: (object: KubeObject) => boolean;
  readonly limit?: number;
  /** The `continue` token of the previous page. */
  readonly continue?: string;
}

export interface StoreList {
  readonly items: readonly KubeObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export interface StoreWriteOptions {
  /** Compute and return the result, but store nothing, bump nothing and notify no one. */
  readonly dryRun?: boolean;
}

export interface StoreDeleteOptions {
  readonly dryRun?: boolean;
  /** Finalizers to add as deletion starts (`foregroundDeletion`, `orphan`). */
  readonly addFinalizers?: readonly string[];
  /**
   * Graceful deletion: keep the object with `deletionTimestamp = now + seconds` and
   * `deletionGracePeriodSeconds`. 0 or omitted: remove at once (if no finalizers remain).
   */
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  /**
   * Keep the object (with `deletionTimestamp`) even without finalizers: for kinds whose
   * deletion waits on something else (a Namespace's `spec.finalizers`). A later delete without
   * `retain` removes it.
   */
  readonly retain?: boolean;
}

export interface StoreDeleteResult {
  /** The removed object (at the deletion's RV) or the object still being deleted. */
  readonly object: KubeObject;
  /** True when the object is gone; false when it waits for finalizers or its grace period. */
  readonly deleted: boolean;
}

export interface StoreWatchOptions {
  readonly namespace?: string;
  readonly filter?: (object: KubeObject) => boolean;
  /**
   * Replay changes after this RV. Omitted or `"0"` (without `sendInitialEvents`): ADDED for
   * every current object first.
   */
  readonly resourceVersion?: string;
  /** WatchList: ADDED for every current object, then the initial-events-end BOOKMARK. */
  readonly sendInitialEvents?: boolean;
  /** Whether BOOKMARK events may be delivered (the initial-events-end one needs it). */
  readonly allowBookmarks?: boolean;
}

export interface StoreWatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  readonly object: KubeObject;
}

export interface StoreWatch {
  /** Sends a BOOKMARK at the current RV (if bookmarks are allowed); for keep-alives. */
  bookmark(): void;
  stop(): void;
}

export interface StoreOptions {
  readonly clock: Clock;
  /** Directory of the SQLite database; omitted: memory only (tests, dry runs). */
  readonly dataDir?: string;
  /**
   * How many past events a watch can replay (default 10 000): each keeps an object version
   * alive, so this bounds memory under churn; older resourceVersions get 410 and clients relist
   * (the API server's watch cache does the same with a smaller window).
   */
  readonly historyLimit?: number;
  /** New uids; default `crypto.randomUUID`. Tests pass a counter for stable output. */
  readonly newUid?: () => string;
  /** Random source for `generateName` suffixes, in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}
