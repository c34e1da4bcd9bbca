import type { FieldSpec } from './field-spec.ts';
import type { Gvk } from './resource.ts';

/**
 * kustomize's built-in transformer configuration: which fields each transformer touches in
 * which kinds, and where each kind is referred to by name. Same data as kustomize v5's
 * defaults, so the same fields move; `configurations:` files merge into it.
 */

/** Objects of `gvk` are referred to by name at `referrers`. */
export interface NameBackReference {
  readonly gvk: Partial<Gvk>;
  readonly referrers: FieldSpec[];
}

export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
  varReference: FieldSpec[];
  nameReference: NameBackReference[];
}

/** `Kind`, `group/Kind` or `group/version/Kind` (core: `/v1/Kind`) to a gvk selector. */
function gvkOf(spec: string): Partial<Gvk> {
  const parts = spec.split('/');
  if (parts.length === 1) return { kind: parts[0] };
  if (parts.length === 2) return { group: parts[0], kind: parts[1] };
  return { group: parts[0] || undefined, version: parts[1], kind: parts[2] };
}

function specs(create: boolean, entries: readonly (readonly [string, string])[]): FieldSpec[] {
  return entries.map(([gvk, path]) => ({ ...(gvk ? gvkOf(gvk) : {}), path, create }));
}

const POD_TEMPLATE_OWNERS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'];

const METADATA_LABELS: FieldSpec[] = [
  { path: 'metadata/labels', create: true },
  ...specs(true, [
    ['/v1/ReplicationController', 'spec/template/metadata/labels'],
    ['Deployment', 'spec/template/metadata/labels'],
    ['ReplicaSet', 'spec/template/metadata/labels'],
    ['DaemonSet', 'spec/template/metadata/labels'],
    ['apps/StatefulSet', 'spec/template/metadata/labels'],
    ['apps/StatefulSet', 'spec/volumeClaimTemplates[]/metadata/labels'],
    ['batch/Job', 'spec/template/metadata/labels'],
    ['batch/CronJob', 'spec/jobTemplate/metadata/labels'],
    ['batch/CronJob', 'spec/jobTemplate/spec/template/metadata/labels'],
  ]),
];

const AFFINITY_SELECTORS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

const COMMON_LABELS: FieldSpec[] = [
  ...specs(true, [
    ['/v1/Service', 'spec/selector'],
    ['/v1/ReplicationController', 'spec/selector'],
    ['Deployment', 'spec/selector/matchLabels'],
  ]),
  ...specs(false, AFFINITY_SELECTORS.map((p) => ['apps/Deployment', p] as const)),
  ...specs(true, [
    ['ReplicaSet', 'spec/selector/matchLabels'],
    ['DaemonSet', 'spec/selector/matchLabels'],
    ['apps/StatefulSet', 'spec/selector/matchLabels'],
    ['apps/StatefulSet', 'spec/volumeClaimTemplates[]/metadata/labels'],
  ]),
  ...specs(false, AFFINITY_SELECTORS.map((p) => ['apps/StatefulSet', p] as const)),
  ...specs(false, [
    ['batch/Job', 'spec/selector/matchLabels'],
    ['batch/CronJob', 'spec/jobTemplate/spec/selector/matchLabels'],
    ['policy/PodDisruptionBudget', 'spec/selector/matchLabels'],
    ['networking.k8s.io/NetworkPolicy', 'spec/podSelector/matchLabels'],
    ['networking.k8s.io/NetworkPolicy', 'spec/ingress/from/podSelector/matchLabels'],
    ['networking.k8s.io/NetworkPolicy', 'spec/egress/to/podSelector/matchLabels'],
  ]),
  ...METADATA_LABELS,
];

const COMMON_ANNOTATIONS: FieldSpec[] = [
  { path: 'metadata/annotations', create: true },
  ...specs(true, [
    ['/v1/ReplicationController', 'spec/template/metadata/annotations'],
    ['Deployment', 'spec/template/metadata/annotations'],
    ['ReplicaSet', 'spec/template/metadata/annotations'],
    ['DaemonSet', 'spec/template/metadata/annotations'],
    ['StatefulSet', 'spec/template/metadata/annotations'],
    ['batch/Job', 'spec/template/metadata/annotations'],
    ['batch/CronJob', 'spec/jobTemplate/metadata/annotations'],
    ['batch/CronJob', 'spec/jobTemplate/spec/template/metadata/annotations'],
  ]),
];

const NAMESPACE: FieldSpec[] = [
  { kind: 'Namespace', path: 'metadata/name', create: true },
  { group: 'apiregistration.k8s.io', kind: 'APIService', path: 'spec/service/namespace', create: true },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', path: 'spec/conversion/webhook/clientConfig/service/namespace' },
];

const IMAGES: FieldSpec[] = [
  'spec/containers[]/image',
  'spec/initContainers[]/image',
  'spec/volumes[]/image/reference',
  'spec/template/spec/containers[]/image',
  'spec/template/spec/initContainers[]/image',
  'spec/template/spec/volumes[]/image/reference',
].map((path) => ({ path, create: true }));

