import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../core/index.ts';
import type { Loose } from '../loose.ts';
import { defaultObject, qosClassOf } from './index.ts';
import { defaultPullPolicy } from './pod-spec.ts';

/**
 * Each expected value is what a Kubernetes 1.35 API server stores; the comment names the
 * function of k8s.io/kubernetes that sets it (pkg/apis/<group>/v1/defaults.go unless stated).
 */

const template = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers, ...extra },
});

const deploymentIn: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'x' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]) },
};

describe('defaultObject: Deployment (what `kubectl get deploy -o yaml` shows after create)', () => {
  const out = defaultObject(deploymentIn) as KubeObject & { spec: Loose; status: unknown };

  it('fills the Deployment spec (SetDefaults_Deployment)', () => {
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.revisionHistoryLimit).toBe(10);
    expect(out.spec.progressDeadlineSeconds).toBe(600);
    expect(out.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(out.status).toEqual({}); // deployment strategy PrepareForCreate resets status
  });

  it('fills the pod template spec (SetDefaults_PodSpec) without Pod-only defaults', () => {
    const spec = out.spec.template.spec;
    expect(spec).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          imagePullPolicy: 'IfNotPresent', // SetDefaults_Container: tag other than latest
          ports: [{ containerPort: 80, protocol: 'TCP' }], // SetDefaults_ContainerPort
          resources: {}, // non-pointer struct, always serialised
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
  });

  it('does not change its input', () => {
    expect((deploymentIn.spec as Loose).replicas).toBeUndefined();
  });

  it('keeps Recreate without rollingUpdate and explicit values', () => {
    const recreate = defaultObject({ ...deploymentIn, spec: { ...(deploymentIn.spec as object), replicas: 0, strategy: { type: 'Recreate' } } });
    expect((recreate.spec as Loose).strategy).toEqual({ type: 'Recreate' });
    expect((recreate.spec as Loose).replicas).toBe(0);
  });
});

describe('imagePullPolicy (SetDefaults_Container with parsers.ParseImageName)', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'Always'],
  ])('%s → %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('defaultObject: Pod (defaults, admission and initial status)', () => {
  const podIn: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'x' },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'busybox',
          resources: { limits: { cpu: '500m', memory: '128Mi' } },
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          readinessProbe: { httpGet: { port: 8080 } },
          livenessProbe: { grpc: { port: 9000 } },
        },
      ],
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'tmp' }, { name: 's', secret: { secretName: 's' } }],
    },
  };
  const out = defaultObject(podIn, { admission: { tokenVolumeName: 'kube-api-access-abcde' } }) as Loose;
  const c = out.spec.containers[0];

  it('copies limits into missing requests (SetDefaults_Pod) and keeps Guaranteed QoS', () => {
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
    expect(out.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' }); // pod strategy PrepareForCreate
  });

  it('defaults probes, handlers and field refs', () => {
    // SetDefaults_Probe, SetDefaults_HTTPGetAction, GRPCAction `+default=""`
    expect(c.readinessProbe).toEqual({ httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.livenessProbe.grpc).toEqual({ port: 9000, service: '' });
    expect(c.env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'spec.nodeName' }); // SetDefaults_ObjectFieldSelector
    expect(c.imagePullPolicy).toBe('Always');
  });

  it('defaults volumes (SetDefaults_Volume, SetDefaults_ConfigMapVolumeSource, SetDefaults_SecretVolumeSource)', () => {
    expect(out.spec.volumes.slice(0, 3)).toEqual([
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'tmp', emptyDir: {} },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
    ]);
  });

  it('applies the admission plugins a default cluster runs', () => {
    expect(out.spec.enableServiceLinks).toBe(true); // SetDefaults_Pod
    expect(out.spec.serviceAccountName).toBe('default'); // ServiceAccount admission
    expect(out.spec.serviceAccount).toBe('default');
    expect(out.spec.priority).toBe(0); // Priority admission, no PriorityClass
    expect(out.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    // DefaultTolerationSeconds admission (default-not-ready/unreachable-toleration-seconds=300)
    expect(out.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    // ServiceAccount admission: projected token volume mounted in every container
    expect(out.spec.volumes[3].name).toBe('kube-api-access-abcde');
    expect(out.spec.volumes[3].projected.sources[0]).toEqual({ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } });
    expect(c.volumeMounts).toEqual([{ name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
  });

  it('keeps a toleration that already covers a taint, and resolves a PriorityClass', () => {
    const tolerating = defaultObject(
      { ...podIn, spec: { ...(podIn.spec as object), priorityClassName: 'high', tolerations: [{ operator: 'Exists' }] } },
      { admission: { priorityClass: (name) => (name === 'high' ? { value: 1000, preemptionPolicy: 'Never' } : undefined) } },
    ) as Loose;
    expect(tolerating.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(tolerating.spec.priority).toBe(1000);
    expect(tolerating.spec.preemptionPolicy).toBe('Never');
  });

  it('skips admission and status on update', () => {
    const updated = defaultObject(podIn, { operation: 'update' }) as Loose;
    expect(updated.status).toBeUndefined();
    expect(updated.spec.tolerations).toBeUndefined();
  });
});

describe('qosClassOf (pkg/apis/core/helper/qos)', () => {
  it.each([
    [[{ resources: {} }], 'BestEffort'],
    [[{ resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    [[{ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }], 'Guaranteed'],
    [[{ resources: { limits: { cpu: '1' }, requests: { cpu: '1' } } }], 'Burstable'],
  ])('%j → %s', (containers, qos) => {
    expect(qosClassOf({ containers })).toBe(qos);
  });
});

describe('defaultObject: other workloads', () => {
  it('StatefulSet (SetDefaults_StatefulSet; claim templates get PVC defaults and Pending status)', () => {
    const out = defaultObject({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'x' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: template([{ name: 'db', image: 'postgres:16' }]),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } }],
      },
    }) as Loose;
    expect(out.spec.podManagementPolicy).toBe('OrderedReady');
    expect(out.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(out.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.revisionHistoryLimit).toBe(10);
    expect(out.spec.volumeClaimTemplates[0]).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
  });

  it('DaemonSet (SetDefaults_DaemonSet)', () => {
    const out = defaultObject({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: template([{ name: 'a', image: 'a:1' }]) } }) as Loose;
    expect(out.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(out.spec.revisionHistoryLimit).toBe(10);
  });

  it('Job (SetDefaults_Job + job strategy generateSelector)', () => {
    const out = defaultObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'x', uid: 'u-1' },
      spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5' }], restartPolicy: 'Never' } } },
    }) as Loose;
    expect(out.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(out.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    const labels = { 'batch.kubernetes.io/controller-uid': 'u-1', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'u-1', 'job-name': 'pi' };
    expect(out.spec.template.metadata.labels).toEqual(labels);
    expect(out.metadata.labels).toEqual(labels); // SetDefaults_Job on read-back copies template labels
  });

  it('Job with only parallelism keeps completions unset; backoffLimitPerIndex lifts backoffLimit', () => {
    const out = defaultObject({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 3, backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 3, manualSelector: true, template: { spec: { containers: [] } } } }) as Loose;
    expect(out.spec.parallelism).toBe(3);
    expect(out.spec.backoffLimit).toBe(2147483647);
    expect(out.spec.selector).toBeUndefined();
  });

  it('CronJob (SetDefaults_CronJob; job template spec gets pod defaults only)', () => {
    const out = defaultObject({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }], restartPolicy: 'OnFailure' } } } } } }) as Loose;
    expect(out.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(out.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(out.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });
});

