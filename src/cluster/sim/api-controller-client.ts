import { isFerryError, type KubeObject } from '../../core/index.ts';
import { badRequestError } from './store/index.ts';
import type { SimApi } from './apiserver/api.ts';
import type { ServedResource } from './apiserver/registry.ts';
import type { ControllerClient } from './controllers/index.ts';

/**
 * The controllers' write port over the API layer: their creates, updates and deletes are
 * defaulted, validated, admitted and field-managed exactly like a client's, under the field
 * manager a real component would record (`kube-controller-manager` by default).
 */
export function apiControllerClient(api: SimApi, fieldManager = 'kube-controller-manager'): ControllerClient {
  const served = (storeKey: string, object?: KubeObject): ServedResource => {
    const byObject = object?.apiVersion && object.kind ? api.registry.byKind(object.apiVersion, object.kind) : undefined;
    const resource = byObject && byObject.store.key === storeKey ? byObject : api.resourceOfStore(storeKey);
    if (!resource) throw badRequestError(`the server could not find the requested resource (${storeKey})`);
    return resource;
  };
  const options = { fieldManager };
  const gone = (work: () => void): void => {
    try {
      work();
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
    }
  };
  return {
    create(resource, object) {
      const target = served(resource, object);
      return api.create(target, object.metadata.namespace ?? '', { ...object, apiVersion: target.apiVersion, kind: target.type.kind }, options);
    },
    update(resource, object) {
      const target = served(resource, object);
      return api.update(target, object.metadata.namespace ?? '', object.metadata.name ?? '', { ...object, apiVersion: target.apiVersion, kind: target.type.kind }, options);
    },
    updateStatus(resource, object) {
      const target = served(resource, object);
      return api.update(target, object.metadata.namespace ?? '', object.metadata.name ?? '', { ...object, apiVersion: target.apiVersion, kind: target.type.kind }, { ...options, scope: 'status' });
    },
    patch(resource, namespace, name, patch, subresource) {
      return api.patch(served(resource), namespace, name, 'merge', patch, { ...options, scope: subresource === 'status' ? 'status' : 'main' });
    },
    delete(resource, namespace, name, deleteOptions = {}) {
      const result = api.delete(served(resource), namespace, name, { ...options, ...deleteOptions });
      return result.deleted ? undefined : result.object;
    },
    bind(namespace, name, node) {
      api.bind(namespace, name, { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
      return api.get(served('pods'), namespace, name);
    },
    evict(namespace, name, deleteOptions = {}) {
      api.evict(namespace, name, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, deleteOptions }, options);
      let remaining: KubeObject | undefined;
      gone(() => {
        remaining = api.get(served('pods'), namespace, name);
      });
      return remaining;
    },
    finalizeNamespace(namespace, finalizers) {
      const name = namespace.metadata.name ?? '';
      api.finalizeNamespace(name, { ...namespace, spec: { ...(namespace.spec as object), finalizers: [...finalizers] } }, options);
      let remaining: KubeObject | undefined;
      gone(() => {
        remaining = api.get(served('namespaces'), '', name);
      });
      return remaining;
    },
  };
}