const REPLICAS: FieldSpec[] = specs(true, [
  ['Deployment', 'spec/replicas'],
  ['ReplicationController', 'spec/replicas'],
  ['ReplicaSet', 'spec/replicas'],
  ['StatefulSet', 'spec/replicas'],
]);

function containerVarPaths(prefix: string): string[] {
  return ['containers', 'initContainers'].flatMap((c) =>
    ['args', 'command', 'env/value', 'volumeMounts/mountPath'].map((f) => `${prefix}/${c}/${f}`),
  );
}

const VAR_REFERENCE: FieldSpec[] = [
  ...containerVarPaths('spec/jobTemplate/spec/template/spec').map((path) => ({ kind: 'CronJob', path })),
  ...containerVarPaths('spec/template/spec').map((path) => ({ kind: 'DaemonSet', path })),
  ...containerVarPaths('spec/template/spec').map((path) => ({ kind: 'Deployment', path })),
  { kind: 'Ingress', path: 'spec/rules/host' },
  { kind: 'Ingress', path: 'spec/tls/hosts' },
  { kind: 'Ingress', path: 'spec/tls/secretName' },
  ...containerVarPaths('spec/template/spec').map((path) => ({ kind: 'Job', path })),
  ...containerVarPaths('spec').map((path) => ({ kind: 'Pod', path })),
  ...containerVarPaths('spec/template/spec').map((path) => ({ kind: 'ReplicaSet', path })),
  { kind: 'Service', path: 'spec/ports/port' },
  { kind: 'Service', path: 'spec/ports/targetPort' },
  ...containerVarPaths('spec/template/spec').map((path) => ({ kind: 'StatefulSet', path })),
  { path: 'metadata/labels' },
  { path: 'metadata/annotations' },
  { kind: 'Deployment', path: 'spec/template/metadata/annotations' },
];

/** Paths of a pod template's references to ConfigMaps or Secrets, below `prefix`. */
function podRefs(prefix: string, what: 'configMap' | 'secret'): string[] {
  const p = prefix ? `${prefix}/` : '';
  if (what === 'configMap') {
    return [
      `${p}volumes/configMap/name`,
      `${p}containers/env/valueFrom/configMapKeyRef/name`,
      `${p}initContainers/env/valueFrom/configMapKeyRef/name`,
      `${p}containers/envFrom/configMapRef/name`,
      `${p}initContainers/envFrom/configMapRef/name`,
      `${p}volumes/projected/sources/configMap/name`,
    ];
  }
  return [
    `${p}volumes/secret/secretName`,
    `${p}containers/env/valueFrom/secretKeyRef/name`,
    `${p}initContainers/env/valueFrom/secretKeyRef/name`,
    `${p}containers/envFrom/secretRef/name`,
    `${p}initContainers/envFrom/secretRef/name`,
    `${p}imagePullSecrets/name`,
    `${p}volumes/projected/sources/secret/name`,
  ];
}

function podRefSpecs(what: 'configMap' | 'secret'): FieldSpec[] {
  return [
    ...podRefs('spec', what).map((path) => ({ version: 'v1', kind: 'Pod', path })),
    ...podRefs('template/spec', what).map((path) => ({ kind: 'PodTemplate', path })),
    ...POD_TEMPLATE_OWNERS.flatMap((kind) => podRefs('spec/template/spec', what).map((path) => ({ kind, path }))),
    ...podRefs('spec/jobTemplate/spec/template/spec', what).map((path) => ({ kind: 'CronJob', path })),
  ];
}

const WORKLOAD_KINDS = ['StatefulSet', 'Deployment', 'ReplicationController', 'CronJob', 'Job', 'DaemonSet'];

function workloadPodField(field: string): FieldSpec[] {
  return [
    { kind: 'Pod', path: `spec/${field}` },
    ...WORKLOAD_KINDS.map((kind) => ({
      kind,
      path: kind === 'CronJob' ? `spec/jobTemplate/spec/template/spec/${field}` : `spec/template/spec/${field}`,
    })),
  ];
}

