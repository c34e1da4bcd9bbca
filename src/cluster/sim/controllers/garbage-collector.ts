import { isFerryError, type KubeObject, type OwnerReference } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import type { Controller, ControllerContext, Propagation } from './types.ts';

/**
 * The garbage collector (`pkg/controller/garbagecollector`): dependents whose owners are all
 * gone are deleted (background propagation); dangling references next to a live owner are
 * removed; an owner deleted with `foregroundDeletion` waits until its `blockOwnerDeletion`
 * dependents are gone (they are deleted, foreground themselves when they have dependents); an
 * owner deleted with `orphan` has its references stripped from every dependent first.
 *
 * Owners are looked up by uid among the watched resources; an owner of a kind that is not
 * watched (a custom resource not served yet) counts as present, so nothing is deleted on doubt.
 */
const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

function itemKey(resource: string, object: KubeObject): string {
  return `obj\0${resource}\0${keyOf(object)}`;
}

function ownerKey(uid: string): string {
  return `owner\0${uid}`;
}

export function createGarbageCollector(context: ControllerContext): Controller {
  const { cache, client, store } = context;

  const kindWatched = (ref: OwnerReference): boolean => {
    const group = ref.apiVersion.includes('/') ? (ref.apiVersion.split('/')[0] ?? '') : '';
    return cache.resources().some((resource) => {
      const info = store.resource(resource);
      return info !== undefined && info.group === group && info.kind === ref.kind;
    });
  };

  const enqueueWaitingOwners = (object: KubeObject): void => {
    for (const ref of object.metadata.ownerReferences ?? []) {
      const owner = cache.byUidLookup(ref.uid);
      if (owner?.object.metadata.deletionTimestamp) context.enqueue('garbagecollector', ownerKey(ref.uid));
    }
  };

  const deleteObject = (resource: string, object: KubeObject, policy: Propagation): void => {
    try {
      client.delete(resource, object.metadata.namespace ?? '', object.metadata.name ?? '', {
        propagationPolicy: policy,
        preconditions: { uid: object.metadata.uid ?? '' },
      });
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_NOT_FOUND') && !isFerryError(error, 'CLUSTER_CONFLICT')) throw error;
    }
  };

  const removeFinalizer = (resource: string, object: KubeObject, finalizer: string): void => {
    const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    client.update(resource, { ...object, metadata: { ...object.metadata, finalizers } });
  };

  const policyFor = (object: KubeObject): Propagation => {
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes(ORPHAN)) return 'Orphan';
    if (finalizers.includes(FOREGROUND)) return 'Foreground';
    return 'Background';
  };

  const syncDependent = (resource: string, namespace: string, name: string): void => {
    const object = cache.get(resource, namespace, name);
    const refs = object?.metadata.ownerReferences ?? [];
    if (!object || refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = cache.byUidLookup(ref.uid);
      if (!owner) {
        if (kindWatched(ref)) dangling.push(ref);
        else solid.push(ref);
      } else if (owner.object.metadata.deletionTimestamp && (owner.object.metadata.finalizers ?? []).includes(FOREGROUND)) {
        waiting.push(ref);
      } else {
        solid.push(ref);
      }
    }
    if (solid.length > 0) {
      if (dangling.length + waiting.length === 0) return;
      const drop = new Set([...dangling, ...waiting].map((ref) => ref.uid));
      client.update(resource, {
        ...object,
        metadata: { ...object.metadata, ownerReferences: refs.filter((ref) => !drop.has(ref.uid)) },
      });
      return;
    }
    if (object.metadata.deletionTimestamp) return;
    if (waiting.length > 0) {
      deleteObject(resource, object, cache.hasDependents(object.metadata.uid ?? '') ? 'Foreground' : 'Background');
      return;
    }
    deleteObject(resource, object, policyFor(object));
  };

  const syncOwner = (uid: string): void => {
    const found = cache.byUidLookup(uid);
    if (!found?.object.metadata.deletionTimestamp) return;
    const { object, resource } = found;
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes(ORPHAN)) {
      for (const dependent of cache.dependentsOf(uid)) {
        const current = cache.get(dependent.resource, dependent.namespace, dependent.name);
        if (!current) continue;
        const refs = (current.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== uid);
        client.update(dependent.resource, { ...current, metadata: { ...current.metadata, ownerReferences: refs } });
      }
      const fresh = cache.get(resource, found.namespace, found.name);
      if (fresh) removeFinalizer(resource, fresh, ORPHAN);
      return;
    }
    if (finalizers.includes(FOREGROUND)) {
      let blocking = 0;
      for (const dependent of cache.dependentsOf(uid)) {
        const current = cache.get(dependent.resource, dependent.namespace, dependent.name);
        if (!current) continue;
        const ref = current.metadata.ownerReferences?.find((r) => r.uid === uid);
        if (ref?.blockOwnerDeletion) blocking++;
        if (!current.metadata.deletionTimestamp) {
          const others = (current.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid && cache.byUidLookup(r.uid));
          if (others.length > 0) {
            // Another owner keeps it: only this reference goes.
            client.update(dependent.resource, {
              ...current,
              metadata: { ...current.metadata, ownerReferences: (current.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid) },
            });
            if (ref?.blockOwnerDeletion) blocking--;
            continue;
          }
          deleteObject(dependent.resource, current, cache.hasDependents(current.metadata.uid ?? '') ? 'Foreground' : 'Background');
        }
      }
      if (blocking === 0) {
        const fresh = cache.get(resource, found.namespace, found.name);
        if (fresh) removeFinalizer(resource, fresh, FOREGROUND);
      }
    }
  };

  return {
    name: 'garbagecollector',
    handlers: {
      '*': (type, object, previous, resource) => {
        if (type === 'DELETED') {
          const uid = object.metadata.uid;
          if (uid) for (const dependent of cache.dependentsOf(uid)) context.enqueue('garbagecollector', `obj\0${dependent.resource}\0${dependent.namespace ? `${dependent.namespace}/` : ''}${dependent.name}`);
          enqueueWaitingOwners(object);
          return;
        }
        if ((object.metadata.ownerReferences?.length ?? 0) > 0) {
          const changed = !previous || JSON.stringify(previous.metadata.ownerReferences) !== JSON.stringify(object.metadata.ownerReferences);
          if (changed) context.enqueue('garbagecollector', itemKey(resource, object));
          if (object.metadata.deletionTimestamp && !previous?.metadata.deletionTimestamp) enqueueWaitingOwners(object);
        }
        const finalizers = object.metadata.finalizers ?? [];
        if (object.metadata.deletionTimestamp && (finalizers.includes(FOREGROUND) || finalizers.includes(ORPHAN))) {
          context.enqueue('garbagecollector', ownerKey(object.metadata.uid ?? ''));
        }
      },
    },
    start() {
      // Objects that lost their owners while the cluster was down.
      for (const resource of cache.resources()) {
        for (const object of cache.all(resource)) {
          if ((object.metadata.ownerReferences?.length ?? 0) > 0) context.enqueue('garbagecollector', itemKey(resource, object));
        }
      }
    },
    sync(key) {
      const parts = key.split('\0');
      if (parts[0] === 'owner') {
        syncOwner(parts[1] ?? '');
        return undefined;
      }
      const resource = parts[1] ?? '';
      const { namespace, name } = splitKey(parts[2] ?? '');
      syncDependent(resource, namespace, name);
      return undefined;
    },
  };
}
