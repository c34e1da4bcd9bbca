import type { KubeObject } from '../../../../core/index.ts';
import { cloneJson, splitApiVersion } from '../../../../core/index.ts';
import type { PodAdmissionOptions } from './pod-admission.ts';
import { admitPod } from './pod-admission.ts';
import { defaultPodOnly, defaultPodSpec, defaultPodTemplate, defaultPvcSpec } from './pod-spec.ts';
import type { Obj } from './util.ts';
import { asList, asObj, canonicalizeQuantityField, canonicalizeResourceList, child, defaultTo } from './util.ts';

/**
 * Defaulting of the built-in kinds as a Kubernetes 1.35 API server applies it on create and
 * update (k8s.io/kubernetes `pkg/apis/<group>/v1/defaults.go` through `zz_generated.defaults.go`),
 * plus, on create only, what the registry strategies' PrepareForCreate and the default admission
 * plugins store (initial status, Job selectors, Pod service account, tolerations, priority).
 * The stored object is what Ferry diffs against, so each value here is pinned by a test that
 * cites its origin.
 */
export interface DefaultingOptions {
  /** `create` (default) also applies create-time admission and initial status. */
  readonly operation?: 'create' | 'update';
  /** On update: the stored object (Services keep their allocated IPs and node ports). */
  readonly old?: KubeObject;
  /** Pod admission plugins' inputs (create only). */
  readonly admission?: PodAdmissionOptions;
  /** Service IP allocation (create of a Service that asks for a cluster IP). */
  readonly allocateClusterIP?: () => string;
  /** NodePort allocation, one call per port that needs one. */
  readonly allocateNodePort?: () => number;
}

type Defaulter = (obj: Obj, options: DefaultingOptions, create: boolean) => void;

function specOf(obj: Obj): Obj {
  return child(obj, 'spec');
}

function defaultReplicas(spec: Obj): void {
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
}

function defaultHistory(spec: Obj): void {
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
}

/** apps/v1 SetDefaults_Deployment. */
const deployment: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  defaultReplicas(spec);
  const strategy = child(spec, 'strategy');
  defaultTo(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    defaultTo(rolling, 'maxUnavailable', '25%');
    defaultTo(rolling, 'maxSurge', '25%');
  }
  defaultHistory(spec);
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(spec.template);
  if (create) obj.status = {};
};

/** apps/v1 SetDefaults_ReplicaSet; status.replicas has no omitempty. */
const replicaSet: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  defaultReplicas(spec);
  defaultPodTemplate(spec.template);
  if (create) obj.status = { replicas: 0 };
};

/** apps/v1 SetDefaults_StatefulSet (PVC retention policy GA in 1.32). */
const statefulSet: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  defaultTo(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  defaultTo(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    if (rolling.partition === undefined || rolling.partition === null) rolling.partition = 0;
  }
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  defaultTo(retention, 'whenDeleted', 'Retain');
  defaultTo(retention, 'whenScaled', 'Retain');
  defaultReplicas(spec);
  defaultHistory(spec);
  defaultPodTemplate(spec.template);
  for (const claim of asList(spec.volumeClaimTemplates)) {
    // Stored claim templates carry their TypeMeta and a defaulted (Pending) status.
    defaultTo(claim, 'apiVersion', 'v1');
    defaultTo(claim, 'kind', 'PersistentVolumeClaim');
    defaultPvcSpec(child(claim, 'spec'));
    defaultTo(child(claim, 'status'), 'phase', 'Pending');
  }
  if (create) obj.status = { availableReplicas: 0, replicas: 0 };
};

/** apps/v1 SetDefaults_DaemonSet. */
const daemonSet: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  const strategy = child(spec, 'updateStrategy');
  defaultTo(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    defaultTo(rolling, 'maxUnavailable', 1);
    defaultTo(rolling, 'maxSurge', 0);
  }
  defaultHistory(spec);
  defaultPodTemplate(spec.template);
  if (create) obj.status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
};

