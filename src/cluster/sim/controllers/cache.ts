import type { KubeObject, OwnerReference } from '../../../core/index.ts';
import type { ObjectStore } from '../store/index.ts';
import type { WatchEventType } from './types.ts';

/**
 * The indexes an informer's indexers give the real controllers, kept up to date from the store's
 * watch events: objects by controller owner, orphans by namespace, pods by node, every object by
 * uid and by any owner. They turn the controllers' "pods of this ReplicaSet" and "dependents of
 * this uid" into map look-ups instead of scans, which is what keeps 1 000 Deployments fast.
 *
 * Keys: `namespace/name` (cluster-scoped: `name`) within one resource; a `Locator` across them.
 */
export interface Locator {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

interface ResourceIndex {
  /** The last object seen per key: the `previous` of the next change. */
  readonly objects: Map<string, KubeObject>;
  /** Keys of the objects whose controller reference names this uid. */
  readonly byController: Map<string, Set<string>>;
  /** Keys of the objects without a controller reference, per namespace. */
  readonly orphans: Map<string, Set<string>>;
  /** Keys per namespace. */
  readonly byNamespace: Map<string, Set<string>>;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(object: KubeObject): string {
  return objectKey(object.metadata.namespace, object.metadata.name ?? '');
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  if (slash < 0) return { namespace: '', name: key };
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function controllerRefOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

const EMPTY: ReadonlySet<string> = new Set();

export class ClusterCache {
  private readonly store: ObjectStore;
  private readonly indexes = new Map<string, ResourceIndex>();
  private readonly byUid = new Map<string, Locator>();
  /** uid of an owner → `resource\0key` of every object naming it in ownerReferences. */
  private readonly dependents = new Map<string, Set<string>>();
  /** node name → pod keys bound to it. */
  private readonly podsByNode = new Map<string, Set<string>>();

  constructor(store: ObjectStore) {
    this.store = store;
  }

  /** Updates the indexes for one change; returns the previous object. */
  observe(resource: string, type: WatchEventType, object: KubeObject): KubeObject | undefined {
    const index = this.indexFor(resource);
    const key = keyOf(object);
    const previous = index.objects.get(key);
    if (previous) this.unindex(resource, index, key, previous);
    if (type !== 'DELETED') this.index(resource, index, key, object);
    return previous;
  }

  /** Whether `resource` is indexed (watched by the manager). */
  watches(resource: string): boolean {
    return this.indexes.has(resource);
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(resource, namespace, name);
  }

  /** Objects of `resource` whose controller reference is `ownerUid`. */
  controlledBy(resource: string, ownerUid: string): KubeObject[] {
    return this.objectsOf(resource, this.indexes.get(resource)?.byController.get(ownerUid));
  }

  /** Objects of `resource` in `namespace` without a controller reference. */
  orphansIn(resource: string, namespace: string): KubeObject[] {
    return this.objectsOf(resource, this.indexes.get(resource)?.orphans.get(namespace));
  }

  /** Every object of `resource` in `namespace`, unordered. */
  inNamespace(resource: string, namespace: string): KubeObject[] {
    return this.objectsOf(resource, this.indexes.get(resource)?.byNamespace.get(namespace));
  }

  /** Every object of `resource`, unordered. */
  all(resource: string): KubeObject[] {
    const index = this.indexes.get(resource);
    if (!index) return [];
    return [...index.objects.keys()].flatMap((key) => {
      const object = this.lookup(resource, key);
      return object ? [object] : [];
    });
  }

  countIn(resource: string, namespace: string): number {
    return this.indexes.get(resource)?.byNamespace.get(namespace)?.size ?? 0;
  }

  /** Pods bound to `node`. */
  podsOn(node: string): KubeObject[] {
    return this.objectsOf('pods', this.podsByNode.get(node));
  }

  /** The object with this uid, if any watched resource holds it. */
  byUidLookup(uid: string): (Locator & { object: KubeObject }) | undefined {
    const locator = this.byUid.get(uid);
    if (!locator) return undefined;
    const object = this.store.get(locator.resource, locator.namespace, locator.name);
    if (!object || object.metadata.uid !== uid) return undefined;
    return { ...locator, object };
  }

  /** Every object that names `ownerUid` in its ownerReferences. */
  dependentsOf(ownerUid: string): Locator[] {
    const set = this.dependents.get(ownerUid) ?? EMPTY;
    return [...set].map((entry) => {
      const zero = entry.indexOf('\0');
      const resource = entry.slice(0, zero);
      return { resource, ...splitKey(entry.slice(zero + 1)) };
    });
  }

  hasDependents(ownerUid: string): boolean {
    return (this.dependents.get(ownerUid)?.size ?? 0) > 0;
  }

  /** Namespaces that hold at least one object of `resource`. */
  namespacesOf(resource: string): string[] {
    return [...(this.indexes.get(resource)?.byNamespace.keys() ?? [])];
  }

  /** Every indexed resource key. */
  resources(): string[] {
    return [...this.indexes.keys()];
  }

  private objectsOf(resource: string, keys: ReadonlySet<string> | undefined): KubeObject[] {
    if (!keys || keys.size === 0) return [];
    const out: KubeObject[] = [];
    for (const key of keys) {
      const object = this.lookup(resource, key);
      if (object) out.push(object);
    }
    return out;
  }

  private lookup(resource: string, key: string): KubeObject | undefined {
    const { namespace, name } = splitKey(key);
    return this.store.get(resource, namespace, name);
  }

  private indexFor(resource: string): ResourceIndex {
    let index = this.indexes.get(resource);
    if (!index) {
      index = { objects: new Map(), byController: new Map(), orphans: new Map(), byNamespace: new Map() };
      this.indexes.set(resource, index);
    }
    return index;
  }

  private index(resource: string, index: ResourceIndex, key: string, object: KubeObject): void {
    index.objects.set(key, object);
    const namespace = object.metadata.namespace ?? '';
    addTo(index.byNamespace, namespace, key);
    const controller = controllerRefOf(object);
    if (controller) addTo(index.byController, controller.uid, key);
    else addTo(index.orphans, namespace, key);
    const uid = object.metadata.uid;
    if (uid) this.byUid.set(uid, { resource, namespace, name: object.metadata.name ?? '' });
    for (const ref of object.metadata.ownerReferences ?? []) addTo(this.dependents, ref.uid, `${resource}\0${key}`);
    if (resource === 'pods') {
      const node = (object.spec as { nodeName?: string } | undefined)?.nodeName;
      if (node) addTo(this.podsByNode, node, key);
    }
  }

  private unindex(resource: string, index: ResourceIndex, key: string, object: KubeObject): void {
    index.objects.delete(key);
    const namespace = object.metadata.namespace ?? '';
    removeFrom(index.byNamespace, namespace, key);
    const controller = controllerRefOf(object);
    if (controller) removeFrom(index.byController, controller.uid, key);
    else removeFrom(index.orphans, namespace, key);
    const uid = object.metadata.uid;
    if (uid && this.byUid.get(uid)?.resource === resource) this.byUid.delete(uid);
    for (const ref of object.metadata.ownerReferences ?? []) removeFrom(this.dependents, ref.uid, `${resource}\0${key}`);
    if (resource === 'pods') {
      const node = (object.spec as { nodeName?: string } | undefined)?.nodeName;
      if (node) removeFrom(this.podsByNode, node, key);
    }
  }
}
