import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../core/index.ts';
import { failedSchedulingMessage } from './scheduler.ts';
import { podsToDelete } from './replicaset.ts';
import { createTestCluster, isReady, type TestCluster } from './testing.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function pod(name: string, fields: { node?: string; phase?: string; ready?: boolean; readySince?: number; restarts?: number; created?: number; cost?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: name,
      creationTimestamp: new Date(fields.created ?? T0).toISOString(),
      ...(fields.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': fields.cost } } : {}),
    },
    spec: fields.node ? { nodeName: fields.node } : {},
    status: {
      phase: fields.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: fields.ready ? 'True' : 'False', lastTransitionTime: new Date(fields.readySince ?? T0).toISOString() }],
      containerStatuses: [{ name: 'app', restartCount: fields.restarts ?? 0 }],
    },
  };
}

function basePod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: name }, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, ...(annotations ? { annotations } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 30, ...spec },
  };
}

function podStatus(c: TestCluster, name: string): Record<string, unknown> {
  return (c.get('pods', 'default', name)?.status ?? {}) as Record<string, unknown>;
}

function containerState(c: TestCluster, name: string): { state: Record<string, { reason?: string; exitCode?: number }>; restartCount: number; ready: boolean } {
  return ((podStatus(c, name).containerStatuses as unknown[])[0]) as ReturnType<typeof containerState>;
}

describe('ReplicaSet deletion preference (ActivePodsWithRanks)', () => {
  const now = T0 + 3600_000;
  it.each([
    ['unassigned before assigned', [pod('a', { node: 'n1', ready: true }), pod('b', {})], 'b'],
    ['pending before running', [pod('a', { node: 'n1' }), pod('b', { node: 'n1', phase: 'Pending' })], 'b'],
    ['not ready before ready', [pod('a', { node: 'n1', ready: true }), pod('b', { node: 'n1' })], 'b'],
    ['lower deletion cost first', [pod('a', { node: 'n1', ready: true, cost: '10' }), pod('b', { node: 'n1', ready: true, cost: '-5' })], 'b'],
    ['more co-located siblings first', [pod('a', { node: 'n1', ready: true }), pod('b', { node: 'n2', ready: true })], 'a'],
    ['ready for less time first', [pod('a', { node: 'n1', ready: true, readySince: T0 }), pod('b', { node: 'n1', ready: true, readySince: now - 5_000 })], 'b'],
    ['more restarts first', [pod('a', { node: 'n1', ready: true, restarts: 0 }), pod('b', { node: 'n1', ready: true, restarts: 4 })], 'b'],
    ['newer first', [pod('a', { node: 'n1', ready: true, created: T0 }), pod('b', { node: 'n1', ready: true, created: now - 2_000 })], 'b'],
  ])('%s', (_name, pods, first) => {
    const related = [...pods, pod('x', { node: 'n1', ready: true })];
    expect(podsToDelete(pods, related, 1, now).map((p) => p.metadata.name)).toEqual([first]);
  });

  it('scales down the newest, not-ready pods of a running ReplicaSet', () => {
    const c = createTestCluster();
    const rs = c.create('apps/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    });
    c.manager.runUntil(() => c.list('pods').filter(isReady).length === 3);
    expect(c.get('apps/replicasets', 'default', 'web')?.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const orphan = c.create('pods', basePod('orphan', {}, { app: 'web' }));
    c.manager.runUntilIdle();
    // Adopted, then deleted as the surplus (it is unscheduled).
    expect(c.get('pods', 'default', 'orphan')).toBeUndefined();
    expect(orphan.metadata.ownerReferences).toBeUndefined();
    const current = c.get('apps/replicasets', 'default', 'web') as KubeObject;
    c.manager.client.update('apps/replicasets', { ...current, spec: { ...(current.spec as object), replicas: 1 } });
    c.manager.advance(5_000);
    expect(c.list('pods', 'default')).toHaveLength(1);
    const events = c.list('events', 'default').filter((e) => (e.involvedObject as { uid: string }).uid === rs.metadata.uid).map((e) => e.reason);
    expect(events).toEqual(expect.arrayContaining(['SuccessfulCreate', 'SuccessfulDelete']));
  });
});

describe('scheduler', () => {
  it('writes the real FailedScheduling message shape', () => {
    expect(failedSchedulingMessage(3, [{ reasons: ['Insufficient cpu'], resolvable: true }, { reasons: ['Insufficient cpu'], resolvable: true }, { reasons: ['node(s) had untolerated taint {dedicated: db}'], resolvable: false }])).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(failedSchedulingMessage(0, [])).toBe('no nodes available to schedule pods');
  });

  it.each([
    ['too much cpu', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '64' } } }] }, '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.'],
    ['too much memory', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { memory: '100Gi' } } }] }, '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.'],
    ['a nodeSelector no node has', { nodeSelector: { disk: 'ssd' } }, "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."],
  ])('leaves a pod asking for %s Pending with PodScheduled=False and a FailedScheduling event', (_name, spec, message) => {
    const c = createTestCluster();
    c.create('pods', basePod('big', spec as Record<string, unknown>));
    c.manager.advance(10_000);
    const status = podStatus(c, 'big');
    expect(status.phase).toBe('Pending');
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message })]);
    const event = c.list('events', 'default').find((e) => e.reason === 'FailedScheduling');
    expect(event).toMatchObject({ type: 'Warning', message, source: { component: 'default-scheduler' } });
  });

  it('places nothing on a cordoned node and retries an unschedulable pod when room appears', () => {
    const c = createTestCluster();
    const node = c.get('nodes', '', 'node-2') as KubeObject;
    c.manager.client.update('nodes', { ...node, spec: { ...(node.spec as object), unschedulable: true } });
    for (let i = 0; i < 6; i++) c.create('pods', basePod(`p${i}`));
    c.manager.runUntilIdle();
    const nodes = c.list('pods', 'default').map((p) => (p.spec as { nodeName?: string }).nodeName);
    expect(nodes).not.toContain('node-2');
    expect(new Set(nodes)).toEqual(new Set(['node-1', 'node-3']));

    c.create('pods', basePod('huge', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '3500m' } } }], nodeSelector: { 'kubernetes.io/hostname': 'node-2' } }));
    c.manager.runUntilIdle();
    expect((c.get('pods', 'default', 'huge')?.spec as { nodeName?: string }).nodeName).toBeUndefined();
    const cordoned = c.get('nodes', '', 'node-2') as KubeObject;
    c.manager.client.update('nodes', { ...cordoned, spec: { ...(cordoned.spec as object), unschedulable: false } });
    c.manager.runUntilIdle();
    expect((c.get('pods', 'default', 'huge')?.spec as { nodeName?: string }).nodeName).toBe('node-2');
  });
});

