import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../core/index.ts';
import type { Loose } from '../loose.ts';
import { formatLabelSelector, formatLabels, humanDuration } from './format.ts';
import { evaluateJsonPath, tableFor } from './table.ts';

/**
 * Expected cells follow k8s.io/kubernetes pkg/printers/internalversion/printers.go (1.35) and
 * apimachinery util/duration.HumanDuration; the Pod/Deployment/Node/Event column sets were
 * also recorded from kubectl 1.35 against the reference stub (k8s-api.md §6).
 */
const NOW = new Date('2026-11-22T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000', '');
const meta = (name: string, createdSecondsAgo = 300, extra: Loose = {}) => ({ name, namespace: 'x', creationTimestamp: ago(createdSecondsAgo), ...extra });

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [-2000, '<invalid>'],
    [-500, '0s'],
    [5_000, '5s'],
    [119_000, '119s'],
    [120_000, '2m'],
    [182_000, '3m2s'],
    [600_000, '10m'],
    [179 * 60_000, '179m'],
    [3 * 3600_000, '3h'],
    [(5 * 60 + 3) * 60_000, '5h3m'],
    [8 * 3600_000 + 60_000, '8h'],
    [47 * 3600_000, '47h'],
    [(2 * 24 + 3) * 3600_000, '2d3h'],
    [8 * 24 * 3600_000, '8d'],
    [729 * 24 * 3600_000, '729d'],
    [(2 * 365 + 3) * 24 * 3600_000, '2y3d'],
    [9 * 365 * 24 * 3600_000, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('label formatting', () => {
  it('FormatLabels sorts keys and says <none> for nothing', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
  });
  it('LabelSelector.String() sorts requirements by key and values', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'canary', operator: 'DoesNotExist' }] })).toBe('app=web,!canary,tier in (a,b)');
  });
});

describe('tableFor: Pod', () => {
  const pod = (status: Loose, spec: Loose = {}, extraMeta: Loose = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('web-1', 300, extraMeta),
    spec: { containers: [{ name: 'a', image: 'nginx' }], nodeName: 'node-1', ...spec },
    status,
  });
  const running = { phase: 'Running', podIPs: [{ ip: '10.244.0.7' }], conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }] };

  it('has the real columns, wide ones at priority 1', () => {
    const table = tableFor({ group: '', kind: 'Pod' }, [], NOW);
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0], ['Ready', 'string', 0], ['Status', 'string', 0], ['Restarts', 'string', 0], ['Age', 'string', 0],
      ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1],
    ]);
    expect(table.columnDefinitions[0]!.format).toBe('name');
  });

  it.each([
    ['running', running, {}, {}, ['web-1', '1/1', 'Running', '0', '5m', '10.244.0.7', 'node-1', '<none>', '<none>']],
    ['crash looping with a restart 90 s ago', { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(90) } } }] }, {}, {}, ['web-1', '0/1', 'CrashLoopBackOff', '5 (90s ago)', '5m', '<none>', 'node-1', '<none>', '<none>']],
    ['completed', { phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, {}, {}, ['web-1', '0/1', 'Completed', '0', '5m', '<none>', 'node-1', '<none>', '<none>']],
    ['init container running', { phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, state: { running: {} } }] }, { initContainers: [{ name: 'i', image: 'busybox' }] }, {}, ['web-1', '0/1', 'Init:0/1', '0', '5m', '<none>', 'node-1', '<none>', '<none>']],
    ['init container failing', { phase: 'Pending', initContainerStatuses: [{ name: 'i', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { initContainers: [{ name: 'i', image: 'busybox' }] }, {}, ['web-1', '0/1', 'Init:CrashLoopBackOff', '2', '5m', '<none>', 'node-1', '<none>', '<none>']],
    ['terminated without reason', { phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }] }, {}, {}, ['web-1', '0/1', 'Signal:9', '0', '5m', '<none>', 'node-1', '<none>', '<none>']],
    ['deleting', running, {}, { deletionTimestamp: ago(-30) }, ['web-1', '1/1', 'Terminating', '0', '5m', '10.244.0.7', 'node-1', '<none>', '<none>']],
    ['node lost while deleting', { ...running, reason: 'NodeLost' }, {}, { deletionTimestamp: ago(-30) }, ['web-1', '1/1', 'Unknown', '0', '5m', '10.244.0.7', 'node-1', '<none>', '<none>']],
    ['pending, unscheduled', { phase: 'Pending' }, { nodeName: undefined }, {}, ['web-1', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    ['sidecar counted in total', { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [{ name: 's', ready: true, started: true, restartCount: 1, state: { running: {} } }], containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }] }, { initContainers: [{ name: 's', image: 'envoy', restartPolicy: 'Always' }] }, {}, ['web-1', '2/2', 'Running', '1', '5m', '<none>', 'node-1', '<none>', '<none>']],
    ['readiness gates', { ...running, conditions: [...running.conditions, { type: 'example.com/lb', status: 'False' }] }, { readinessGates: [{ conditionType: 'example.com/lb' }] }, {}, ['web-1', '1/1', 'Running', '0', '5m', '10.244.0.7', 'node-1', '<none>', '0/1']],
  ])('%s', (_name, status, spec, extraMeta, cells) => {
    const table = tableFor({ group: '', kind: 'Pod' }, [pod(status, spec, extraMeta)], NOW);
    expect(table.rows[0]!.cells).toEqual(cells);
  });

  it('marks finished pods with the Completed row condition and sends PartialObjectMetadata', () => {
    const table = tableFor({ group: '', kind: 'Pod' }, [pod({ phase: 'Succeeded' })], NOW, { resourceVersion: '12' });
    expect(table.rows[0]!.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(table.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta('web-1') });
    expect(table.metadata).toEqual({ resourceVersion: '12' });
  });
});

