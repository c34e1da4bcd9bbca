import { isFerryError, type KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import { timestamp } from './events.ts';
import { canonicalJson, randomSuffix } from './hash.ts';
import { controllerRef, hasLabels, isPodReady, isTerminal, podStatus, specOf } from './pod-util.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The endpoints and endpointslice controllers: for each Service with a selector, the pods it
 * selects that have an IP become endpoints — in the v1 Endpoints of the same name (`addresses`
 * for ready pods, `notReadyAddresses` for the others; terminating pods left out) and in
 * discovery.k8s.io/v1 EndpointSlices owned by the Service (conditions ready / serving /
 * terminating; at most 100 endpoints per slice; slices updated in place). Named target ports
 * are resolved in each pod's containers; pods lacking the port are left out of that port set.
 */
const MANAGED_BY = 'endpointslice-controller.k8s.io';
const MAX_PER_SLICE = 100;
const TRIGGER = 'endpoints.kubernetes.io/last-change-trigger-time';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

interface ResolvedPort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

function serviceSpec(service: KubeObject): { selector?: Record<string, string>; ports?: ServicePort[]; publishNotReadyAddresses?: boolean; type?: string } {
  return (service.spec ?? {}) as ReturnType<typeof serviceSpec>;
}

function resolvePorts(service: KubeObject, pod: KubeObject): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const port of serviceSpec(service).ports ?? []) {
    const target = port.targetPort ?? port.port;
    let number: number | undefined;
    if (typeof target === 'number') number = target;
    else if (/^\d+$/.test(target)) number = Number(target);
    else {
      for (const container of specOf(pod).containers ?? []) {
        const found = container.ports?.find((p) => p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
        if (found) {
          number = found.containerPort;
          break;
        }
      }
    }
    if (number === undefined) continue;
    out.push({ name: port.name ?? '', port: number, protocol: port.protocol ?? 'TCP', ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}) });
  }
  return out;
}

