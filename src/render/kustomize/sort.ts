import type { Resource } from './resource.ts';

/** kustomize's `legacy` order: these kinds first, in this order... */
export const LEGACY_ORDER_FIRST: readonly string[] = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service',
  'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet',
  'CronJob', 'PodDisruptionBudget',
];
/** ...these last, and everything else between, by group, version, kind, namespace, name. */
export const LEGACY_ORDER_LAST: readonly string[] = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function gvkString(r: Resource): string {
  const gvk = r.gvk();
  return [gvk.group || '~G', gvk.version || '~V', gvk.kind || '~K'].join('_');
}

function idString(r: Resource): string {
  return `${gvkString(r)}|${r.namespace || '~X'}|${r.name || '~N'}`;
}

export function sortLegacy(resources: readonly Resource[], orderFirst = LEGACY_ORDER_FIRST, orderLast = LEGACY_ORDER_LAST): Resource[] {
  const rank = (kind: string) => {
    const first = orderFirst.indexOf(kind);
    if (first >= 0) return first - orderFirst.length;
    const last = orderLast.indexOf(kind);
    if (last >= 0) return last + 1;
    return 0;
  };
  const keyed = resources.map((r) => ({ r, rank: rank(r.kind), gvk: gvkString(r), id: idString(r) }));
  keyed.sort((a, b) => {
    if (a.gvk !== b.gvk) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      return a.gvk < b.gvk ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return keyed.map((k) => k.r);
}
