import type { Clock, KubeObject, Logger } from '../../../core/index.ts';
import type { ObjectStore } from '../store/index.ts';
import type { ClusterCache } from './cache.ts';

/**
 * The embedded cluster's controllers: what kube-controller-manager, kube-scheduler and the
 * kubelets are to a real cluster. Each controller is a reconcile function over the store's
 * current state (the store is their synchronous informer cache), driven by watch events into
 * one deduplicated work queue, with requeue-after timers on an injected Clock.
 *
 * Resources are named by their store key: `pods`, `apps/deployments`, `batch/jobs`.
 */

/** How a deletion propagates to dependents (the API server's `propagationPolicy`). */
export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export interface ControllerDeleteOptions {
  /** Graceful deletion; omitted: the API server's default for the kind (pods: their spec's). */
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: Propagation;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

/** One core/v1 Event as a controller reports it; the recorder names, counts and stores it. */
export interface EventRecord {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** `deployment-controller`, `default-scheduler`, `kubelet`… */
  readonly component: string;
  /** The kubelet's node. */
  readonly host?: string;
  /** `spec.containers{app}` for container events. */
  readonly fieldPath?: string;
}

/**
 * The write port of the controllers: what client-go's typed clients are to the real ones.
 * Writes go through the API layer when it is wired (defaulted and validated like any client's)
 * or straight to the store (`storeControllerClient`). All synchronous: the store is.
 * Failures throw `FerryError`s carrying a Kubernetes Status (CLUSTER_CONFLICT, CLUSTER_NOT_FOUND…).
 */
export interface ControllerClient {
  create(resource: string, object: KubeObject): KubeObject;
  /** PUT of the main resource: the stored `status` is kept. */
  update(resource: string, object: KubeObject): KubeObject;
  /** PUT of `/status`: the stored `spec` is kept (and labels, for apps/* kinds). */
  updateStatus(resource: string, object: KubeObject): KubeObject;
  /** JSON merge patch (RFC 7386) of the main resource, or of `/status`. */
  patch(resource: string, namespace: string, name: string, patch: Record<string, unknown>, subresource?: 'status'): KubeObject;
  /** DELETE; returns the object while it is still being deleted, undefined once it is gone. */
  delete(resource: string, namespace: string, name: string, options?: ControllerDeleteOptions): KubeObject | undefined;
  /** POST pods/binding: sets `spec.nodeName` and the PodScheduled=True condition. */
  bind(namespace: string, name: string, node: string): KubeObject;
  /** POST pods/eviction: a delete guarded by PodDisruptionBudgets (where the API layer has them). */
  evict(namespace: string, name: string, options?: ControllerDeleteOptions): KubeObject | undefined;
  /**
   * `PUT /api/v1/namespaces/{name}/finalize`: replaces `spec.finalizers`; the namespace is
   * removed once it is being deleted and no finalizer remains.
   */
  finalizeNamespace(namespace: KubeObject, finalizers: readonly string[]): KubeObject | undefined;
}

/** What every controller is given. */
export interface ControllerContext {
  readonly store: ObjectStore;
  readonly client: ControllerClient;
  readonly clock: Clock;
  /** Uniform in [0, 1): generateName suffixes, tie breaks, fake digests. */
  readonly random: () => number;
  readonly logger: Logger;
  readonly cache: ClusterCache;
  /** Records a core/v1 Event about `involved` (aggregated like the real recorder). */
  recordEvent(involved: KubeObject, event: EventRecord): void;
  /** Puts `key` on `controller`'s queue (deduplicated). */
  enqueue(controller: string, key: string): void;
  /** Starts watching one more store resource (a CRD's) so the cache and the GC see it. */
  watch(resource: string): void;
  /** Puts `key` on `controller`'s queue after `delayMs` of cluster time (the earliest wins). */
  enqueueAfter(controller: string, key: string, delayMs: number): void;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * Called for every change of a watched resource after the cache indexes are updated.
 * `previous` is the object before a MODIFIED or DELETED change (undefined on ADDED).
 */
export type ChangeHandler = (type: WatchEventType, object: KubeObject, previous: KubeObject | undefined, resource: string) => void;

export interface Controller {
  /** Unique name, also the queue's name (`deployment`, `replicaset`, `scheduler`…). */
  readonly name: string;
  /** Handlers per store resource key (`*`: every watched resource); they only enqueue keys. */
  readonly handlers: Readonly<Record<string, ChangeHandler>>;
  /** Reconciles one key; may return a delay (ms) after which to look again. */
  sync(key: string): number | undefined | void;
  /** Called once after every watch is established and before any sync (initial enqueueing). */
  start?(): void;
}

export type ControllerFactory = (context: ControllerContext) => Controller;
