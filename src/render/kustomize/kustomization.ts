import { isPlainObject } from '../../core/index.ts';
import { kustomizeError, type JsonMap } from './resource.ts';

/**
 * The fields of a kustomization file (kustomize v5.7), matched case-insensitively as Go's
 * JSON decoding does; an unknown field is an error, as with kustomize's strict decoding.
 */
const FIELDS = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator',
  'secretGenerator', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations',
  'generators', 'transformers', 'validators', 'buildMetadata',
] as const;

export type KustomizationField = (typeof FIELDS)[number];
export type Kustomization = Partial<Record<KustomizationField, unknown>>;

const BY_LOWER = new Map<string, KustomizationField>(FIELDS.map((f) => [f.toLowerCase(), f]));

export const KUSTOMIZATION_KIND = 'Kustomization';
export const COMPONENT_KIND = 'Component';
const KUSTOMIZATION_API_VERSION = 'kustomize.config.k8s.io/v1beta1';
const COMPONENT_API_VERSION = 'kustomize.config.k8s.io/v1alpha1';

/** Normalises a parsed kustomization file: field names, deprecated fields folded in. */
export function readKustomization(raw: unknown, file: string): Kustomization {
  if (raw === null || raw === undefined) throw kustomizeError(`${file}: kustomization.yaml is empty`);
  if (!isPlainObject(raw)) throw kustomizeError(`${file}: invalid Kustomization: expected a map`);
  const k: Kustomization = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = BY_LOWER.get(key.toLowerCase());
    if (!field) throw kustomizeError(`${file}: invalid Kustomization: json: unknown field "${key}"`);
    k[field] = value;
  }
  const kind = k.kind ?? KUSTOMIZATION_KIND;
  if (kind !== KUSTOMIZATION_KIND && kind !== COMPONENT_KIND) {
    throw kustomizeError(`${file}: kind ${String(kind)} is not Kustomization or Component`);
  }
  k.kind = kind;
  // kustomize's EnforceFields: each kind has its one apiVersion.
  const wanted = kind === COMPONENT_KIND ? COMPONENT_API_VERSION : KUSTOMIZATION_API_VERSION;
  if (k.apiVersion !== undefined && k.apiVersion !== null && k.apiVersion !== '' && k.apiVersion !== wanted) {
    throw kustomizeError(`${file}: apiVersion for ${kind} should be ${wanted}, not ${String(k.apiVersion)}`);
  }
  // kustomize decodes its file into typed Go fields: a number or a boolean where a string goes fails.
  for (const field of ['namePrefix', 'nameSuffix', 'namespace'] as const) {
    const value = k[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw kustomizeError(`${file}: invalid Kustomization: json: cannot unmarshal ${goTypeName(value)} into Go struct field Kustomization.${field} of type string`);
    }
  }
  if (isPlainObject(k.sortOptions) && k.sortOptions.order !== undefined && k.sortOptions.order !== 'fifo' && k.sortOptions.order !== 'legacy') {
    throw kustomizeError(`${file}: the field 'sortOptions.order' must be one of [fifo, legacy], not ${String(k.sortOptions.order)}`);
  }
  // kustomize's CheckEmpty: a file with nothing but apiVersion and kind is refused.
  if (Object.entries(k).every(([field, value]) => field === 'apiVersion' || field === 'kind' || value === null || value === undefined)) {
    throw kustomizeError(`${file}: kustomization.yaml is empty`);
  }
  // kustomize's FixKustomization: deprecated fields become their replacements.
  const list = (field: KustomizationField): unknown[] => {
    const value = k[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw kustomizeError(`${file}: ${field} must be a list`);
    return value;
  };
  if (k.bases !== undefined) {
    k.resources = [...list('resources'), ...list('bases')];
    delete k.bases;
  }
  if (k.imageTags !== undefined) {
    k.images = [...list('images'), ...list('imageTags')];
    delete k.imageTags;
  }
  return k;
}

