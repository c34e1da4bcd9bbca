/**
 * A destination cluster's nodes for the web UI's cluster page — capacity, what the pods on
 * each request, the pods themselves — and the node operations of `kubectl cordon`, `uncordon`
 * and `drain`. Drain cordons, then deletes the node's pods that a controller will recreate
 * elsewhere (not DaemonSet or mirror pods, nor finished ones), as `kubectl drain
 * --disable-eviction` does: the cluster port has no eviction subresource, so
 * PodDisruptionBudgets are not consulted.
 */
import type { FastifyInstance } from 'fastify';
import type { ClusterClient } from '../../cluster/index.ts';
import { FerryError, formatQuantity, isPlainObject, parseQuantity, type KubeObject } from '../../core/index.ts';
import type { RouteContext } from '../context.ts';
import { errorResponses } from '../schemas.ts';

const text = { type: 'string' } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

const podSchema = {
  type: 'object',
  properties: { namespace: text, name: text, phase: text, ready: { type: 'boolean' }, terminating: { type: 'boolean', description: 'Deleted, within its grace period' }, owner: text, ownerName: text, cpu: text, memory: text },
} as const;

export const nodeSchema = {
  type: 'object',
  properties: {
    name: text,
    ready: { type: 'boolean' },
    unschedulable: { type: 'boolean' },
    taints: { type: 'array', items: { type: 'object', properties: { key: text, value: text, effect: text } } },
    capacity: stringMap,
    allocatable: stringMap,
    requested: { ...stringMap, description: 'Sum of the CPU and memory requests of the pods on the node that have not finished' },
    labels: stringMap,
    conditions: { type: 'array', items: { type: 'object', properties: { type: text, status: text, message: text } } },
    pods: { type: 'array', items: podSchema },
  },
} as const;

const clusterParams = { type: 'object', required: ['cluster'], properties: { cluster: { type: 'string', minLength: 1, maxLength: 253 } } } as const;
const nodeParams = { type: 'object', required: ['cluster', 'node'], properties: { cluster: { type: 'string', minLength: 1, maxLength: 253 }, node: { type: 'string', minLength: 1, maxLength: 253 } } } as const;

type Record_ = Record<string, unknown>;

function record(value: unknown): Record_ {
  return isPlainObject(value) ? value : {};
}

function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).filter((e): e is [string, string] => typeof e[1] === 'string' || typeof e[1] === 'number').map(([k, v]) => [k, String(v)]));
}

function finished(pod: KubeObject): boolean {
  const phase = record(pod.status).phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function owner(pod: KubeObject): { kind?: string; name?: string } {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller) ?? pod.metadata.ownerReferences?.[0];
  return ref ? { kind: ref.kind, name: ref.name } : {};
}

/** Requests of a pod's containers, by resource, in nanos (init containers run first, so the larger counts). */
function podRequests(pod: KubeObject, resource: string): bigint {
  const spec = record(pod.spec);
  const sum = (list: unknown) =>
    (Array.isArray(list) ? list : []).reduce<bigint>((total, container) => total + (parseQuantity(strings(record(record(container).resources).requests)[resource] ?? '0')?.nanos ?? 0n), 0n);
  const initMax = (Array.isArray(spec.initContainers) ? spec.initContainers : []).reduce<bigint>((max, c) => {
    const value = parseQuantity(strings(record(record(c).resources).requests)[resource] ?? '0')?.nanos ?? 0n;
    return value > max ? value : max;
  }, 0n);
  const main = sum(spec.containers);
  return main > initMax ? main : initMax;
}

function podView(pod: KubeObject): Record_ {
  const status = record(pod.status);
  const conditions = Array.isArray(status.conditions) ? status.conditions.map(record) : [];
  const own = owner(pod);
  const cpu = podRequests(pod, 'cpu');
  const memory = podRequests(pod, 'memory');
  return {
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    phase: typeof status.phase === 'string' ? status.phase : 'Unknown',
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    ...(pod.metadata.deletionTimestamp && { terminating: true }),
    ...(own.kind && { owner: own.kind }),
    ...(own.name && { ownerName: own.name }),
    ...(cpu > 0n && { cpu: formatQuantity({ nanos: cpu, format: 'DecimalSI' }) }),
    ...(memory > 0n && { memory: formatQuantity({ nanos: memory, format: 'BinarySI' }) }),
  };
}

export function nodeView(node: KubeObject, pods: readonly KubeObject[]): Record_ {
  const spec = record(node.spec);
  const status = record(node.status);
  const conditions = (Array.isArray(status.conditions) ? status.conditions : []).map(record);
  const running = pods.filter((p) => !finished(p));
  const cpu = running.reduce((n, p) => n + podRequests(p, 'cpu'), 0n);
  const memory = running.reduce((n, p) => n + podRequests(p, 'memory'), 0n);
  return {
    name: node.metadata.name ?? '',
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    unschedulable: spec.unschedulable === true,
    taints: (Array.isArray(spec.taints) ? spec.taints : []).map(record).map((t) => ({ key: String(t.key ?? ''), ...(typeof t.value === 'string' && { value: t.value }), effect: String(t.effect ?? '') })),
    capacity: strings(status.capacity),
    allocatable: strings(status.allocatable),
    requested: { cpu: formatQuantity({ nanos: cpu, format: 'DecimalSI' }), memory: formatQuantity({ nanos: memory, format: 'BinarySI' }) },
    labels: node.metadata.labels ?? {},
    conditions: conditions.map((c) => ({ type: String(c.type ?? ''), status: String(c.status ?? ''), ...(typeof c.message === 'string' && { message: c.message }) })),
    pods: pods.map(podView).sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
  };
}

