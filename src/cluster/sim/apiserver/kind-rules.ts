import type { KubeObject } from '../../../core/index.ts';
import type { PropagationPolicy } from '../../types.ts';
import type { GenerationPolicy } from '../store/index.ts';

/**
 * Per-kind behaviour of the API server's registry strategies, keyed `group/Kind` (core group:
 * `/Kind`). Kinds not listed take `DEFAULT_RULES`; custom resources take `CUSTOM_RESOURCE_RULES`.
 */
export interface KindRules {
  readonly generation: GenerationPolicy;
  /** What DELETE does to dependents when the client names no propagation policy. */
  readonly defaultPropagation: PropagationPolicy;
  /** Field selectors beyond `metadata.name` and `metadata.namespace`, with how to read them. */
  readonly fields: Readonly<Record<string, (object: KubeObject) => string>>;
  /** Deleting returns the object itself instead of a Status (pods, services). */
  readonly returnDeletedObject: boolean;
}

function at(object: KubeObject, ...path: string[]): string {
  let node: unknown = object;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return '';
    node = (node as Record<string, unknown>)[key];
  }
  if (node === undefined || node === null) return '';
  return String(node);
}

export const DEFAULT_RULES: KindRules = {
  generation: 'none',
  defaultPropagation: 'Background',
  fields: {},
  returnDeletedObject: false,
};

export const CUSTOM_RESOURCE_RULES: KindRules = { ...DEFAULT_RULES, generation: 'non-metadata' };

const spec: Partial<KindRules> = { generation: 'spec' };

const RULES: Readonly<Record<string, Partial<KindRules>>> = {
  '/Pod': {
    ...spec,
    returnDeletedObject: true,
    fields: {
      'spec.nodeName': (o) => at(o, 'spec', 'nodeName'),
      'spec.restartPolicy': (o) => at(o, 'spec', 'restartPolicy'),
      'spec.schedulerName': (o) => at(o, 'spec', 'schedulerName'),
      'spec.serviceAccountName': (o) => at(o, 'spec', 'serviceAccountName'),
      'spec.hostNetwork': (o) => at(o, 'spec', 'hostNetwork') || 'false',
      'status.phase': (o) => at(o, 'status', 'phase'),
      'status.podIP': (o) => at(o, 'status', 'podIP'),
      'status.nominatedNodeName': (o) => at(o, 'status', 'nominatedNodeName'),
    },
  },
  '/Service': { returnDeletedObject: true },
  '/Namespace': { fields: { 'status.phase': (o) => at(o, 'status', 'phase') } },
  '/Node': { fields: { 'spec.unschedulable': (o) => at(o, 'spec', 'unschedulable') || 'false' } },
  '/Secret': { fields: { type: (o) => at(o, 'type') } },
  '/ReplicationController': { ...spec, defaultPropagation: 'Orphan', fields: { 'status.replicas': (o) => at(o, 'status', 'replicas') } },
  '/Event': {
    fields: {
      'involvedObject.kind': (o) => at(o, 'involvedObject', 'kind'),
      'involvedObject.namespace': (o) => at(o, 'involvedObject', 'namespace'),
      'involvedObject.name': (o) => at(o, 'involvedObject', 'name'),
      'involvedObject.uid': (o) => at(o, 'involvedObject', 'uid'),
      'involvedObject.apiVersion': (o) => at(o, 'involvedObject', 'apiVersion'),
      'involvedObject.resourceVersion': (o) => at(o, 'involvedObject', 'resourceVersion'),
      'involvedObject.fieldPath': (o) => at(o, 'involvedObject', 'fieldPath'),
      reason: (o) => at(o, 'reason'),
      reportingComponent: (o) => at(o, 'reportingComponent'),
      source: (o) => at(o, 'source', 'component') || at(o, 'reportingComponent'),
      type: (o) => at(o, 'type'),
    },
  },
  'apps/Deployment': { generation: 'spec-and-annotations' },
  'apps/ReplicaSet': { ...spec, fields: { 'status.replicas': (o) => at(o, 'status', 'replicas') } },
  'apps/StatefulSet': spec,
  'apps/DaemonSet': spec,
  'apps/ControllerRevision': {},
  'batch/Job': { ...spec, defaultPropagation: 'Orphan', fields: { 'status.successful': (o) => at(o, 'status', 'succeeded') || '0' } },
  'batch/CronJob': spec,
  'autoscaling/HorizontalPodAutoscaler': spec,
  'policy/PodDisruptionBudget': spec,
  'networking.k8s.io/Ingress': spec,
  'networking.k8s.io/NetworkPolicy': spec,
  'networking.k8s.io/IngressClass': spec,
  'apiextensions.k8s.io/CustomResourceDefinition': spec,
  'storage.k8s.io/VolumeAttachment': {},
};

export function rulesFor(group: string, kind: string): KindRules {
  const own = RULES[`${group}/${kind}`];
  return own ? { ...DEFAULT_RULES, ...own } : DEFAULT_RULES;
}

/** The value of a field selector's field on `object`, or undefined when the kind has no such field label. */
export function fieldLabelReader(rules: KindRules, field: string): ((object: KubeObject) => string) | undefined {
  if (field === 'metadata.name') return (o) => o.metadata?.name ?? '';
  if (field === 'metadata.namespace') return (o) => o.metadata?.namespace ?? '';
  return rules.fields[field];
}
