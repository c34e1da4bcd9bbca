import type { ResourceType, SubresourceType } from './types.ts';

/**
 * The built-in kinds the embedded cluster serves, as a Kubernetes 1.35 API server lists them in
 * discovery (plural, singular, scope, short names, categories, verbs, subresources). The sim
 * serves exactly this table plus CRDs; `kube/` uses it only as a fallback name table.
 *
 * Groups are listed in the order a real server lists them in `/apis` (versions: preferred first).
 */

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const NAMESPACE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;
const SUB_VERBS = ['get', 'patch', 'update'] as const;

interface Row {
  readonly gv: string;
  readonly kind: string;
  readonly plural: string;
  readonly cluster?: boolean;
  readonly short?: readonly string[];
  readonly categories?: readonly string[];
  readonly verbs?: readonly string[];
  /** `status` and `scale` are shorthands; anything else is given in full. */
  readonly sub?: readonly (SubresourceType | 'status' | 'scale')[];
}

const eviction: SubresourceType = { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
const binding: SubresourceType = { name: 'binding', group: '', version: 'v1', kind: 'Binding', verbs: ['create'] };
const podLog: SubresourceType = { name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get'] };
const finalize: SubresourceType = { name: 'finalize', group: '', version: 'v1', kind: 'Namespace', verbs: ['update'] };

const ROWS: readonly Row[] = [
  // core/v1
  { gv: 'v1', kind: 'ConfigMap', plural: 'configmaps', short: ['cm'] },
  { gv: 'v1', kind: 'Endpoints', plural: 'endpoints', short: ['ep'] },
  { gv: 'v1', kind: 'Event', plural: 'events', short: ['ev'] },
  { gv: 'v1', kind: 'LimitRange', plural: 'limitranges', short: ['limits'] },
  { gv: 'v1', kind: 'Namespace', plural: 'namespaces', cluster: true, short: ['ns'], verbs: NAMESPACE_VERBS, sub: [finalize, 'status'] },
  { gv: 'v1', kind: 'Node', plural: 'nodes', cluster: true, short: ['no'], sub: ['status'] },
  { gv: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', short: ['pvc'], sub: ['status'] },
  { gv: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', cluster: true, short: ['pv'], sub: ['status'] },
  { gv: 'v1', kind: 'Pod', plural: 'pods', short: ['po'], categories: ['all'], sub: [binding, eviction, podLog, 'status'] },
  { gv: 'v1', kind: 'PodTemplate', plural: 'podtemplates' },
  { gv: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', short: ['rc'], categories: ['all'], sub: ['scale', 'status'] },
  { gv: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', short: ['quota'], sub: ['status'] },
  { gv: 'v1', kind: 'Secret', plural: 'secrets' },
  { gv: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', short: ['sa'] },
  { gv: 'v1', kind: 'Service', plural: 'services', short: ['svc'], categories: ['all'], sub: ['status'] },
  // apiextensions.k8s.io/v1
  { gv: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', cluster: true, short: ['crd', 'crds'], categories: ['api-extensions'], sub: ['status'] },
  // apps/v1
  { gv: 'apps/v1', kind: 'ControllerRevision', plural: 'controllerrevisions' },
  { gv: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', short: ['ds'], categories: ['all'], sub: ['status'] },
  { gv: 'apps/v1', kind: 'Deployment', plural: 'deployments', short: ['deploy'], categories: ['all'], sub: ['scale', 'status'] },
  { gv: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', short: ['rs'], categories: ['all'], sub: ['scale', 'status'] },
  { gv: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', short: ['sts'], categories: ['all'], sub: ['scale', 'status'] },
  // autoscaling: v2 preferred, v1 still served
  { gv: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', short: ['hpa'], categories: ['all'], sub: ['status'] },
  { gv: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', short: ['hpa'], categories: ['all'], sub: ['status'] },
  // batch/v1
  { gv: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', short: ['cj'], categories: ['all'], sub: ['status'] },
  { gv: 'batch/v1', kind: 'Job', plural: 'jobs', categories: ['all'], sub: ['status'] },
  // coordination.k8s.io/v1
  { gv: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases' },
  // discovery.k8s.io/v1
  { gv: 'discovery.k8s.io/v1', kind: 'EndpointSlice', plural: 'endpointslices' },
  // events.k8s.io/v1
  { gv: 'events.k8s.io/v1', kind: 'Event', plural: 'events', short: ['ev'] },
  // networking.k8s.io/v1
  { gv: 'networking.k8s.io/v1', kind: 'IngressClass', plural: 'ingressclasses', cluster: true },
  { gv: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', short: ['ing'], sub: ['status'] },
  { gv: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies', short: ['netpol'] },
  // policy/v1
  { gv: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', short: ['pdb'], sub: ['status'] },
  // rbac.authorization.k8s.io/v1 (stored, not enforced)
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', cluster: true },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', cluster: true },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings' },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles' },
  // scheduling.k8s.io/v1
  { gv: 'scheduling.k8s.io/v1', kind: 'PriorityClass', plural: 'priorityclasses', cluster: true, short: ['pc'] },
  // storage.k8s.io/v1
  { gv: 'storage.k8s.io/v1', kind: 'CSIDriver', plural: 'csidrivers', cluster: true },
  { gv: 'storage.k8s.io/v1', kind: 'CSINode', plural: 'csinodes', cluster: true },
  { gv: 'storage.k8s.io/v1', kind: 'CSIStorageCapacity', plural: 'csistoragecapacities' },
  { gv: 'storage.k8s.io/v1', kind: 'StorageClass', plural: 'storageclasses', cluster: true, short: ['sc'] },
  { gv: 'storage.k8s.io/v1', kind: 'VolumeAttachment', plural: 'volumeattachments', cluster: true, sub: ['status'] },
];

function expandRow(row: Row): ResourceType {
  const slash = row.gv.indexOf('/');
  const group = slash < 0 ? '' : row.gv.slice(0, slash);
  const version = slash < 0 ? row.gv : row.gv.slice(slash + 1);
  const subresources = (row.sub ?? []).map((sub): SubresourceType => {
    if (sub === 'status') return { name: 'status', group, version, kind: row.kind, verbs: [...SUB_VERBS] };
    if (sub === 'scale') return { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: [...SUB_VERBS] };
    return sub;
  });
  return Object.freeze({
    group,
    version,
    kind: row.kind,
    plural: row.plural,
    singular: row.kind.toLowerCase(),
    namespaced: !row.cluster,
    shortNames: Object.freeze([...(row.short ?? [])]),
    categories: Object.freeze([...(row.categories ?? [])]),
    verbs: Object.freeze([...(row.verbs ?? ALL_VERBS)]),
    subresources: Object.freeze(subresources),
  });
}

/** Every built-in resource type, in discovery order. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = Object.freeze(ROWS.map(expandRow));

/** `apps/v1` for group `apps` and version `v1`, `v1` for the core group. */
export function groupVersionOf(type: { readonly group: string; readonly version: string }): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `deployments.apps`, `pods`: how error messages name a resource. */
export function qualifiedResourceName(type: { readonly group: string; readonly plural: string }): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

/** The built-in resource type of `apiVersion` + `kind`, if there is one. */
export function findBuiltinResource(apiVersion: string, kind: string): ResourceType | undefined {
  return BUILTIN_RESOURCES.find((type) => groupVersionOf(type) === apiVersion && type.kind === kind);
}

/**
 * The resource type a user's word names, as kubectl resolves it: plural, singular, short name
 * or kind (case-insensitive), optionally qualified with `.group` (`deploy`, `deployments.apps`,
 * `hpa.autoscaling`). The preferred (first listed) version wins.
 */
export function resolveResourceName(
  word: string,
  types: readonly ResourceType[] = BUILTIN_RESOURCES,
): ResourceType | undefined {
  const lower = word.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  return types.find(
    (type) =>
      (group === undefined || type.group === group) &&
      (type.plural === name ||
        type.singular === name ||
        type.kind.toLowerCase() === name ||
        type.shortNames.includes(name)),
  );
}
