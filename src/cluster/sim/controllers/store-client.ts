import { cloneJson, isPlainObject, type KubeObject } from '../../../core/index.ts';
import { clusterErrorFromStatus, makeStatus } from '../../errors.ts';
import type { ObjectStore } from '../store/index.ts';
import type { ControllerClient, ControllerDeleteOptions } from './types.ts';

/**
 * A `ControllerClient` straight over the store: the controllers' writes skip the API layer's
 * admission and validation, and only the few server rules they depend on are kept here — the
 * `/status` versus main-resource split, pods' graceful deletion, propagation finalizers, no new
 * objects in a terminating namespace, and namespace finalization. An optional `defaulter`
 * (the schema layer's) fills what the API server would default.
 *
 * Namespaces: the store removes an object without `metadata.finalizers` at once, so deleting a
 * namespace here also adds a metadata finalizer named `kubernetes`, removed by
 * `finalizeNamespace` together with the spec's; the API layer keeps it in `spec.finalizers` only.
 */
export interface StoreClientOptions {
  readonly defaulter?: (resource: string, object: KubeObject) => KubeObject;
}

/** Kinds whose `/status` writes also keep the stored labels (apps workloads' status strategies). */
const STATUS_KEEPS_LABELS = new Set(['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets']);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function forbidden(message: string, name: string, kind: string): Error {
  return clusterErrorFromStatus(makeStatus(403, message, 'Forbidden', { name, kind }));
}

export function storeControllerClient(store: ObjectStore, options: StoreClientOptions = {}): ControllerClient {
  const defaulted = (resource: string, object: KubeObject): KubeObject =>
    options.defaulter ? options.defaulter(resource, object) : object;

  const checkNamespace = (resource: string, object: KubeObject): void => {
    const info = store.resource(resource);
    if (!info?.namespaced) return;
    const namespace = object.metadata.namespace ?? '';
    const ns = store.get('namespaces', '', namespace);
    if (!ns) {
      throw clusterErrorFromStatus(
        makeStatus(404, `namespaces "${namespace}" not found`, 'NotFound', { name: namespace, kind: 'namespaces' }),
      );
    }
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(
        `${info.plural} "${object.metadata.name ?? object.metadata.generateName ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        object.metadata.name ?? '',
        info.plural,
      );
    }
  };

  const client: ControllerClient = {
    create(resource, object) {
      checkNamespace(resource, object);
      const body: KubeObject = { ...defaulted(resource, object) };
      // The API server resets a new object's status; pods start Pending, namespaces Active.
      if (resource === 'pods') body.status = { phase: 'Pending' };
      else if (resource === 'namespaces') body.status = { phase: 'Active' };
      else if (store.resource(resource) && resource !== 'events') delete body.status;
      return store.create(resource, body);
    },
    update(resource, object) {
      const current = store.get(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
      const next: KubeObject = { ...defaulted(resource, object) };
      if (current && current.status !== undefined) next.status = current.status;
      else delete next.status;
      return store.update(resource, next);
    },
    updateStatus(resource, object) {
      const current = store.get(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
      const next: KubeObject = { ...object, metadata: { ...object.metadata } };
      if (current) {
        if (current.spec === undefined) delete next.spec;
        else next.spec = current.spec;
        if (STATUS_KEEPS_LABELS.has(resource)) {
          if (current.metadata.labels === undefined) delete next.metadata.labels;
          else next.metadata.labels = current.metadata.labels;
        }
      }
      return store.update(resource, next);
    },
    patch(resource, namespace, name, patch, subresource) {
      const current = store.get(resource, namespace, name);
      const merged = mergePatch(current ?? {}, patch) as KubeObject;
      if (!current) return store.update(resource, merged); // the store's NotFound
      return subresource === 'status' ? client.updateStatus(resource, merged) : client.update(resource, merged);
    },
    delete(resource, namespace, name, deleteOptions = {}) {
      const current = store.get(resource, namespace, name);
      const addFinalizers: string[] = [];
      if (deleteOptions.propagationPolicy === 'Foreground') addFinalizers.push('foregroundDeletion');
      if (deleteOptions.propagationPolicy === 'Orphan') addFinalizers.push('orphan');
      let grace = deleteOptions.gracePeriodSeconds ?? 0;
      if (resource === 'pods' && current) grace = podGracePeriod(current, deleteOptions);
      if (resource === 'namespaces' && current && ((current.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0) {
        addFinalizers.push('kubernetes');
      }
      const result = store.delete(resource, namespace, name, {
        addFinalizers,
        gracePeriodSeconds: grace,
        ...(deleteOptions.preconditions ? { preconditions: deleteOptions.preconditions } : {}),
      });
      if (result.deleted) return undefined;
      if (resource === 'namespaces' && (result.object.status as { phase?: string } | undefined)?.phase !== 'Terminating') {
        return store.update('namespaces', { ...result.object, status: { ...(result.object.status as object), phase: 'Terminating' } });
      }
      return result.object;
    },
    bind(namespace, name, node) {
      const current = store.get('pods', namespace, name);
      if (!current) return store.update('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } });
      if ((current.spec as { nodeName?: string } | undefined)?.nodeName) {
        throw clusterErrorFromStatus(
          makeStatus(409, `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${(current.spec as { nodeName: string }).nodeName}"`, 'Conflict', { name, kind: 'pods/binding' }),
        );
      }
      const now = `${store.clock.now().toISOString().slice(0, 19)}Z`;
      const status = (current.status ?? {}) as { conditions?: Record<string, unknown>[] };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
      return store.update('pods', {
        ...current,
        spec: { ...(current.spec as object), nodeName: node },
        status: { ...status, conditions },
      });
    },
    evict(namespace, name, deleteOptions) {
      return client.delete('pods', namespace, name, deleteOptions);
    },
    finalizeNamespace(namespace, finalizers) {
      const current = store.get('namespaces', '', namespace.metadata.name ?? '');
      if (!current) return undefined;
      const metadataFinalizers = (current.metadata.finalizers ?? []).filter((f) => f !== 'kubernetes' || finalizers.includes('kubernetes'));
      const next = {
        ...current,
        metadata: { ...current.metadata, finalizers: metadataFinalizers },
        spec: { ...(current.spec as object), finalizers: [...finalizers] },
      } as KubeObject;
      const stored = store.update('namespaces', next);
      return store.get('namespaces', '', stored.metadata.name ?? '');
    },
  };
  return client;
}

/** The grace period the API server gives a pod delete (pod strategy's CheckGracefulDelete). */
export function podGracePeriod(pod: KubeObject, options: ControllerDeleteOptions): number {
  const spec = pod.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return Math.max(0, options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30);
}
