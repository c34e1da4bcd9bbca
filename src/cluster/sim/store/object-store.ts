import { randomUUID } from 'node:crypto';
import { cloneJson, compareCodePoints, type KubeObject } from '../../../core/index.ts';
import { INITIAL_EVENTS_END_ANNOTATION } from '../../types.ts';
import {
  alreadyExistsError,
  badRequestError,
  conflictError,
  invalidError,
  notFoundError,
  STALE_OBJECT_MESSAGE,
  tooOldError,
} from './errors.ts';
import { deepFreeze, jsonEqual } from './json.ts';
import { memoryPersistence, sqlitePersistence, type Persistence } from './persistence.ts';
import type {
  ObjectStore,
  StoreDeleteOptions,
  StoreDeleteResult,
  StoreList,
  StoreListOptions,
  StoreOptions,
  StoreResource,
  StoreWatch,
  StoreWatchEvent,
  StoreWatchOptions,
  StoreWriteOptions,
} from './types.ts';

/** `generateName` suffixes use the API server's alphabet (no vowels, no look-alikes). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface ResourceData {
  readonly byNamespace: Map<string, Map<string, KubeObject>>;
  /** `namespace/name` keys in etcd key order; rebuilt lazily after a create or a removal. */
  sortedKeys: string[] | undefined;
  size: number;
}

interface HistoryEvent {
  readonly rv: number;
  readonly resource: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
  /** The object before a MODIFIED write, to tell when it starts or stops matching a filter. */
  readonly previous: KubeObject | undefined;
}

interface Watcher {
  readonly resource: string;
  readonly matches: (object: KubeObject) => boolean;
  readonly listener: (event: StoreWatchEvent) => void;
  readonly allowBookmarks: boolean;
  stopped: boolean;
}

interface Transaction {
  readonly events: HistoryEvent[];
  readonly undo: (() => void)[];
  readonly startRv: number;
}

interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function namespaceOf(object: KubeObject): string {
  return object.metadata?.namespace ?? '';
}

/** The store behind the embedded cluster (see `ObjectStore` for the contract). */
export class SimObjectStore implements ObjectStore {
  readonly clock: StoreOptions['clock'];
  private readonly persistence: Persistence;
  private readonly resources = new Map<string, StoreResource>();
  private readonly data = new Map<string, ResourceData>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly history: HistoryEvent[] = [];
  private readonly historyLimit: number;
  private readonly newUid: () => string;
  private readonly random: () => number;
  /** Every event after this RV is still in `history`. */
  private historyStartRv: number;
  private rv: number;
  private transaction: Transaction | undefined;
  private closed = false;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.historyLimit = Math.max(1, options.historyLimit ?? 10_000);
    this.newUid = options.newUid ?? randomUUID;
    this.random = options.random ?? Math.random;
    this.persistence = options.dataDir === undefined ? memoryPersistence() : sqlitePersistence(options.dataDir);
    const { rows, resourceVersion } = this.persistence.load();
    for (const row of rows) {
      const object = deepFreeze(JSON.parse(row.body) as KubeObject);
      this.insert(row.resource, row.namespace, row.name, object);
    }
    this.rv = resourceVersion;
    this.historyStartRv = resourceVersion;
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  defineResource(resource: StoreResource): void {
    this.resources.set(resource.key, Object.freeze({ ...resource }));
  }

  resource(key: string): StoreResource | undefined {
    return this.resources.get(key);
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.data.get(resource)?.byNamespace.get(namespace)?.get(name);
  }

  count(resource: string, namespace?: string): number {
    const data = this.data.get(resource);
    if (!data) return 0;
    if (namespace === undefined) return data.size;
    return data.byNamespace.get(namespace)?.size ?? 0;
  }

