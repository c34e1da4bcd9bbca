import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { isPlainObject, messageOf } from '../../core/index.ts';
import { builtinSchemaLookup, groupKindOf, kyamlMerge, type SchemaLookup } from '../../manifest/strategic-merge/index.ts';
import { applyFieldSpec, fieldSpecMatches, type FieldSpec } from './field-spec.ts';
import { hashResource } from './hash.ts';
import {
  formatId, isClusterScoped, kustomizeError, sameId, splitGroupVersion, type JsonMap, type ResMap, type Resource,
} from './resource.ts';
import { selectResources, type Selector } from './selector.ts';

/** The builtin transformers, each a function over the resources being built. */

function matchesGvk(fs: FieldSpec, r: Resource): boolean {
  return fieldSpecMatches(fs, r.gvk());
}

function describe(r: Resource): string {
  return `${r.kind} ${r.name}`;
}

// ---------------------------------------------------------------------------------------------
// namespace

export interface NamespaceOptions {
  readonly namespace: string;
  readonly fieldSpecs: readonly FieldSpec[];
  readonly unsetOnly?: boolean;
  readonly setRoleBindingSubjects?: 'defaultOnly' | 'allServiceAccounts' | 'none';
}

export function transformNamespace(resources: ResMap, options: NamespaceOptions): void {
  if (!options.namespace) return;
  const setValue = (current: unknown) => (options.unsetOnly && typeof current === 'string' && current !== '' ? undefined : options.namespace);
  for (const r of resources.list) {
    r.storePreviousId();
    const gvk = r.gvk();
    if (!isClusterScoped(gvk)) {
      const next = setValue(r.metadata.namespace);
      if (next !== undefined) r.metadata.namespace = next;
    }
    const mode = options.setRoleBindingSubjects ?? 'defaultOnly';
    if ((r.kind === 'RoleBinding' || r.kind === 'ClusterRoleBinding') && mode !== 'none' && Array.isArray(r.obj.subjects)) {
      for (const subject of r.obj.subjects) {
        if (!isPlainObject(subject)) continue;
        const wanted = mode === 'defaultOnly' ? subject.name === 'default' : subject.kind === 'ServiceAccount';
        if (!wanted) continue;
        const next = setValue(subject.namespace);
        if (next !== undefined) subject.namespace = next;
      }
    }
    for (const fs of options.fieldSpecs) {
      if (fs.path === 'metadata/namespace') continue;
      if (fs.path === 'metadata/name' && !(r.kind === 'Namespace' && r.apiVersion === 'v1')) continue;
      if (!matchesGvk(fs, r)) continue;
      applyFieldSpec(r.obj, fs, 'scalar', setValue);
    }
    const clashes = resources.list.filter((other) => sameId(other.curId(), r.curId()));
    if (clashes.length > 1) throw kustomizeError(`namespace transformation produces ID conflict: ${formatId(r.curId())}`);
  }
}

// ---------------------------------------------------------------------------------------------
// name prefix and suffix

