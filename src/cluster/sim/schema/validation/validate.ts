import type { KubeObject } from '../../../../core/index.ts';
import { isPlainObject, parseQuantity, splitApiVersion } from '../../../../core/index.ts';
import type { Loose } from '../loose.ts';
import type { FieldError } from './field-error.ts';
import { duplicate, forbidden, goValue, invalid, notFound, notSupported, required, tooLong } from './field-error.ts';
import { isConfigMapKey, isDns1035Label, isDns1123Label, isDns1123Subdomain, isPathSegmentName, isQualifiedName, isValidLabelValue, isValidPortName } from './names.ts';

/**
 * Validation of the built-in kinds as the API server's `pkg/apis/<group>/validation` does it
 * after defaulting: object names per kind, labels and annotations, required fields, ranges,
 * selectors against template labels, and the fields an update may not change. Checks run on
 * the defaulted object, so a missing defaulted field is not reported twice.
 */
export interface ValidationOptions {
  readonly operation: 'create' | 'update';
  /** The stored object, on update. */
  readonly old?: KubeObject;
}

type Errors = FieldError[];
type Validator = (obj: Loose, errors: Errors, options: ValidationOptions) => void;
type NameCheck = (value: string) => string[];

const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter(isPlainObject) : []);
const obj = (value: unknown): Loose | undefined => (isPlainObject(value) ? value : undefined);
const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isPlainObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

function validateLabels(labels: unknown, path: string, errors: Errors): void {
  for (const [key, value] of Object.entries(obj(labels) ?? {})) {
    for (const msg of isQualifiedName(key)) errors.push(invalid(path, key, msg));
    for (const msg of isValidLabelValue(String(value))) errors.push(invalid(path, value, msg));
  }
}

function validateMeta(metadata: Loose, nameCheck: NameCheck, errors: Errors): void {
  const name = metadata.name;
  const generateName = metadata.generateName;
  if ((typeof name !== 'string' || name === '') && (typeof generateName !== 'string' || generateName === '')) {
    errors.push(required('metadata.name', 'name or generateName is required'));
  } else if (typeof name === 'string' && name !== '') {
    for (const msg of nameCheck(name)) errors.push(invalid('metadata.name', name, msg));
  } else if (typeof generateName === 'string') {
    // The generated suffix makes a trailing dash valid: check the prefix as the server does.
    const masked = generateName.endsWith('-') ? `${generateName.replace(/-+$/, '')}a` : generateName;
    for (const msg of nameCheck(masked)) errors.push(invalid('metadata.generateName', generateName, msg));
  }
  validateLabels(metadata.labels, 'metadata.labels', errors);
  const annotations = obj(metadata.annotations) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(key.toLowerCase())) errors.push(invalid('metadata.annotations', key, msg));
    size += key.length + String(value).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE) errors.push(tooLong('metadata.annotations', TOTAL_ANNOTATION_SIZE));
  for (const [i, finalizer] of (Array.isArray(metadata.finalizers) ? metadata.finalizers : []).entries()) {
    if (typeof finalizer !== 'string') continue;
    for (const msg of isQualifiedName(finalizer)) errors.push(invalid(`metadata.finalizers[${i}]`, finalizer, msg));
  }
}

function validateUpdateMeta(metadata: Loose, old: Loose | undefined, errors: Errors): void {
  const oldMeta = obj(old?.metadata);
  if (!oldMeta) return;
  for (const key of ['name', 'namespace', 'uid', 'creationTimestamp']) {
    if (oldMeta[key] !== undefined && metadata[key] !== undefined && metadata[key] !== oldMeta[key]) {
      errors.push(invalid(`metadata.${key}`, metadata[key], 'field is immutable'));
    }
  }
}

