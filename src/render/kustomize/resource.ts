import { FerryError, isPlainObject } from '../../core/index.ts';
import type { ObjectOrigin } from '../types.ts';

/** Group, version and kind; the core group is ''. */
export interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface ResId extends Gvk {
  readonly name: string;
  readonly namespace: string;
}

export type JsonMap = Record<string, unknown>;

export function splitGroupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Kinds kustomize knows to be cluster-scoped: those of its built-in OpenAPI document
 * (Kubernetes 1.21), keyed `apiVersion/kind`. A kind it does not know (a custom resource, or
 * a newer API such as admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy) counts as
 * namespaced, so `namespace:` lands on it as it does with kustomize (the token and access
 * reviews, too: kustomize counts them as namespaced).
 */
const CLUSTER_SCOPED = new Set(
  [
    ['v1', ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus']],
    ['admissionregistration.k8s.io/v1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']],
    ['admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']],
    ['apiextensions.k8s.io/v1', ['CustomResourceDefinition']],
    ['apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition']],
    ['apiregistration.k8s.io/v1', ['APIService']],
    ['apiregistration.k8s.io/v1beta1', ['APIService']],
    ['certificates.k8s.io/v1', ['CertificateSigningRequest']],
    ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest']],
    ['flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration']],
    ['networking.k8s.io/v1', ['IngressClass']],
    ['networking.k8s.io/v1beta1', ['IngressClass']],
    ['node.k8s.io/v1', ['RuntimeClass']],
    ['node.k8s.io/v1beta1', ['RuntimeClass']],
    ['policy/v1beta1', ['PodSecurityPolicy']],
    ['rbac.authorization.k8s.io/v1', ['ClusterRole', 'ClusterRoleBinding']],
    ['rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding']],
    ['scheduling.k8s.io/v1', ['PriorityClass']],
    ['scheduling.k8s.io/v1beta1', ['PriorityClass']],
    ['scheduling.k8s.io/v1alpha1', ['PriorityClass']],
    ['storage.k8s.io/v1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment']],
    ['storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment']],
  ].flatMap(([apiVersion, kinds]) => (kinds as string[]).map((kind) => `${apiVersion as string}/${kind}`)),
);

export function isClusterScoped(gvk: Gvk): boolean {
  const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  return CLUSTER_SCOPED.has(`${apiVersion}/${gvk.kind}`);
}

/** kustomize's namespace comparison: '' and 'default' are the same; cluster-scoped ignore it. */
export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id)) return '';
  return id.namespace === '' ? 'default' : id.namespace;
}

export function sameNamespace(a: ResId, b: ResId): boolean {
  return effectiveNamespace(a) === effectiveNamespace(b);
}

