import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../core/index.ts';
import { defaultObject } from '../defaults/index.ts';
import type { Loose } from '../loose.ts';
import { formatFieldError, invalidMessage, statusCauses } from './field-error.ts';
import { validateObject } from './validate.ts';

/**
 * Messages are the API server's (k8s.io/apimachinery pkg/util/validation and
 * k8s.io/kubernetes pkg/apis/<group>/validation); the Deployment case is the one recorded from
 * a real `kubectl create` in k8s-api.md §9.
 */
const deployment = (spec: Loose, name = 'web'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'x' },
  spec: {
    selector: { matchLabels: { app: 'a' } },
    template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    ...spec,
  },
});

const check = (obj: KubeObject, options: { operation: 'create' | 'update'; old?: KubeObject } = { operation: 'create' }): string[] =>
  validateObject(defaultObject(obj, { operation: options.operation }), options).map(formatFieldError);

describe('validateObject: the recorded invalid Deployment', () => {
  const bad = deployment({ replicas: -1, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ image: 'nginx:1.25', name: 'web' }] } } }, 'invalid');
  const errors = validateObject(defaultObject(bad), { operation: 'create' });

  it('words the 422 message as the server does', () => {
    expect(invalidMessage('Deployment', 'apps', 'invalid', errors)).toBe(
      'Deployment.apps "invalid" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`]',
    );
  });

  it('gives the Status causes', () => {
    expect(statusCauses(errors)).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' },
    ]);
  });
});

describe('validateObject: names per kind', () => {
  it.each([
    ['v1', 'ConfigMap', 'my.config', []],
    ['v1', 'ConfigMap', 'My_Config', ["metadata.name: Invalid value: \"My_Config\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]],
    ['v1', 'Namespace', 'team.a', ["metadata.name: Invalid value: \"team.a\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]],
    ['v1', 'Service', '1web', ["metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:controller:x', []],
    ['rbac.authorization.k8s.io/v1', 'Role', 'a/b', ["metadata.name: Invalid value: \"a/b\": may not contain '/'"]],
  ])('%s %s %s', (apiVersion, kind, name, expected) => {
    const obj: KubeObject = { apiVersion, kind, metadata: { name } };
    if (kind === 'Service') Object.assign(obj, { spec: { ports: [{ port: 80 }] } });
    expect(check(obj)).toEqual(expected);
  });

  it('requires a name or generateName and checks a generateName prefix', () => {
    expect(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } })).toEqual([]);
  });

  it('checks label keys, values and the annotation size', () => {
    const errors = check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { 'bad key': 'x', ok: 'bad value!' }, annotations: { big: 'x'.repeat(262145) } } });
    expect(errors).toEqual([
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });
});

describe('validateObject: workloads and pods', () => {
  it.each([
    ['valid', deployment({}), []],
    ['no selector', deployment({ selector: undefined }), ['spec.selector: Required value']],
    ['empty selector', deployment({ selector: {} }), ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']],
    ['no containers', deployment({ template: { metadata: { labels: { app: 'a' } }, spec: { containers: [] } } }), ['spec.template.spec.containers: Required value']],
    [
      'container problems',
      deployment({ template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'web', image: 'a', ports: [{ containerPort: 0 }, { containerPort: 80, protocol: 'tcp' }] }, { name: 'web' }] } } }),
      [
        'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.template.spec.containers[0].ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
        'spec.template.spec.containers[1].name: Duplicate value: "web"',
        'spec.template.spec.containers[1].image: Required value',
      ],
    ],
    ['mount of a missing volume', deployment({ template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'web', image: 'a', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } } }), ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"']],
    ['restartPolicy Never', deployment({ template: { metadata: { labels: { app: 'a' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'web', image: 'a' }] } } }), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['zero surge and unavailable', deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }), ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']],
  ])('Deployment: %s', (_name, obj, expected) => {
    expect(check(obj)).toEqual(expected);
  });

  it('Deployment selector is immutable', () => {
    const old = defaultObject(deployment({}));
    const changed = deployment({ selector: { matchLabels: { app: 'b' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'web', image: 'a' }] } } });
    expect(check(changed, { operation: 'update', old })).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('Job needs OnFailure or Never and keeps its template', () => {
    const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', uid: 'u' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }] } } } };
    expect(check(job)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
    const valid = { ...job, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'a' }] } } } };
    const stored = defaultObject(valid);
    expect(validateObject(stored, { operation: 'create' })).toEqual([]);
    const changed = structuredClone(stored) as Loose;
    changed.spec.template.spec.containers[0].image = 'b';
    expect(validateObject(changed as KubeObject, { operation: 'update', old: stored }).map(formatFieldError)).toEqual(['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
  });

  it('Pod updates may change images only', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a:1' }] } };
    const stored = defaultObject(pod);
    const image = structuredClone(stored) as Loose;
    image.spec.containers[0].image = 'a:2';
    expect(validateObject(image as KubeObject, { operation: 'update', old: stored })).toEqual([]);
    const env = structuredClone(stored) as Loose;
    env.spec.containers[0].env = [{ name: 'X', value: '1' }];
    expect(validateObject(env as KubeObject, { operation: 'update', old: stored }).map((e) => e.field)).toEqual(['spec']);
  });
});

describe('validateObject: other kinds', () => {
  it.each([
    ['Service without ports', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} }, ['spec.ports: Required value']],
    ['Service with two unnamed ports', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }, { port: 70000 }] } }, ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value', 'spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive', 'spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['ConfigMap key', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'bad key': 'x' } }, ["data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]],
    ['Ingress without pathType', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } }, ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']],
    ['CRD with a wrong name', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets' }, spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] } }, ['metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group']],
    ['PVC with a size that is not a quantity', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 'big' } } } }, ['spec.resources.requests[storage]: Invalid value: "big": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'']],
    ['PDB with both bounds', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1, maxUnavailable: 1 } }, ['spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set']],
  ])('%s', (_name, obj, expected) => {
    expect(check(obj as KubeObject)).toEqual(expected);
  });

  it('immutable ConfigMaps and Secrets, Secret type, Service clusterIP', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, immutable: true, data: { a: '1' } };
    expect(check({ ...cm, data: { a: '2' } }, { operation: 'update', old: cm })).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque' };
    expect(check({ ...secret, type: 'example.com/x' }, { operation: 'update', old: secret })).toEqual(['type: Invalid value: "example.com/x": field is immutable']);
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: '10.96.0.2', clusterIPs: ['10.96.0.2'], ports: [{ port: 80 }] } };
    expect(check({ ...svc, spec: { clusterIP: '10.96.0.3', clusterIPs: ['10.96.0.3'], ports: [{ port: 80 }] } }, { operation: 'update', old: svc })).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.3"}: may not change once set',
    ]);
  });

  it('names and namespaces are immutable', () => {
    const old = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } };
    expect(check({ ...old, metadata: { name: 'c', namespace: 'b' } }, { operation: 'update', old })).toEqual(['metadata.namespace: Invalid value: "b": field is immutable']);
  });
});