function rangeError(path: string, value: unknown, min: number, max?: number): FieldError | undefined {
  if (typeof value !== 'number') return undefined;
  if (max !== undefined && (value < min || value > max)) return invalid(path, value, `must be between ${min} and ${max}, inclusive`);
  if (value < min) return invalid(path, value, `must be greater than or equal to ${min}`);
  return undefined;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Resource maps (`requests`, `limits`): every value a quantity, as the API server decodes them. */
function validateQuantities(map: unknown, path: string, errors: Errors): void {
  for (const [name, value] of Object.entries(obj(map) ?? {})) {
    if ((typeof value !== 'string' && typeof value !== 'number') || parseQuantity(value) === undefined) errors.push(invalid(`${path}[${name}]`, value, QUANTITY_FORMAT));
  }
}

function validateContainers(containers: Loose[], path: string, volumes: Set<string>, seen: Set<string>, errors: Errors): void {
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (typeof c.name !== 'string' || c.name === '') errors.push(required(`${at}.name`));
    else {
      for (const msg of isDns1123Label(c.name)) errors.push(invalid(`${at}.name`, c.name, msg));
      if (seen.has(c.name)) errors.push(duplicate(`${at}.name`, c.name));
      seen.add(c.name);
    }
    if (typeof c.image !== 'string' || c.image.trim() === '') errors.push(required(`${at}.image`));
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) errors.push(notSupported(`${at}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    validateQuantities(obj(c.resources)?.requests, `${at}.resources.requests`, errors);
    validateQuantities(obj(c.resources)?.limits, `${at}.resources.limits`, errors);
    const portNames = new Set<string>();
    list(c.ports).forEach((p, j) => {
      const pat = `${at}.ports[${j}]`;
      if (p.containerPort === undefined) errors.push(required(`${pat}.containerPort`));
      else {
        const e = rangeError(`${pat}.containerPort`, p.containerPort, 1, 65535);
        if (e) errors.push(e);
      }
      if (p.hostPort !== undefined && p.hostPort !== 0) {
        const e = rangeError(`${pat}.hostPort`, p.hostPort, 1, 65535);
        if (e) errors.push(e);
      }
      if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errors.push(notSupported(`${pat}.protocol`, p.protocol, PROTOCOLS));
      if (typeof p.name === 'string' && p.name !== '') {
        for (const msg of isValidPortName(p.name)) errors.push(invalid(`${pat}.name`, p.name, msg));
        if (portNames.has(p.name)) errors.push(duplicate(`${pat}.name`, p.name));
        portNames.add(p.name);
      }
    });
    const envNames = list(c.env);
    envNames.forEach((e, j) => {
      if (typeof e.name !== 'string' || e.name === '') errors.push(required(`${at}.env[${j}].name`));
    });
    const mountPaths = new Set<string>();
    list(c.volumeMounts).forEach((m, j) => {
      const mat = `${at}.volumeMounts[${j}]`;
      if (typeof m.name !== 'string' || m.name === '') errors.push(required(`${mat}.name`));
      else if (!volumes.has(m.name)) errors.push(notFound(`${mat}.name`, m.name));
      if (typeof m.mountPath !== 'string' || m.mountPath === '') errors.push(required(`${mat}.mountPath`));
      else {
        if (mountPaths.has(m.mountPath)) errors.push(invalid(`${mat}.mountPath`, m.mountPath, 'must be unique'));
        mountPaths.add(m.mountPath);
      }
    });
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const p = obj(c[probe]);
      if (!p) continue;
      for (const field of ['timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'initialDelaySeconds']) {
        const e = rangeError(`${at}.${probe}.${field}`, p[field], field === 'initialDelaySeconds' ? 0 : 1);
        if (e) errors.push(e);
      }
      const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => p[h] !== undefined);
      if (handlers.length === 0) errors.push(required(`${at}.${probe}`, 'must specify a handler type'));
      else if (handlers.length > 1) errors.push(forbidden(`${at}.${probe}.${handlers[1]}`, `may not specify more than 1 handler type`));
      if (probe !== 'readinessProbe' && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
        errors.push(invalid(`${at}.${probe}.successThreshold`, p.successThreshold, 'must be 1'));
      }
    }
  });
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];

/** ValidatePodSpec (the parts a manifest gets wrong). */
function validatePodSpec(spec: Loose | undefined, path: string, errors: Errors): void {
  if (!spec) {
    errors.push(required(path));
    return;
  }
  const volumes = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    const at = `${path}.volumes[${i}]`;
    if (typeof v.name !== 'string' || v.name === '') errors.push(required(`${at}.name`));
    else {
      for (const msg of isDns1123Label(v.name)) errors.push(invalid(`${at}.name`, v.name, msg));
      if (volumes.has(v.name)) errors.push(duplicate(`${at}.name`, v.name));
      volumes.add(v.name);
    }
  });
  const containers = list(spec.containers);
  if (containers.length === 0) errors.push(required(`${path}.containers`));
  const names = new Set<string>();
  validateContainers(list(spec.initContainers), `${path}.initContainers`, volumes, names, errors);
  validateContainers(containers, `${path}.containers`, volumes, names, errors);
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy)) errors.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) errors.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  const grace = rangeError(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 0);
  if (grace) errors.push(grace);
  const deadline = typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds < 1 ? invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive') : undefined;
  if (deadline) errors.push(deadline);
  validateLabels(spec.nodeSelector, `${path}.nodeSelector`, errors);
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    for (const msg of isDns1123Subdomain(spec.serviceAccountName)) errors.push(invalid(`${path}.serviceAccountName`, spec.serviceAccountName, msg));
  }
}

/** Does `selector` (a LabelSelector) match `labels`? */
export function selectorMatches(selector: Loose, labels: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(obj(selector.matchLabels) ?? {})) if (labels[key] !== value) return false;
  for (const e of list(selector.matchExpressions)) {
    const has = Object.hasOwn(labels, e.key);
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function formatSelector(selector: unknown): string {
  const s = obj(selector) ?? {};
  const labels = obj(s.matchLabels);
  const ml = labels ? `map[string]string{${Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}` : 'map[string]string(nil)';
  const me = Array.isArray(s.matchExpressions) ? `[]v1.LabelSelectorRequirement{...}` : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

const selectorValue = (selector: unknown): unknown => goValue(formatSelector(selector));

function validateLabelSelector(selector: Loose, path: string, errors: Errors): void {
  validateLabels(selector.matchLabels, `${path}.matchLabels`, errors);
  list(selector.matchExpressions).forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const ops = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
    if (!ops.includes(e.operator)) errors.push(notSupported(`${at}.operator`, e.operator, ops));
    const values = Array.isArray(e.values) ? e.values : [];
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) errors.push(required(`${at}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) errors.push(forbidden(`${at}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    if (typeof e.key === 'string') for (const msg of isQualifiedName(e.key)) errors.push(invalid(`${at}.key`, e.key, msg));
  });
}

/** Selector + template checks shared by the apps/v1 workloads. */
function validateWorkload(spec: Loose | undefined, errors: Errors, what: string, options: { restartAlways?: boolean } = {}): void {
  if (!spec) {
    errors.push(required('spec'));
    return;
  }
  const replicas = rangeError('spec.replicas', spec.replicas, 0);
  if (replicas) errors.push(replicas);
  const minReady = rangeError('spec.minReadySeconds', spec.minReadySeconds, 0);
  if (minReady) errors.push(minReady);
  const history = rangeError('spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0);
  if (history) errors.push(history);
  const selector = obj(spec.selector);
  if (!selector) errors.push(required('spec.selector'));
  else {
    validateLabelSelector(selector, 'spec.selector', errors);
    if (Object.keys(obj(selector.matchLabels) ?? {}).length === 0 && list(selector.matchExpressions).length === 0) {
      errors.push(invalid('spec.selector', selectorValue(selector), `empty selector is invalid for ${what}`));
    }
  }
  const template = obj(spec.template);
  if (!template) {
    errors.push(required('spec.template'));
    return;
  }
  const labels = obj(obj(template.metadata)?.labels) ?? {};
  validateLabels(labels, 'spec.template.metadata.labels', errors);
  if (selector && (Object.keys(obj(selector.matchLabels) ?? {}).length > 0 || list(selector.matchExpressions).length > 0) && !selectorMatches(selector, labels)) {
    errors.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  const podSpec = obj(template.spec);
  validatePodSpec(podSpec, 'spec.template.spec', errors);
  if (options.restartAlways !== false && podSpec?.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always') {
    errors.push(notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy, ['Always']));
  }
}

function immutableSelector(obj1: Loose, options: ValidationOptions, errors: Errors): void {
  if (options.operation !== 'update' || !options.old) return;
  const oldSelector = obj((options.old as Loose).spec)?.selector;
  const selector = obj(obj1.spec)?.selector;
  if (oldSelector !== undefined && !deepEqual(oldSelector, selector)) errors.push(invalid('spec.selector', selectorValue(selector), 'field is immutable'));
}

function validateIntOrPercent(value: unknown, path: string, errors: Errors): void {
  if (value === undefined) return;
  if (typeof value === 'number') {
    if (value < 0) errors.push(invalid(path, value, 'must be greater than or equal to 0'));
    return;
  }
  if (typeof value !== 'string' || !/^[0-9]+%$/.test(value)) {
    errors.push(invalid(path, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    return;
  }
  if (Number(value.slice(0, -1)) > 100) errors.push(invalid(path, value, 'must not be greater than 100%'));
}

const isZero = (v: unknown): boolean => v === 0 || v === '0%';

const deployment: Validator = (o, errors, options) => {
  const spec = obj(o.spec);
  validateWorkload(spec, errors, 'deployment');
  immutableSelector(o, options, errors);
  const strategy = obj(spec?.strategy);
  if (!strategy) return;
  const types = ['Recreate', 'RollingUpdate'];
  if (!types.includes(strategy.type)) errors.push(notSupported('spec.strategy.type', strategy.type, types));
  const rolling = obj(strategy.rollingUpdate);
  if (strategy.type === 'Recreate' && rolling) errors.push(forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
  if (strategy.type === 'RollingUpdate' && rolling) {
    validateIntOrPercent(rolling.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', errors);
    validateIntOrPercent(rolling.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', errors);
    if (isZero(rolling.maxUnavailable) && isZero(rolling.maxSurge)) {
      errors.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  if (typeof spec?.progressDeadlineSeconds === 'number') {
    if (spec.progressDeadlineSeconds < 0) errors.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than or equal to 0'));
    else if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) errors.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
};

const replicaSet: Validator = (o, errors, options) => {
  validateWorkload(obj(o.spec), errors, 'replicaset');
  immutableSelector(o, options, errors);
};

const daemonSet: Validator = (o, errors, options) => {
  validateWorkload(obj(o.spec), errors, 'daemonset');
  immutableSelector(o, options, errors);
};

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
const statefulSet: Validator = (o, errors, options) => {
  const spec = obj(o.spec);
  validateWorkload(spec, errors, 'statefulset');
  const policies = ['OrderedReady', 'Parallel'];
  if (spec?.podManagementPolicy !== undefined && !policies.includes(spec.podManagementPolicy)) errors.push(notSupported('spec.podManagementPolicy', spec.podManagementPolicy, policies));
  if (options.operation === 'update' && options.old) {
    const oldSpec = obj((options.old as Loose).spec) ?? {};
    const strip = (s: Loose): Loose => Object.fromEntries(Object.entries(s).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!deepEqual(strip(spec ?? {}), strip(oldSpec))) {
      errors.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  }
};

const JOB_RESTART = ['OnFailure', 'Never'];
const job: Validator = (o, errors, options) => {
  const spec = obj(o.spec);
  if (!spec) {
    errors.push(required('spec'));
    return;
  }
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) {
    const e = rangeError(`spec.${field}`, spec[field], 0);
    if (e) errors.push(e);
  }
  const template = obj(spec.template);
  if (!template) errors.push(required('spec.template'));
  else {
    validatePodSpec(obj(template.spec), 'spec.template.spec', errors);
    const restart = obj(template.spec)?.restartPolicy;
    if (restart === 'Always' || restart === undefined) errors.push(notSupported('spec.template.spec.restartPolicy', restart ?? '', JOB_RESTART));
    const selector = obj(spec.selector);
    if (spec.manualSelector === true) {
      if (!selector) errors.push(required('spec.selector'));
      else if (!selectorMatches(selector, obj(obj(template.metadata)?.labels) ?? {})) {
        errors.push(invalid('spec.template.metadata.labels', obj(obj(template.metadata)?.labels) ?? {}, '`selector` does not match template `labels`'));
      }
    }
  }
  if (options.operation === 'update' && options.old) {
    const oldSpec = obj((options.old as Loose).spec) ?? {};
    if (oldSpec.selector !== undefined && !deepEqual(oldSpec.selector, spec.selector)) errors.push(invalid('spec.selector', selectorValue(spec.selector), 'field is immutable'));
    if (oldSpec.completions !== undefined && spec.completions !== oldSpec.completions && oldSpec.completionMode !== 'Indexed') errors.push(invalid('spec.completions', spec.completions, 'field is immutable'));
    // The template is immutable except for a suspended Job's scheduling directives.
    if (oldSpec.template !== undefined && !deepEqual(oldSpec.template, spec.template) && oldSpec.suspend !== true) {
      errors.push(invalid('spec.template', goValue('core.PodTemplateSpec{...}'), 'field is immutable'));
    }
  }
};

const cronJob: Validator = (o, errors) => {
  const spec = obj(o.spec);
  if (!spec) {
    errors.push(required('spec'));
    return;
  }
  if (typeof spec.schedule !== 'string' || spec.schedule.trim() === '') errors.push(required('spec.schedule'));
  else {
    const fields = spec.schedule.trim().split(/\s+/);
    if (!spec.schedule.trim().startsWith('@') && fields.length !== 5) errors.push(invalid('spec.schedule', spec.schedule, `expected exactly 5 fields, found ${fields.length}: ${spec.schedule}`));
  }
  const policies = ['Allow', 'Forbid', 'Replace'];
  if (spec.concurrencyPolicy !== undefined && !policies.includes(spec.concurrencyPolicy)) errors.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, policies));
  const template = obj(obj(obj(spec.jobTemplate)?.spec)?.template);
  if (!template) errors.push(required('spec.jobTemplate.spec.template'));
  else {
    validatePodSpec(obj(template.spec), 'spec.jobTemplate.spec.template.spec', errors);
    const restart = obj(template.spec)?.restartPolicy;
    if (restart === 'Always' || restart === undefined) errors.push(notSupported('spec.jobTemplate.spec.template.spec.restartPolicy', restart ?? '', JOB_RESTART));
  }
};

const POD_MUTABLE_NOTE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
const pod: Validator = (o, errors, options) => {
  const spec = obj(o.spec);
  validatePodSpec(spec, 'spec', errors);
  if (options.operation === 'update' && options.old && spec) {
    const oldSpec = obj((options.old as Loose).spec) ?? {};
    const comparable = (s: Loose): Loose => {
      const copy = structuredClone(s);
      for (const key of ['initContainers', 'containers']) for (const c of list(copy[key])) delete c.image;
      delete copy.activeDeadlineSeconds;
      delete copy.tolerations;
      delete copy.terminationGracePeriodSeconds;
      delete copy.schedulingGates;
      return copy;
    };
    if (!deepEqual(comparable(spec), comparable(oldSpec))) errors.push(forbidden('spec', POD_MUTABLE_NOTE));
  }
};

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const service: Validator = (o, errors, options) => {
  const spec = obj(o.spec);
  if (!spec) {
    errors.push(required('spec'));
    return;
  }
  if (!SERVICE_TYPES.includes(spec.type)) errors.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  const ports = list(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (spec.type === 'ExternalName') {
    if (typeof spec.externalName !== 'string' || spec.externalName === '') errors.push(required('spec.externalName'));
  } else if (ports.length === 0 && !headless) errors.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && (typeof p.name !== 'string' || p.name === '')) errors.push(required(`${at}.name`));
    if (typeof p.name === 'string' && p.name !== '') {
      for (const msg of isDns1123Label(p.name)) errors.push(invalid(`${at}.name`, p.name, msg));
      if (names.has(p.name)) errors.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    const range = p.port === undefined ? required(`${at}.port`) : rangeError(`${at}.port`, p.port, 1, 65535);
    if (range) errors.push(range);
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errors.push(notSupported(`${at}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.targetPort === 'number') {
      const e = rangeError(`${at}.targetPort`, p.targetPort, 1, 65535);
      if (e) errors.push(e);
    } else if (typeof p.targetPort === 'string') {
      for (const msg of isValidPortName(p.targetPort)) errors.push(invalid(`${at}.targetPort`, p.targetPort, msg));
    }
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (spec.type === 'ClusterIP' || spec.type === 'ExternalName') errors.push(forbidden(`${at}.nodePort`, 'may not be used when `type` is \'ClusterIP\''));
      else {
        const e = rangeError(`${at}.nodePort`, p.nodePort, 1, 65535);
        if (e) errors.push(e);
      }
    }
  });
  validateLabels(spec.selector, 'spec.selector', errors);
  if (options.operation === 'update' && options.old) {
    const oldSpec = obj((options.old as Loose).spec) ?? {};
    const changeable = oldSpec.type === 'ExternalName' || spec.type === 'ExternalName';
    if (!changeable && typeof oldSpec.clusterIP === 'string' && oldSpec.clusterIP !== '' && spec.clusterIP !== oldSpec.clusterIP) {
      errors.push(invalid('spec.clusterIPs[0]', Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP ?? ''], 'may not change once set'));
    }
  }
};