const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';
const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/** batch/v1 SetDefaults_Job, and on create the selector the Job strategy generates. */
const job: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  const unset = (key: string): boolean => spec[key] === undefined || spec[key] === null;
  if (unset('completions') && unset('parallelism')) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset('parallelism')) spec.parallelism = 1;
  if (unset('backoffLimit')) spec.backoffLimit = unset('backoffLimitPerIndex') ? 6 : 2147483647;
  defaultTo(spec, 'completionMode', 'NonIndexed');
  if (unset('suspend')) spec.suspend = false;
  const failurePolicy = asObj(spec.podFailurePolicy);
  for (const rule of asList(failurePolicy?.rules)) {
    for (const condition of asList(rule.onPodConditions)) defaultTo(condition, 'status', 'True');
  }
  defaultTo(spec, 'podReplacementPolicy', failurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplate(spec.template);
  const metadata = child(obj, 'metadata');
  const uid = metadata.uid;
  if (create && spec.manualSelector !== true && typeof uid === 'string' && uid !== '') {
    // Job strategy generateSelector: the selector is the controller uid, and the template gets
    // both the current and the legacy label names.
    spec.selector = { matchLabels: { [JOB_UID_LABEL]: uid } };
    const templateMeta = child(child(spec, 'template'), 'metadata');
    const labels = child(templateMeta, 'labels');
    labels[JOB_UID_LABEL] = uid;
    labels[JOB_NAME_LABEL] = metadata.name;
    labels['controller-uid'] = uid;
    labels['job-name'] = metadata.name;
  }
  // SetDefaults_Job copies the template's labels to a Job without labels; the server runs it
  // again when it reads the stored object, after the generated labels were added.
  const templateLabels = asObj(asObj(asObj(spec.template)?.metadata)?.labels);
  const ownLabels = asObj(metadata.labels);
  if (templateLabels && Object.keys(templateLabels).length > 0 && (!ownLabels || Object.keys(ownLabels).length === 0)) {
    metadata.labels = { ...templateLabels };
  }
  if (create) obj.status = {};
};

/** batch/v1 SetDefaults_CronJob; the job template gets pod defaults only (no Job defaults). */
const cronJob: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  defaultTo(spec, 'concurrencyPolicy', 'Allow');
  if (spec.suspend === undefined || spec.suspend === null) spec.suspend = false;
  if (spec.successfulJobsHistoryLimit === undefined || spec.successfulJobsHistoryLimit === null) spec.successfulJobsHistoryLimit = 3;
  if (spec.failedJobsHistoryLimit === undefined || spec.failedJobsHistoryLimit === null) spec.failedJobsHistoryLimit = 1;
  defaultPodTemplate(asObj(asObj(spec.jobTemplate)?.spec)?.template);
  if (create) obj.status = {};
};

/** core/v1 Pod: SetDefaults_Pod + PodSpec defaults, admission and the initial status. */
const pod: Defaulter = (obj, options, create) => {
  const spec = specOf(obj);
  defaultPodSpec(spec);
  defaultPodOnly(spec);
  if (create) {
    admitPod(obj, options.admission);
    obj.status = { phase: 'Pending', qosClass: qosClassOf(spec) };
  }
};

