import { isPlainObject, type KubeObject } from '../../../core/index.ts';
import { BUILTIN_RESOURCES, groupVersionOf } from '../../resource-table.ts';
import type { ResourceType, SubresourceType } from '../../types.ts';
import { builtinSchemaData, type JsonSchema } from '../schema/openapi-data.ts';
import { builtinSchemaFor } from '../schema/openapi.ts';
import type { ObjectStore, StoreResource } from '../store/index.ts';
import { CUSTOM_RESOURCE_RULES, rulesFor, type KindRules } from './kind-rules.ts';
import { ANY_NODE, structureOf, type StructureNode } from './structure.ts';

/** What a CRD version adds to a served resource. */
export interface CustomResourceInfo {
  /** The CRD's name: `crontabs.stable.example.com`. */
  readonly crdName: string;
  /** `spec.versions[].schema.openAPIV3Schema` of this version. */
  readonly schema: JsonSchema | undefined;
  readonly printerColumns: readonly Record<string, unknown>[];
  readonly scale: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } | undefined;
}

/** One resource at one group-version as the API server serves it. */
export interface ServedResource {
  readonly type: ResourceType;
  readonly apiVersion: string;
  /** The store resource every version of this group-resource shares. */
  readonly store: StoreResource;
  readonly rules: KindRules;
  readonly hasStatus: boolean;
  readonly hasScale: boolean;
  /** Field structure for apply, strategic merge and strict validation (built on first use). */
  structure(): StructureNode;
  readonly custom: CustomResourceInfo | undefined;
}

function storeKey(group: string, plural: string): string {
  return group === '' ? plural : `${group}/${plural}`;
}

/** The group-version the store keeps objects of a built-in group-resource at. */
const STORAGE_VERSION: Readonly<Record<string, string>> = { 'autoscaling/horizontalpodautoscalers': 'autoscaling/v2' };

