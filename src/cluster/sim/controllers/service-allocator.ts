import { FerryError, type KubeObject } from '../../../core/index.ts';
import type { ObjectStore } from '../store/index.ts';

/**
 * ClusterIP and NodePort allocation, as the API server does it when a Service is created:
 * ClusterIPs from the service CIDR (default 10.96.0.0/12; 10.96.0.1 is the `kubernetes`
 * Service's), random in the upper band like the real allocator, a requested IP honoured when
 * free and in range; NodePorts from 30000-32767. The API layer calls it on create and update;
 * the Service controller calls it only for Services written without it (a store-direct client).
 *
 * In use = held by a Service in the store (so deleting a Service frees its IP and ports).
 * Errors are CLUSTER_INVALID (422) whose message is the API server's phrase for the field
 * (`failed to allocate IP 10.96.0.10: provided IP is already allocated`); the caller prefixes
 * the field path (`spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: `).
 */
export interface ServiceAllocator {
  readonly serviceCidr: string;
  readonly nodePortRange: readonly [number, number];
  /** A free ClusterIP, or `requested` when it is free and in range. */
  allocateClusterIP(requested?: string): string;
  /** A free NodePort, or `requested` when it is free and in range. `taken`: ports this request already holds. */
  allocateNodePort(requested?: number, taken?: ReadonlySet<number>): number;
  /** Every ClusterIP and NodePort held now (optionally ignoring one Service, for updates). */
  inUse(except?: { namespace: string; name: string }): { ips: Set<string>; ports: Set<number> };
}

export interface ServiceAllocatorOptions {
  readonly serviceCidr?: string;
  readonly nodePortRange?: readonly [number, number];
  readonly random?: () => number;
}

function invalid(message: string): FerryError {
  return new FerryError('CLUSTER_INVALID', message, { httpStatus: 422 });
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip = '', bits = ''] = cidr.split('/');
  const base = ipToNumber(ip);
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) {
    throw new FerryError('CLUSTER_BAD_CONFIG', `service CIDR ${cidr}: not an IPv4 CIDR between /8 and /30`, { httpStatus: 400 });
  }
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), size };
}

export function createServiceAllocator(store: ObjectStore, options: ServiceAllocatorOptions = {}): ServiceAllocator {
  const serviceCidr = options.serviceCidr ?? '10.96.0.0/12';
  const nodePortRange = options.nodePortRange ?? [30000, 32767];
  const random = options.random ?? Math.random;
  const { base, size } = parseCidr(serviceCidr);
  // The lower band is kept for requested (static) IPs, as the real allocator does.
  const lowerBand = Math.min(Math.max(16, Math.floor(size / 16)), 256);

  const inUse = (except?: { namespace: string; name: string }): { ips: Set<string>; ports: Set<number> } => {
    const ips = new Set<string>();
    const ports = new Set<number>();
    for (const service of store.list('services').items) {
      if (except && service.metadata.namespace === except.namespace && service.metadata.name === except.name) continue;
      const spec = (service.spec ?? {}) as { clusterIP?: string; clusterIPs?: string[]; ports?: { nodePort?: number }[] };
      for (const ip of [spec.clusterIP, ...(spec.clusterIPs ?? [])]) if (ip && ip !== 'None') ips.add(ip);
      for (const port of spec.ports ?? []) if (port.nodePort) ports.add(port.nodePort);
    }
    return { ips, ports };
  };

  return {
    serviceCidr,
    nodePortRange,
    inUse,
    allocateClusterIP(requested) {
      const { ips } = inUse();
      if (requested) {
        const value = ipToNumber(requested);
        if (value === undefined || value <= base || value >= base + size - 1) {
          throw invalid(`failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${serviceCidr}`);
        }
        if (ips.has(requested)) throw invalid(`failed to allocate IP ${requested}: provided IP is already allocated`);
        return requested;
      }
      const first = base + lowerBand;
      const count = size - lowerBand - 1;
      const start = Math.floor(random() * count);
      for (let i = 0; i < count; i++) {
        const ip = numberToIp(first + ((start + i) % count));
        if (!ips.has(ip)) return ip;
      }
      for (let value = base + 1; value < base + lowerBand; value++) if (!ips.has(numberToIp(value))) return numberToIp(value);
      throw new FerryError('CLUSTER_INTERNAL_ERROR', `failed to allocate a serviceIP: range is full (${serviceCidr})`, { httpStatus: 500 });
    },
    allocateNodePort(requested, taken = new Set()) {
      const { ports } = inUse();
      const [low, high] = nodePortRange;
      if (requested !== undefined) {
        if (requested < low || requested > high) {
          throw invalid(`provided port is not in the valid range. The range of valid ports is ${low}-${high}`);
        }
        if (ports.has(requested) || taken.has(requested)) throw invalid('provided port is already allocated');
        return requested;
      }
      const count = high - low + 1;
      const start = Math.floor(random() * count);
      for (let i = 0; i < count; i++) {
        const port = low + ((start + i) % count);
        if (!ports.has(port) && !taken.has(port)) return port;
      }
      throw new FerryError('CLUSTER_INTERNAL_ERROR', `failed to allocate a nodePort: range is full (${low}-${high})`, { httpStatus: 500 });
    },
  };
}

/** The Service with what allocation fills: `clusterIP(s)` and `nodePort`s (unchanged when nothing is missing). */
export function withAllocations(service: KubeObject, allocator: ServiceAllocator): KubeObject {
  const spec = { ...((service.spec ?? {}) as Record<string, unknown>) } as {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    ports?: { nodePort?: number }[];
  };
  const type = spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') return service;
  let changed = false;
  if (!spec.clusterIP) {
    const ip = allocator.allocateClusterIP(spec.clusterIPs?.[0]);
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
    changed = true;
  } else if (!spec.clusterIPs && spec.clusterIP) {
    spec.clusterIPs = [spec.clusterIP];
    changed = true;
  }
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const taken = new Set<number>((spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0));
    const ports = (spec.ports ?? []).map((port) => {
      if (port.nodePort) return port;
      const nodePort = allocator.allocateNodePort(undefined, taken);
      taken.add(nodePort);
      changed = true;
      return { ...port, nodePort };
    });
    spec.ports = ports;
  }
  return changed ? { ...service, spec } : service;
}