  list(resource: string, options: StoreListOptions = {}): StoreList {
    const token = options.continue ? this.parseContinue(options.continue) : undefined;
    const listRv = token ? token.rv : this.rv;
    const data = this.data.get(resource);
    const items: KubeObject[] = [];
    if (!data) return { items, resourceVersion: String(listRv) };
    const keys = this.sortedKeys(data, options.namespace);
    let index = 0;
    if (token) index = upperBound(keys, token.start);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    let last = '';
    for (; index < keys.length; index++) {
      const key = keys[index] as string;
      const object = this.objectAt(data, key);
      if (!object || (options.filter && !options.filter(object))) continue;
      if (items.length >= limit) break;
      items.push(object);
      last = key;
    }
    if (index >= keys.length) return { items, resourceVersion: String(listRv) };
    let remaining = 0;
    for (let i = index; i < keys.length; i++) {
      const object = this.objectAt(data, keys[i] as string);
      if (object && (!options.filter || options.filter(object))) remaining++;
    }
    if (remaining === 0) return { items, resourceVersion: String(listRv) };
    const next = Buffer.from(JSON.stringify({ rv: listRv, start: last })).toString('base64url');
    return { items, resourceVersion: String(listRv), continue: next, remainingItemCount: remaining };
  }

  create(resource: string, object: KubeObject, options: StoreWriteOptions = {}): KubeObject {
    const info = this.requireResource(resource);
    const metadata = { ...(object.metadata ?? {}) };
    const namespace = info.namespaced ? (metadata.namespace ?? '') : '';
    if (info.namespaced && namespace === '') throw badRequestError('the server could not find the requested resource: a namespace is required');
    let name = metadata.name ?? '';
    if (name === '') {
      if (!metadata.generateName) {
        throw invalidError(info.kind, info.group, '', 'metadata.name', 'Required value: name or generateName is required');
      }
      name = this.generateName(resource, namespace, metadata.generateName);
    }
    if (this.get(resource, namespace, name)) throw alreadyExistsError(info, name);
    const now = this.clock.now();
    const next = { ...cloneJson(object), metadata } as KubeObject;
    metadata.name = name;
    if (info.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    metadata.uid = this.newUid();
    metadata.creationTimestamp = timestamp(now);
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    if (info.generation === 'none') delete metadata.generation;
    else metadata.generation = 1;
    if (options.dryRun) {
      delete metadata.resourceVersion;
      return deepFreeze(next);
    }
    return this.commit(resource, namespace, name, next, undefined, 'ADDED');
  }

  update(resource: string, object: KubeObject, options: StoreWriteOptions = {}): KubeObject {
    const info = this.requireResource(resource);
    const namespace = info.namespaced ? namespaceOf(object) : '';
    const name = object.metadata?.name ?? '';
    const current = this.get(resource, namespace, name);
    if (!current) throw notFoundError(info, name);
    const wantedRv = object.metadata?.resourceVersion;
    if (wantedRv && wantedRv !== current.metadata.resourceVersion) {
      throw conflictError(info, name, STALE_OBJECT_MESSAGE);
    }
    const wantedUid = object.metadata?.uid;
    if (wantedUid && wantedUid !== current.metadata.uid) {
      throw conflictError(
        info,
        name,
        `Precondition failed: UID in precondition: ${wantedUid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    const metadata = { ...(object.metadata ?? {}) };
    const next = { ...cloneJson(object), metadata } as KubeObject;
    metadata.name = name;
    if (info.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    metadata.uid = current.metadata.uid;
    metadata.creationTimestamp = current.metadata.creationTimestamp;
    copyOrDelete(metadata, current.metadata, 'deletionTimestamp');
    copyOrDelete(metadata, current.metadata, 'deletionGracePeriodSeconds');
    metadata.resourceVersion = current.metadata.resourceVersion;
    if (info.generation === 'none') delete metadata.generation;
    else metadata.generation = nextGeneration(info.generation, current, next);
    if (metadata.finalizers && metadata.finalizers.length === 0) delete metadata.finalizers;
    if (jsonEqual(next, current)) return current;
    if (options.dryRun) return deepFreeze(next);
    // The write that removes the last finalizer of an object being deleted removes it, unless
    // a graceful deletion is pending (a pod's kubelet finishes that with a delete of grace 0).
    if (
      current.metadata.deletionTimestamp &&
      (current.metadata.finalizers?.length ?? 0) > 0 &&
      !(metadata.finalizers?.length ?? 0) &&
      !current.metadata.deletionGracePeriodSeconds
    ) {
      return this.commit(resource, namespace, name, undefined, next, 'DELETED');
    }
    return this.commit(resource, namespace, name, next, current, 'MODIFIED');
  }

  delete(resource: string, namespace: string, name: string, options: StoreDeleteOptions = {}): StoreDeleteResult {
    const info = this.requireResource(resource);
    const ns = info.namespaced ? namespace : '';
    const current = this.get(resource, ns, name);
    if (!current) throw notFoundError(info, name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid && uid !== current.metadata.uid) {
      throw conflictError(info, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
      throw conflictError(
        info,
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    const finalizers = [...(current.metadata.finalizers ?? [])];
    for (const finalizer of options.addFinalizers ?? []) if (!finalizers.includes(finalizer)) finalizers.push(finalizer);
    const grace = Math.max(0, options.gracePeriodSeconds ?? 0);
    if (finalizers.length === 0 && grace === 0 && !options.retain) {
      if (options.dryRun) return { object: current, deleted: true };
      const removed = this.commit(resource, ns, name, undefined, current, 'DELETED');
      return { object: removed, deleted: true };
    }
    const now = this.clock.now();
    const metadata: KubeObject['metadata'] = { ...current.metadata, finalizers };
    if (finalizers.length === 0) delete metadata.finalizers;
    const deadline = new Date(now.getTime() + grace * 1000);
    if (!current.metadata.deletionTimestamp) {
      metadata.deletionTimestamp = timestamp(deadline);
      metadata.deletionGracePeriodSeconds = grace;
    } else if (grace < (current.metadata.deletionGracePeriodSeconds ?? 0)) {
      // A shorter grace period moves the deadline closer (the kubelet's final delete uses 0).
      const shortened = Math.min(Date.parse(current.metadata.deletionTimestamp), deadline.getTime());
      metadata.deletionTimestamp = timestamp(new Date(shortened));
      metadata.deletionGracePeriodSeconds = grace;
    }
    const next = { ...current, metadata } as KubeObject;
    if (jsonEqual(next, current)) return { object: current, deleted: false };
    if (options.dryRun) return { object: deepFreeze(cloneJson(next)), deleted: false };
    return { object: this.commit(resource, ns, name, cloneJson(next), current, 'MODIFIED'), deleted: false };
  }

  watch(resource: string, options: StoreWatchOptions, listener: (event: StoreWatchEvent) => void): StoreWatch {
    const info = this.resources.get(resource);
    const namespace = options.namespace;
    const filter = options.filter;
    const matches = (object: KubeObject): boolean =>
      (namespace === undefined || namespaceOf(object) === namespace) && (!filter || filter(object));
    const watcher: Watcher = {
      resource,
      matches,
      listener,
      allowBookmarks: options.allowBookmarks === true,
      stopped: false,
    };
    const rvText = options.resourceVersion;
    if (options.sendInitialEvents || rvText === undefined || rvText === '' || rvText === '0') {
      const data = this.data.get(resource);
      if (data) {
        for (const key of this.sortedKeys(data, namespace)) {
          const object = this.objectAt(data, key);
          if (object && matches(object)) listener({ type: 'ADDED', object });
        }
      }
      if (options.sendInitialEvents && watcher.allowBookmarks) {
        listener({ type: 'BOOKMARK', object: this.bookmarkObject(info, resource, true) });
      }
    } else {
      const from = Number(rvText);
      if (!Number.isInteger(from) || from < 0) {
        throw badRequestError(`resourceVersion: Invalid value: "${rvText}": must be a non-negative integer`);
      }
      if (from < this.historyStartRv) throw tooOldError(from, this.historyStartRv + 1);
      for (let i = firstAfter(this.history, from); i < this.history.length; i++) {
        const event = this.history[i] as HistoryEvent;
        if (event.resource === resource) deliver(watcher, event);
      }
    }
    let set = this.watchers.get(resource);
    if (!set) {
      set = new Set();
      this.watchers.set(resource, set);
    }
    set.add(watcher);
    return {
      bookmark: () => {
        if (!watcher.stopped && watcher.allowBookmarks) {
          listener({ type: 'BOOKMARK', object: this.bookmarkObject(info, resource, false) });
        }
      },
      stop: () => {
        watcher.stopped = true;
        this.watchers.get(resource)?.delete(watcher);
      },
    };
  }

  batch<T>(work: () => T): T {
    if (this.transaction) return work();
    const transaction: Transaction = { events: [], undo: [], startRv: this.rv };
    this.transaction = transaction;
    let result: T;
    try {
      result = this.persistence.transaction(work);
    } catch (error) {
      for (const undo of transaction.undo.reverse()) undo();
      this.rv = transaction.startRv;
      throw error;
    } finally {
      this.transaction = undefined;
    }
    for (const event of transaction.events) this.publish(event);
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const set of this.watchers.values()) for (const watcher of set) watcher.stopped = true;
    this.watchers.clear();
    this.persistence.close();
  }

  private requireResource(resource: string): StoreResource {
    const info = this.resources.get(resource);
    if (!info) throw badRequestError(`the server could not find the requested resource (${resource})`);
    return info;
  }

  /**
   * Writes one change (a new or replaced object, or a removal when `next` is undefined) at the
   * next resourceVersion, committed before it returns, and publishes its event.
   */
  private commit(
    resource: string,
    namespace: string,
    name: string,
    next: KubeObject | undefined,
    previous: KubeObject | undefined,
    type: HistoryEvent['type'],
  ): KubeObject {
    const rv = this.rv + 1;
    const source = next ?? previous;
    if (!source) throw new Error('store commit without an object');
    const stored = deepFreeze({ ...source, metadata: orderMetadata({ ...source.metadata, resourceVersion: String(rv) }) } as KubeObject);
    const write = (): void => {
      if (next) this.persistence.put({ resource, namespace, name, body: JSON.stringify(stored) });
      else this.persistence.remove(resource, namespace, name);
      this.persistence.setResourceVersion(rv);
    };
    const event: HistoryEvent = {
      rv,
      resource,
      type,
      object: stored,
      previous: type === 'MODIFIED' ? previous : type === 'DELETED' ? previous : undefined,
    };
    const existing = this.get(resource, namespace, name);
    if (this.transaction) {
      write();
      this.transaction.undo.push(() => {
        if (existing) this.insert(resource, namespace, name, existing);
        else this.remove(resource, namespace, name);
      });
      this.applyInMemory(resource, namespace, name, next ? stored : undefined);
      this.rv = rv;
      this.transaction.events.push(event);
      return stored;
    }
    this.persistence.transaction(write);
    this.applyInMemory(resource, namespace, name, next ? stored : undefined);
    this.rv = rv;
    this.publish(event);
    return stored;
  }

  private applyInMemory(resource: string, namespace: string, name: string, object: KubeObject | undefined): void {
    if (object) this.insert(resource, namespace, name, object);
    else this.remove(resource, namespace, name);
  }

  private insert(resource: string, namespace: string, name: string, object: KubeObject): void {
    let data = this.data.get(resource);
    if (!data) {
      data = { byNamespace: new Map(), sortedKeys: undefined, size: 0 };
      this.data.set(resource, data);
    }
    let names = data.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      data.byNamespace.set(namespace, names);
    }
    if (!names.has(name)) {
      data.size++;
      data.sortedKeys = undefined;
    }
    names.set(name, object);
  }

  private remove(resource: string, namespace: string, name: string): void {
    const data = this.data.get(resource);
    const names = data?.byNamespace.get(namespace);
    if (!data || !names?.delete(name)) return;
    data.size--;
    data.sortedKeys = undefined;
    if (names.size === 0) data.byNamespace.delete(namespace);
  }

  private sortedKeys(data: ResourceData, namespace: string | undefined): string[] {
    if (namespace !== undefined) {
      const names = data.byNamespace.get(namespace);
      if (!names) return [];
      return [...names.keys()].map((name) => `${namespace}/${name}`).sort(compareCodePoints);
    }
    if (!data.sortedKeys) {
      const keys: string[] = [];
      for (const [ns, names] of data.byNamespace) for (const name of names.keys()) keys.push(`${ns}/${name}`);
      data.sortedKeys = keys.sort(compareCodePoints);
    }
    return data.sortedKeys;
  }

  private objectAt(data: ResourceData, key: string): KubeObject | undefined {
    const slash = key.indexOf('/');
    return data.byNamespace.get(key.slice(0, slash))?.get(key.slice(slash + 1));
  }

  private publish(event: HistoryEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit * 1.1) {
      const drop = this.history.length - this.historyLimit;
      this.historyStartRv = (this.history[drop - 1] as HistoryEvent).rv;
      this.history.splice(0, drop);
    }
    const set = this.watchers.get(event.resource);
    if (!set) return;
    for (const watcher of set) deliver(watcher, event);
  }

  private bookmarkObject(info: StoreResource | undefined, resource: string, initialEnd: boolean): KubeObject {
    const metadata: Record<string, unknown> = { resourceVersion: String(this.rv), creationTimestamp: null };
    if (initialEnd) metadata.annotations = { [INITIAL_EVENTS_END_ANNOTATION]: 'true' };
    return {
      kind: info?.kind ?? resource,
      apiVersion: info?.apiVersion ?? 'v1',
      metadata,
    } as KubeObject;
  }

  private generateName(resource: string, namespace: string, prefix: string): string {
    for (let attempt = 0; attempt < 8; attempt++) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(this.random() * NAME_ALPHABET.length)];
      const name = `${prefix}${suffix}`;
      if (!this.get(resource, namespace, name)) return name;
    }
    throw alreadyExistsError(this.requireResource(resource), `${prefix}*`);
  }

  private parseContinue(token: string): ContinueToken {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
      if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') return parsed;
    } catch {
      // fall through to the error below
    }
    throw badRequestError('continue key is not valid: the continue token could not be decoded');
  }
}

/** ObjectMeta's fields in the order the API server writes them (Go struct order), others after. */
const METADATA_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

function orderMetadata(metadata: KubeObject['metadata']): KubeObject['metadata'] {
  const out: Record<string, unknown> = {};
  for (const key of METADATA_ORDER) if (metadata[key] !== undefined) out[key] = metadata[key];
  for (const [key, value] of Object.entries(metadata)) if (!(key in out) && value !== undefined) out[key] = value;
  return out as KubeObject['metadata'];
}

function copyOrDelete(target: Record<string, unknown>, source: Record<string, unknown>, key: string): void {
  if (source[key] === undefined) delete target[key];
  else target[key] = source[key];
}

function nextGeneration(policy: StoreResource['generation'], current: KubeObject, next: KubeObject): number {
  const generation = current.metadata.generation ?? 1;
  let changed: boolean;
  if (policy === 'non-metadata') {
    const strip = (object: KubeObject): Record<string, unknown> => {
      const { metadata: _m, status: _s, ...rest } = object;
      return rest;
    };
    changed = !jsonEqual(strip(current), strip(next));
  } else {
    changed = !jsonEqual(current.spec, next.spec);
    if (policy === 'spec-and-annotations') {
      changed ||= !jsonEqual(current.metadata.annotations ?? {}, next.metadata.annotations ?? {});
    }
  }
  return changed ? generation + 1 : generation;
}

/** Index of the first event with rv > `after` (history is in rv order). */
function firstAfter(history: readonly HistoryEvent[], after: number): number {
  let low = 0;
  let high = history.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((history[mid] as HistoryEvent).rv <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first key greater than `key`. */
function upperBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCodePoints(keys[mid] as string, key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Delivers one stored change to a watcher as the watch cache would: filter transitions included. */
function deliver(watcher: Watcher, event: HistoryEvent): void {
  if (watcher.stopped) return;
  let type: StoreWatchEvent['type'] | undefined;
  if (event.type === 'ADDED') {
    if (watcher.matches(event.object)) type = 'ADDED';
  } else if (event.type === 'DELETED') {
    if (watcher.matches(event.previous ?? event.object)) type = 'DELETED';
  } else {
    const was = event.previous ? watcher.matches(event.previous) : false;
    const is = watcher.matches(event.object);
    if (was && is) type = 'MODIFIED';
    else if (is) type = 'ADDED';
    else if (was) type = 'DELETED';
  }
  if (!type) return;
  try {
    watcher.listener({ type, object: event.object });
  } catch {
    // A failing listener must not break the write that notified it: it is dropped instead.
    watcher.stopped = true;
  }
}