/** Why drain leaves a pod where it is, or undefined when it deletes it. */
export function drainSkipReason(pod: KubeObject): string | undefined {
  if (finished(pod)) return 'finished';
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return 'mirror pod (managed by the kubelet)';
  if (owner(pod).kind === 'DaemonSet') return 'DaemonSet pod (it would be recreated on this node)';
  if (!pod.metadata.ownerReferences?.length) return 'no controller would recreate it (delete it yourself)';
  return undefined;
}

export function registerClusterRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const tags = ['clusters'];
  const clientFor = (cluster: string): ClusterClient => {
    if (!ctx.deps.clusterClient) throw new FerryError('CLUSTER_ACCESS_UNAVAILABLE', 'this server was started without access to cluster nodes', { httpStatus: 501 });
    const client = ctx.deps.clusterClient(cluster);
    if (!client) throw new FerryError('CLUSTER_UNKNOWN', `cluster ${cluster} is not one of Ferry's destinations (GET /api/v1/clusters lists them)`, { httpStatus: 404 });
    return client;
  };
  const getNode = async (client: ClusterClient, cluster: string, name: string): Promise<KubeObject> => {
    const node = await client.get({ apiVersion: 'v1', kind: 'Node', name });
    if (!node) throw new FerryError('CLUSTER_NODE_NOT_FOUND', `cluster ${cluster} has no node ${name}`, { httpStatus: 404 });
    return node;
  };
  const podsOn = async (client: ClusterClient, name: string): Promise<KubeObject[]> => (await client.list({ apiVersion: 'v1', kind: 'Pod' }, { fieldSelector: `spec.nodeName=${name}` })).items.filter((p) => record(p.spec).nodeName === name);
  const setUnschedulable = async (client: ClusterClient, name: string, unschedulable: boolean) =>
    client.patch({ apiVersion: 'v1', kind: 'Node', name }, { type: 'merge', patch: { spec: { unschedulable: unschedulable ? true : null } } });

  app.get<{ Params: { cluster: string } }>('/api/v1/clusters/:cluster/nodes', {
    config: { access: 'read' },
    schema: { summary: "A cluster's nodes: capacity, requested resources, conditions, taints and pods", tags, params: clusterParams, response: { 200: { type: 'object', properties: { items: { type: 'array', items: nodeSchema } } }, ...errorResponses } },
  }, async (request) => {
    const client = clientFor(request.params.cluster);
    const [nodes, pods] = await Promise.all([client.list({ apiVersion: 'v1', kind: 'Node' }), client.list({ apiVersion: 'v1', kind: 'Pod' })]);
    const byNode = new Map<string, KubeObject[]>();
    for (const pod of pods.items) {
      const nodeName = record(pod.spec).nodeName;
      if (typeof nodeName !== 'string') continue;
      byNode.set(nodeName, [...(byNode.get(nodeName) ?? []), pod]);
    }
    const items = nodes.items.map((node) => nodeView(node, byNode.get(node.metadata.name ?? '') ?? []));
    return { items: items.sort((a, b) => String(a.name).localeCompare(String(b.name))) };
  });

  for (const [action, unschedulable] of [['cordon', true], ['uncordon', false]] as const) {
    app.post<{ Params: { cluster: string; node: string } }>(`/api/v1/clusters/:cluster/nodes/:node/${action}`, {
      config: { access: 'write' },
      schema: { summary: unschedulable ? 'Mark a node unschedulable (kubectl cordon)' : 'Let new pods on a node again (kubectl uncordon)', tags, params: nodeParams, response: { 200: nodeSchema, ...errorResponses } },
    }, async (request) => {
      const { cluster, node } = request.params;
      const client = clientFor(cluster);
      await getNode(client, cluster, node);
      const updated = await setUnschedulable(client, node, unschedulable);
      request.log.info({ cluster, node, action, principal: request.principal?.name }, `node ${action}ed`);
      return nodeView(updated, await podsOn(client, node));
    });
  }

  app.post<{ Params: { cluster: string; node: string } }>('/api/v1/clusters/:cluster/nodes/:node/drain', {
    config: { access: 'write' },
    schema: {
      summary: "Cordon a node and delete its pods that controllers recreate elsewhere (kubectl drain --disable-eviction; DaemonSet, mirror and finished pods stay)",
      tags,
      params: nodeParams,
      response: { 200: { type: 'object', properties: { node: text, evicted: { type: 'array', items: text }, skipped: { type: 'array', items: { type: 'object', properties: { pod: text, reason: text } } } } }, ...errorResponses },
    },
  }, async (request) => {
    const { cluster, node } = request.params;
    const client = clientFor(cluster);
    await getNode(client, cluster, node);
    await setUnschedulable(client, node, true);
    const evicted: string[] = [];
    const skipped: { pod: string; reason: string }[] = [];
    for (const pod of await podsOn(client, node)) {
      const id = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
      const reason = drainSkipReason(pod);
      if (reason) {
        skipped.push({ pod: id, reason });
        continue;
      }
      await client.delete({ apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '' }).catch((error: unknown) => {
        if (!(error instanceof FerryError && error.httpStatus === 404)) throw error;
      });
      evicted.push(id);
    }
    request.log.info({ cluster, node, evicted: evicted.length, skipped: skipped.length, principal: request.principal?.name }, 'node drained');
    return { node, evicted, skipped };
  });
}