describe('kubelet model', () => {
  it('goes Pending (ContainerCreating) → Running → Ready after the readiness probe delay', () => {
    const c = createTestCluster();
    c.create('pods', basePod('web', { containers: [{ name: 'app', image: 'nginx:1.27', readinessProbe: { initialDelaySeconds: 5, periodSeconds: 10 }, resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } } }] }));
    c.manager.runUntilIdle();
    expect(containerState(c, 'web').state.waiting?.reason).toBe('ContainerCreating');
    expect(podStatus(c, 'web')).toMatchObject({ phase: 'Pending', qosClass: 'Guaranteed', hostIP: expect.stringMatching(/^172\.18\.0\./) });
    c.manager.advance(2_000);
    expect(podStatus(c, 'web')).toMatchObject({ phase: 'Running', podIP: expect.stringMatching(/^10\.244\.\d+\.2$/) });
    expect(containerState(c, 'web')).toMatchObject({ ready: false, restartCount: 0 });
    expect(c.manager.runUntil(() => isReady(c.get('pods', 'default', 'web') as KubeObject))).toBe(true);
    expect(c.clock.now().getTime() - T0).toBe(11_000);
    const types = (podStatus(c, 'web').conditions as { type: string; status: string }[]).map((x) => `${x.type}=${x.status}`);
    expect(types).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  });

  it.each([
    ['the image-pull-error annotation', { 'sim.ferry.dev/image-pull-error': 'true' }, 'nginx:1.27', ['ErrImagePull', 'ImagePullBackOff']],
    ['an image under .invalid', undefined, 'registry.invalid/app:1', ['ErrImagePull', 'ImagePullBackOff']],
    ['a tag that does not exist', undefined, 'nginx:doesnotexist', ['ErrImagePull', 'ImagePullBackOff']],
    ['an invalid reference', undefined, 'NGINX::bad', ['InvalidImageName']],
    ['the not-ready annotation', { 'sim.ferry.dev/not-ready': 'true' }, 'nginx:1.27', ['running-unready']],
  ])('shows %s', (_name, annotations, image, states) => {
    const c = createTestCluster();
    c.create('pods', basePod('p', { containers: [{ name: 'app', image }] }, { app: 'p' }, annotations));
    const seen = new Set<string>();
    c.manager.runUntil(() => false, {
      timeoutMs: 60_000,
      onStep: () => {
        const statuses = podStatus(c, 'p').containerStatuses as { state: Record<string, { reason?: string }>; ready: boolean }[] | undefined;
        const status = statuses?.[0];
        if (status?.state.waiting?.reason) seen.add(status.state.waiting.reason);
        if (status?.state.running) seen.add(status.ready ? 'running-ready' : 'running-unready');
      },
    });
    for (const state of states) expect(seen).toContain(state);
    expect(seen).not.toContain('running-ready');
  });

  it('crash annotation: CrashLoopBackOff with a growing back-off and restart count, exit code in lastState', () => {
    const c = createTestCluster();
    c.create('pods', basePod('p', {}, { app: 'p' }, { 'sim.ferry.dev/crash': 'true', 'sim.ferry.dev/exit-code': '3' }));
    c.manager.advance(60_000);
    const status = containerState(c, 'p') as unknown as { restartCount: number; lastState: { terminated: { exitCode: number; reason: string } } };
    // starts at 1 s, crashes every 2 s of running; back-offs 0, 10, 20 s → restarts at 3, 15, 37 s
    expect(status.restartCount).toBe(3);
    expect(status.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    c.manager.advance(40_000);
    expect(containerState(c, 'p').state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(podStatus(c, 'p').phase).toBe('Running');
    const backoff = c.list('events', 'default').find((e) => e.reason === 'BackOff');
    expect(backoff?.message).toMatch(/^Back-off restarting failed container app in pod p_default\(/);
  });

  it.each([
    ['Never', '0', 'Succeeded', 'Completed'],
    ['Never', '2', 'Failed', 'Error'],
    ['OnFailure', '0', 'Succeeded', 'Completed'],
  ])('restartPolicy %s with exit code %s ends %s', (policy, code, phase, reason) => {
    const c = createTestCluster();
    c.create('pods', basePod('p', { restartPolicy: policy }, { app: 'p' }, { 'sim.ferry.dev/run-seconds': '3', 'sim.ferry.dev/exit-code': code }));
    c.manager.advance(30_000);
    expect(podStatus(c, 'p').phase).toBe(phase);
    expect(containerState(c, 'p').state.terminated).toMatchObject({ exitCode: Number(code), reason });
  });

  it('honours the grace period: a deleted pod stays Terminating until its containers stop', () => {
    const c = createTestCluster();
    c.create('pods', basePod('p', {}, { app: 'p' }, { 'sim.ferry.dev/stop-seconds': '20' }));
    c.manager.advance(5_000);
    c.manager.client.delete('pods', 'default', 'p');
    c.manager.advance(19_000);
    expect(c.get('pods', 'default', 'p')?.metadata.deletionTimestamp).toBeDefined();
    c.manager.advance(1_000);
    expect(c.get('pods', 'default', 'p')).toBeUndefined();
  });
});

describe('garbage collection and namespaces', () => {
  function owned(c: TestCluster): void {
    c.create('apps/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, progressDeadlineSeconds: 600, revisionHistoryLimit: 10, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    });
    c.manager.runUntil(() => c.list('pods').filter(isReady).length === 2);
  }

  it.each([
    ['Background', 0, 0],
    ['Foreground', 0, 0],
    ['Orphan', 1, 2],
  ] as const)('%s deletion of a Deployment leaves %i ReplicaSets and %i pods', (policy, replicaSets, pods) => {
    const c = createTestCluster();
    owned(c);
    c.manager.client.delete('apps/deployments', 'default', 'web', { propagationPolicy: policy });
    let ownerGoneBeforePods = false;
    c.manager.runUntil(() => !c.get('apps/deployments', 'default', 'web') && c.list('pods').length === pods, {
      timeoutMs: 60_000,
      onStep: () => {
        if (!c.get('apps/deployments', 'default', 'web') && c.list('pods').length > pods) ownerGoneBeforePods = true;
      },
    });
    expect(c.get('apps/deployments', 'default', 'web')).toBeUndefined();
    expect(c.list('apps/replicasets')).toHaveLength(replicaSets);
    expect(c.list('pods')).toHaveLength(pods);
    if (policy === 'Foreground') expect(ownerGoneBeforePods).toBe(false);
    if (policy === 'Orphan') expect(c.list('apps/replicasets')[0]?.metadata.ownerReferences ?? []).toEqual([]);
  });

  it('deletes a namespace with everything in it, then the namespace', () => {
    const c = createTestCluster();
    c.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: { finalizers: ['kubernetes'] } });
    c.manager.runUntilIdle();
    expect(c.get('serviceaccounts', 'x', 'default')).toBeDefined();
    expect(c.get('configmaps', 'x', 'kube-root-ca.crt')).toBeDefined();
    c.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'x' } });
    c.create('pods', { ...basePod('p'), metadata: { name: 'p', namespace: 'x' } });
    c.manager.advance(3_000);
    c.manager.client.delete('namespaces', '', 'x');
    c.manager.runUntilIdle();
    expect((c.get('namespaces', '', 'x')?.status as { phase: string }).phase).toBe('Terminating');
    expect(c.manager.runUntil(() => !c.get('namespaces', '', 'x'), { timeoutMs: 60_000 })).toBe(true);
    for (const resource of ['pods', 'configmaps', 'serviceaccounts', 'events']) expect(c.list(resource, 'x')).toEqual([]);
  });
});

