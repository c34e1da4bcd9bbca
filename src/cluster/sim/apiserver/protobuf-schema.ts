/**
 * Protobuf field numbers of the built-in kinds `kubectl create <generator>` sends as
 * `application/vnd.kubernetes.protobuf` (namespace, configmap, secret, serviceaccount, service,
 * deployment, job, cronjob, role(binding), clusterrole(binding), priorityclass,
 * poddisruptionbudget, quota, ingress), with the types they use. Numbers follow the kinds'
 * `generated.proto` in k8s.io/api; each one is exercised by a test that decodes what the real
 * kubectl sends and compares it with the same object as kubectl prints it in JSON.
 *
 * Field types: scalars (`string`, `int`, `bool`, `bytes`), Kubernetes' special messages
 * (`time`, `quantity`, `intOrString`), or a message name. `map` fields are repeated entries
 * `{1: key, 2: value}`; `inline` messages spread their fields into the parent (Go's
 * `json:",inline"`); `ptr` marks pointer scalars, whose zero value is still meaningful (for the
 * others, zero means unset: Go encodes every non-pointer field).
 */
export type ScalarType = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'quantity' | 'intOrString';

export interface FieldSpec {
  readonly name: string;
  readonly type: ScalarType | string;
  readonly repeated?: boolean;
  /** A map with string keys; `type` is the value type. */
  readonly map?: boolean;
  readonly ptr?: boolean;
  readonly inline?: boolean;
}

type Fields = Readonly<Record<number, FieldSpec>>;

const f = (name: string, type: FieldSpec['type'], extra: Omit<FieldSpec, 'name' | 'type'> = {}): FieldSpec => ({ name, type, ...extra });
const list = (name: string, type: FieldSpec['type']): FieldSpec => ({ name, type, repeated: true });
const map = (name: string, type: FieldSpec['type']): FieldSpec => ({ name, type, map: true });
const ptr = (name: string, type: FieldSpec['type']): FieldSpec => ({ name, type, ptr: true });

