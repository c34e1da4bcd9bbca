/**
 * The patch strategies of the built-in Kubernetes kinds, as their Go types declare them
 * (`patchStrategy:"merge" patchMergeKey:"name"` and friends). Types are described once and
 * kinds point at them; `schemaLookup` answers by field path, list elements skipped.
 */

/** How a field is patched. */
export interface FieldStrategy {
  /** `merge`: lists are merged (by `mergeKey`, or as a set of scalars); `replace`: atomic. */
  readonly strategy?: 'merge' | 'replace';
  readonly mergeKey?: string;
  /**
   * Every key of a list merged on several (`x-kubernetes-list-map-keys`: container ports on
   * containerPort and protocol). kustomize matches on these; the API server on `mergeKey`.
   */
  readonly mergeKeys?: readonly string[];
  /** `retainKeys`: a map whose unlisted keys are cleared (Deployment strategy, volume sources). */
  readonly retainKeys?: boolean;
}

/** Returns the strategy of the field at `path` (map keys; list elements are not counted). */
export type SchemaLookup = (path: readonly string[]) => FieldStrategy | undefined;

interface TypeField extends FieldStrategy {
  readonly type?: string;
}
type TypeDef = Readonly<Record<string, TypeField>>;

const merge = (mergeKey: string, type?: string): TypeField => ({ strategy: 'merge', mergeKey, type });
const mergeOn = (mergeKeys: readonly string[]): TypeField => ({ strategy: 'merge', mergeKey: mergeKeys[0], mergeKeys });

const TYPES: Readonly<Record<string, TypeDef>> = {
  ObjectMeta: { finalizers: { strategy: 'merge' }, ownerReferences: merge('uid') },
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: merge('name', 'Volume'),
    initContainers: merge('name', 'Container'),
    containers: merge('name', 'Container'),
    ephemeralContainers: merge('name', 'Container'),
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    topologySpreadConstraints: mergeOn(['topologyKey', 'whenUnsatisfiable']),
    resourceClaims: { strategy: 'merge', mergeKey: 'name', retainKeys: true },
    schedulingGates: merge('name'),
  },
  Volume: {},
  Container: {
    ports: mergeOn(['containerPort', 'protocol']),
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
  },
  PodStatus: { conditions: merge('type'), podIPs: merge('ip') },
  ConditionsStatus: { conditions: merge('type') },
  Workload: { metadata: { type: 'ObjectMeta' }, spec: { type: 'WorkloadSpec' }, status: { type: 'ConditionsStatus' } },
  WorkloadSpec: { template: { type: 'PodTemplateSpec' }, strategy: { retainKeys: true }, updateStrategy: {} },
  StatefulSetSpec: { template: { type: 'PodTemplateSpec' }, volumeClaimTemplates: {} },
  JobSpec: { template: { type: 'PodTemplateSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  JobTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'JobSpec' } },
  ServiceSpec: { ports: mergeOn(['port', 'protocol']) },
  NodeSpec: { podCIDRs: { strategy: 'merge' } },
  NodeStatus: { conditions: merge('type'), addresses: merge('type') },
};

/** Top-level fields of each built-in kind, keyed `group/Kind` (core group: `Kind`). */
const KINDS: Readonly<Record<string, TypeDef>> = {
  Pod: { spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  PodTemplate: { template: { type: 'PodTemplateSpec' } },
  ReplicationController: { spec: { type: 'JobSpec' }, status: { type: 'ConditionsStatus' } },
  'apps/Deployment': { spec: { type: 'WorkloadSpec' }, status: { type: 'ConditionsStatus' } },
  'apps/ReplicaSet': { spec: { type: 'WorkloadSpec' }, status: { type: 'ConditionsStatus' } },
  'apps/DaemonSet': { spec: { type: 'WorkloadSpec' }, status: { type: 'ConditionsStatus' } },
  'apps/StatefulSet': { spec: { type: 'StatefulSetSpec' }, status: { type: 'ConditionsStatus' } },
  'batch/Job': { spec: { type: 'JobSpec' }, status: { type: 'ConditionsStatus' } },
  'batch/CronJob': { spec: { type: 'CronJobSpec' } },
  Service: { spec: { type: 'ServiceSpec' } },
  ServiceAccount: { secrets: merge('name') },
  Node: { spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  Namespace: { status: { type: 'ConditionsStatus' } },
  PersistentVolumeClaim: { status: { type: 'ConditionsStatus' } },
  'storage.k8s.io/CSINode': { spec: { type: 'CSINodeSpec' } },
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': { webhooks: merge('name') },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': { webhooks: merge('name') },
  'policy/PodDisruptionBudget': { status: { type: 'ConditionsStatus' } },
  'apiregistration.k8s.io/APIService': { status: { type: 'ConditionsStatus' } },
};

const EXTRA_TYPES: Readonly<Record<string, TypeDef>> = {
  CSINodeSpec: { drivers: merge('name') },
};

function typeDef(name: string): TypeDef | undefined {
  return TYPES[name] ?? EXTRA_TYPES[name];
}

/** The built-in kinds this table knows, keyed `group/Kind`. */
export function isBuiltinSchemaKind(groupKind: string): boolean {
  return groupKind in KINDS;
}

/**
 * The schema of a built-in kind (`apps/Deployment`, `Service`), or undefined for a kind the
 * table does not know (custom resources: every list is replaced, as kustomize does).
 */
export function builtinSchemaLookup(groupKind: string): SchemaLookup | undefined {
  const top = KINDS[groupKind];
  if (!top) return undefined;
  return (path) => {
    let fields: TypeDef | undefined = { metadata: { type: 'ObjectMeta' }, ...top };
    let found: TypeField | undefined;
    for (const key of path) {
      if (!fields) return undefined;
      found = fields[key];
      if (!found) return undefined;
      fields = found.type ? typeDef(found.type) : undefined;
    }
    return found;
  };
}

/** `group/Kind` from an apiVersion and a kind. */
export function groupKindOf(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group ? `${group}/${kind}` : kind;
}
