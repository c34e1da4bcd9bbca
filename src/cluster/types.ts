import type { KubeObject } from '../core/index.ts';

/**
 * The `ClusterClient` port: everything Ferry asks of a Kubernetes cluster. Two adapters
 * implement it — `sim/` (the embedded cluster, in process) and `kube/` (any API server through
 * @kubernetes/client-node) — and one contract suite (`test/contract/`) holds them to the same
 * behaviour.
 *
 * Conventions shared by every method:
 * - Objects are unstructured `KubeObject`s; the adapter never keeps a reference to what it is
 *   given and callers must not mutate what they get back (the sim hands out frozen objects).
 * - A failure the API server would answer with a `Status` is thrown as a `FerryError` whose
 *   `code` is `CLUSTER_` + the Status reason in upper snake case (`CLUSTER_NOT_FOUND`,
 *   `CLUSTER_CONFLICT`, `CLUSTER_ALREADY_EXISTS`, `CLUSTER_INVALID`, `CLUSTER_EXPIRED`…),
 *   whose `httpStatus` is the Status code and whose `details.status` is the Status itself
 *   (see `errors.ts`: `clusterErrorFromStatus`, `statusOfClusterError`).
 * - Every method takes an optional `AbortSignal`; aborting rejects with the signal's reason.
 */
export interface ClusterClient {
  /** The server's `/version` answer. */
  version(options?: CallOptions): Promise<ServerVersion>;
  /** Every resource type the server serves now (built-in kinds and CRDs), one per group-version-kind. */
  discover(options?: CallOptions): Promise<readonly ResourceType[]>;
  /**
   * The resource type of `apiVersion` + `kind`, or undefined when the server does not serve it.
   * Adapters cache discovery and refresh it on a miss (a CRD may just have been created).
   */
  resourceFor(apiVersion: string, kind: string, options?: CallOptions): Promise<ResourceType | undefined>;
  /** One object, or undefined when it does not exist. */
  get(ref: ObjectRef, options?: CallOptions): Promise<KubeObject | undefined>;
  /** Objects of one kind, in one namespace or (namespace omitted) all of them. */
  list(type: TypeRef, options?: ListOptions): Promise<ObjectList>;
  /** POST: fails with CLUSTER_ALREADY_EXISTS when the object exists. */
  create(object: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /**
   * PUT: replaces the object (or its `status`). When `metadata.resourceVersion` is set it is a
   * precondition: a stale one fails with CLUSTER_CONFLICT.
   */
  update(object: KubeObject, options?: UpdateOptions): Promise<KubeObject>;
  /** PATCH with one of the three client patch types (server-side apply is `apply`). */
  patch(ref: ObjectRef, patch: Patch, options?: UpdateOptions): Promise<KubeObject>;
  /**
   * Server-side apply: `object` is the manager's complete intent. Creates the object when it is
   * missing. Conflicts with other managers fail with CLUSTER_CONFLICT unless `force`.
   */
  apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject>;
  /**
   * DELETE. Resolves to the object as it still exists (finalizers, foreground deletion,
   * graceful pod deletion) or `undefined` when it is gone; CLUSTER_NOT_FOUND when it never was.
   */
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<KubeObject | undefined>;
  /**
   * Watches one kind from a resourceVersion. The iterable ends when the signal aborts or the
   * server closes the stream; a resourceVersion older than the server's history throws
   * CLUSTER_EXPIRED (410) from the iterator: relist and watch again.
   */
  watch(type: TypeRef, options: WatchOptions): AsyncIterable<WatchEvent>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** `/version` of the API server. */
export interface ServerVersion {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly platform?: string;
  readonly [field: string]: unknown;
}

/** A kind at one API version: `{ apiVersion: 'apps/v1', kind: 'Deployment' }`. */
export interface TypeRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/** One object: its type, name and (for namespaced kinds) namespace. */
export interface ObjectRef extends TypeRef {
  readonly namespace?: string;
  readonly name: string;
}

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** A subresource such as `status`, `scale`, `eviction`, `log`. */
export interface SubresourceType {
  readonly name: string;
  /** Group, version and kind of what the subresource takes and returns (`autoscaling/v1 Scale`). */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

/** What discovery says about one kind at one group-version. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The URL segment: `deployments`. */
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  readonly subresources: readonly SubresourceType[];
}

export interface ListOptions extends CallOptions {
  /** Omitted: every namespace (or a cluster-scoped kind). */
  readonly namespace?: string;
  /** Kubernetes label selector syntax: `app=web,tier in (a,b),!legacy`. */
  readonly labelSelector?: string;
  /** `metadata.name=x,status.phase!=Running`. */
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
}

export interface ObjectList {
  /** Items carry `apiVersion` and `kind` (adapters fill them in when the server omits them). */
  readonly items: readonly KubeObject[];
  /** The list's resourceVersion: watch from it to see every later change. */
  readonly resourceVersion: string;
  /** Set when `limit` cut the list: pass it back as `continue` for the next page. */
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export interface WriteOptions extends CallOptions {
  /** Validate, default and admit, but persist nothing (`dryRun=All`). */
  readonly dryRun?: boolean;
  /** Recorded in managedFields; the server derives one from the client when omitted. */
  readonly fieldManager?: string;
  /** Default `Strict` for Ferry: unknown fields fail instead of being dropped silently. */
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export interface UpdateOptions extends WriteOptions {
  /** Write the `status` or `scale` subresource instead of the object. */
  readonly subresource?: 'status' | 'scale';
}

export type Patch =
  | { readonly type: 'json'; readonly operations: readonly JsonPatchOperation[] }
  | { readonly type: 'merge'; readonly patch: Record<string, unknown> }
  | { readonly type: 'strategic'; readonly patch: Record<string, unknown> };

export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

export interface ApplyOptions extends CallOptions {
  readonly fieldManager: string;
  /** Take ownership of conflicting fields instead of failing. */
  readonly force?: boolean;
  readonly dryRun?: boolean;
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  readonly subresource?: 'status';
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions extends CallOptions {
  /** Omitted: the kind's default (Background for most kinds, Orphan for Jobs). */
  readonly propagationPolicy?: PropagationPolicy;
  readonly gracePeriodSeconds?: number;
  readonly dryRun?: boolean;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

export interface WatchOptions extends CallOptions {
  readonly signal: AbortSignal;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /**
   * Start after this resourceVersion (events later than it are replayed). Omitted or `"0"`:
   * every current object arrives first as ADDED.
   */
  readonly resourceVersion?: string;
  /**
   * WatchList: current objects as ADDED, then a BOOKMARK carrying the annotation
   * `k8s.io/initial-events-end: "true"`, then changes.
   */
  readonly sendInitialEvents?: boolean;
  readonly allowBookmarks?: boolean;
  /** Server-side end of the stream, in seconds. */
  readonly timeoutSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent {
  readonly type: WatchEventType;
  /** For BOOKMARK only `apiVersion`, `kind` and `metadata.resourceVersion` (and annotations) are set. */
  readonly object: KubeObject;
}

/** The annotation a WatchList bookmark carries once every initial object has been sent. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';