const SKIP_RENAME: readonly Partial<{ group: string; kind: string }>[] = [
  { kind: 'CustomResourceDefinition' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { kind: 'Namespace' },
];

export function transformPrefixSuffix(resources: ResMap, prefix: string, suffix: string, fieldSpecs: readonly FieldSpec[]): void {
  for (const r of resources.list) {
    const org = r.orgId();
    if (SKIP_RENAME.some((s) => (!s.kind || s.kind === org.kind) && (!s.group || s.group === org.group))) continue;
    for (const fs of fieldSpecs) {
      if (!fieldSpecMatches(fs, org)) continue;
      if (fs.path === 'metadata/name' && (prefix || suffix)) r.storePreviousId();
      applyFieldSpec(r.obj, fs, undefined, (value) => (typeof value === 'string' ? `${prefix}${value}${suffix}` : undefined));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// labels and annotations

/**
 * Sets `entries` at every field spec (labels, annotations), key by key as kustomize does.
 *
 * kustomize writes one YAML node for a key into every map where it creates that key during a
 * run, so those maps share it: a later in-place change through one of them (another labels
 * run, a strategic merge patch) shows in all, while a copy (a JSON patch) ends the sharing.
 * Here such entries are accessor properties over one shared cell, which copies read as plain
 * values.
 */
export function transformMapEntries(resources: ResMap, entries: Record<string, string>, fieldSpecs: readonly FieldSpec[]): void {
  const keys = Object.keys(entries).sort();
  if (keys.length === 0) return;
  for (const r of resources.list) {
    for (const key of keys) {
      const value = entries[key] as string;
      const created: JsonMap[] = [];
      for (const fs of fieldSpecs) {
        if (!matchesGvk(fs, r)) continue;
        applyFieldSpec(r.obj, fs, 'map', (current) => {
          const map = current === null || current === undefined ? {} : current;
          if (!isPlainObject(map)) throw kustomizeError(`${describe(r)}: ${fs.path} is not a map, cannot set ${key}`);
          if (!Object.hasOwn(map, key)) created.push(map);
          map[key] = value;
          return map;
        });
      }
      if (created.length > 1) shareEntry(created, key, value);
    }
  }
}

function shareEntry(maps: readonly JsonMap[], key: string, value: unknown): void {
  const cell = { value };
  for (const map of maps) {
    Object.defineProperty(map, key, {
      get: () => cell.value,
      set: (next: unknown) => {
        cell.value = next;
      },
      enumerable: true,
      configurable: true,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// images

export interface ImageOverride {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/** kustomize's image.Split: name, tag and digest of an image reference. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let slash = image.indexOf('/');
  let search = image;
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let at = search.indexOf('@');
  let colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) {
    at += slash;
    return { name: image.slice(0, at), tag: '', digest: image.slice(at + 1) };
  }
  if (at >= 0 && colon >= 0) {
    at += slash;
    colon += slash;
    return { name: image.slice(0, colon), tag: image.slice(colon + 1, at), digest: image.slice(at + 1) };
  }
  colon += slash;
  return { name: image.slice(0, colon), tag: image.slice(colon + 1), digest: '' };
}

function updateImage(value: unknown, override: ImageOverride): unknown {
  if (typeof value !== 'string') return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^${override.name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return undefined;
  }
  if (!pattern.test(value)) return undefined;
  let { name, tag, digest } = splitImage(value);
  if (override.newName) name = override.newName;
  if (override.newTag && override.digest) {
    tag = override.newTag;
    digest = override.digest;
  } else if (override.newTag) {
    tag = override.newTag;
    digest = '';
  } else if (override.digest) {
    digest = override.digest;
    tag = '';
  }
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

// kustomize first updates every `containers`/`initContainers` list anywhere in an object
// (which is how images in custom resources get updated), then the configured field specs.
function updateContainersAnywhere(node: unknown, override: ImageOverride): void {
  if (Array.isArray(node)) {
    for (const item of node) updateContainersAnywhere(item, override);
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const container of value) {
        if (isPlainObject(container) && container.image !== undefined) {
          const next = updateImage(container.image, override);
          if (next !== undefined) container.image = next;
        }
      }
    }
    updateContainersAnywhere(value, override);
  }
}

export function transformImages(resources: ResMap, override: ImageOverride, fieldSpecs: readonly FieldSpec[]): void {
  for (const r of resources.list) {
    updateContainersAnywhere(r.obj, override);
    if (r.kind === 'CustomResourceDefinition') continue;
    for (const fs of fieldSpecs) {
      if (!matchesGvk(fs, r)) continue;
      applyFieldSpec(r.obj, fs, undefined, (value) => updateImage(value, override));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// replicas

export function transformReplicas(resources: ResMap, name: string, count: number, fieldSpecs: readonly FieldSpec[]): void {
  let found = false;
  for (const fs of fieldSpecs) {
    const matches = resources.byAnyId((id) => id.name === name && fieldSpecMatches(fs, id));
    for (const r of matches) {
      found = true;
      applyFieldSpec(r.obj, fs, 'scalar', () => count);
    }
  }
  if (!found) {
    const kinds = fieldSpecs.map((fs) => fs.kind ?? '').join(', ');
    throw kustomizeError(`replicas: resource with name ${name} does not match a config with the following kinds: ${kinds}`);
  }
}

// ---------------------------------------------------------------------------------------------
// patches

export interface SmPatch {
  readonly obj: JsonMap;
  readonly allowNameChange: boolean;
  readonly allowKindChange: boolean;
  /** The merge schema of a kind; kustomize's built-in one unless an `openapi:` replaced it. */
  readonly schemaFor?: (apiVersion: string, kind: string) => SchemaLookup | undefined;
}

/**
 * API versions kustomize's built-in schema (Kubernetes 1.21) has: a kind under another
 * version (apps/v1beta2, extensions/v1beta1) has no merge keys there, so its lists are replaced.
 */
const SCHEMA_API_VERSIONS = new Set([
  'v1', 'apps/v1', 'batch/v1', 'batch/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1beta1',
  'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1',
  'apiregistration.k8s.io/v1', 'apiregistration.k8s.io/v1beta1',
]);

function applySmPatchTo(resources: ResMap, target: Resource, patch: SmPatch, where: string): void {
  const patchCopy = structuredClone(patch.obj);
  if (target.apiVersion) patchCopy.apiVersion = target.apiVersion;
  else delete patchCopy.apiVersion;
  const name = target.name;
  const namespace = target.metadata.namespace;
  const kind = target.kind;
  if (patch.allowNameChange || patch.allowKindChange) target.storePreviousId();
  const patchKind = String(patchCopy.kind ?? kind);
  const lookup = patch.schemaFor
    ? patch.schemaFor(target.apiVersion, patchKind)
    : SCHEMA_API_VERSIONS.has(target.apiVersion)
      ? builtinSchemaLookup(groupKindOf(target.apiVersion, patchKind))
      : undefined;
  let result: unknown;
  try {
    // In place, as kyaml merges into the object's own nodes (see kyamlMerge).
    result = kyamlMerge(target.obj, patchCopy, lookup);
  } catch (error) {
    throw kustomizeError(`${where}: patching ${describe(target)}: ${messageOf(error)}`);
  }
  if (result === undefined || (isPlainObject(result) && Object.keys(result).length === 0)) {
    resources.remove(target);
    return;
  }
  target.obj = result as JsonMap;
  if (!patch.allowKindChange) target.obj.kind = kind;
  if (!patch.allowNameChange) target.metadata.name = name;
  if (namespace === undefined) delete target.metadata.namespace;
  else target.metadata.namespace = namespace;
}

/** A strategic merge patch: on the selected objects, or on the object its own id names. */
export function transformSmPatch(resources: ResMap, patch: SmPatch, target: Selector | undefined, where: string): void {
  if (target) {
    for (const r of selectResources(resources, target, where)) applySmPatchTo(resources, r, patch, where);
    return;
  }
  const meta = isPlainObject(patch.obj.metadata) ? patch.obj.metadata : {};
  const { group, version } = splitGroupVersion(String(patch.obj.apiVersion ?? ''));
  const id = {
    group, version, kind: String(patch.obj.kind ?? ''),
    name: String(meta.name ?? ''), namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
  };
  const found = resources.getById(id);
  if (!found) throw kustomizeError(`${where}: no resource matches strategic merge patch "${formatId(id)}"`);
  applySmPatchTo(resources, found, patch, where);
}

/** A copy of `value` as JSON data: fields written without a value become null. */
function valuelessAsNull<T>(value: T): T {
  const copy = (v: unknown): unknown => {
    if (v === undefined) return null;
    if (Array.isArray(v)) return v.map(copy);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, copy(item)]));
    return v;
  };
  return copy(value) as T;
}

/** A JSON 6902 patch on the selected objects. */
export function transformJsonPatch(resources: ResMap, operations: readonly Operation[], target: Selector, where: string): void {
  for (const r of selectResources(resources, target, where)) {
    r.storePreviousId();
    try {
      // kustomize patches the JSON form, where a field written without a value is a null.
      let document = valuelessAsNull(r.obj);
      // kustomize's own bookkeeping annotations are there during a build, so an `add` below
      // /metadata/annotations finds the map; it goes again at the end if it stays empty.
      const metadata = document.metadata;
      if (isPlainObject(metadata) && metadata.annotations === undefined) metadata.annotations = {};
      for (const operation of operations) {
        const op = withNegativeIndexes(document, structuredClone(operation));
        document = fastJsonPatch.applyOperation(document, op, true, true).newDocument as JsonMap;
      }
      r.obj = document;
    } catch (error) {
      const reason = messageOf(error).split('\n')[0];
      throw kustomizeError(`${where}: JSON patch on ${describe(r)} failed: ${reason}`);
    }
  }
}

/**
 * kustomize's JSON patch library counts list indexes from the end when they are negative
 * (`/args/-1`: the last element; for `add`, -1 appends): turned into plain indexes here.
 */
function withNegativeIndexes(document: unknown, operation: Operation): Operation {
  const resolve = (pointer: string, forAdd: boolean): string => {
    const parts = pointer.split('/');
    let node: unknown = document;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i] as string;
      if (Array.isArray(node) && /^-\d+$/.test(part)) {
        const index = Number(part) + node.length + (forAdd && i === parts.length - 1 ? 1 : 0);
        if (index >= 0) parts[i] = String(index);
      }
      const key = (parts[i] as string).replace(/~1/g, '/').replace(/~0/g, '~');
      node = Array.isArray(node) ? node[Number(key)] : isPlainObject(node) ? node[key] : undefined;
    }
    return parts.join('/');
  };
  const out = { ...operation, path: resolve(operation.path, operation.op === 'add') } as Operation;
  if ('from' in operation && typeof operation.from === 'string') (out as { from: string }).from = resolve(operation.from, false);
  return out;
}

// ---------------------------------------------------------------------------------------------
// hash suffixes

export function addHashSuffixes(resources: ResMap): void {
  for (const r of resources.list) {
    if (!r.generated?.needsHash) continue;
    const hash = hashResource(r.obj);
    r.storePreviousId();
    r.name = `${r.name}-${hash}`;
    r.generated.needsHash = false;
  }
}
