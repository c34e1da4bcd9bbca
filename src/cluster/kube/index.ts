/** The `ClusterClient` adapter for any Kubernetes API server (through @kubernetes/client-node). */
export { KubeCluster } from './kube-cluster.ts';
export type { KubeClusterOptions } from './kube-cluster.ts';
