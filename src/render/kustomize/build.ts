import type { Operation } from 'fast-json-patch';
import { isFerryError, isPlainObject, messageOf, type FileTree } from '../../core/index.ts';
import type { ObjectOrigin } from '../types.ts';
import {
  defaultTransformerConfig, mergeTransformerConfig, type NameBackReference, type TransformerConfig,
} from './builtin-config.ts';
import { openApiSchemaLookup } from '../../manifest/strategic-merge/index.ts';
import type { FieldSpec } from './field-spec.ts';
import { generateObject, readGeneratorArgs, readGeneratorOptions, type GeneratorOptions } from './generators.ts';
import { inflateChart, readHelmCharts } from './helm-charts.ts';
import {
  applyOverrides, boolField, COMPONENT_KIND, goTypeName, listField, mapField, readKustomization, stringField, stringListField,
  type Kustomization, type KustomizeOverrides,
} from './kustomization.ts';
import { Loader, looksRemote, type LoadRestrictor } from './loader.ts';
import { fixNameReferences } from './name-reference.ts';
import {
  applyReplacements, bindVars, readVar, resolveVars, type Replacement, type ReplacementTarget, type TargetSelect, type Var,
} from './replacements.ts';
import { formatId, kustomizeError, ResMap, Resource, sameId, splitGroupVersion, type JsonMap, type ResId } from './resource.ts';
import { readSelector, selectResources, type Selector } from './selector.ts';
import { sortLegacy } from './sort.ts';
import {
  addHashSuffixes, transformImages, transformJsonPatch, transformMapEntries, transformNamespace, transformPrefixSuffix,
  transformReplicas, transformSmPatch, type ImageOverride, type SmPatch,
} from './transformers.ts';
import { parseYamlDocuments } from './yaml-read.ts';

export interface KustomizeBuildRequest {
  readonly tree: FileTree;
  /** The kustomization directory inside the tree ('' for the root). */
  readonly path: string;
  readonly loadRestrictor?: LoadRestrictor;
  /** Argo CD's `spec.source.kustomize`, applied to the top kustomization before building. */
  readonly overrides?: KustomizeOverrides;
  /** `--enable-helm`: whether `helmCharts` may be inflated (by Ferry's Helm renderer). */
  readonly enableHelm?: boolean;
}

export interface KustomizeBuildResult {
  readonly objects: readonly { readonly object: JsonMap; readonly origin: ObjectOrigin }[];
}

interface Accumulator {
  resources: ResMap;
  config: TransformerConfig;
  vars: Var[];
}

const MANAGED_BY = 'kustomize-v5.7.1';

function newAccumulator(): Accumulator {
  return { resources: new ResMap(), config: defaultTransformerConfig(), vars: [] };
}

function mergeVars(ra: Accumulator, vars: readonly Var[], where: string): void {
  for (const v of vars) {
    if (ra.vars.some((existing) => existing.name === v.name)) throw kustomizeError(`${where}: var '${v.name}' already encountered`);
    ra.vars.push(v);
  }
}

/** Splits a resource file into objects, flattening `kind: *List` documents as kustomize does. */
function objectsOf(text: string, file: string): { obj: JsonMap; origin: ObjectOrigin }[] {
  const out: { obj: JsonMap; origin: ObjectOrigin }[] = [];
  for (const doc of parseYamlDocuments(text, file)) {
    const value = doc.value;
    if (value === null || value === undefined) continue;
    if (!isPlainObject(value)) throw kustomizeError(`${file}:${doc.line}: expected a Kubernetes object (a map), got ${Array.isArray(value) ? 'a list' : typeof value}`);
    if (Object.keys(value).length === 0) continue;
    const origin = { file, document: doc.index, line: doc.line };
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items) if (isPlainObject(item)) out.push({ obj: item, origin });
      continue;
    }
    if (typeof value.kind !== 'string' || value.kind === '') throw kustomizeError(`${file}:${doc.line}: missing kind in object`);
    if (!isPlainObject(value.metadata) || (value.metadata.name === undefined && value.metadata.generateName === undefined)) {
      throw kustomizeError(`${file}:${doc.line}: ${value.kind} has no metadata.name`);
    }
    out.push({ obj: value, origin });
  }
  return out;
}

function readFieldSpecs(value: unknown, where: string): FieldSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw kustomizeError(`${where}: fieldSpecs must be a list`);
  return value.map((fs) => {
    if (!isPlainObject(fs) || typeof fs.path !== 'string') throw kustomizeError(`${where}: each field spec needs a path`);
    const out: { group?: string; version?: string; kind?: string; path: string; create?: boolean } = { path: fs.path };
    if (typeof fs.group === 'string' && fs.group) out.group = fs.group;
    if (typeof fs.version === 'string' && fs.version) out.version = fs.version;
    if (typeof fs.kind === 'string' && fs.kind) out.kind = fs.kind;
    if (fs.create === true) out.create = true;
    return out;
  });
}