function validateDataKeys(data: unknown, path: string, errors: Errors): void {
  for (const key of Object.keys(obj(data) ?? {})) for (const msg of isConfigMapKey(key)) errors.push(invalid(`${path}[${key}]`, key, msg));
}

function immutableData(o: Loose, options: ValidationOptions, errors: Errors, fields: string[]): void {
  if (options.operation !== 'update' || !options.old) return;
  const old = options.old as Loose;
  if (old.immutable !== true) return;
  if (o.immutable !== true) errors.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const field of fields) if (!deepEqual(old[field] ?? {}, o[field] ?? {})) errors.push(forbidden(field, 'field is immutable when `immutable` is set'));
}

const DATA_LIMIT = 1024 * 1024;
const configMap: Validator = (o, errors, options) => {
  validateDataKeys(o.data, 'data', errors);
  validateDataKeys(o.binaryData, 'binaryData', errors);
  for (const key of Object.keys(obj(o.data) ?? {})) if (Object.hasOwn(obj(o.binaryData) ?? {}, key)) errors.push(invalid('data', key, 'duplicate of key present in binaryData'));
  const size = JSON.stringify(o.data ?? {}).length + JSON.stringify(o.binaryData ?? {}).length;
  if (size > DATA_LIMIT) errors.push(tooLong('', DATA_LIMIT));
  immutableData(o, options, errors, ['data', 'binaryData']);
};