const NAME_REFERENCE: NameBackReference[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({
    gvk: { kind },
    referrers: [{ kind: 'HorizontalPodAutoscaler', path: 'spec/scaleTargetRef/name' }],
  })),
  {
    gvk: { version: 'v1', kind: 'ConfigMap' },
    referrers: [
      ...podRefSpecs('configMap'),
      { kind: 'Node', path: 'spec/configSource/configMap' },
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap' },
    ],
  },
  {
    gvk: { version: 'v1', kind: 'Secret' },
    referrers: [
      ...podRefSpecs('secret'),
      { kind: 'Ingress', path: 'spec/tls/secretName' },
      { kind: 'Ingress', path: 'metadata/annotations/ingress.kubernetes.io\\/auth-secret' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret' },
      { kind: 'ServiceAccount', path: 'imagePullSecrets/name' },
      { kind: 'StorageClass', path: 'parameters/secretName' },
      { kind: 'StorageClass', path: 'parameters/adminSecretName' },
      { kind: 'StorageClass', path: 'parameters/userSecretName' },
      { kind: 'StorageClass', path: 'parameters/secretRef' },
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      { group: 'serving.knative.dev', version: 'v1', kind: 'Service', path: 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name' },
      { kind: 'PersistentVolume', path: 'spec/azureFile/secretName' },
    ],
  },
  {
    gvk: { version: 'v1', kind: 'Service' },
    referrers: [
      { group: 'apps', kind: 'StatefulSet', path: 'spec/serviceName' },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/service/name' },
      { kind: 'Ingress', path: 'spec/defaultBackend/service/name' },
      { group: 'apiregistration.k8s.io', kind: 'APIService', path: 'spec/service/name' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', path: 'webhooks/clientConfig/service' },
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', path: 'webhooks/clientConfig/service' },
    ],
  },
  {
    gvk: { group: 'rbac.authorization.k8s.io', kind: 'Role' },
    referrers: [{ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', path: 'roleRef/name' }],
  },
  {
    gvk: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
    referrers: [
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', path: 'roleRef/name' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', path: 'roleRef/name' },
    ],
  },
  {
    gvk: { version: 'v1', kind: 'ServiceAccount' },
    referrers: [
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', path: 'subjects' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', path: 'subjects' },
      ...workloadPodField('serviceAccountName'),
    ],
  },
  {
    gvk: { version: 'v1', kind: 'PersistentVolumeClaim' },
    referrers: workloadPodField('volumes/persistentVolumeClaim/claimName'),
  },
  {
    gvk: { version: 'v1', kind: 'PersistentVolume' },
    referrers: [
      { kind: 'PersistentVolumeClaim', path: 'spec/volumeName' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
    ],
  },
  {
    gvk: { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' },
    referrers: [
      { kind: 'PersistentVolume', path: 'spec/storageClassName' },
      { kind: 'PersistentVolumeClaim', path: 'spec/storageClassName' },
      { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates/spec/storageClassName' },
    ],
  },
  {
    gvk: { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' },
    referrers: workloadPodField('priorityClassName'),
  },
  {
    // kustomize's table spells this group with its version, so it never matches; kept as is.
    gvk: { group: 'networking.k8s.io/v1', version: 'v1', kind: 'IngressClass' },
    referrers: [{ kind: 'Ingress', path: 'spec/ingressClassName' }],
  },
];

// Shared by every build: merging copies before it adds, so nothing writes into these.
const DEFAULT_CONFIG: TransformerConfig = Object.freeze({
    namePrefix: [{ path: 'metadata/name' }],
    nameSuffix: [{ path: 'metadata/name' }],
    namespace: NAMESPACE,
    commonLabels: COMMON_LABELS,
    templateLabels: METADATA_LABELS.filter((fs) => fs.path !== 'metadata/labels'),
    commonAnnotations: COMMON_ANNOTATIONS,
    images: IMAGES,
    replicas: REPLICAS,
    varReference: VAR_REFERENCE,
    nameReference: NAME_REFERENCE,
});

export function defaultTransformerConfig(): TransformerConfig {
  return { ...DEFAULT_CONFIG };
}

function sameSpec(a: FieldSpec, b: FieldSpec): boolean {
  return (a.group ?? '') === (b.group ?? '') && (a.version ?? '') === (b.version ?? '') && (a.kind ?? '') === (b.kind ?? '') && a.path === b.path;
}

/** Adds `extra` to `specs`, skipping ones already there (kustomize's FsSlice.MergeAll). */
export function mergeFieldSpecs(specs: FieldSpec[], extra: readonly FieldSpec[]): FieldSpec[] {
  const out = [...specs];
  for (const fs of extra) if (!out.some((existing) => sameSpec(existing, fs))) out.push(fs);
  return out;
}

function sameGvkSelector(a: Partial<Gvk>, b: Partial<Gvk>): boolean {
  return (a.group ?? '') === (b.group ?? '') && (a.version ?? '') === (b.version ?? '') && (a.kind ?? '') === (b.kind ?? '');
}

export function mergeTransformerConfig(base: TransformerConfig, extra: Partial<TransformerConfig>): TransformerConfig {
  const out: TransformerConfig = { ...base };
  for (const key of ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'templateLabels', 'commonAnnotations', 'images', 'replicas', 'varReference'] as const) {
    const more = extra[key];
    if (more && more !== out[key]) out[key] = mergeFieldSpecs(out[key], more);
  }
  if (extra.nameReference && extra.nameReference !== out.nameReference) {
    const refs = out.nameReference.map((r) => ({ gvk: r.gvk, referrers: [...r.referrers] }));
    for (const ref of extra.nameReference) {
      const existing = refs.find((r) => sameGvkSelector(r.gvk, ref.gvk));
      if (existing) existing.referrers = mergeFieldSpecs(existing.referrers, ref.referrers);
      else refs.push({ gvk: ref.gvk, referrers: [...ref.referrers] });
    }
    out.nameReference = refs;
  }
  return out;
}
