import type { GenerationPolicy, ObjectStore, StoreResource } from '../store/index.ts';
import { BUILTIN_RESOURCES, groupVersionOf } from '../../resource-table.ts';

/**
 * The store resources of the built-in kinds (preferred version of each), as the API layer
 * declares them. The controllers declare the ones still missing (a store used without the API
 * layer, in tests) and never replace a declaration the API layer made.
 */
const NO_GENERATION = new Set([
  'configmaps', 'endpoints', 'events', 'limitranges', 'namespaces', 'nodes', 'persistentvolumeclaims',
  'persistentvolumes', 'podtemplates', 'resourcequotas', 'secrets', 'serviceaccounts', 'services',
  'apps/controllerrevisions', 'coordination.k8s.io/leases', 'discovery.k8s.io/endpointslices',
  'events.k8s.io/events', 'rbac.authorization.k8s.io/clusterrolebindings', 'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/rolebindings', 'rbac.authorization.k8s.io/roles', 'scheduling.k8s.io/priorityclasses',
  'storage.k8s.io/csidrivers', 'storage.k8s.io/csinodes', 'storage.k8s.io/csistoragecapacities',
  'storage.k8s.io/storageclasses', 'storage.k8s.io/volumeattachments', 'networking.k8s.io/ingressclasses',
]);

function policyOf(key: string): GenerationPolicy {
  if (key === 'apps/deployments') return 'spec-and-annotations';
  if (key === 'apiextensions.k8s.io/customresourcedefinitions') return 'non-metadata';
  return NO_GENERATION.has(key) ? 'none' : 'spec';
}

export function builtinStoreResources(): StoreResource[] {
  const seen = new Set<string>();
  const out: StoreResource[] = [];
  for (const type of BUILTIN_RESOURCES) {
    const key = type.group === '' ? type.plural : `${type.group}/${type.plural}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      key,
      group: type.group,
      plural: type.plural,
      apiVersion: groupVersionOf(type),
      kind: type.kind,
      namespaced: type.namespaced,
      generation: policyOf(key),
    });
  }
  return out;
}

/** Declares every built-in resource the store does not know yet. */
export function ensureBuiltinResources(store: ObjectStore): void {
  for (const resource of builtinStoreResources()) {
    if (!store.resource(resource.key)) store.defineResource(resource);
  }
}

/** The store key of `apiVersion` + plural: `apps/deployments`, `pods`. */
export function resourceKey(group: string, plural: string): string {
  return group === '' ? plural : `${group}/${plural}`;
}
