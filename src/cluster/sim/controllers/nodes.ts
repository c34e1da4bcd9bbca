import type { KubeObject } from '../../../core/index.ts';
import { timestamp } from './events.ts';
import type { Condition } from './pod-util.ts';

/**
 * The simulated nodes: what kubelets register (labels, capacity, addresses, node info, pod CIDR)
 * and the conditions they post. Node `i` (1-based) gets InternalIP 172.18.0.(i+1) and pod CIDR
 * 10.244.(i-1).0/24, as in a kind cluster.
 */
export interface NodeConfig {
  /** How many nodes (default 3). */
  readonly count?: number;
  /** Name prefix: `node-` gives node-1, node-2… */
  readonly namePrefix?: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly ephemeralStorage?: string;
  /** Extra labels for every node. */
  readonly labels?: Readonly<Record<string, string>>;
}

export const KUBELET_VERSION = 'v1.35.0';

export interface NodeIdentity {
  readonly name: string;
  readonly index: number;
  readonly internalIP: string;
  readonly podCIDR: string;
}

export function nodeIdentities(config: NodeConfig = {}): NodeIdentity[] {
  const count = config.count ?? 3;
  const prefix = config.namePrefix ?? 'node-';
  const out: NodeIdentity[] = [];
  for (let i = 1; i <= count; i++) {
    const third = Math.floor((i - 1) / 256);
    out.push({
      name: `${prefix}${i}`,
      index: i,
      internalIP: `172.18.${third}.${((i + 1) % 256) || 1}`,
      podCIDR: `10.${244 + Math.floor((i - 1) / 256)}.${(i - 1) % 256}.0/24`,
    });
  }
  return out;
}

export function readyConditions(now: Date): Condition[] {
  const at = timestamp(now);
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => ({
    type,
    status,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
    reason,
    message,
  });
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** The Node object a kubelet registers, without status (written separately, as `/status`). */
export function nodeObject(identity: NodeIdentity, config: NodeConfig = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: identity.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': identity.name,
        'kubernetes.io/os': 'linux',
        ...(config.labels ?? {}),
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: identity.podCIDR,
      podCIDRs: [identity.podCIDR],
      providerID: `ferry://${identity.name}`,
    },
  };
}

export function nodeStatus(identity: NodeIdentity, config: NodeConfig, now: Date): Record<string, unknown> {
  const resources = {
    cpu: config.cpu ?? '4',
    'ephemeral-storage': config.ephemeralStorage ?? '100Gi',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: config.memory ?? '8Gi',
    pods: config.pods ?? '110',
  };
  return {
    capacity: resources,
    allocatable: { ...resources },
    conditions: readyConditions(now),
    addresses: [
      { type: 'InternalIP', address: identity.internalIP },
      { type: 'Hostname', address: identity.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: `ferry-boot-${identity.index}`,
      containerRuntimeVersion: 'containerd://2.1.4',
      kernelVersion: '6.8.0-ferry',
      kubeProxyVersion: KUBELET_VERSION,
      kubeletVersion: KUBELET_VERSION,
      machineID: `ferry-machine-${identity.index}`,
      operatingSystem: 'linux',
      osImage: 'Ferry embedded node',
      systemUUID: `ferry-node-${identity.index}`,
    },
  };
}

/** The first IP of a node's pod CIDR range usable for pods (x.y.z.2 … x.y.z.254). */
export function podIpAt(podCIDR: string, offset: number): string {
  const base = podCIDR.split('/')[0] ?? '10.244.0.0';
  const parts = base.split('.').map(Number);
  return `${parts[0]}.${parts[1]}.${parts[2]}.${2 + offset}`;
}
