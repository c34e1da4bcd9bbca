import { isFerryError, type KubeObject } from '../../../core/index.ts';
import type { ObjectStore } from '../store/index.ts';
import { nodeIdentities, nodeObject, nodeStatus, type NodeConfig } from './nodes.ts';
import type { ControllerClient } from './types.ts';

/**
 * What a fresh cluster holds before anyone uses it: the four system namespaces, the nodes (as
 * their kubelets register them, with a Lease each in kube-node-lease), the `kubernetes` Service
 * with its Endpoints and EndpointSlice, and a default StorageClass `standard`. Each object is
 * created only when missing, so a cluster restarted from its data dir keeps what it has.
 */
export interface BootstrapOptions {
  readonly nodes?: NodeConfig;
  /** The API server's address as pods would reach it (the `kubernetes` Endpoints). */
  readonly apiServerAddress?: string;
  readonly apiServerPort?: number;
}

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const DEFAULT_STORAGE_CLASS = 'standard';

function createIfMissing(client: ControllerClient, store: ObjectStore, resource: string, object: KubeObject): KubeObject | undefined {
  const existing = store.get(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
  if (existing) return undefined;
  try {
    return client.create(resource, object);
  } catch (error) {
    if (isFerryError(error, 'CLUSTER_ALREADY_EXISTS')) return undefined;
    throw error;
  }
}

export function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
  };
}

export function bootstrapCluster(store: ObjectStore, client: ControllerClient, options: BootstrapOptions = {}): void {
  const now = store.clock.now();
  for (const name of SYSTEM_NAMESPACES) createIfMissing(client, store, 'namespaces', namespaceObject(name));

  for (const identity of nodeIdentities(options.nodes)) {
    const created = createIfMissing(client, store, 'nodes', nodeObject(identity, options.nodes));
    if (created) client.updateStatus('nodes', { ...created, status: nodeStatus(identity, options.nodes ?? {}, now) });
    if (store.resource('coordination.k8s.io/leases')) {
      createIfMissing(client, store, 'coordination.k8s.io/leases', {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: identity.name,
          namespace: 'kube-node-lease',
          ownerReferences: created
            ? [{ apiVersion: 'v1', kind: 'Node', name: identity.name, uid: created.metadata.uid ?? '' }]
            : [],
        },
        spec: {
          holderIdentity: identity.name,
          leaseDurationSeconds: 40,
          renewTime: `${now.toISOString().slice(0, 23)}000Z`,
        },
      });
    }
  }

  const address = options.apiServerAddress ?? '172.18.0.1';
  const port = options.apiServerPort ?? 6443;
  createIfMissing(client, store, 'services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  });
  createIfMissing(client, store, 'endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: address }], ports: [{ name: 'https', port, protocol: 'TCP' }] }],
  });
  if (store.resource('discovery.k8s.io/endpointslices')) {
    createIfMissing(client, store, 'discovery.k8s.io/endpointslices', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [address], conditions: { ready: true } }],
      ports: [{ name: 'https', port, protocol: 'TCP' }],
    });
  }
  if (store.resource('storage.k8s.io/storageclasses')) {
    createIfMissing(client, store, 'storage.k8s.io/storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: DEFAULT_STORAGE_CLASS,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'sim.ferry.dev/hostpath',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
  }
}