function readTransformerConfig(value: unknown, where: string): Partial<TransformerConfig> {
  if (!isPlainObject(value)) throw kustomizeError(`${where}: a transformer configuration must be a map`);
  const out: Partial<TransformerConfig> = {};
  const simple = ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'templateLabels', 'commonAnnotations', 'images', 'replicas', 'varReference'] as const;
  for (const key of simple) if (value[key] !== undefined) out[key] = readFieldSpecs(value[key], `${where}: ${key}`);
  if (value.nameReference !== undefined) {
    if (!Array.isArray(value.nameReference)) throw kustomizeError(`${where}: nameReference must be a list`);
    out.nameReference = value.nameReference.map((ref): NameBackReference => {
      if (!isPlainObject(ref)) throw kustomizeError(`${where}: nameReference entries must be maps`);
      const gvk: { group?: string; version?: string; kind?: string } = {};
      if (typeof ref.group === 'string' && ref.group) gvk.group = ref.group;
      if (typeof ref.version === 'string' && ref.version) gvk.version = ref.version;
      if (typeof ref.kind === 'string' && ref.kind) gvk.kind = ref.kind;
      return { gvk, referrers: readFieldSpecs(ref.fieldSpecs, `${where}: nameReference ${gvk.kind ?? ''}`) };
    });
  }
  return out;
}

/**
 * What a `crds:` document adds to the transformer configuration: kustomize reads its type
 * definitions (a map of Go type names to {Schema}), and from each top-level type's properties
 * takes x-kubernetes-object-ref-* (a name reference at <field>/name),
 * x-kubernetes-label-selector (a commonLabels field) and x-kubernetes-annotation.
 */