describe('tableFor: workloads', () => {
  const tpl = { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'log', image: 'busybox' }] } };
  it.each([
    ['apps', 'Deployment', { spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: tpl }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } }, ['demo', '2/3', 3, 2, '5m', 'web,log', 'nginx:1.25,busybox', 'app=web']],
    ['apps', 'ReplicaSet', { spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: tpl }, status: { replicas: 2, readyReplicas: 1 } }, ['demo', 2, 2, 1, '5m', 'web,log', 'nginx:1.25,busybox', 'app=web']],
    ['apps', 'StatefulSet', { spec: { replicas: 3, template: tpl }, status: { readyReplicas: 3 } }, ['demo', '3/3', '5m', 'web,log', 'nginx:1.25,busybox']],
    ['apps', 'DaemonSet', { spec: { selector: { matchLabels: { app: 'd' } }, template: { spec: { ...tpl.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } }, ['demo', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '5m', 'web,log', 'nginx:1.25,busybox', 'app=d']],
    ['batch', 'Job', { spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template: tpl }, status: { succeeded: 1, startTime: ago(200), completionTime: ago(130), conditions: [{ type: 'Complete', status: 'True' }] } }, ['demo', 'Complete', '1/1', '70s', '5m', 'web,log', 'nginx:1.25,busybox', 'batch.kubernetes.io/controller-uid=u']],
    ['batch', 'Job', { spec: { parallelism: 3, template: tpl }, status: { startTime: ago(30), active: 3 } }, ['demo', 'Running', '0/1 of 3', '30s', '5m', 'web,log', 'nginx:1.25,busybox', '']],
    ['batch', 'CronJob', { spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: tpl } } }, status: { active: [{ name: 'j' }], lastScheduleTime: ago(60) } }, ['demo', '*/5 * * * *', '<none>', 'False', 1, '60s', '5m', 'web,log', 'nginx:1.25,busybox', '']],
  ])('%s/%s', (group, kind, body, cells) => {
    const table = tableFor({ group, kind }, [{ apiVersion: `${group}/v1`, kind, metadata: meta('demo'), ...body }], NOW);
    expect(table.rows[0]!.cells).toEqual(cells);
    expect(table.columnDefinitions.length).toBe(cells.length);
  });

  it('Deployment column names', () => {
    expect(tableFor({ group: 'apps', kind: 'Deployment' }, [], NOW).columnDefinitions.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
  });
});