/** The QoS class the Pod strategy stores at create (pkg/apis/core/helper/qos). */
export function qosClassOf(spec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...asList(spec.initContainers), ...asList(spec.containers)];
  const requests: Record<string, boolean> = {};
  let anySet = false;
  let guaranteed = true;
  const podResources = asObj(spec.resources);
  const lists = podResources && (asObj(podResources.limits) || asObj(podResources.requests)) ? [podResources] : containers.map((c) => asObj(c.resources) ?? {});
  for (const resources of lists) {
    const limits = asObj(resources.limits) ?? {};
    const reqs = asObj(resources.requests) ?? {};
    for (const name of ['cpu', 'memory']) {
      const hasLimit = limits[name] !== undefined && limits[name] !== '0';
      const hasRequest = reqs[name] !== undefined && reqs[name] !== '0';
      if (hasLimit || hasRequest) anySet = true;
      if (hasRequest) requests[name] = true;
      if (!hasLimit || (hasRequest && String(reqs[name]) !== String(limits[name]))) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const podTemplate: Defaulter = (obj) => {
  defaultPodTemplate(obj.template);
};

/** core/v1 SetDefaults_ReplicationController: the selector and labels come from the template. */
const replicationController: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  const templateLabels = asObj(asObj(asObj(spec.template)?.metadata)?.labels);
  if (templateLabels) {
    if (!asObj(spec.selector) || Object.keys(asObj(spec.selector)!).length === 0) spec.selector = { ...templateLabels };
    const metadata = child(obj, 'metadata');
    if (!asObj(metadata.labels) || Object.keys(asObj(metadata.labels)!).length === 0) metadata.labels = { ...templateLabels };
  }
  defaultReplicas(spec);
  defaultPodTemplate(spec.template);
  if (create) obj.status = { replicas: 0 };
};

function needsClusterIP(spec: Obj): boolean {
  return spec.type !== 'ExternalName' && spec.clusterIP !== 'None';
}

/** core/v1 SetDefaults_Service plus what the Service REST storage allocates and stores. */
const service: Defaulter = (obj, options, create) => {
  const spec = specOf(obj);
  defaultTo(spec, 'sessionAffinity', 'None');
  defaultTo(spec, 'type', 'ClusterIP');
  if (spec.sessionAffinity === 'ClientIP') {
    const config = child(child(spec, 'sessionAffinityConfig'), 'clientIP');
    if (config.timeoutSeconds === undefined || config.timeoutSeconds === null) config.timeoutSeconds = 10800;
  }
  for (const port of asList(spec.ports)) {
    defaultTo(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) defaultTo(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type !== 'ExternalName') defaultTo(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    spec.allocateLoadBalancerNodePorts = true;
  }
  const oldSpec = asObj(asObj(options.old)?.spec);
  if (!create && oldSpec) {
    // Service REST update: omitted allocations are kept (patchAllocatedValues).
    if (needsClusterIP(spec) && (spec.clusterIP === undefined || spec.clusterIP === '') && oldSpec.clusterIP !== undefined) {
      spec.clusterIP = oldSpec.clusterIP;
      if (spec.clusterIPs === undefined && oldSpec.clusterIPs !== undefined) spec.clusterIPs = oldSpec.clusterIPs;
    }
    if (external) {
      const oldPorts = asList(oldSpec.ports);
      for (const port of asList(spec.ports)) {
        if (port.nodePort !== undefined && port.nodePort !== 0) continue;
        const match = oldPorts.find((p) => p.port === port.port && (p.protocol ?? 'TCP') === port.protocol && p.nodePort !== undefined);
        if (match) port.nodePort = match.nodePort;
      }
    }
    for (const key of ['ipFamilies', 'ipFamilyPolicy']) if (spec[key] === undefined && oldSpec[key] !== undefined) spec[key] = oldSpec[key];
  }
  if (spec.type !== 'ExternalName') {
    const headlessWithoutSelector = spec.clusterIP === 'None' && !asObj(spec.selector);
    defaultTo(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  }
  if (needsClusterIP(spec) && (spec.clusterIP === undefined || spec.clusterIP === '') && options.allocateClusterIP) {
    spec.clusterIP = options.allocateClusterIP();
  }
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0)) {
    spec.clusterIPs = [spec.clusterIP];
  }
  if (external && options.allocateNodePort && (spec.type === 'NodePort' || spec.allocateLoadBalancerNodePorts !== false)) {
    for (const port of asList(spec.ports)) if (port.nodePort === undefined || port.nodePort === 0) port.nodePort = options.allocateNodePort();
  }
  if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && options.allocateNodePort) {
    if (spec.healthCheckNodePort === undefined || spec.healthCheckNodePort === 0) spec.healthCheckNodePort = options.allocateNodePort();
  }
  if (create) obj.status = { loadBalancer: {} };
};

/** core/v1 Namespace: SetDefaults_Namespace (name label), the strategy's finalizer, Active phase. */
const namespace: Defaulter = (obj, _options, create) => {
  const metadata = child(obj, 'metadata');
  if (typeof metadata.name === 'string' && metadata.name !== '') child(metadata, 'labels')['kubernetes.io/metadata.name'] = metadata.name;
  if (create) {
    specOf(obj).finalizers = ['kubernetes'];
    obj.status = { phase: 'Active' };
  }
};