function ipOrder(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export function selectsPod(service: KubeObject, pod: KubeObject): boolean {
  const selector = serviceSpec(service).selector;
  if (!selector || Object.keys(selector).length === 0) return false;
  return hasLabels(pod.metadata.labels, selector);
}

export function createEndpointsController(context: ControllerContext): Controller {
  const { cache, client, clock } = context;

  const enqueueServicesOf = (pod: KubeObject | undefined): void => {
    if (!pod) return;
    for (const service of cache.inNamespace('services', pod.metadata.namespace ?? '')) {
      if (selectsPod(service, pod)) context.enqueue('endpoints', keyOf(service));
    }
  };

  const write = (resource: string, existing: KubeObject | undefined, desired: KubeObject): void => {
    if (!existing) {
      client.create(resource, desired);
      return;
    }
    const strip = (o: KubeObject): string => {
      const { metadata, ...rest } = o;
      const annotations = { ...(metadata.annotations ?? {}) };
      delete annotations[TRIGGER];
      return canonicalJson({ ...rest, labels: metadata.labels ?? {}, annotations, owners: metadata.ownerReferences ?? [] });
    };
    const next = { ...existing, ...desired, metadata: { ...existing.metadata, labels: desired.metadata.labels, annotations: desired.metadata.annotations, ownerReferences: desired.metadata.ownerReferences ?? existing.metadata.ownerReferences } } as KubeObject;
    if (!desired.metadata.annotations) delete next.metadata.annotations;
    if (!desired.metadata.ownerReferences) delete next.metadata.ownerReferences;
    for (const field of ['subsets', 'endpoints']) if (!(field in desired)) delete next[field];
    if (strip(next) === strip(existing)) return;
    client.update(resource, next);
  };

  const syncEndpoints = (service: KubeObject, pods: readonly KubeObject[], now: string): void => {
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const publishNotReady = serviceSpec(service).publishNotReadyAddresses === true;
    const groups = new Map<string, { ports: ResolvedPort[]; ready: Record<string, unknown>[]; notReady: Record<string, unknown>[] }>();
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp && !publishNotReady) continue;
      const ports = resolvePorts(service, pod);
      if (ports.length === 0 && (serviceSpec(service).ports?.length ?? 0) > 0) continue;
      const signature = canonicalJson(ports);
      let group = groups.get(signature);
      if (!group) {
        group = { ports, ready: [], notReady: [] };
        groups.set(signature, group);
      }
      const address = {
        ip: podStatus(pod).podIP,
        ...(specOf(pod).nodeName ? { nodeName: specOf(pod).nodeName } : {}),
        targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
      };
      if (isPodReady(pod) || publishNotReady) group.ready.push(address);
      else group.notReady.push(address);
    }
    const subsets = [...groups.values()]
      .filter((g) => g.ready.length + g.notReady.length > 0)
      .map((g) => {
        const sort = (list: Record<string, unknown>[]) => list.sort((a, b) => ipOrder(a.ip as string, b.ip as string));
        return {
          ...(g.ready.length ? { addresses: sort(g.ready) } : {}),
          ...(g.notReady.length ? { notReadyAddresses: sort(g.notReady) } : {}),
          ports: g.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
        };
      });
    const desired: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name,
        namespace,
        ...(service.metadata.labels ? { labels: { ...service.metadata.labels } } : {}),
        annotations: { [TRIGGER]: now },
      },
      ...(subsets.length ? { subsets } : {}),
    };
    write('endpoints', cache.get('endpoints', namespace, name), desired);
  };

  const syncSlices = (service: KubeObject, pods: readonly KubeObject[]): void => {
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const publishNotReady = serviceSpec(service).publishNotReadyAddresses === true;
    const groups = new Map<string, { ports: ResolvedPort[]; endpoints: Record<string, unknown>[] }>();
    for (const pod of pods) {
      const ports = resolvePorts(service, pod);
      const signature = canonicalJson(ports);
      let group = groups.get(signature);
      if (!group) {
        group = { ports, endpoints: [] };
        groups.set(signature, group);
      }
      const terminating = !!pod.metadata.deletionTimestamp;
      const ready = isPodReady(pod);
      const node = specOf(pod).nodeName;
      const zone = node ? cache.get('nodes', '', node)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;
      const hostname = specOf(pod).subdomain === name && specOf(pod).hostname ? specOf(pod).hostname : undefined;
      group.endpoints.push({
        addresses: [podStatus(pod).podIP],
        conditions: { ready: publishNotReady || (ready && !terminating), serving: ready, terminating },
        ...(hostname ? { hostname } : {}),
        ...(node ? { nodeName: node } : {}),
        targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
        ...(zone ? { zone } : {}),
      });
    }
    if (groups.size === 0) groups.set(canonicalJson([]), { ports: [], endpoints: [] });
    const desired: KubeObject[] = [];
    for (const group of groups.values()) {
      group.endpoints.sort((a, b) => ipOrder((a.addresses as string[])[0] ?? '', (b.addresses as string[])[0] ?? ''));
      const chunks: Record<string, unknown>[][] = group.endpoints.length === 0 ? [[]] : [];
      for (let i = 0; i < group.endpoints.length; i += MAX_PER_SLICE) chunks.push(group.endpoints.slice(i, i + MAX_PER_SLICE));
      for (const chunk of chunks) {
        desired.push({
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            namespace,
            generateName: `${name}-`,
            labels: {
              ...(service.metadata.labels ?? {}),
              'endpointslice.kubernetes.io/managed-by': MANAGED_BY,
              'kubernetes.io/service-name': name,
            },
            ownerReferences: [controllerRef(service)],
          },
          addressType: 'IPv4',
          ...(chunk.length ? { endpoints: chunk } : {}),
          ports: group.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
        });
      }
    }
    const existing = cache
      .controlledBy('discovery.k8s.io/endpointslices', service.metadata.uid ?? '')
      .filter((slice) => slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === MANAGED_BY)
      .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    desired.forEach((slice, i) => {
      const current = existing[i];
      if (current) {
        const { generateName: _g, ...metadata } = slice.metadata;
        write('discovery.k8s.io/endpointslices', current, { ...slice, metadata: { ...metadata, name: current.metadata.name } });
        return;
      }
      for (let attempt = 0; ; attempt++) {
        try {
          client.create('discovery.k8s.io/endpointslices', { ...slice, metadata: { ...slice.metadata, name: `${name}-${randomSuffix(context.random)}` } });
          return;
        } catch (error) {
          if (!isFerryError(error, 'CLUSTER_ALREADY_EXISTS') || attempt > 5) throw error;
        }
      }
    });
    for (const surplus of existing.slice(desired.length)) {
      try {
        client.delete('discovery.k8s.io/endpointslices', namespace, surplus.metadata.name ?? '');
      } catch (error) {
        if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
      }
    }
  };

  return {
    name: 'endpoints',
    handlers: {
      services: (_type, service) => context.enqueue('endpoints', keyOf(service)),
      pods: (_type, pod, previous) => {
        enqueueServicesOf(pod);
        if (previous && JSON.stringify(previous.metadata.labels) !== JSON.stringify(pod.metadata.labels)) enqueueServicesOf(previous);
      },
      endpoints: (_type, endpoints) => context.enqueue('endpoints', keyOf(endpoints)),
      'discovery.k8s.io/endpointslices': (_type, slice) => {
        const service = slice.metadata.labels?.['kubernetes.io/service-name'];
        if (service && slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === MANAGED_BY) {
          context.enqueue('endpoints', `${slice.metadata.namespace}/${service}`);
        }
      },
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const service = cache.get('services', namespace, name);
      if (!service) {
        const endpoints = cache.get('endpoints', namespace, name);
        // Endpoints of a deleted Service go with it (the `kubernetes` one is the API server's).
        if (endpoints && name !== 'kubernetes') {
          try {
            client.delete('endpoints', namespace, name);
          } catch (error) {
            if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
          }
        }
        return undefined;
      }
      const selector = serviceSpec(service).selector;
      if (!selector || Object.keys(selector).length === 0 || service.metadata.deletionTimestamp) return undefined;
      const pods = cache
        .inNamespace('pods', namespace)
        .filter((pod) => selectsPod(service, pod) && podStatus(pod).podIP && !isTerminal(pod))
        .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
      const now = `${timestamp(clock.now())}`;
      syncEndpoints(service, pods, now);
      syncSlices(service, pods);
      return undefined;
    },
  };
}