function builtinServed(type: ResourceType): ServedResource {
  const rules = rulesFor(type.group, type.kind);
  const key = storeKey(type.group, type.plural);
  const apiVersion = groupVersionOf(type);
  let structure: StructureNode | undefined;
  return {
    type,
    apiVersion,
    store: {
      key,
      group: type.group,
      plural: type.plural,
      apiVersion: STORAGE_VERSION[key] ?? apiVersion,
      kind: type.kind,
      namespaced: type.namespaced,
      generation: rules.generation,
    },
    rules,
    hasStatus: type.subresources.some((s) => s.name === 'status'),
    hasScale: type.subresources.some((s) => s.name === 'scale'),
    structure: () => {
      if (!structure) {
        const found = builtinSchemaFor(apiVersion, type.kind);
        structure = found ? structureOf(found.schema, found.definitions, { freeFormObjects: true }) : ANY_NODE;
      }
      return structure;
    },
    custom: undefined,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The resources a CRD serves, one per served version (storage version first in its list). */
export function servedResourcesOfCrd(crd: KubeObject): ServedResource[] {
  const spec = isPlainObject(crd.spec) ? crd.spec : {};
  const names = isPlainObject(spec.names) ? spec.names : {};
  const group = text(spec.group) ?? '';
  const kind = text(names.kind) ?? '';
  const plural = text(names.plural) ?? '';
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isPlainObject) : [];
  const storage = versions.find((v) => v.storage === true) ?? versions[0];
  const storageVersion = storage ? `${group}/${String(storage.name)}` : `${group}/v1`;
  const namespaced = spec.scope !== 'Cluster';
  const out: ServedResource[] = [];
  for (const version of versions) {
    if (version.served === false) continue;
    const name = text(version.name);
    if (!name) continue;
    const subresources = isPlainObject(version.subresources) ? version.subresources : {};
    const subs: SubresourceType[] = [];
    const scaleSpec = isPlainObject(subresources.scale) ? subresources.scale : undefined;
    if (scaleSpec) subs.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    if (subresources.status !== undefined) subs.push({ name: 'status', group, version: name, kind, verbs: ['get', 'patch', 'update'] });
    const type: ResourceType = {
      group,
      version: name,
      kind,
      plural,
      singular: text(names.singular) ?? kind.toLowerCase(),
      namespaced,
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      subresources: subs,
    };
    const schemaHolder = isPlainObject(version.schema) ? version.schema : {};
    const schema = isPlainObject(schemaHolder.openAPIV3Schema) ? (schemaHolder.openAPIV3Schema as JsonSchema) : undefined;
    let structure: StructureNode | undefined;
    out.push({
      type,
      apiVersion: `${group}/${name}`,
      store: { key: storeKey(group, plural), group, plural, apiVersion: storageVersion, kind, namespaced, generation: 'non-metadata' },
      rules: CUSTOM_RESOURCE_RULES,
      hasStatus: subresources.status !== undefined,
      hasScale: scaleSpec !== undefined,
      structure: () => {
        structure ??= schema ? structureOf(customRootSchema(schema), builtinSchemaData().definitions) : ANY_NODE;
        return structure;
      },
      custom: {
        crdName: crd.metadata.name ?? '',
        schema,
        printerColumns: Array.isArray(version.additionalPrinterColumns) ? version.additionalPrinterColumns.filter(isPlainObject) : [],
        scale: scaleSpec
          ? {
              specReplicasPath: text(scaleSpec.specReplicasPath) ?? '.spec.replicas',
              statusReplicasPath: text(scaleSpec.statusReplicasPath) ?? '.status.replicas',
              ...(text(scaleSpec.labelSelectorPath) ? { labelSelectorPath: text(scaleSpec.labelSelectorPath) as string } : {}),
            }
          : undefined,
      },
    });
  }
  return out;
}

/** A custom resource's schema with the fields every object has. */
function customRootSchema(schema: JsonSchema): JsonSchema {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  return {
    ...schema,
    type: 'object',
    properties: {
      ...properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    },
  };
}

/**
 * Every resource the server serves: the built-in table plus the custom resources of the CRDs
 * in the store. Discovery, OpenAPI and routing read it; it changes when CRDs do.
 */
export class ResourceRegistry {
  private builtins: ServedResource[];
  private custom = new Map<string, ServedResource[]>();
  private ordered: ServedResource[] = [];
  private byPath = new Map<string, ServedResource>();
  private byGvk = new Map<string, ServedResource>();
  private generationCounter = 0;

  private readonly store: ObjectStore;

  constructor(store: ObjectStore) {
    this.store = store;
    this.builtins = BUILTIN_RESOURCES.map(builtinServed);
    for (const served of this.builtins) store.defineResource(served.store);
    this.rebuild();
  }

  /** Bumped whenever the set of served resources changes (discovery and OpenAPI caches key on it). */
  get generation(): number {
    return this.generationCounter;
  }

  all(): readonly ServedResource[] {
    return this.ordered;
  }

  /** By URL parts: group ('' for core), version, plural. */
  find(group: string, version: string, plural: string): ServedResource | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  byKind(apiVersion: string, kind: string): ServedResource | undefined {
    return this.byGvk.get(`${apiVersion}/${kind}`);
  }

  /** Whether any resource is served at this group-version. */
  servesGroupVersion(group: string, version: string): boolean {
    return this.ordered.some((r) => r.type.group === group && r.type.version === version);
  }

  /** Serves (or re-serves, after an update) the resources of a CRD. */
  defineCrd(crd: KubeObject): void {
    const name = crd.metadata.name ?? '';
    const served = servedResourcesOfCrd(crd);
    this.custom.set(name, served);
    for (const resource of served) this.store.defineResource(resource.store);
    this.rebuild();
  }

  removeCrd(name: string): void {
    if (this.custom.delete(name)) this.rebuild();
  }

  customResourcesOf(crdName: string): readonly ServedResource[] {
    return this.custom.get(crdName) ?? [];
  }

  private rebuild(): void {
    const customs = [...this.custom.values()].flat();
    this.ordered = [...this.builtins, ...customs];
    this.byPath.clear();
    this.byGvk.clear();
    for (const resource of this.ordered) {
      this.byPath.set(`${resource.type.group}/${resource.type.version}/${resource.type.plural}`, resource);
      const gvk = `${resource.apiVersion}/${resource.type.kind}`;
      if (!this.byGvk.has(gvk)) this.byGvk.set(gvk, resource);
    }
    this.generationCounter++;
  }
}