function crdTransformerConfig(doc: unknown): Partial<TransformerConfig> {
  const definitions = isPlainObject(doc) && isPlainObject(doc.definitions) ? doc.definitions : isPlainObject(doc) ? doc : {};
  const schemaOf = (def: unknown): JsonMap | undefined => {
    if (!isPlainObject(def)) return undefined;
    return isPlainObject(def.Schema) ? def.Schema : def;
  };
  const nameReference: NameBackReference[] = [];
  const commonLabels: FieldSpec[] = [];
  const commonAnnotations: FieldSpec[] = [];
  for (const [defName, def] of Object.entries(definitions)) {
    const root = schemaOf(def);
    if (!root || !isPlainObject(root.properties) || !root.properties.kind || !root.properties.apiVersion) continue;
    const kind = defName.split('.').pop() ?? defName;
    const walk = (schema: JsonMap, path: string[], depth: number) => {
      if (depth > 32 || !isPlainObject(schema.properties)) return;
      for (const [field, prop] of Object.entries(schema.properties)) {
        if (!isPlainObject(prop)) continue;
        const at = [...path, field];
        const refKind = prop['x-kubernetes-object-ref-kind'];
        if (typeof refKind === 'string') {
          const refApi = typeof prop['x-kubernetes-object-ref-api-version'] === 'string' ? (prop['x-kubernetes-object-ref-api-version'] as string) : '';
          const gv = splitGroupVersion(refApi);
          nameReference.push({
            gvk: { kind: refKind, ...(gv.version ? { version: gv.version } : {}), ...(gv.group ? { group: gv.group } : {}) },
            referrers: [{ kind, path: [...at, 'name'].join('/') }],
          });
        }
        if (prop['x-kubernetes-label-selector'] !== undefined) commonLabels.push({ kind, path: at.join('/') });
        if (prop['x-kubernetes-annotation'] !== undefined) commonAnnotations.push({ kind, path: at.join('/') });
        if (typeof prop.$ref === 'string') {
          const target = schemaOf(definitions[prop.$ref.replace(/^#\/definitions\//, '')]);
          if (target) walk(target, at, depth + 1);
        } else walk(prop, at, depth + 1);
      }
    };
    walk(root, [], 0);
  }
  return { nameReference, commonLabels, commonAnnotations };
}

interface PatchEntry {
  readonly text: string;
  readonly file: string;
  readonly target?: Selector;
  readonly allowNameChange: boolean;
  readonly allowKindChange: boolean;
}

/** One build: a tree, load restrictions, and the chain of roots being visited (for cycles). */
class Builder {
  readonly tree: FileTree;
  readonly restrictor: LoadRestrictor;
  /** A custom OpenAPI document from an `openapi:` field: it replaces the built-in schema for the rest of the build, as in kustomize. */
  openapi: unknown = undefined;

  readonly enableHelm: boolean;
  /** The top kustomization's directory, which origins are relative to. */
  root = '';
  /** buildMetadata: transformerAnnotations (the top kustomization's setting holds for all). */
  transformerAnnotations = false;

  constructor(tree: FileTree, restrictor: LoadRestrictor, enableHelm: boolean) {
    this.tree = tree;
    this.restrictor = restrictor;
    this.enableHelm = enableHelm;
  }

  loadKustomization(dir: string, overrides?: KustomizeOverrides): { k: Kustomization; file: string; loader: Loader } {
    const loader = new Loader(this.tree, dir, this.restrictor);
    const file = loader.kustomizationFile(dir);
    if (!file) {
      throw kustomizeError(
        `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir || '.'}'`,
        404,
      );
    }
    const text = new TextDecoder().decode(this.tree.read(file));
    // kustomize decodes its own file with sigs.k8s.io/yaml: YAML 1.1 (`on`, `yes` are booleans).
    const docs = parseYamlDocuments(text, file, { yaml11: true }).filter((d) => d.value !== null && d.value !== undefined);
    if (docs.length > 1) throw kustomizeError(`${file}: a kustomization file must hold one document`);
    let k = readKustomization(docs[0]?.value ?? null, file);
    if (overrides) k = applyOverrides(k, overrides);
    // kustomize has one Kubernetes OpenAPI document built in.
    if (isPlainObject(k.openapi) && k.openapi.version !== undefined && k.openapi.version !== null && k.openapi.version !== '' && k.openapi.version !== 'v1.21.2') {
      throw kustomizeError(`${file}: openapi version ${String(k.openapi.version)}: the specified OpenAPI version is not built in (only v1.21.2 is)`);
    }
    if (isPlainObject(k.openapi) && typeof k.openapi.path === 'string') {
      const { text, path } = loader.readText(k.openapi.path, 'openapi');
      this.openapi = parseYamlDocuments(text, path)[0]?.value;
    }
    return { k, file, loader };
  }

  /** kustomize's AccumulateTarget: a fresh accumulator for a kustomization, or the parent's for a component. */
  accumulate(dir: string, chain: readonly string[], into: Accumulator | undefined, expectComponent: boolean, overrides?: KustomizeOverrides): Accumulator {
    const { k, file, loader } = this.loadKustomization(dir, overrides);
    if (expectComponent && k.kind !== COMPONENT_KIND) {
      throw kustomizeError(`${file}: expected kind 'Component' for path '${dir}' but got '${String(k.kind)}'`);
    }
    if (!expectComponent && k.kind === COMPONENT_KIND && chain.length > 0) {
      throw kustomizeError(`${file}: expected kind != 'Component' for path '${dir}' (list it under components:)`);
    }
    const ra = into ?? newAccumulator();
    const where = file;
    const nextChain = [...chain, dir];

    // resources
    for (const entry of stringListField(k, 'resources', file)) this.accumulateResource(ra, loader, entry, nextChain, where);

    // configurations and crds, read by sigs.k8s.io/yaml as kustomize reads them: YAML 1.1
    for (const path of stringListField(k, 'configurations', file)) {
      const { text, path: full } = loader.readText(path, 'configurations');
      for (const doc of parseYamlDocuments(text, full, { yaml11: true })) {
        if (doc.value !== null && doc.value !== undefined) ra.config = mergeTransformerConfig(ra.config, readTransformerConfig(doc.value, full));
      }
    }
    for (const path of stringListField(k, 'crds', file)) {
      const { text, path: full } = loader.readText(path, 'crds');
      for (const doc of parseYamlDocuments(text, full, { yaml11: true })) ra.config = mergeTransformerConfig(ra.config, crdTransformerConfig(doc.value));
    }

    // Generators run before components, so a component can merge into what they made.
    this.wrap(where, 'generators', () => this.runGenerators(ra, k, loader, where));

    // components
    for (const entry of stringListField(k, 'components', file)) {
      const path = loader.resolve(entry, 'component');
      if (!loader.isDirectory(path)) {
        if (looksRemote(entry)) throw kustomizeError(`${where}: component ${entry} is a remote location; Ferry does not fetch remote bases or URLs`, 400);
        throw kustomizeError(`${where}: component ${entry}: no such directory (${path})`, 404);
      }
      this.checkCycle(path, nextChain, where, entry);
      this.wrap(where, `component ${entry}`, () => this.accumulate(path, nextChain, ra, true));
    }

    this.wrap(where, 'transformers', () => this.runTransformers(ra, k, loader, where, nextChain));
    if (listField(k, 'validators', file).length > 0) {
      throw kustomizeError(`${where}: validators are plugins, which Ferry does not run`, 501);
    }

    const vars = listField(k, 'vars', file).map((v) => readVar(v, where));
    bindVars(ra.resources, vars, where);
    mergeVars(ra, vars, where);
    return ra;
  }

  wrap<T>(where: string, what: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (isFerryError(error) && !error.message.includes(where)) {
        throw kustomizeError(`${where}: ${what}: ${error.message}`, error.httpStatus, error.details);
      }
      throw error;
    }
  }

  checkCycle(path: string, chain: readonly string[], where: string, entry: string): void {
    for (const visited of chain) {
      if (path === '' || visited === path || visited.startsWith(`${path}/`)) {
        throw kustomizeError(`${where}: cycle detected: ${entry} (${path || '.'}) contains visited root ${visited || '.'}`);
      }
    }
  }

  accumulateResource(ra: Accumulator, loader: Loader, entry: string, chain: readonly string[], where: string): void {
    const path = loader.resolve(entry, 'resource');
    if (loader.isFile(path)) {
      const { text, path: full } = loader.readText(entry, 'resource');
      for (const { obj, origin } of this.wrap(where, `resource ${entry}`, () => objectsOf(text, full))) {
        const r = new Resource(obj, origin);
        this.wrap(where, `resource ${entry}`, () => ra.resources.append(r));
      }
      return;
    }
    if (loader.isDirectory(path)) {
      this.checkCycle(path, chain, where, entry);
      const sub = this.wrap(where, `resource ${entry}`, () => this.accumulate(path, chain, undefined, false));
      this.wrap(where, `resource ${entry}`, () => ra.resources.appendAll(sub.resources.list));
      ra.config = mergeTransformerConfig(ra.config, sub.config);
      mergeVars(ra, sub.vars, where);
      return;
    }
    if (looksRemote(entry)) throw kustomizeError(`${where}: resource ${entry} is a remote location; Ferry does not fetch remote bases or URLs`, 400);
    throw kustomizeError(`${where}: resource ${entry}: no such file or directory (${path || '.'})`, 404);
  }

  absorb(ra: Accumulator, obj: JsonMap, needsHash: boolean, behavior: 'create' | 'merge' | 'replace', origin: ObjectOrigin, where: string): void {
    const fresh = new Resource(obj, origin, [], { behavior, needsHash });
    const id = fresh.curId();
    const matches = ra.resources.byAnyId((other) => sameId(other, id));
    if (matches.length === 0) {
      if (behavior !== 'create') throw kustomizeError(`${where}: id ${formatId(id)} does not exist; cannot merge or replace`);
      ra.resources.append(fresh);
      return;
    }
    if (matches.length > 1) throw kustomizeError(`${where}: found multiple objects that could accept merge of ${formatId(id)}`);
    const old = matches[0] as Resource;
    if (behavior === 'create') throw kustomizeError(`${where}: id ${formatId(id)} exists; behavior must be merge or replace`);
    const merged = fresh.obj;
    const meta = fresh.metadata;
    meta.labels = { ...old.labels(), ...(isPlainObject(meta.labels) ? meta.labels : {}) };
    meta.annotations = { ...old.annotations(), ...(isPlainObject(meta.annotations) ? meta.annotations : {}) };
    if (Object.keys(meta.labels as JsonMap).length === 0) delete meta.labels;
    if (Object.keys(meta.annotations as JsonMap).length === 0) delete meta.annotations;
    meta.name = old.name;
    if (old.namespace) meta.namespace = old.namespace;
    else delete meta.namespace;
    if (behavior === 'merge') {
      for (const field of ['data', 'binaryData'] as const) {
        const combined = { ...(isPlainObject(old.obj[field]) ? old.obj[field] : {}), ...(isPlainObject(merged[field]) ? merged[field] : {}) };
        if (Object.keys(combined).length) merged[field] = combined;
      }
    }
    old.obj = merged;
    // The build bookkeeping (previous names) stays the original's; the name gets a hash only
    // when both the original and the new generator want one (as kubectl kustomize does).
    if (old.generated) old.generated = { ...old.generated, needsHash: needsHash && old.generated.needsHash };
  }

  runGenerators(ra: Accumulator, k: Kustomization, loader: Loader, where: string): void {
    const global = readGeneratorOptions(k.generatorOptions, where);
    const origin: ObjectOrigin = { file: where, document: 0, line: 1 };
    for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
      listField(k, field, where).forEach((entry, index) => {
        const args = readGeneratorArgs(entry, `${where}: ${field}[${index}]`);
        const generated = generateObject(kind, args, global, loader, where);
        this.absorb(ra, generated.obj, generated.needsHash, args.behavior ?? 'create', origin, where);
      });
    }
    this.runHelmCharts(ra, k, loader, where);
    for (const config of this.pluginConfigs(k, 'generators', loader, where)) this.runGeneratorPlugin(ra, config, loader, global, where);
  }

  /** `helmCharts`: each chart rendered by Ferry's Helm renderer and its objects added. */
  runHelmCharts(ra: Accumulator, k: Kustomization, loader: Loader, where: string): void {
    const { charts, chartHome } = readHelmCharts(k, where);
    if (charts.length === 0) return;
    if (!this.enableHelm) {
      throw kustomizeError(`${where}: helmCharts: must specify --enable-helm to inflate Helm charts`, 400);
    }
    const io = {
      tree: this.tree,
      root: loader.root,
      readText: (path: string, what: string) => loader.readText(path, what).text,
      parseValues: (text: string, file: string) => parseYamlDocuments(text, file)[0]?.value,
    };
    for (const chart of charts) {
      const { text, chartDir } = inflateChart(chart, chartHome, io, where);
      const file = `${chartDir}/(helm template ${chart.releaseName || 'release-name'})`;
      for (const { obj, origin } of this.wrap(where, `helmCharts ${chart.name}`, () => objectsOf(text, file))) {
        this.wrap(where, `helmCharts ${chart.name}`, () => ra.resources.append(new Resource(obj, origin)));
      }
    }
  }

  /** Plugin configurations listed under `generators:` or `transformers:` (files, inline YAML, kustomizations). */
  pluginConfigs(k: Kustomization, field: 'generators' | 'transformers', loader: Loader, where: string, chain: readonly string[] = []): JsonMap[] {
    const configs: JsonMap[] = [];
    for (const entry of stringListField(k, field, where)) {
      if (entry.includes('\n') || /^\s*(apiVersion|kind):/.test(entry)) {
        for (const doc of parseYamlDocuments(entry, `${where} (inline ${field})`)) if (isPlainObject(doc.value)) configs.push(doc.value);
        continue;
      }
      const path = loader.resolve(entry, field);
      if (loader.isDirectory(path) && !loader.isFile(path)) {
        this.checkCycle(path, chain, where, entry);
        const sub = this.accumulate(path, chain, undefined, false);
        configs.push(...sub.resources.list.map((r) => r.obj));
        continue;
      }
      const { text, path: full } = loader.readText(entry, field);
      for (const doc of parseYamlDocuments(text, full)) if (isPlainObject(doc.value)) configs.push(doc.value);
    }
    return configs;
  }

  runGeneratorPlugin(ra: Accumulator, config: JsonMap, loader: Loader, global: GeneratorOptions | undefined, where: string): void {
    const kind = String(config.kind ?? '');
    const meta = isPlainObject(config.metadata) ? config.metadata : {};
    if (config.apiVersion !== 'builtin' || (kind !== 'ConfigMapGenerator' && kind !== 'SecretGenerator')) {
      throw kustomizeError(`${where}: generator ${String(config.apiVersion)}/${kind} is not supported: only builtin ConfigMapGenerator and SecretGenerator run in Ferry`, 501);
    }
    const args = readGeneratorArgs({ ...config, name: config.name ?? meta.name, namespace: config.namespace ?? meta.namespace }, `${where}: ${kind}`);
    const generated = generateObject(kind === 'ConfigMapGenerator' ? 'ConfigMap' : 'Secret', args, global, loader, where);
    this.absorb(ra, generated.obj, generated.needsHash, args.behavior ?? 'create', { file: where, document: 0, line: 1 }, where);
  }

  readPatches(k: Kustomization, loader: Loader, where: string, field: 'patches' | 'patchesJson6902' = 'patches'): PatchEntry[] {
    return listField(k, field, where).map((entry, index) => {
      const label = `${where}: ${field}[${index}]`;
      if (!isPlainObject(entry)) throw kustomizeError(`${label}: each patch must be a map with path or patch`);
      const hasPath = typeof entry.path === 'string' && entry.path !== '';
      const hasPatch = typeof entry.patch === 'string' && entry.patch !== '';
      if (hasPath && hasPatch) throw kustomizeError(`${label}: patch and path can't be set at the same time`);
      if (!hasPath && !hasPatch) throw kustomizeError(`${label}: must specify one of patch and path`);
      let text = entry.patch as string;
      let file = label;
      if (hasPath) {
        const read = loader.readText(entry.path as string, 'patch');
        text = read.text;
        file = read.path;
      }
      const options = isPlainObject(entry.options) ? entry.options : {};
      return {
        text, file,
        target: entry.target === undefined || entry.target === null ? undefined : readSelector(entry.target, `${label}.target`),
        allowNameChange: options.allowNameChange === true,
        allowKindChange: options.allowKindChange === true,
      };
    });
  }

  applyPatch(ra: Accumulator, patch: PatchEntry, jsonOnly = false): void {
    const docs = parseYamlDocuments(patch.text, patch.file).filter((d) => d.value !== null && d.value !== undefined);
    if (docs.length === 0) throw kustomizeError(`${patch.file}: the patch is empty`);
    const first = docs[0]?.value;
    if (jsonOnly && !Array.isArray(first)) throw kustomizeError(`${patch.file}: a patchesJson6902 entry must hold a list of JSON 6902 operations`);
    if (Array.isArray(first)) {
      if (!patch.target) throw kustomizeError(`${patch.file}: a JSON 6902 patch needs a target`);
      // kustomize reads a JSON patch with sigs.k8s.io/yaml: YAML 1.1, so `value: on` is true.
      const ops = (parseYamlDocuments(patch.text, patch.file, { yaml11: true })[0]?.value ?? []) as Operation[];
      for (const op of ops) {
        if (!isPlainObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
          throw kustomizeError(`${patch.file}: invalid JSON 6902 patch: each operation needs op and path`);
        }
        if (op.path !== '' && !op.path.startsWith('/')) {
          throw kustomizeError(`${patch.file}: invalid JSON 6902 patch: path ${JSON.stringify(op.path)} must start with /`);
        }
      }
      transformJsonPatch(ra.resources, ops, patch.target, patch.file);
      return;
    }
    if (docs.length > 1 && patch.target) {
      throw kustomizeError(`${patch.file}: multiple strategic merge patches in one patches entry may not set a target`);
    }
    for (const doc of docs) {
      if (!isPlainObject(doc.value)) throw kustomizeError(`${patch.file}: unable to parse SM or JSON patch`);
      const custom = this.openapi;
      const sm: SmPatch = {
        obj: doc.value,
        allowNameChange: patch.allowNameChange,
        allowKindChange: patch.allowKindChange,
        schemaFor: custom === undefined ? undefined : (apiVersion, kind) => openApiSchemaLookup(custom, apiVersion, kind),
      };
      transformSmPatch(ra.resources, sm, patch.target, patch.file);
    }
  }

  runTransformers(ra: Accumulator, k: Kustomization, loader: Loader, where: string, chain: readonly string[]): void {
    const tc = ra.config;
    const res = ra.resources;
    // buildMetadata transformerAnnotations: each builtin transformer configured here is noted on every object.
    const noted = (kind: string) => {
      if (!this.transformerAnnotations) return;
      const configuredIn = relativePath(this.root, where);
      for (const r of res.list) r.transformations.push({ configuredIn, kind });
    };
    // patchesStrategicMerge: paths or inline patches, matched by their own ids.
    const strategicMerge = stringListField(k, 'patchesStrategicMerge', where);
    for (const entry of strategicMerge) {
      const inline = entry.includes('\n') || /^\s*(apiVersion|kind|metadata):/.test(entry);
      const { text, path } = inline ? { text: entry, path: `${where} (inline patchesStrategicMerge)` } : loader.readText(entry, 'patchesStrategicMerge');
      this.applyPatch(ra, { text, file: path, allowNameChange: false, allowKindChange: false });
    }
    if (strategicMerge.length) noted('PatchStrategicMergeTransformer');
    for (const patch of this.readPatches(k, loader, where)) {
      this.applyPatch(ra, patch);
      noted('PatchTransformer');
    }
    const namespace = stringField(k, 'namespace');
    if (namespace) {
      transformNamespace(res, { namespace, fieldSpecs: tc.namespace });
      noted('NamespaceTransformer');
    }
    const prefix = stringField(k, 'namePrefix');
    if (prefix) {
      transformPrefixSuffix(res, prefix, '', tc.namePrefix);
      noted('PrefixTransformer');
    }
    const suffix = stringField(k, 'nameSuffix');
    if (suffix) {
      transformPrefixSuffix(res, '', suffix, tc.nameSuffix);
      noted('SuffixTransformer');
    }
    this.runLabels(res, k, tc, where, noted);
    const annotations = mapField(k, 'commonAnnotations', where);
    transformMapEntries(res, annotations, tc.commonAnnotations);
    if (Object.keys(annotations).length) noted('AnnotationsTransformer');
    // The deprecated patchesJson6902 run here, after labels and annotations, as in kustomize.
    for (const patch of this.readPatches(k, loader, where, 'patchesJson6902')) {
      if (!patch.target) throw kustomizeError(`${patch.file}: a JSON 6902 patch needs a target`);
      if (!patch.target.name) throw kustomizeError(`${patch.file}: patchesJson6902 must specify the target name`);
      this.applyPatch(ra, patch, true);
      noted('PatchJson6902Transformer');
    }
    for (const [index, replica] of listField(k, 'replicas', where).entries()) {
      if (!isPlainObject(replica) || typeof replica.name !== 'string') throw kustomizeError(`${where}: replicas[${index}] needs a name`);
      const count = Number(replica.count ?? 0);
      if (!Number.isInteger(count)) throw kustomizeError(`${where}: replicas[${index}].count must be an integer`);
      transformReplicas(res, replica.name, count, tc.replicas);
      noted('ReplicaCountTransformer');
    }
    for (const [index, image] of listField(k, 'images', where).entries()) {
      if (!isPlainObject(image) || typeof image.name !== 'string') throw kustomizeError(`${where}: images[${index}] needs a name`);
      transformImages(res, readImage(image, where), tc.images);
      noted('ImageTagTransformer');
    }
    const replacements = this.readReplacements(listField(k, 'replacements', where), loader, where);
    if (replacements.length) {
      applyReplacements(res, replacements, where);
      noted('ReplacementTransformer');
    }
    for (const config of this.pluginConfigs(k, 'transformers', loader, where, chain)) this.runTransformerPlugin(ra, config, loader, where);
  }

  runLabels(res: ResMap, k: Kustomization, tc: TransformerConfig, where: string, noted: (kind: string) => void): void {
    for (const [index, entry] of listField(k, 'labels', where).entries()) {
      if (!isPlainObject(entry)) throw kustomizeError(`${where}: labels[${index}] must be a map`);
      const pairs = mapField({ labels: entry.pairs }, 'labels', `${where}: labels[${index}].pairs`);
      let specs = readFieldSpecs(entry.fields, `${where}: labels[${index}].fields`);
      const merge = (more: readonly FieldSpec[]) => {
        for (const fs of more) if (!specs.some((s) => s.path === fs.path && s.kind === fs.kind && s.group === fs.group && s.version === fs.version)) specs = [...specs, fs];
      };
      if (boolField(entry.includeSelectors, 'Label.labels.includeSelectors', where)) merge(tc.commonLabels);
      else {
        merge([{ path: 'metadata/labels', create: true }]);
        if (boolField(entry.includeTemplates, 'Label.labels.includeTemplates', where)) merge(tc.templateLabels);
      }
      transformMapEntries(res, pairs, specs);
      noted('LabelTransformer');
    }
    const commonLabels = mapField(k, 'commonLabels', where);
    transformMapEntries(res, commonLabels, tc.commonLabels);
    // kustomize configures the commonLabels transformer whenever there are labels of either kind.
    if (Object.keys(commonLabels).length || listField(k, 'labels', where).length) noted('LabelTransformer');
  }

  readReplacements(entries: readonly unknown[], loader: Loader, where: string): Replacement[] {
    const out: Replacement[] = [];
    for (const [index, entry] of entries.entries()) {
      const label = `${where}: replacements[${index}]`;
      if (!isPlainObject(entry)) throw kustomizeError(`${label} must be a map`);
      if (typeof entry.path === 'string') {
        const { text, path } = loader.readText(entry.path, 'replacement');
        for (const doc of parseYamlDocuments(text, path, { yaml11: true })) {
          const values = Array.isArray(doc.value) ? doc.value : doc.value === null ? [] : [doc.value];
          out.push(...this.readReplacements(values, loader, path));
        }
        continue;
      }
      out.push(readReplacement(entry, label));
    }
    return out;
  }

  runTransformerPlugin(ra: Accumulator, config: JsonMap, loader: Loader, where: string): void {
    const kind = String(config.kind ?? '');
    const label = `${where}: transformer ${kind}`;
    if (config.apiVersion !== 'builtin') {
      throw kustomizeError(`${label}: plugin ${String(config.apiVersion)}/${kind} is not supported: only builtin transformers run in Ferry`, 501);
    }
    const res = ra.resources;
    const specs = readFieldSpecs(config.fieldSpecs, label);
    const meta = isPlainObject(config.metadata) ? config.metadata : {};
    const strings = (value: unknown) => (isPlainObject(value) ? Object.fromEntries(Object.entries(value).map(([a, b]) => [a, b === null ? '' : String(b)])) : {});
    switch (kind) {
      case 'PrefixSuffixTransformer':
      case 'PrefixTransformer':
      case 'SuffixTransformer':
        if (config.fieldSpecs === undefined || config.fieldSpecs === null) throw kustomizeError(`${label}: fails configuration: fieldSpecs is not expected to be nil`);
        transformPrefixSuffix(res, String(config.prefix ?? ''), String(config.suffix ?? ''), specs);
        return;
      case 'LabelTransformer':
        transformMapEntries(res, strings(config.labels), specs);
        return;
      case 'AnnotationsTransformer':
        transformMapEntries(res, strings(config.annotations), specs);
        return;
      case 'NamespaceTransformer':
        transformNamespace(res, {
          namespace: String(meta.namespace ?? config.namespace ?? ''),
          fieldSpecs: specs,
          unsetOnly: config.unsetOnly === true,
          setRoleBindingSubjects: config.setRoleBindingSubjects as 'defaultOnly' | 'allServiceAccounts' | 'none' | undefined,
        });
        return;
      case 'ImageTagTransformer':
        transformImages(res, readImage(isPlainObject(config.imageTag) ? config.imageTag : {}), specs);
        return;
      case 'ReplicaCountTransformer': {
        const replica = isPlainObject(config.replica) ? config.replica : {};
        transformReplicas(res, String(replica.name ?? ''), Number(replica.count ?? 0), specs);
        return;
      }
      case 'PatchTransformer':
      case 'PatchJson6902Transformer': {
        const [patch] = this.readPatches({ patches: [{ ...config, patch: config.patch ?? config.jsonOp }] }, loader, label);
        if (patch) this.applyPatch(ra, patch);
        return;
      }
      case 'PatchStrategicMergeTransformer': {
        const paths = Array.isArray(config.paths) ? config.paths.map(String) : [];
        if (paths.length === 0 && typeof config.patches !== 'string') throw kustomizeError(`${label}: fails configuration: empty file path and empty patch content`);
        for (const path of paths) {
          const { text, path: full } = loader.readText(path, 'patch');
          this.applyPatch(ra, { text, file: full, allowNameChange: false, allowKindChange: false });
        }
        if (typeof config.patches === 'string') this.applyPatch(ra, { text: config.patches, file: label, allowNameChange: false, allowKindChange: false });
        return;
      }
      case 'ReplacementTransformer': {
        const entries = Array.isArray(config.replacements) ? config.replacements : [];
        applyReplacements(res, this.readReplacements(entries, loader, label), label);
        return;
      }
      case 'HashTransformer':
        addHashSuffixes(res);
        return;
      case 'ValueAddTransformer':
        addValues(res, config, label);
        return;
      case 'ConfigMapGenerator':
      case 'SecretGenerator':
      case 'HelmChartInflationGenerator':
      case 'IAMPolicyGenerator':
        throw kustomizeError(`${label}: builtin ${kind} is not a transformer`);
      default:
        throw kustomizeError(`${label}: builtin transformer ${kind} is not supported by Ferry`, 501);
    }
  }
}

/** The builtin ValueAddTransformer: a value set at a field, or inserted into a file path held there. */
function addValues(resources: ResMap, config: JsonMap, where: string): void {
  const value = String(config.value ?? '');
  const targets = Array.isArray(config.targets) ? config.targets : [];
  if (targets.length === 0) throw kustomizeError(`${where}: fails configuration: must specify at least one target`);
  for (const [index, target] of targets.entries()) {
    if (!isPlainObject(target)) throw kustomizeError(`${where}: targets[${index}] must be a map`);
    if (typeof target.fieldPath !== 'string' || target.fieldPath === '') throw kustomizeError(`${where}: targets[${index}]: fieldPath cannot be empty`);
    const position = typeof target.filePathPosition === 'number' ? target.filePathPosition : 0;
    const parts = target.fieldPath.split('/').filter((p) => p !== '');
    const selector = target.selector === undefined ? {} : readSelector(target.selector, `${where}: targets[${index}].selector`);
    for (const r of selectResources(resources, selector, where)) {
      let node: unknown = r.obj;
      for (const [i, part] of parts.entries()) {
        const last = i === parts.length - 1;
        const container = node as Record<string, unknown>;
        if (Array.isArray(node) ? !/^\d+$/.test(part) : !isPlainObject(node)) break;
        if (last) {
          const current = container[part];
          if (position > 0 && typeof current === 'string') {
            const segments = current.split('/');
            segments.splice(Math.min(position, segments.length), 0, value);
            container[part] = segments.join('/');
          } else container[part] = value;
        } else {
          if (container[part] === undefined || container[part] === null) container[part] = {};
          node = container[part];
        }
      }
    }
  }
}

function readImage(image: JsonMap, where = 'images'): ImageOverride {
  const text = (v: unknown, field: string) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw kustomizeError(`${where}: invalid Kustomization: json: cannot unmarshal ${goTypeName(v)} into Go struct field Image.images.${field} of type string`);
    return v;
  };
  return { name: text(image.name, 'name') ?? '', newName: text(image.newName, 'newName'), newTag: text(image.newTag, 'newTag'), digest: text(image.digest, 'digest') };
}