describe('tableFor: services, nodes, config and events', () => {
  const svc = (spec: Loose, status: Loose = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec, status });
  it.each([
    ['ClusterIP', svc({ type: 'ClusterIP', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } }), ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '5m', 'app=web']],
    ['NodePort', svc({ type: 'NodePort', clusterIPs: ['10.96.0.11'], ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }, { port: 53, protocol: 'UDP', nodePort: 31000 }] }), ['web', 'NodePort', '10.96.0.11', '<none>', '80:31234/TCP,53:31000/UDP', '5m', '<none>']],
    ['LoadBalancer pending', svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] }), ['web', 'LoadBalancer', '10.96.0.12', '<pending>', '443:30443/TCP', '5m', '<none>']],
    ['LoadBalancer ready', svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [] }, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }), ['web', 'LoadBalancer', '10.96.0.12', '1.2.3.4', '<none>', '5m', '<none>']],
    ['ExternalName', svc({ type: 'ExternalName', externalName: 'db.example.com' }), ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m', '<none>']],
  ])('Service %s', (_name, obj, cells) => {
    expect(tableFor({ group: '', kind: 'Service' }, [obj], NOW).rows[0]!.cells).toEqual(cells);
  });

  it('Node status, roles and wide columns', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', creationTimestamp: ago(3 * 86400), labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '172.18.0.2' }], nodeInfo: { kubeletVersion: 'v1.35.0', osImage: 'Ferry', kernelVersion: '6.1', containerRuntimeVersion: 'sim://1' } },
    };
    expect(tableFor({ group: '', kind: 'Node' }, [node], NOW).rows[0]!.cells).toEqual(['node-1', 'Ready,SchedulingDisabled', 'control-plane,worker', '3d', 'v1.35.0', '172.18.0.2', '<none>', 'Ferry', '6.1', 'sim://1']);
    const noConditions = { ...node, metadata: { name: 'n2', creationTimestamp: ago(10) }, spec: {}, status: {} };
    expect(tableFor({ group: '', kind: 'Node' }, [noConditions], NOW).rows[0]!.cells.slice(0, 3)).toEqual(['n2', 'Unknown', '<none>']);
  });

  it.each([
    ['', 'ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, ['demo', 3, '5m']],
    ['', 'Secret', { type: 'Opaque', data: { a: 'MQ==' } }, ['demo', 'Opaque', 1, '5m']],
    ['', 'Namespace', { status: { phase: 'Active' } }, ['demo', 'Active', '5m']],
    ['', 'ServiceAccount', {}, ['demo', 0, '5m']],
    ['', 'PersistentVolumeClaim', { spec: { volumeName: 'pv-1', storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'] } }, ['demo', 'Bound', 'pv-1', '1Gi', 'RWO,RWX', 'standard', '<unset>', '5m', 'Filesystem']],
    ['policy', 'PodDisruptionBudget', { spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }, ['demo', '50%', 'N/A', 1, '5m']],
    ['autoscaling', 'HorizontalPodAutoscaler', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } }] } }, ['demo', 'Deployment/web', 'cpu: 45%/80%', '1', 5, 2, '5m']],
    ['networking.k8s.io', 'Ingress', { spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, {}], tls: [{ hosts: ['a.example.com'] }] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }, ['demo', 'nginx', 'a.example.com', '1.2.3.4', '80, 443', '5m']],
    ['discovery.k8s.io', 'EndpointSlice', { addressType: 'IPv4', ports: [{ port: 80 }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }, { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4'] }] }, ['demo', 'IPv4', '80', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '5m']],
    ['', 'Endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] }, ['demo', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...', '5m']],
    ['coordination.k8s.io', 'Lease', { spec: { holderIdentity: 'node-1' } }, ['demo', 'node-1', '5m']],
    ['example.com', 'Widget', {}, ['demo', '5m']],
  ])('%s/%s', (group, kind, body, cells) => {
    expect(tableFor({ group, kind }, [{ apiVersion: group === 'autoscaling' ? 'autoscaling/v2' : group ? `${group}/v1` : 'v1', kind, metadata: meta('demo'), ...body }], NOW).rows[0]!.cells).toEqual(cells);
  });

  it('Event (core and events.k8s.io print alike)', () => {
    const core: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('web.1'),
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
      reason: 'Pulled',
      message: 'Successfully pulled image ',
      type: 'Normal',
      firstTimestamp: ago(120),
      lastTimestamp: ago(30),
      count: 2,
      source: { component: 'kubelet', host: 'node-1' },
    };
    const cells = ['30s', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{web}', 'kubelet, node-1', 'Successfully pulled image', '2m', 2, 'web.1'];
    expect(tableFor({ group: '', kind: 'Event' }, [core], NOW).rows[0]!.cells).toEqual(cells);
    const modern: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: meta('web.1'),
      regarding: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
      reason: 'Pulled',
      note: 'Successfully pulled image ',
      type: 'Normal',
      deprecatedFirstTimestamp: ago(120),
      deprecatedLastTimestamp: ago(30),
      deprecatedCount: 2,
      deprecatedSource: { component: 'kubelet', host: 'node-1' },
    };
    expect(tableFor({ group: 'events.k8s.io', kind: 'Event' }, [modern], NOW).rows[0]!.cells).toEqual(cells);
  });
});

describe('custom resources', () => {
  const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('w'), spec: { size: 3, tags: ['a', 'b'] }, status: { phase: 'Ready' } };
  it('uses additionalPrinterColumns with date cells as ages', () => {
    const table = tableFor({ group: 'example.com', kind: 'Widget' }, [widget], NOW, {
      printerColumns: [
        { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Tags', type: 'string', jsonPath: '.spec.tags[*]', priority: 1 },
        { name: 'Missing', type: 'string', jsonPath: '.status.nope' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Size', 'Phase', 'Tags', 'Missing', 'Age']);
    expect(table.rows[0]!.cells).toEqual(['w', 3, 'Ready', 'a,b', '<none>', '5m']);
  });
  it('falls back to Name and an Age date column', () => {
    const table = tableFor({ group: 'example.com', kind: 'Widget' }, [widget], NOW, { printerColumns: [] });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Age', 'date']]);
    expect(table.rows[0]!.cells).toEqual(['w', '5m']);
  });
  it.each([
    ['.spec.size', [3]],
    [".metadata['name']", ['w']],
    ['{.spec.tags[1]}', ['b']],
    ['spec', []],
  ])('evaluateJsonPath %s', (path, values) => {
    expect(evaluateJsonPath(widget, path)).toEqual(values);
  });
});