describe('defaultObject: Service (SetDefaults_Service + Service REST allocation)', () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'x' }, spec });

  it('ClusterIP', () => {
    const out = defaultObject(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }), { allocateClusterIP: () => '10.96.0.10' }) as Loose;
    expect(out.spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
    });
    expect(out.status).toEqual({ loadBalancer: {} });
  });

  it('LoadBalancer allocates node ports and defaults traffic policies', () => {
    let next = 30000;
    const out = defaultObject(svc({ type: 'LoadBalancer', ports: [{ port: 443, targetPort: 'https' }] }), { allocateClusterIP: () => '10.96.0.11', allocateNodePort: () => next++ }) as Loose;
    expect(out.spec.externalTrafficPolicy).toBe('Cluster');
    expect(out.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(out.spec.ports).toEqual([{ port: 443, targetPort: 'https', protocol: 'TCP', nodePort: 30000 }]);
  });

  it('ClientIP affinity gets the 3 h timeout; ExternalName gets no IP fields', () => {
    const affinity = defaultObject(svc({ sessionAffinity: 'ClientIP', ports: [{ port: 1 }] })) as Loose;
    expect(affinity.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    const external = defaultObject(svc({ type: 'ExternalName', externalName: 'example.com' })) as Loose;
    expect(external.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });

  it('update keeps the allocated IP and node ports when omitted', () => {
    const old = svc({ type: 'NodePort', clusterIP: '10.96.0.12', clusterIPs: ['10.96.0.12'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] });
    const out = defaultObject(svc({ type: 'NodePort', ports: [{ port: 80 }] }), { operation: 'update', old }) as Loose;
    expect(out.spec.clusterIP).toBe('10.96.0.12');
    expect(out.spec.ports[0].nodePort).toBe(31000);
    expect(out.status).toBeUndefined();
  });
});

describe('defaultObject: small kinds', () => {
  it.each([
    ['Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }, { metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }],
    ['Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, { type: 'Opaque' }],
    ['Secret stringData folded into data', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'b2xk', keep: 'eA==' }, stringData: { a: 'new' } }, { type: 'Opaque', data: { a: 'bmV3', keep: 'eA==' } }],
    ['PVC', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { resources: { requests: { storage: '0.5Gi' } } } }, { spec: { volumeMode: 'Filesystem', resources: { requests: { storage: '512Mi' } } }, status: { phase: 'Pending' } }],
    ['StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc' }, provisioner: 'x' }, { reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' }],
    ['PriorityClass', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 5 }, { preemptionPolicy: 'PreemptLowerPriority' }],
    ['NetworkPolicy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } }, { spec: { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] } }],
    ['RoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }, { kind: 'User', name: 'u' }] }, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa', apiGroup: '' }, { kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }] }],
    ['EndpointSlice', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] }, { ports: [{ port: 80, name: '', protocol: 'TCP' }] }],
    ['HPA behavior', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 3, scaleTargetRef: { kind: 'Deployment', name: 'w' }, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } }, { spec: { minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }], behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] }, scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } } } }],
    ['CRD', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] } }, { spec: { names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' }, conversion: { strategy: 'None' } }, status: { acceptedNames: { kind: '', plural: '' }, storedVersions: ['v1'] } }],
    ['LimitRange', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] } }, { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '64Mi' } }] } }],
  ])('%s', (_name, input, expected) => {
    expect(defaultObject(input as KubeObject)).toMatchObject(expected);
  });

  it('leaves custom resources alone', () => {
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} };
    expect(defaultObject(cr)).toEqual(cr);
  });
});