const secret: Validator = (o, errors, options) => {
  validateDataKeys(o.data, 'data', errors);
  if (o.type === 'kubernetes.io/tls') {
    for (const key of ['tls.crt', 'tls.key']) if (!Object.hasOwn(obj(o.data) ?? {}, key)) errors.push(required(`data[${key}]`));
  }
  if (o.type === 'kubernetes.io/dockerconfigjson' && !Object.hasOwn(obj(o.data) ?? {}, '.dockerconfigjson')) errors.push(required('data[.dockerconfigjson]'));
  if (options.operation === 'update' && options.old) {
    const oldType = (options.old as Loose).type;
    if (oldType !== undefined && o.type !== oldType) errors.push(invalid('type', o.type, 'field is immutable'));
  }
  immutableData(o, options, errors, ['data']);
};

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const ingress: Validator = (o, errors) => {
  const spec = obj(o.spec) ?? {};
  if (list(spec.rules).length === 0 && !obj(spec.defaultBackend)) errors.push(invalid('spec', goValue('networking.IngressSpec{...}'), 'either `defaultBackend` or `rules` must be specified'));
  list(spec.rules).forEach((rule, i) => {
    if (typeof rule.host === 'string' && rule.host !== '') {
      const host = rule.host.startsWith('*.') ? rule.host.slice(2) : rule.host;
      for (const msg of isDns1123Subdomain(host)) errors.push(invalid(`spec.rules[${i}].host`, rule.host, msg));
    }
    list(obj(rule.http)?.paths).forEach((p, j) => {
      const at = `spec.rules[${i}].http.paths[${j}]`;
      if (p.pathType === undefined) errors.push(required(`${at}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(p.pathType)) errors.push(notSupported(`${at}.pathType`, p.pathType, PATH_TYPES));
      else if (p.pathType !== 'ImplementationSpecific' && !(typeof p.path === 'string' && p.path.startsWith('/'))) errors.push(invalid(`${at}.path`, p.path ?? '', 'must be an absolute path'));
      const backend = obj(p.backend);
      if (!backend || (!obj(backend.service) && !obj(backend.resource))) errors.push(invalid(`${at}.backend`, goValue('networking.IngressBackend{...}'), 'one backend (service or resource) must be specified'));
      const svc = obj(backend?.service);
      if (svc && !obj(svc.port)) errors.push(required(`${at}.backend.service.port`, 'port name or number is required'));
    });
  });
};

const pvc: Validator = (o, errors, options) => {
  const spec = obj(o.spec) ?? {};
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0 && !obj(spec.dataSourceRef)) errors.push(required('spec.accessModes', 'at least 1 access mode is required'));
  const storage = obj(obj(spec.resources)?.requests)?.storage;
  if (storage === undefined) errors.push(required('spec.resources[storage]'));
  validateQuantities(obj(spec.resources)?.requests, 'spec.resources.requests', errors);
  validateQuantities(obj(spec.resources)?.limits, 'spec.resources.limits', errors);
  if (options.operation === 'update' && options.old) {
    const oldSpec = obj((options.old as Loose).spec) ?? {};
    const strip = (s: Loose): Loose => ({ ...s, resources: { ...(obj(s.resources) ?? {}), requests: undefined }, volumeAttributesClassName: undefined, volumeName: oldSpec.volumeName === undefined ? undefined : s.volumeName });
    if (!deepEqual(strip(spec), strip(oldSpec))) {
      errors.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
  }
};

const pdb: Validator = (o, errors) => {
  const spec = obj(o.spec) ?? {};
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errors.push(invalid('spec', goValue('policy.PodDisruptionBudgetSpec{...}'), 'minAvailable and maxUnavailable cannot be both set'));
  validateIntOrPercent(spec.minAvailable, 'spec.minAvailable', errors);
  validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable', errors);
};

const crd: Validator = (o, errors, options) => {
  const spec = obj(o.spec) ?? {};
  const names = obj(spec.names) ?? {};
  const name = o.metadata?.name;
  if (typeof names.plural !== 'string' || names.plural === '') errors.push(required('spec.names.plural'));
  if (typeof names.kind !== 'string' || names.kind === '') errors.push(required('spec.names.kind'));
  if (typeof spec.group !== 'string' || spec.group === '') errors.push(required('spec.group'));
  else if (!spec.group.includes('.')) errors.push(invalid('spec.group', spec.group, "should be a domain with at least one dot"));
  if (typeof name === 'string' && name !== `${names.plural}.${spec.group}`) errors.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  const scopes = ['Cluster', 'Namespaced'];
  if (!scopes.includes(spec.scope)) errors.push(notSupported('spec.scope', spec.scope, scopes));
  const versions = list(spec.versions);
  if (versions.length === 0) errors.push(required('spec.versions', 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => v.storage === true).length !== 1) errors.push(invalid('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version'));
  if (options.operation === 'update' && options.old) {
    const oldSpec = obj((options.old as Loose).spec) ?? {};
    if (oldSpec.scope !== undefined && spec.scope !== oldSpec.scope) errors.push(invalid('spec.scope', spec.scope, 'field is immutable'));
    if (oldSpec.group !== undefined && spec.group !== oldSpec.group) errors.push(invalid('spec.group', spec.group, 'field is immutable'));
  }
};

const namespace: Validator = () => {};

/** Object name rule per kind (`group/Kind`); the rest use DNS-1123 subdomains. */
const NAME_CHECKS: Readonly<Record<string, NameCheck>> = {
  '/Namespace': isDns1123Label,
  '/Service': isDns1035Label,
  'rbac.authorization.k8s.io/Role': isPathSegmentName,
  'rbac.authorization.k8s.io/ClusterRole': isPathSegmentName,
  'rbac.authorization.k8s.io/RoleBinding': isPathSegmentName,
  'rbac.authorization.k8s.io/ClusterRoleBinding': isPathSegmentName,
};

const VALIDATORS: Readonly<Record<string, Validator>> = {
  '/Pod': pod,
  '/Service': service,
  '/ConfigMap': configMap,
  '/Secret': secret,
  '/Namespace': namespace,
  '/PersistentVolumeClaim': pvc,
  'apps/Deployment': deployment,
  'apps/ReplicaSet': replicaSet,
  'apps/DaemonSet': daemonSet,
  'apps/StatefulSet': statefulSet,
  'batch/Job': job,
  'batch/CronJob': cronJob,
  'networking.k8s.io/Ingress': ingress,
  'policy/PodDisruptionBudget': pdb,
  'apiextensions.k8s.io/CustomResourceDefinition': crd,
};

/** The name rule of a kind, for callers validating names alone (e.g. `generateName`). */
export function nameCheckFor(group: string, kind: string): NameCheck {
  return NAME_CHECKS[`${group}/${kind}`] ?? isDns1123Subdomain;
}

/**
 * Field errors of `obj` (already defaulted) for a create or an update; empty when valid.
 * Custom resources get the metadata checks only (their schema is the CRD layer's job).
 */
export function validateObject(object: KubeObject, options: ValidationOptions): FieldError[] {
  const errors: FieldError[] = [];
  const o = object as Loose;
  const { group } = splitApiVersion(object.apiVersion ?? '');
  const key = `${group}/${object.kind}`;
  const metadata = obj(o.metadata) ?? {};
  validateMeta(metadata, nameCheckFor(group, object.kind), errors);
  if (options.operation === 'update') validateUpdateMeta(metadata, options.old as Loose | undefined, errors);
  VALIDATORS[key]?.(o, errors, options);
  return errors;
}