function readResIdSelector(value: unknown, where: string): Partial<ResId> {
  if (!isPlainObject(value)) throw kustomizeError(`${where}: expected a selector map`);
  const out: { group?: string; version?: string; kind?: string; name?: string; namespace?: string } = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace'] as const) {
    if (value[key] !== undefined && value[key] !== null) out[key] = String(value[key]);
  }
  if (typeof value.apiVersion === 'string') Object.assign(out, splitGroupVersion(value.apiVersion));
  return out;
}

function readTargetSelect(value: unknown, where: string): TargetSelect {
  const id = readResIdSelector(value, where);
  const v = value as JsonMap;
  return {
    id,
    labelSelector: typeof v.labelSelector === 'string' ? v.labelSelector : undefined,
    annotationSelector: typeof v.annotationSelector === 'string' ? v.annotationSelector : undefined,
  };
}

function readOptions(value: unknown): { delimiter?: string; index?: number; create?: boolean } | undefined {
  if (!isPlainObject(value)) return undefined;
  return {
    delimiter: typeof value.delimiter === 'string' ? value.delimiter : undefined,
    index: typeof value.index === 'number' ? value.index : undefined,
    create: value.create === true,
  };
}

function readReplacement(entry: JsonMap, where: string): Replacement {
  if (!isPlainObject(entry.source) || !Array.isArray(entry.targets)) {
    throw kustomizeError(`${where}: replacements must specify a source and at least one target`);
  }
  const source = entry.source;
  const targets = entry.targets.map((t, i): ReplacementTarget => {
    if (!isPlainObject(t) || !isPlainObject(t.select)) throw kustomizeError(`${where}.targets[${i}]: target must specify resources to select`);
    return {
      select: readTargetSelect(t.select, `${where}.targets[${i}].select`),
      reject: Array.isArray(t.reject) ? t.reject.map((r, j) => readTargetSelect(r, `${where}.targets[${i}].reject[${j}]`)) : [],
      fieldPaths: Array.isArray(t.fieldPaths) ? t.fieldPaths.map(String) : [],
      options: readOptions(t.options),
    };
  });
  return {
    source: { id: readResIdSelector(source, `${where}.source`), fieldPath: typeof source.fieldPath === 'string' ? source.fieldPath : undefined, options: readOptions(source.options) },
    targets,
  };
}

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/**
 * kustomize hands back annotations as a map of strings: a scalar keeps its text, anything
 * else (a map, a list, a field without a value) becomes "".
 */