const secret: Defaulter = (obj) => {
  defaultTo(obj, 'type', 'Opaque'); // SetDefaults_Secret
  // Convert_v1_Secret_To_core_Secret: stringData is write-only, merged over data (as base64).
  const stringData = obj.stringData;
  if (stringData && typeof stringData === 'object' && !Array.isArray(stringData)) {
    const data = (obj.data && typeof obj.data === 'object' ? obj.data : {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
};

const pvc: Defaulter = (obj, _options, create) => {
  defaultPvcSpec(specOf(obj));
  if (create) obj.status = { phase: 'Pending' };
};

const pv: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  defaultTo(spec, 'persistentVolumeReclaimPolicy', 'Retain'); // SetDefaults_PersistentVolume
  defaultTo(spec, 'volumeMode', 'Filesystem');
  canonicalizeResourceList(spec.capacity);
  if (create) obj.status = { phase: 'Pending' };
};

const endpoints: Defaulter = (obj) => {
  for (const subset of asList(obj.subsets)) for (const port of asList(subset.ports)) defaultTo(port, 'protocol', 'TCP');
};

const endpointSlice: Defaulter = (obj) => {
  for (const port of asList(obj.ports)) {
    if (port.name === undefined || port.name === null) port.name = ''; // discovery/v1 SetDefaults_EndpointPort
    defaultTo(port, 'protocol', 'TCP');
  }
};

const limitRange: Defaulter = (obj) => {
  for (const item of asList(asObj(obj.spec)?.limits)) {
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) canonicalizeResourceList(item[key]);
    if (item.type !== 'Container') continue;
    // SetDefaults_LimitRangeItem: default ← max, defaultRequest ← default, defaultRequest ← min.
    const defaults: Obj = { ...(asObj(item.default) ?? {}) };
    const defaultRequest: Obj = { ...(asObj(item.defaultRequest) ?? {}) };
    for (const [name, value] of Object.entries(asObj(item.max) ?? {})) if (defaults[name] === undefined) defaults[name] = value;
    for (const [name, value] of Object.entries(defaults)) if (defaultRequest[name] === undefined) defaultRequest[name] = value;
    for (const [name, value] of Object.entries(asObj(item.min) ?? {})) if (defaultRequest[name] === undefined) defaultRequest[name] = value;
    if (Object.keys(defaults).length > 0) item.default = defaults;
    if (Object.keys(defaultRequest).length > 0) item.defaultRequest = defaultRequest;
  }
};

const resourceQuota: Defaulter = (obj) => {
  canonicalizeResourceList(asObj(obj.spec)?.hard);
};

const node: Defaulter = (obj) => {
  const status = asObj(obj.status);
  if (!status) return;
  canonicalizeResourceList(status.capacity);
  canonicalizeResourceList(status.allocatable);
  // SetDefaults_NodeStatus: allocatable defaults to capacity.
  if (asObj(status.capacity) && !asObj(status.allocatable)) status.allocatable = { ...asObj(status.capacity)! };
};

/** networking/v1 SetDefaults_NetworkPolicy(Port). */
const networkPolicy: Defaulter = (obj) => {
  const spec = specOf(obj);
  for (const rule of [...asList(spec.ingress), ...asList(spec.egress)]) for (const port of asList(rule.ports)) defaultTo(port, 'protocol', 'TCP');
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
};

const ingressClass: Defaulter = (obj) => {
  // networking/v1 SetDefaults_IngressClass: parameters without a scope are cluster-scoped.
  const parameters = asObj(asObj(obj.spec)?.parameters);
  if (parameters) defaultTo(parameters, 'scope', 'Cluster');
};

function defaultScalingRules(rules: Obj | undefined, kind: 'up' | 'down'): Obj {
  const out: Obj = { ...(rules ?? {}) };
  if (out.stabilizationWindowSeconds === undefined || out.stabilizationWindowSeconds === null) out.stabilizationWindowSeconds = kind === 'up' ? 0 : 300;
  defaultTo(out, 'selectPolicy', 'Max');
  if (!Array.isArray(out.policies)) {
    out.policies =
      kind === 'up'
        ? [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }]
        : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  }
  return out;
}

/** autoscaling/v2 SetDefaults_HorizontalPodAutoscaler(+Behavior). */
const hpaV2: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  if (spec.minReplicas === undefined || spec.minReplicas === null) spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = asObj(spec.behavior);
  if (behavior) {
    behavior.scaleUp = defaultScalingRules(asObj(behavior.scaleUp), 'up');
    behavior.scaleDown = defaultScalingRules(asObj(behavior.scaleDown), 'down');
  }
  for (const metric of asList(spec.metrics)) {
    for (const source of ['resource', 'pods', 'object', 'external', 'containerResource']) {
      const target = asObj(asObj(metric[source])?.target);
      if (target) {
        canonicalizeQuantityField(target, 'value');
        canonicalizeQuantityField(target, 'averageValue');
      }
    }
  }
  if (create) obj.status = { currentMetrics: null, desiredReplicas: 0 };
};

const hpaV1: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  if (spec.minReplicas === undefined || spec.minReplicas === null) spec.minReplicas = 1;
  if (create) obj.status = { currentReplicas: 0, desiredReplicas: 0 };
};

const pdb: Defaulter = (obj, _options, create) => {
  if (create) obj.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
};

const RBAC = 'rbac.authorization.k8s.io';
/** rbac/v1 SetDefaults_(Cluster)RoleBinding and SetDefaults_Subject. */
const binding: Defaulter = (obj) => {
  const roleRef = asObj(obj.roleRef);
  if (roleRef) defaultTo(roleRef, 'apiGroup', RBAC);
  for (const subject of asList(obj.subjects)) {
    if (subject.apiGroup !== undefined && subject.apiGroup !== '') continue;
    if (subject.kind === 'ServiceAccount') subject.apiGroup = '';
    else if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RBAC;
  }
};