export const MESSAGES: Readonly<Record<string, Fields>> = {
  // meta/v1
  ObjectMeta: {
    1: f('name', 'string'), 2: f('generateName', 'string'), 3: f('namespace', 'string'), 4: f('selfLink', 'string'),
    5: f('uid', 'string'), 6: f('resourceVersion', 'string'), 7: f('generation', 'int'), 8: f('creationTimestamp', 'time'),
    9: f('deletionTimestamp', 'time'), 10: ptr('deletionGracePeriodSeconds', 'int'), 11: map('labels', 'string'),
    12: map('annotations', 'string'), 13: list('ownerReferences', 'OwnerReference'), 14: list('finalizers', 'string'),
  },
  OwnerReference: {
    1: f('kind', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'), 5: f('apiVersion', 'string'),
    6: ptr('controller', 'bool'), 7: ptr('blockOwnerDeletion', 'bool'),
  },
  LabelSelector: { 1: map('matchLabels', 'string'), 2: list('matchExpressions', 'LabelSelectorRequirement') },
  LabelSelectorRequirement: { 1: f('key', 'string'), 2: f('operator', 'string'), 3: list('values', 'string') },
  // core/v1
  Namespace: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'NamespaceSpec'), 3: f('status', 'NamespaceStatus') },
  NamespaceSpec: { 1: list('finalizers', 'string') },
  NamespaceStatus: { 1: f('phase', 'string') },
  ConfigMap: { 1: f('metadata', 'ObjectMeta'), 2: map('data', 'string'), 3: map('binaryData', 'bytes'), 4: ptr('immutable', 'bool') },
  Secret: {
    1: f('metadata', 'ObjectMeta'), 2: map('data', 'bytes'), 3: f('type', 'string'), 4: map('stringData', 'string'),
    5: ptr('immutable', 'bool'),
  },
  ServiceAccount: {
    1: f('metadata', 'ObjectMeta'), 2: list('secrets', 'ObjectReference'), 3: list('imagePullSecrets', 'LocalObjectReference'),
    4: ptr('automountServiceAccountToken', 'bool'),
  },
  ObjectReference: {
    1: f('kind', 'string'), 2: f('namespace', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'),
    5: f('apiVersion', 'string'), 6: f('resourceVersion', 'string'), 7: f('fieldPath', 'string'),
  },
  LocalObjectReference: { 1: f('name', 'string') },
  Service: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'ServiceSpec'), 3: f('status', 'ServiceStatus') },
  ServiceSpec: {
    1: list('ports', 'ServicePort'), 2: map('selector', 'string'), 3: f('clusterIP', 'string'), 4: f('type', 'string'),
    5: list('externalIPs', 'string'), 7: f('sessionAffinity', 'string'), 8: f('loadBalancerIP', 'string'),
    9: list('loadBalancerSourceRanges', 'string'), 10: f('externalName', 'string'), 11: f('externalTrafficPolicy', 'string'),
    12: f('healthCheckNodePort', 'int'), 13: f('publishNotReadyAddresses', 'bool'), 17: ptr('ipFamilyPolicy', 'string'),
    18: list('clusterIPs', 'string'), 19: list('ipFamilies', 'string'), 20: ptr('allocateLoadBalancerNodePorts', 'bool'),
    21: ptr('loadBalancerClass', 'string'), 22: ptr('internalTrafficPolicy', 'string'),
  },
  ServicePort: {
    1: f('name', 'string'), 2: f('protocol', 'string'), 3: f('port', 'int'), 4: f('targetPort', 'intOrString'),
    5: f('nodePort', 'int'), 6: ptr('appProtocol', 'string'),
  },
  ServiceStatus: { 1: f('loadBalancer', 'LoadBalancerStatus') },
  LoadBalancerStatus: { 1: list('ingress', 'LoadBalancerIngress') },
  LoadBalancerIngress: { 1: f('ip', 'string'), 2: f('hostname', 'string') },
  PodTemplateSpec: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'PodSpec') },
  PodSpec: {
    1: list('volumes', 'Volume'), 2: list('containers', 'Container'), 3: f('restartPolicy', 'string'),
    4: ptr('terminationGracePeriodSeconds', 'int'), 5: ptr('activeDeadlineSeconds', 'int'), 6: f('dnsPolicy', 'string'),
    7: map('nodeSelector', 'string'), 8: f('serviceAccountName', 'string'), 9: f('serviceAccount', 'string'),
    10: f('nodeName', 'string'), 11: f('hostNetwork', 'bool'), 12: f('hostPID', 'bool'), 13: f('hostIPC', 'bool'),
    15: list('imagePullSecrets', 'LocalObjectReference'), 16: f('hostname', 'string'), 17: f('subdomain', 'string'),
    19: f('schedulerName', 'string'), 20: list('initContainers', 'Container'), 21: ptr('automountServiceAccountToken', 'bool'),
    24: f('priorityClassName', 'string'), 25: ptr('priority', 'int'),
  },
  Volume: { 1: f('name', 'string') },
  Container: {
    1: f('name', 'string'), 2: f('image', 'string'), 3: list('command', 'string'), 4: list('args', 'string'),
    5: f('workingDir', 'string'), 6: list('ports', 'ContainerPort'), 7: list('env', 'EnvVar'),
    8: f('resources', 'ResourceRequirements'), 13: f('terminationMessagePath', 'string'), 14: f('imagePullPolicy', 'string'),
    16: f('stdin', 'bool'), 17: f('stdinOnce', 'bool'), 18: f('tty', 'bool'), 20: f('terminationMessagePolicy', 'string'),
  },
  ContainerPort: { 1: f('name', 'string'), 2: f('hostPort', 'int'), 3: f('containerPort', 'int'), 4: f('protocol', 'string'), 5: f('hostIP', 'string') },
  EnvVar: { 1: f('name', 'string'), 2: f('value', 'string') },
  ResourceRequirements: { 1: map('limits', 'quantity'), 2: map('requests', 'quantity') },
  ResourceQuota: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'ResourceQuotaSpec'), 3: f('status', 'ResourceQuotaStatus') },
  ResourceQuotaSpec: { 1: map('hard', 'quantity'), 2: list('scopes', 'string') },
  ResourceQuotaStatus: { 1: map('hard', 'quantity'), 2: map('used', 'quantity') },
  // apps/v1
  Deployment: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'DeploymentSpec'), 3: f('status', 'DeploymentStatus') },
  DeploymentSpec: {
    1: ptr('replicas', 'int'), 2: f('selector', 'LabelSelector'), 3: f('template', 'PodTemplateSpec'),
    4: f('strategy', 'DeploymentStrategy'), 5: f('minReadySeconds', 'int'), 6: ptr('revisionHistoryLimit', 'int'),
    7: f('paused', 'bool'), 9: ptr('progressDeadlineSeconds', 'int'),
  },
  DeploymentStrategy: { 1: f('type', 'string'), 2: f('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: { 1: f('maxUnavailable', 'intOrString'), 2: f('maxSurge', 'intOrString') },
  DeploymentStatus: {
    1: f('observedGeneration', 'int'), 2: f('replicas', 'int'), 3: f('updatedReplicas', 'int'), 4: f('availableReplicas', 'int'),
    5: f('unavailableReplicas', 'int'), 7: f('readyReplicas', 'int'),
  },
  // batch/v1
  Job: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'JobSpec'), 3: f('status', 'JobStatus') },
  JobSpec: {
    1: ptr('parallelism', 'int'), 2: ptr('completions', 'int'), 3: ptr('activeDeadlineSeconds', 'int'), 4: f('selector', 'LabelSelector'),
    5: ptr('manualSelector', 'bool'), 6: f('template', 'PodTemplateSpec'), 7: ptr('backoffLimit', 'int'),
    8: ptr('ttlSecondsAfterFinished', 'int'), 9: ptr('completionMode', 'string'), 10: ptr('suspend', 'bool'),
  },
  JobStatus: { 4: f('active', 'int'), 5: f('succeeded', 'int'), 6: f('failed', 'int'), 7: f('completedIndexes', 'string') },
  CronJob: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'CronJobSpec'), 3: f('status', 'CronJobStatus') },
  CronJobSpec: {
    1: f('schedule', 'string'), 2: ptr('startingDeadlineSeconds', 'int'), 3: f('concurrencyPolicy', 'string'), 4: ptr('suspend', 'bool'),
    5: f('jobTemplate', 'JobTemplateSpec'), 6: ptr('successfulJobsHistoryLimit', 'int'), 7: ptr('failedJobsHistoryLimit', 'int'),
    8: ptr('timeZone', 'string'),
  },
  JobTemplateSpec: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'JobSpec') },
  CronJobStatus: { 1: list('active', 'ObjectReference') },
  // rbac.authorization.k8s.io/v1
  Role: { 1: f('metadata', 'ObjectMeta'), 2: list('rules', 'PolicyRule') },
  ClusterRole: { 1: f('metadata', 'ObjectMeta'), 2: list('rules', 'PolicyRule'), 3: f('aggregationRule', 'AggregationRule') },
  AggregationRule: { 1: list('clusterRoleSelectors', 'LabelSelector') },
  PolicyRule: {
    1: list('verbs', 'string'), 2: list('apiGroups', 'string'), 3: list('resources', 'string'), 4: list('resourceNames', 'string'),
    5: list('nonResourceURLs', 'string'),
  },
  RoleBinding: { 1: f('metadata', 'ObjectMeta'), 2: list('subjects', 'Subject'), 3: f('roleRef', 'RoleRef') },
  Subject: { 1: f('kind', 'string'), 2: f('apiGroup', 'string'), 3: f('name', 'string'), 4: f('namespace', 'string') },
  RoleRef: { 1: f('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') },
  // scheduling.k8s.io/v1
  PriorityClass: {
    1: f('metadata', 'ObjectMeta'), 2: f('value', 'int'), 3: f('globalDefault', 'bool'), 4: f('description', 'string'),
    5: ptr('preemptionPolicy', 'string'),
  },
  // policy/v1
  PodDisruptionBudget: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'PodDisruptionBudgetSpec'), 3: f('status', 'PodDisruptionBudgetStatus') },
  PodDisruptionBudgetSpec: {
    1: f('minAvailable', 'intOrString'), 2: f('selector', 'LabelSelector'), 3: f('maxUnavailable', 'intOrString'),
    4: ptr('unhealthyPodEvictionPolicy', 'string'),
  },
  PodDisruptionBudgetStatus: {},
  // networking.k8s.io/v1
  Ingress: { 1: f('metadata', 'ObjectMeta'), 2: f('spec', 'IngressSpec'), 3: f('status', 'IngressStatus') },
  IngressSpec: {
    1: f('defaultBackend', 'IngressBackend'), 2: list('tls', 'IngressTLS'), 3: list('rules', 'IngressRule'),
    4: ptr('ingressClassName', 'string'),
  },
  IngressTLS: { 1: list('hosts', 'string'), 2: f('secretName', 'string') },
  IngressRule: { 1: f('host', 'string'), 2: { name: 'ingressRuleValue', type: 'IngressRuleValue', inline: true } },
  IngressRuleValue: { 1: f('http', 'HTTPIngressRuleValue') },
  HTTPIngressRuleValue: { 1: list('paths', 'HTTPIngressPath') },
  HTTPIngressPath: { 1: f('path', 'string'), 2: f('backend', 'IngressBackend'), 3: ptr('pathType', 'string') },
  IngressBackend: { 3: f('resource', 'TypedLocalObjectReference'), 4: f('service', 'IngressServiceBackend') },
  TypedLocalObjectReference: { 1: ptr('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') },
  IngressServiceBackend: { 1: f('name', 'string'), 2: f('port', 'ServiceBackendPort') },
  ServiceBackendPort: { 1: f('name', 'string'), 2: f('number', 'int') },
  IngressStatus: { 1: f('loadBalancer', 'IngressLoadBalancerStatus') },
  IngressLoadBalancerStatus: { 1: list('ingress', 'LoadBalancerIngress') },
};

/** The message of each kind that may arrive as protobuf, keyed `apiVersion/Kind`. */
export const KIND_MESSAGES: Readonly<Record<string, string>> = {
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service',
  'v1/ResourceQuota': 'ResourceQuota',
  'apps/v1/Deployment': 'Deployment',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'RoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress': 'Ingress',
};