function normaliseAnnotations(r: Resource): void {
  const annotations = isPlainObject(r.obj.metadata) ? r.obj.metadata.annotations : undefined;
  if (!isPlainObject(annotations)) return;
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value === 'string') continue;
    if (value === null) annotations[key] = 'null';
    else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') annotations[key] = String(value);
    else annotations[key] = '';
  }
}

/** The path of a NaN or an infinity, which JSON (and so kustomize) cannot hold. */
function nonFinitePath(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nonFinitePath(item, [...path, String(i)]);
      if (found) return found;
    }
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nonFinitePath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
}

function addOriginAnnotations(resources: readonly Resource[], root: string): void {
  for (const r of resources) {
    const file = r.origin.file;
    const relative = relativePath(root, file);
    const value = r.generated
      ? `configuredIn: ${relativePath(root, file)}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${r.kind === 'Secret' ? 'SecretGenerator' : 'ConfigMapGenerator'}\n`
      : `path: ${relative}\n`;
    r.metadata.annotations = { ...r.annotations(), 'config.kubernetes.io/origin': value };
  }
}

function relativePath(from: string, to: string): string {
  const a = from ? from.split('/') : [];
  const b = to.split('/');
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

/** Builds the kustomization at `request.path` as `kustomize build` does. */
export function buildKustomization(request: KustomizeBuildRequest): KustomizeBuildResult {
  const builder = new Builder(request.tree, request.loadRestrictor ?? 'LoadRestrictionsRootOnly', request.enableHelm === true);
  const root = request.path.replace(/^\.\/?/, '').replace(/\/+$/, '');
  const { k, file } = builder.loadKustomization(root, request.overrides);
  builder.root = root;
  builder.transformerAnnotations = Array.isArray(k.buildMetadata) && k.buildMetadata.includes('transformerAnnotations');
  let ra: Accumulator;
  try {
    ra = builder.accumulate(root, [], undefined, false, request.overrides);
  } catch (error) {
    if (isFerryError(error)) throw error;
    throw kustomizeError(`kustomize build ${root || '.'}: ${messageOf(error)}`, 500);
  }
  addHashSuffixes(ra.resources);
  fixNameReferences(ra.resources, ra.config.nameReference);
  resolveVars(ra.resources, ra.vars, ra.config.varReference, file);
  // Objects marked as local configuration take part in the build but are not printed.
  let list = ra.resources.list.filter((r) => !Object.hasOwn(r.annotations(), LOCAL_CONFIG));
  const sortOptions = isPlainObject(k.sortOptions) ? k.sortOptions : undefined;
  if (sortOptions?.order !== 'fifo') {
    const legacy = isPlainObject(sortOptions?.legacySortOptions) ? sortOptions.legacySortOptions : {};
    list = sortLegacy(
      list,
      Array.isArray(legacy.orderFirst) ? legacy.orderFirst.map(String) : undefined,
      Array.isArray(legacy.orderLast) ? legacy.orderLast.map(String) : undefined,
    );
  }
  // kustomize keeps its bookkeeping in annotations and removes the field when that leaves it empty.
  for (const r of list) {
    if (!isPlainObject(r.obj.metadata)) continue;
    const annotations = r.metadata.annotations;
    if (annotations === null || annotations === undefined || (typeof annotations === 'object' && Object.keys(annotations).length === 0)) {
      delete r.metadata.annotations;
    }
  }
  for (const r of list) {
    normaliseAnnotations(r);
    const bad = nonFinitePath(r.obj, []);
    if (bad) throw kustomizeError(`${file}: ${r.kind} ${r.name}: ${bad.join('.')}: json: unsupported value: ${String(valueAt(r.obj, bad))}`);
  }
  const metadataOptions = Array.isArray(k.buildMetadata) ? k.buildMetadata.map(String) : [];
  if (metadataOptions.includes('originAnnotations')) addOriginAnnotations(list, root);
  if (metadataOptions.includes('transformerAnnotations')) {
    for (const r of list) {
      if (r.transformations.length === 0) continue;
      const text = r.transformations
        .map((t) => `- configuredIn: ${t.configuredIn}\n  configuredBy:\n    apiVersion: builtin\n    kind: ${t.kind}\n`)
        .join('');
      r.metadata.annotations = { ...r.annotations(), 'alpha.config.kubernetes.io/transformations': text };
    }
  }
  if (metadataOptions.includes('managedByLabel')) {
    for (const r of list) r.metadata.labels = { ...r.labels(), 'app.kubernetes.io/managed-by': MANAGED_BY };
  }
  return { objects: list.map((r) => ({ object: r.obj, origin: r.origin })) };
}