export function sameGvk(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

export function sameId(a: ResId, b: ResId): boolean {
  return sameGvk(a, b) && a.name === b.name && sameNamespace(a, b);
}

/** True when `gvk` matches `selector`, whose empty fields match anything. */
export function gvkSelected(gvk: Gvk, selector: Partial<Gvk>): boolean {
  return (
    (!selector.group || selector.group === gvk.group) &&
    (!selector.version || selector.version === gvk.version) &&
    (!selector.kind || selector.kind === gvk.kind)
  );
}

export function formatId(id: ResId): string {
  const gv = id.group ? `${id.group}/${id.version}` : id.version;
  return `${gv}, Kind=${id.kind}, ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

/** What a generator said about the object it made. */
export interface GeneratedInfo {
  readonly behavior: 'create' | 'merge' | 'replace';
  needsHash: boolean;
}

/**
 * One object being built: its data plus the ids it had before transformers renamed it
 * (kustomize's previousNames annotations), which name references and patches match against.
 */
export class Resource {
  obj: JsonMap;
  prevIds: ResId[];
  readonly origin: ObjectOrigin;
  generated: GeneratedInfo | undefined;
  /** Names of the `vars` whose value this object gives. */
  refVarNames: string[] = [];
  /** The builtin transformers run over this object, for buildMetadata transformerAnnotations. */
  transformations: { readonly configuredIn: string; readonly kind: string }[] = [];

  constructor(obj: JsonMap, origin: ObjectOrigin, prevIds: ResId[] = [], generated?: GeneratedInfo) {
    this.obj = obj;
    this.origin = origin;
    this.prevIds = prevIds;
    this.generated = generated;
  }

  get metadata(): JsonMap {
    if (!isPlainObject(this.obj.metadata)) this.obj.metadata = {};
    return this.obj.metadata as JsonMap;
  }

  get name(): string {
    const name = isPlainObject(this.obj.metadata) ? this.obj.metadata.name : undefined;
    return typeof name === 'string' ? name : name === undefined || name === null ? '' : String(name);
  }

  set name(value: string) {
    this.metadata.name = value;
  }

  get namespace(): string {
    const ns = isPlainObject(this.obj.metadata) ? this.obj.metadata.namespace : undefined;
    return typeof ns === 'string' ? ns : '';
  }

  get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }

  get apiVersion(): string {
    return typeof this.obj.apiVersion === 'string' ? this.obj.apiVersion : '';
  }

  gvk(): Gvk {
    return { ...splitGroupVersion(this.apiVersion), kind: this.kind };
  }

  curId(): ResId {
    return { ...this.gvk(), name: this.name, namespace: this.namespace };
  }

  orgId(): ResId {
    return this.prevIds[0] ?? this.curId();
  }

  /** Every id the object has had, oldest first, the current one last. */
  allIds(): ResId[] {
    return [...this.prevIds, this.curId()];
  }

  storePreviousId(): void {
    this.prevIds.push(this.curId());
  }

  labels(): Record<string, string> {
    const labels = this.metadata.labels;
    return isPlainObject(labels) ? (labels as Record<string, string>) : {};
  }

  annotations(): Record<string, string> {
    const annotations = this.metadata.annotations;
    return isPlainObject(annotations) ? (annotations as Record<string, string>) : {};
  }

  clone(): Resource {
    return new Resource(structuredClone(this.obj), this.origin, [...this.prevIds], this.generated ? { ...this.generated } : undefined);
  }
}

export function kustomizeError(message: string, status = 422, details?: Record<string, unknown>): FerryError {
  return new FerryError('RENDER_KUSTOMIZE_FAILED', message, { httpStatus: status, details });
}

/** `details.reason` of the error a build gives when a path climbs above the tree it was given. */
export const OUTSIDE_TREE = 'path-outside-tree';

/** The ordered set of objects of a build; ids are unique. */
export class ResMap {
  list: Resource[] = [];

  append(resource: Resource): void {
    const id = resource.curId();
    const clash = this.list.find((r) => sameId(r.curId(), id));
    if (clash) throw kustomizeError(`may not add resource with an already registered id: ${formatId(id)}`);
    this.list.push(resource);
  }

  appendAll(resources: Iterable<Resource>): void {
    for (const resource of resources) this.append(resource);
  }

  remove(resource: Resource): void {
    this.list = this.list.filter((r) => r !== resource);
  }

  /** Resources any of whose ids (current or previous) satisfies `match`. */
  byAnyId(match: (id: ResId) => boolean): Resource[] {
    return this.list.filter((r) => r.allIds().some(match));
  }

  byCurrentId(match: (id: ResId) => boolean): Resource[] {
    return this.list.filter((r) => match(r.curId()));
  }

  /** kustomize's GetById: the one object any of whose ids (current or previous) equals `id`. */
  getById(id: ResId): Resource | undefined {
    const exact = this.byAnyId((other) => sameId(other, id));
    if (exact.length > 1) throw kustomizeError(`multiple matches for Id ${formatId(id)}; failed to find unique target for patch ${formatId(id)}`);
    return exact[0];
  }
}