describe('Services', () => {
  it('allocates a ClusterIP and NodePort, a load balancer IP, and Endpoints that follow readiness', () => {
    const c = createTestCluster();
    c.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] } });
    c.create('pods', basePod('a', { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] }, { app: 'web' }));
    c.create('pods', basePod('b', { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] }, { app: 'web' }, { 'sim.ferry.dev/not-ready': 'true' }));
    c.manager.advance(5_000);
    const service = c.get('services', 'default', 'web') as KubeObject;
    const spec = service.spec as { clusterIP: string; ports: { nodePort: number }[] };
    expect(spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(spec.ports[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect((service.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0]?.ip).toMatch(/^172\.18\.25[0-5]\./);
    // Every Ingress shares the simulated ingress controller's address, however many there are.
    for (let i = 0; i < 70; i++) c.create('networking.k8s.io/ingresses', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: `web-${i}`, namespace: 'default' }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } });
    c.manager.advance(1_000);
    const addresses = new Set(Array.from({ length: 70 }, (_, i) => (c.get('networking.k8s.io/ingresses', 'default', `web-${i}`)?.status as { loadBalancer?: { ingress?: { ip: string }[] } } | undefined)?.loadBalancer?.ingress?.[0]?.ip));
    expect([...addresses]).toEqual(['172.18.255.200']);
    const endpoints = c.get('endpoints', 'default', 'web') as { subsets: { addresses: { targetRef: { name: string } }[]; notReadyAddresses: { targetRef: { name: string } }[]; ports: unknown[] }[] } & KubeObject;
    expect(endpoints.subsets[0]?.addresses.map((a) => a.targetRef.name)).toEqual(['a']);
    expect(endpoints.subsets[0]?.notReadyAddresses.map((a) => a.targetRef.name)).toEqual(['b']);
    expect(endpoints.subsets[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const [slice] = c.list('discovery.k8s.io/endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web');
    const conditions = (slice?.endpoints as { targetRef: { name: string }; conditions: Record<string, boolean> }[]).map((e) => [e.targetRef.name, e.conditions]);
    expect(conditions).toEqual([
      ['a', { ready: true, serving: true, terminating: false }],
      ['b', { ready: false, serving: false, terminating: false }],
    ]);
    c.manager.client.delete('pods', 'default', 'a');
    c.manager.runUntilIdle();
    const terminating = (c.list('discovery.k8s.io/endpointslices', 'default').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')?.endpoints as { targetRef: { name: string }; conditions: Record<string, boolean> }[]).find((e) => e.targetRef.name === 'a');
    expect(terminating?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect((c.get('endpoints', 'default', 'web') as unknown as { subsets: { addresses?: unknown[] }[] }).subsets[0]?.addresses).toBeUndefined();
  });

  it('keeps the kubernetes Service at 10.96.0.1', () => {
    const c = createTestCluster();
    expect((c.get('services', 'default', 'kubernetes')?.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.1');
    expect(c.list('nodes').map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(c.list('namespaces').map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });
});

describe('workloads', () => {
  it('StatefulSet (OrderedReady): creates pods in order, each after the previous is Ready, with PVCs', () => {
    const c = createTestCluster();
    c.create('apps/statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17', readinessProbe: { periodSeconds: 5, initialDelaySeconds: 5 } }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    const order: string[] = [];
    c.manager.runUntil(() => c.list('pods').filter(isReady).length === 3, {
      onStep: () => {
        for (const p of c.list('pods')) if (!order.includes(p.metadata.name ?? '')) {
          expect(c.list('pods').filter((q) => q.metadata.name !== p.metadata.name).every(isReady)).toBe(true);
          order.push(p.metadata.name ?? '');
        }
      },
    });
    expect(order).toEqual(['db-0', 'db-1', 'db-2']);
    expect(c.list('persistentvolumeclaims').map((p) => [p.metadata.name, (p.status as { phase: string }).phase])).toEqual([
      ['data-db-0', 'Bound'],
      ['data-db-1', 'Bound'],
      ['data-db-2', 'Bound'],
    ]);
    const status = c.get('apps/statefulsets', 'default', 'db')?.status as Record<string, unknown>;
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
    expect(status.currentRevision).toBe(status.updateRevision);
  });

  it('Job: backoffLimit counts failed pods, then FailureTarget and Failed', () => {
    const c = createTestCluster();
    c.create('batch/jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'default' },
      spec: { backoffLimit: 2, template: { metadata: { annotations: { 'sim.ferry.dev/crash': 'true' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox' }] } } },
    });
    const failed = () => ((c.get('batch/jobs', 'default', 'j')?.status as { conditions?: { type: string }[] }).conditions ?? []).some((x) => x.type === 'Failed');
    expect(c.manager.runUntil(failed, { timeoutMs: 10 * 60_000 })).toBe(true);
    const status = c.get('batch/jobs', 'default', 'j')?.status as { failed: number; conditions: { type: string; reason: string }[] };
    expect(status.failed).toBe(3);
    expect(status.conditions.map((x) => [x.type, x.reason])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded'],
      ['Failed', 'BackoffLimitExceeded'],
    ]);
    expect(c.list('pods').every((p) => !(p.metadata.finalizers ?? []).length)).toBe(true);
  });

  it('CronJob: one Job per scheduled time, history limited', () => {
    const c = createTestCluster();
    c.create('batch/cronjobs', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'default' },
      spec: { schedule: '*/10 * * * *', successfulJobsHistoryLimit: 2, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'app', image: 'busybox' }] } } } } },
    });
    c.manager.advance(41 * 60_000);
    const jobs = c.list('batch/jobs').map((j) => j.metadata.name);
    expect(jobs).toEqual([`tick-${T0 / 60_000 + 30}`, `tick-${T0 / 60_000 + 40}`]);
    expect((c.get('batch/cronjobs', 'default', 'tick')?.status as { lastScheduleTime: string }).lastScheduleTime).toBe('2026-01-01T00:40:00Z');
  });

  it('DaemonSet: one pod per schedulable node, skipping nodes with untolerated taints', () => {
    const c = createTestCluster();
    const node = c.get('nodes', '', 'node-3') as KubeObject;
    c.manager.client.update('nodes', { ...node, spec: { ...(node.spec as object), taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    c.create('apps/daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox' }] } } },
    });
    c.manager.advance(10_000);
    expect(c.list('pods').map((p) => (p.spec as { nodeName: string }).nodeName).sort()).toEqual(['node-1', 'node-2']);
    expect(c.get('apps/daemonsets', 'default', 'agent')?.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2 });
  });
});