/** apiextensions/v1 SetDefaults_CustomResourceDefinition(Spec) and the strategy's status. */
const crd: Defaulter = (obj, _options, create) => {
  const spec = specOf(obj);
  const names = child(spec, 'names');
  if (typeof names.kind === 'string') {
    defaultTo(names, 'singular', names.kind.toLowerCase());
    defaultTo(names, 'listKind', `${names.kind}List`);
  }
  if (!asObj(spec.conversion)) spec.conversion = { strategy: 'None' };
  const conversion = asObj(spec.conversion)!;
  defaultTo(conversion, 'strategy', 'None');
  const webhook = asObj(conversion.webhook);
  const clientService = asObj(asObj(webhook?.clientConfig)?.service);
  if (clientService && (clientService.port === undefined || clientService.port === null)) clientService.port = 443;
  if (create) {
    const storage = asList(spec.versions).find((v) => v.storage === true);
    obj.status = { acceptedNames: { kind: '', plural: '' }, storedVersions: storage ? [storage.name] : [] };
  }
};

const priorityClass: Defaulter = (obj) => {
  defaultTo(obj, 'preemptionPolicy', 'PreemptLowerPriority'); // scheduling/v1 SetDefaults_PriorityClass
};

const storageClass: Defaulter = (obj) => {
  defaultTo(obj, 'reclaimPolicy', 'Delete'); // storage/v1 SetDefaults_StorageClass
  defaultTo(obj, 'volumeBindingMode', 'Immediate');
};

/** storage/v1 SetDefaults_CSIDriver. */
const csiDriver: Defaulter = (obj) => {
  const spec = specOf(obj);
  for (const [key, value] of [['attachRequired', true], ['podInfoOnMount', false], ['storageCapacity', false], ['requiresRepublish', false], ['seLinuxMount', false]] as const) {
    if (spec[key] === undefined || spec[key] === null) spec[key] = value;
  }
  if (!Array.isArray(spec.volumeLifecycleModes) || spec.volumeLifecycleModes.length === 0) spec.volumeLifecycleModes = ['Persistent'];
  defaultTo(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
};

/** The defaulters, keyed `group/Kind` (the core group is empty: `/Pod`). */
const DEFAULTERS: Readonly<Record<string, Defaulter>> = {
  '/Pod': pod,
  '/PodTemplate': podTemplate,
  '/ReplicationController': replicationController,
  '/Service': service,
  '/Namespace': namespace,
  '/Secret': secret,
  '/PersistentVolumeClaim': pvc,
  '/PersistentVolume': pv,
  '/Endpoints': endpoints,
  '/LimitRange': limitRange,
  '/ResourceQuota': resourceQuota,
  '/Node': node,
  'apps/Deployment': deployment,
  'apps/ReplicaSet': replicaSet,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'batch/Job': job,
  'batch/CronJob': cronJob,
  'autoscaling/HorizontalPodAutoscaler': hpaV2,
  'policy/PodDisruptionBudget': pdb,
  'networking.k8s.io/NetworkPolicy': networkPolicy,
  'networking.k8s.io/IngressClass': ingressClass,
  'discovery.k8s.io/EndpointSlice': endpointSlice,
  'rbac.authorization.k8s.io/RoleBinding': binding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': binding,
  'apiextensions.k8s.io/CustomResourceDefinition': crd,
  'scheduling.k8s.io/PriorityClass': priorityClass,
  'storage.k8s.io/StorageClass': storageClass,
  'storage.k8s.io/CSIDriver': csiDriver,
};

/** True when the kind has defaulting of its own (everything else is stored as sent). */
export function hasDefaults(apiVersion: string, kind: string): boolean {
  return `${splitApiVersion(apiVersion).group}/${kind}` in DEFAULTERS;
}

/**
 * The object as the API server would store it: a copy of `obj` with the defaults of its kind.
 * Pure: allocation and admission inputs come through `options`. Unknown kinds (custom
 * resources) come back unchanged (their schema defaults are the CRD layer's job).
 */
export function defaultObject(obj: KubeObject, options: DefaultingOptions = {}): KubeObject {
  const out = cloneJson(obj);
  const { group, version } = splitApiVersion(out.apiVersion ?? '');
  const create = (options.operation ?? 'create') === 'create';
  const key = `${group}/${out.kind}`;
  const defaulter = group === 'autoscaling' && version === 'v1' && out.kind === 'HorizontalPodAutoscaler' ? hpaV1 : DEFAULTERS[key];
  defaulter?.(out as Obj, options, create);
  return out;
}
