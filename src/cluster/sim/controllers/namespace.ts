import { isFerryError, type KubeObject } from '../../../core/index.ts';
import { timestamp } from './events.ts';
import { withCondition, type Condition } from './pod-util.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The namespace controller: a namespace being deleted is `Terminating`; everything in it is
 * deleted (pods gracefully, owners with background propagation); once nothing is left the
 * `kubernetes` finalizer is removed through `finalize` and the namespace disappears. Its
 * conditions say what remains, as the real controller's do.
 */
export function createNamespaceController(context: ControllerContext): Controller {
  const { cache, client, store, clock } = context;

  const remaining = (namespace: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const resource of cache.resources()) {
      const info = store.resource(resource);
      if (!info?.namespaced) continue;
      const count = store.count(resource, namespace);
      if (count > 0) counts.set(resource, count);
    }
    return counts;
  };

  const setStatus = (ns: KubeObject, counts: Map<string, number>): KubeObject => {
    const now = timestamp(clock.now());
    const status = (ns.status ?? {}) as { phase?: string; conditions?: Condition[] };
    let conditions = status.conditions;
    const left = [...counts].map(([resource, n]) => `${store.resource(resource)?.plural ?? resource}.${store.resource(resource)?.group ?? ''} has ${n} resource instances`).join(', ');
    conditions = withCondition(conditions, { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' }, now);
    conditions = withCondition(conditions, { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' }, now);
    conditions = withCondition(conditions, { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' }, now);
    conditions = withCondition(
      conditions,
      counts.size > 0
        ? { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${left}` }
        : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
      now,
    );
    conditions = withCondition(conditions, { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' }, now);
    conditions = conditions.map(({ lastProbeTime: _p, ...c }) => c as Condition);
    return client.updateStatus('namespaces', { ...ns, status: { ...status, phase: 'Terminating', conditions } });
  };

  return {
    name: 'namespace',
    handlers: {
      namespaces: (type, ns) => {
        if (type !== 'DELETED' && ns.metadata.deletionTimestamp) context.enqueue('namespace', ns.metadata.name ?? '');
      },
      '*': (type, object, _previous, resource) => {
        if (type !== 'DELETED' || resource === 'namespaces') return;
        const namespace = object.metadata.namespace;
        if (!namespace) return;
        if (cache.get('namespaces', '', namespace)?.metadata.deletionTimestamp) context.enqueue('namespace', namespace);
      },
    },
    sync(name) {
      const ns = cache.get('namespaces', '', name);
      if (!ns?.metadata.deletionTimestamp) return undefined;
      for (const resource of cache.resources()) {
        if (!store.resource(resource)?.namespaced) continue;
        for (const object of store.list(resource, { namespace: name }).items) {
          if (object.metadata.deletionTimestamp) continue;
          try {
            client.delete(resource, name, object.metadata.name ?? '', { propagationPolicy: 'Background', preconditions: { uid: object.metadata.uid ?? '' } });
          } catch (error) {
            if (!isFerryError(error, 'CLUSTER_NOT_FOUND') && !isFerryError(error, 'CLUSTER_CONFLICT')) throw error;
          }
        }
      }
      const counts = remaining(name);
      const current = cache.get('namespaces', '', name);
      if (!current) return undefined;
      const updated = setStatus(current, counts);
      if (counts.size > 0) return 15_000;
      const finalizers = ((updated.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).filter((f) => f !== 'kubernetes');
      client.finalizeNamespace(updated, finalizers);
      return undefined;
    },
  };
}
