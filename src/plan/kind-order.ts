/**
 * The order kinds are applied in within one wave: what must exist before what uses it
 * (namespaces before their contents, config before workloads, workloads before ingress).
 * It is Helm's install order, which Argo CD also uses; kinds not listed (custom resources)
 * come after all of these.
 */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

const RANK = new Map(KIND_ORDER.map((kind, index) => [kind, index - KIND_ORDER.length]));

/** Negative for listed kinds in table order; 0 for everything else. */
export function kindRank(kind: string): number {
  return RANK.get(kind) ?? 0;
}