export function listField(k: Kustomization, field: KustomizationField, file: string): unknown[] {
  const value = k[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw kustomizeError(`${file}: ${field} must be a list`);
  return value;
}

export function stringListField(k: Kustomization, field: KustomizationField, file: string): string[] {
  return listField(k, field, file).map((item) => {
    if (typeof item !== 'string') throw kustomizeError(`${file}: ${field} entries must be strings`);
    return item;
  });
}

export function mapField(k: Kustomization, field: KustomizationField, file: string): Record<string, string> {
  const value = k[field];
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw kustomizeError(`${file}: ${field} must be a map`);
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      // kustomize decodes these maps strictly: `version: 1` must be quoted.
      if (v !== null && typeof v !== 'string') {
        throw kustomizeError(`${file}: invalid Kustomization: json: cannot unmarshal ${goTypeName(v)} into Go struct field Kustomization.${field} of type string`);
      }
      return [key, v ?? ''];
    }),
  );
}

export function goTypeName(value: unknown): string {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  return 'string';
}

export function stringField(k: Kustomization, field: KustomizationField): string {
  const value = k[field];
  return value === undefined || value === null ? '' : String(value);
}

/** Argo CD's `spec.source.kustomize` overrides, applied as `kustomize edit` would. */
export interface KustomizeOverrides {
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  readonly images?: readonly string[];
  readonly replicas?: readonly { readonly name: string; readonly count: number }[];
  readonly commonLabels?: Record<string, string>;
  readonly commonAnnotations?: Record<string, string>;
  readonly namespace?: string;
  readonly patches?: readonly Record<string, unknown>[];
  readonly components?: readonly string[];
}

/** `kustomize edit set image` syntax: `[name=]newName[:tag][@digest]`, `name:tag`, `name@digest`. */
export function parseImageOverride(text: string): JsonMap {
  const eq = text.indexOf('=');
  const name = eq >= 0 ? text.slice(0, eq) : undefined;
  const ref = eq >= 0 ? text.slice(eq + 1) : text;
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const out: JsonMap = { name: name ?? rest };
  if (name !== undefined && rest !== name) out.newName = rest;
  if (tag !== undefined) out.newTag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

export function applyOverrides(k: Kustomization, o: KustomizeOverrides): Kustomization {
  const out: Kustomization = { ...k };
  if (o.namePrefix !== undefined && o.namePrefix !== '') out.namePrefix = o.namePrefix;
  if (o.nameSuffix !== undefined && o.nameSuffix !== '') out.nameSuffix = o.nameSuffix;
  if (o.namespace) out.namespace = o.namespace;
  if (o.commonLabels && Object.keys(o.commonLabels).length) {
    out.commonLabels = { ...(isPlainObject(k.commonLabels) ? k.commonLabels : {}), ...o.commonLabels };
  }
  if (o.commonAnnotations && Object.keys(o.commonAnnotations).length) {
    out.commonAnnotations = { ...(isPlainObject(k.commonAnnotations) ? k.commonAnnotations : {}), ...o.commonAnnotations };
  }
  if (o.images?.length) {
    const images = (Array.isArray(k.images) ? k.images : []).map((i) => ({ ...(i as JsonMap) }));
    for (const text of o.images) {
      const image = parseImageOverride(text);
      const existing = images.findIndex((i) => i.name === image.name);
      if (existing >= 0) images[existing] = image;
      else images.push(image);
    }
    out.images = images;
  }
  if (o.replicas?.length) {
    const replicas = (Array.isArray(k.replicas) ? k.replicas : []).map((r) => ({ ...(r as JsonMap) }));
    for (const r of o.replicas) {
      const existing = replicas.findIndex((x) => x.name === r.name);
      if (existing >= 0) replicas[existing] = { name: r.name, count: r.count };
      else replicas.push({ name: r.name, count: r.count });
    }
    out.replicas = replicas;
  }
  if (o.patches?.length) out.patches = [...(Array.isArray(k.patches) ? k.patches : []), ...o.patches];
  if (o.components?.length) out.components = [...(Array.isArray(k.components) ? k.components : []), ...o.components];
  return out;
}

/** A boolean field of the kustomization: absent, null or a real boolean (kustomize refuses "true"). */
export function boolField(value: unknown, goField: string, where: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') {
    throw kustomizeError(`${where}: invalid Kustomization: json: cannot unmarshal ${goTypeName(value)} into Go struct field ${goField} of type bool`);
  }
  return value;
}
