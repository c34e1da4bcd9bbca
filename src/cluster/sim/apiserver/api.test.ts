/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read admitted pod specs loosely */
import { afterEach, describe, expect, it } from 'vitest';
import { isFerryError, ManualClock, type KubeObject } from '../../../core/index.ts';
import { statusOfClusterError } from '../../errors.ts';
import { EmbeddedCluster } from '../embedded-cluster.ts';
import type { RequestOptions } from './api.ts';

const clusters: EmbeddedCluster[] = [];

function open() {
  const clock = new ManualClock('2026-03-01T10:00:00Z');
  const cluster = new EmbeddedCluster({ clock, controllers: 'off', random: () => 0.5 });
  clusters.push(cluster);
  const api = cluster.api;
  const r = (apiVersion: string, kind: string) => api.requireBuiltin(apiVersion, kind);
  return { cluster, api, clock, r };
}

afterEach(async () => {
  for (const cluster of clusters.splice(0)) await cluster.close();
});

function failure(work: () => unknown) {
  try {
    work();
  } catch (error) {
    if (isFerryError(error)) return statusOfClusterError(error);
    throw error;
  }
  throw new Error('expected a failure');
}

function pod(name: string, labels: Record<string, string>, nodeName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

describe('SimApi pods', () => {
  it('admits pods: service account, default tolerations, token volume, Pending status', () => {
    const { api, r } = open();
    api.create(r('v1', 'ServiceAccount'), 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
    const created = api.create(r('v1', 'Pod'), 'default', pod('p', { app: 'a' }));
    const spec = created.spec as Record<string, any>;
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.tolerations.map((t: { key: string }) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect((created.status as Record<string, unknown>).phase).toBe('Pending');
  });

  it('deletes an unbound pod at once and a bound one gracefully', () => {
    const { api, r } = open();
    api.create(r('v1', 'Pod'), 'default', pod('loose', {}));
    expect(api.delete(r('v1', 'Pod'), 'default', 'loose').deleted).toBe(true);
    api.create(r('v1', 'Pod'), 'default', pod('bound', {}, 'node-1'));
    const pending = api.delete(r('v1', 'Pod'), 'default', 'bound');
    expect(pending.deleted).toBe(false);
    expect(pending.object.metadata).toMatchObject({ deletionTimestamp: '2026-03-01T10:00:30Z', deletionGracePeriodSeconds: 30 });
    expect(api.delete(r('v1', 'Pod'), 'default', 'bound', { gracePeriodSeconds: 0 }).deleted).toBe(true);
  });

  it('binds a pod to a node once (409 the second time)', () => {
    const { api, r } = open();
    api.create(r('v1', 'Pod'), 'default', pod('p', {}));
    api.bind('default', 'p', { target: { kind: 'Node', name: 'node-2' } });
    const bound = api.get(r('v1', 'Pod'), 'default', 'p');
    expect((bound.spec as Record<string, unknown>).nodeName).toBe('node-2');
    expect((bound.status as { conditions: { type: string; status: string }[] }).conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    expect(failure(() => api.bind('default', 'p', { target: { name: 'node-3' } }))).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('evicts unless a PodDisruptionBudget would be violated (429 TooManyRequests)', () => {
    const { api, r } = open();
    for (const name of ['a', 'b']) {
      const created = api.create(r('v1', 'Pod'), 'default', pod(name, { app: 'web' }, 'node-1'));
      api.update(r('v1', 'Pod'), 'default', name, { ...created, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, { scope: 'status' });
    }
    api.create(r('policy/v1', 'PodDisruptionBudget'), 'default', {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    });
    expect(failure(() => api.evict('default', 'a', {}))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
    const budget = api.get(r('policy/v1', 'PodDisruptionBudget'), 'default', 'web');
    api.update(r('policy/v1', 'PodDisruptionBudget'), 'default', 'web', { ...budget, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    api.evict('default', 'a', {});
    const evicted = api.get(r('v1', 'Pod'), 'default', 'a');
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(failure(() => api.evict('default', 'b', {}))).toMatchObject({ code: 429 });
    expect(failure(() => api.evict('default', 'ghost', {}))).toMatchObject({ code: 404, message: 'pods "ghost" not found' });
  });
});

describe('SimApi writes', () => {
  it('does not bump the resourceVersion for a write that changes nothing', () => {
    const { api, r, clock } = open();
    const cm = r('v1', 'ConfigMap');
    const created = api.create(cm, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
    clock.advance(60_000);
    const same = api.update(cm, 'default', 'c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(same.metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('keeps status out of main-resource writes and spec and labels out of status writes', () => {
    const { api, r } = open();
    const deployments = r('apps/v1', 'Deployment');
    const created = api.create(deployments, 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { app: 'd' } },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } },
    });
    const status = api.update(deployments, 'default', 'd', {
      ...created, metadata: { ...created.metadata, labels: { app: 'changed' }, annotations: { 'deployment.kubernetes.io/revision': '1' } },
      spec: { ...(created.spec as object), replicas: 9 }, status: { replicas: 1 },
    }, { scope: 'status' });
    expect(status.metadata.labels).toEqual({ app: 'd' });
    expect(status.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect((status.spec as { replicas: number }).replicas).toBe(1);
    expect(status.status).toEqual({ replicas: 1 });
    expect(status.metadata.managedFields?.map((m) => (m as { subresource?: string }).subresource)).toEqual([undefined, 'status']);
  });

  it('deletes Jobs orphaning their pods by default, with the API server warning', () => {
    const { api, r } = open();
    api.create(r('batch/v1', 'Job'), 'default', {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
    });
    const warnings: string[] = [];
    const result = api.delete(r('batch/v1', 'Job'), 'default', 'j', { warnings } as RequestOptions);
    expect(result.object.metadata.finalizers).toEqual(['orphan']);
    expect(warnings).toEqual(['child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning']);
    api.create(r('v1', 'ConfigMap'), 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(failure(() => api.delete(r('v1', 'ConfigMap'), 'default', 'x', { propagationPolicy: 'Sideways' as never }))).toMatchObject({
      code: 422,
      message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    });
  });

  it('refuses new finalizers on an object being deleted', () => {
    const { api, r } = open();
    const cm = r('v1', 'ConfigMap');
    api.create(cm, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f', finalizers: ['a.io/x'] } });
    const pending = api.delete(cm, 'default', 'f').object;
    const status = failure(() => api.update(cm, 'default', 'f', { ...pending, metadata: { ...pending.metadata, finalizers: ['a.io/x', 'b.io/y'] } }));
    expect(status).toMatchObject({ code: 422, message: 'ConfigMap "f" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}' });
  });
});

describe('SimApi services', () => {
  it('allocates ClusterIPs and NodePorts, and refuses ones already taken (422)', () => {
    const { api, r } = open();
    const services = r('v1', 'Service');
    const service = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } });
    const made = api.create(services, 'default', service('a', { type: 'NodePort' }));
    const spec = made.spec as { clusterIP: string; clusterIPs: string[]; ports: { nodePort: number }[] };
    expect(spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(spec.clusterIPs).toEqual([spec.clusterIP]);
    expect(spec.ports[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(failure(() => api.create(services, 'default', service('b', { clusterIP: '10.96.0.1' })))).toMatchObject({
      code: 422,
      message: 'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    });
    const port = spec.ports[0]?.nodePort as number;
    expect(failure(() => api.create(services, 'default', service('c', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] })))).toMatchObject({
      code: 422,
      message: `Service "c" is invalid: spec.ports[0].nodePort: Invalid value: ${port}: provided port is already allocated`,
    });
    expect(failure(() => api.create(services, 'default', service('d', { clusterIP: '192.168.0.1' })))?.message).toContain('is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  });
});

describe('SimApi namespaces and CRDs', () => {
  it('keeps a deleted namespace Terminating until it is finalized', () => {
    const { api, r } = open();
    const namespaces = r('v1', 'Namespace');
    api.create(namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'temp' } });
    const pending = api.delete(namespaces, '', 'temp');
    expect(pending.deleted).toBe(false);
    expect(pending.object.status).toEqual({ phase: 'Terminating' });
    expect((pending.object.spec as Record<string, unknown>).finalizers).toEqual(['kubernetes']);
    expect(api.store.get('namespaces', '', 'temp')?.metadata.deletionTimestamp).toBeDefined();
    api.finalizeNamespace('temp', { spec: { finalizers: [] } });
    expect(api.store.get('namespaces', '', 'temp')).toBeUndefined();
  });

  it('stops serving a CRD\'s kind and removes its objects when the CRD is deleted', () => {
    const { api, r, cluster } = open();
    const crds = r('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    api.create(crds, '', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gizmos.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'gizmos', kind: 'Gizmo' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    });
    const crd = api.get(crds, '', 'gizmos.example.com');
    expect((crd.status as { conditions: { type: string; status: string }[] }).conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    const gizmos = cluster.registry.byKind('example.com/v1', 'Gizmo');
    if (!gizmos) throw new Error('Gizmo is not served');
    api.create(gizmos, '', { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g', finalizers: ['example.com/hold'] }, anything: { goes: true } });
    expect(api.get(gizmos, '', 'g').anything).toEqual({ goes: true });
    api.delete(crds, '', 'gizmos.example.com');
    expect(cluster.registry.byKind('example.com/v1', 'Gizmo')).toBeUndefined();
    expect(api.store.count('example.com/gizmos')).toBe(0);
  });

  it('serves the scale subresource a CRD declares', () => {
    const { api, r, cluster } = open();
    api.create(r('apiextensions.k8s.io/v1', 'CustomResourceDefinition'), '', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'pools.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'pools', kind: 'Pool' },
        versions: [{
          name: 'v1', served: true, storage: true,
          subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size', labelSelectorPath: '.status.selector' } },
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } }, status: { type: 'object', properties: { size: { type: 'integer' }, selector: { type: 'string' } } } } } },
        }],
      },
    });
    const pools = cluster.registry.byKind('example.com/v1', 'Pool');
    if (!pools) throw new Error('Pool is not served');
    expect(pools.type.subresources.map((sub) => sub.name)).toEqual(['scale', 'status']);
    const pool = api.create(pools, 'default', { apiVersion: 'example.com/v1', kind: 'Pool', metadata: { name: 'p' }, spec: { size: 2 } });
    api.update(pools, 'default', 'p', { ...pool, status: { size: 2, selector: 'pool=p' } }, { scope: 'status' });
    expect(api.getScale(pools, 'default', 'p')).toMatchObject({ kind: 'Scale', spec: { replicas: 2 }, status: { replicas: 2, selector: 'pool=p' } });
    const scaled = api.writeScale(pools, 'default', 'p', { type: 'merge', body: { spec: { replicas: 5 } } });
    expect(scaled.spec).toEqual({ replicas: 5 });
    expect(api.get(pools, 'default', 'p').spec).toEqual({ size: 5 });
  });

  it('validates CRDs as the apiextensions server does', () => {
    const { api, r } = open();
    const status = failure(() =>
      api.create(r('apiextensions.k8s.io/v1', 'CustomResourceDefinition'), '', {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'wrong.example.com' },
        spec: { group: 'nodots', scope: 'Namespaced', names: { plural: 'things', kind: 'Thing' }, versions: [{ name: 'v1', served: true, storage: false }] },
      }),
    );
    expect(status?.code).toBe(422);
    expect(status?.message).toContain('spec.group: Invalid value: "nodots": should be a domain with at least one dot');
    expect(status?.message).toContain('metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group');
    expect(status?.message).toContain('spec.versions: Invalid value: []string{"v1"}: must have exactly one version marked as storage version');
    expect(status?.message).toContain('spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required');
  });
});
