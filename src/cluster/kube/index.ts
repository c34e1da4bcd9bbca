/** The `ClusterClient` adapter for any Kubernetes API server (through @kubernetes/client-node). */
export { KubeCluster } from './kube-cluster.ts';
export type { KubeClusterOptions } from './kube-cluster.ts';
export { inClusterKubeConfig, IN_CLUSTER_CONTEXT } from './in-cluster.ts';
export type { InClusterOptions } from './in-cluster.ts';
