import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.ts';
import { compareResource } from './compare.ts';
import { MASK_DESIRED, MASK_LIVE, MASK_UNCHANGED } from './redact.ts';

const desiredDeployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: {} },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { limits: { cpu: 0.5, memory: '1024Mi' } } }] },
    },
  },
};

/** What a real API server holds after Ferry applied `desiredDeployment` with server-side apply. */
function appliedDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'prod',
      uid: '5d1f',
      resourceVersion: '1234',
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      managedFields: [
        {
          manager: 'ferry',
          operation: 'Apply',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:replicas': {},
              'f:selector': {},
              'f:template': {
                'f:metadata': { 'f:labels': { 'f:app': {} } },
                'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': { 'f:limits': { 'f:cpu': {}, 'f:memory': {} } } } } },
              },
            },
          },
        },
        { manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} } },
      ],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              resources: { limits: { cpu: '500m', memory: '1Gi' } },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: { observedGeneration: 1, replicas: 2, readyReplicas: 2 },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into nested fields freely
type Loose = KubeObject & Record<string, any>;

function edit(object: KubeObject, change: (copy: Loose) => void): KubeObject {
  const copy = structuredClone(object) as Loose;
  change(copy);
  return copy;
}

const options = { defaultNamespace: 'prod' };

describe('compareResource', () => {
  it('finds a freshly applied object Synced despite defaults, status, metadata and quantity forms', () => {
    const result = compareResource(desiredDeployment, appliedDeployment(), options);
    expect(result.changes).toEqual([]);
    expect(result.status).toBe('Synced');
    expect(result.unified).toBe('');
  });

  it('names the field that drifted, with both values', () => {
    const live = edit(appliedDeployment(), (d) => (d.spec.replicas = 5));
    const result = compareResource(desiredDeployment, live, options);
    expect(result.status).toBe('OutOfSync');
    expect(result.changes).toEqual([{ path: '/spec/replicas', op: 'replace', live: 5, desired: 2 }]);
    expect(result.unified).toContain('-  replicas: 5\n+  replicas: 2');
  });

  it('sees a container image changed live', () => {
    const live = edit(appliedDeployment(), (d) => (d.spec.template.spec.containers[0].image = 'nginx:evil'));
    expect(compareResource(desiredDeployment, live, options).changes).toEqual([
      { path: '/spec/template/spec/containers/0/image', op: 'replace', live: 'nginx:evil', desired: 'nginx:1.27' },
    ]);
  });

  it('ignores a label someone else added live (not Ferry’s field)', () => {
    const live = edit(appliedDeployment(), (d) => (d.metadata.labels = { ...d.metadata.labels, team: "payments" }));
    expect(compareResource(desiredDeployment, live, options).status).toBe('Synced');
  });

  it('reports a field Ferry applied before and Git no longer declares', () => {
    const desired = edit(desiredDeployment, (d) => delete d.spec.template.spec.containers[0].resources);
    const result = compareResource(desired, appliedDeployment(), options);
    expect(result.status).toBe('OutOfSync');
    expect(result.changes).toEqual([{ path: '/spec/template/spec/containers/0/resources', op: 'remove', live: { limits: { cpu: '500m', memory: '1Gi' } } }]);
  });

  it('matches list elements whose recorded key holds defaulted fields Git leaves out', () => {
    const desired = edit(desiredDeployment, (d) => (d.spec.template.spec.containers[0].ports = [{ containerPort: 80 }]));
    const live = edit(appliedDeployment(), (d) => {
      d.spec.template.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
      (d.metadata.managedFields as Loose[])[0]!.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"app"}']['f:ports'] = { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } };
    });
    expect(compareResource(desired, live, options).status).toBe('Synced');
  });

  it('honours ignoreDifferences json pointers for the matching resource only', () => {
    const live = edit(appliedDeployment(), (d) => (d.spec.replicas = 5));
    const rule = { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] };
    expect(compareResource(desiredDeployment, live, { ...options, ignoreDifferences: [rule] }).status).toBe('Synced');
    const other = { ...rule, name: 'api' };
    expect(compareResource(desiredDeployment, live, { ...options, ignoreDifferences: [other] }).status).toBe('OutOfSync');
  });

  it('honours ignoreDifferences managedFieldsManagers (an autoscaler owning replicas)', () => {
    const live = edit(appliedDeployment(), (d) => {
      d.spec.replicas = 7;
      d.metadata.managedFields?.push({ manager: 'hpa-controller', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    });
    const rule = { group: 'apps', kind: 'Deployment', managedFieldsManagers: ['hpa-controller'] };
    expect(compareResource(desiredDeployment, live, { ...options, ignoreDifferences: [rule] }).status).toBe('Synced');
  });

  it('is Missing when only Git has it and Extra when only the cluster has it', () => {
    const missing = compareResource(desiredDeployment, undefined, options);
    expect(missing.status).toBe('Missing');
    expect(missing.unified).toContain('+kind: Deployment');
    const extra = compareResource(undefined, appliedDeployment(), options);
    expect(extra.status).toBe('Extra');
    expect(extra.unified).toContain('-kind: Deployment');
  });

  it('gives a JSON patch that turns the live object into the prediction', async () => {
    const live = edit(appliedDeployment(), (d) => (d.spec.replicas = 5));
    const { patch, live: normalizedLive, desired } = compareResource(desiredDeployment, live, options);
    const { default: fastJsonPatch } = await import('fast-json-patch');
    expect(fastJsonPatch.applyPatch(structuredClone(normalizedLive), [...patch]).newDocument).toEqual(desired);
  });
});

describe('compareResource on Secrets', () => {
  const desiredSecret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'prod' }, stringData: { user: 'admin', password: 'hunter2' } };
  const liveSecret = (password: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'prod' },
    type: 'Opaque',
    data: { user: Buffer.from('admin').toString('base64'), password: Buffer.from(password).toString('base64') },
  });

  it('treats stringData in Git and data in the cluster as the same values', () => {
    expect(compareResource(desiredSecret, liveSecret('hunter2')).status).toBe('Synced');
  });

  it('shows which key changed and never either value', () => {
    const result = compareResource(desiredSecret, liveSecret('swordfish'));
    expect(result.status).toBe('OutOfSync');
    expect(result.changes).toEqual([{ path: '/data/password', op: 'replace', live: MASK_LIVE, desired: MASK_DESIRED }]);
    expect(result.live?.data).toEqual({ user: MASK_UNCHANGED, password: MASK_LIVE });
    const everything = JSON.stringify(result);
    for (const secret of ['hunter2', 'swordfish', Buffer.from('hunter2').toString('base64'), Buffer.from('swordfish').toString('base64'), Buffer.from('admin').toString('base64')]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('masks a Missing or Extra Secret too', () => {
    expect(JSON.stringify(compareResource(desiredSecret, undefined))).not.toContain('hunter2');
    expect(JSON.stringify(compareResource(undefined, liveSecret('swordfish')))).not.toContain(Buffer.from('swordfish').toString('base64'));
  });
});
