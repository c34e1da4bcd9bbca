/**
 * Renders a chart as `helm template` does (helm v4 pkg/action install + pkg/engine): load the
 * chart, check its dependencies are vendored, process them (conditions, tags, aliases,
 * import-values), coalesce values, validate them against the charts' schemas, parse every
 * template of every chart into one set, execute each non-partial template, then sort the
 * output into manifests and hooks and print them with their `# Source:` lines.
 */
import { createHash } from 'node:crypto';
import type { FileTree } from '../../../core/index.ts';
import { FerryError, isFerryError, messageOf } from '../../../core/index.ts';
import { TemplateSet, isTemplateError, withGoType } from '../gotemplate/index.ts';
import { loadChart } from '../chart/load.ts';
import type { LoadedChart } from '../chart/load.ts';
import { chartFullPath, missingDependencies, processDependencies } from '../chart/dependencies.ts';
import type { ProcessedChart } from '../chart/dependencies.ts';
import { formatSchemaErrors, parseSchema, validateSchema } from '../chart/schema.ts';
import type { SchemaError } from '../chart/schema.ts';
import { helmError } from '../errors.ts';
import { helmFuncMap, systemRuntime, WARN_END, WARN_START } from '../functions/index.ts';
import type { HelmRuntime } from '../functions/index.ts';
import { isCompatibleRange } from '../semver/index.ts';
import { coalesceValues, isTable } from '../values/coalesce.ts';
import type { Values } from '../values/coalesce.ts';
import { goMatch } from '../chart/glob.ts';
import { sortManifests, splitManifests } from './manifests.ts';
import type { Hook, Manifest } from './manifests.ts';
import { Capabilities, DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION, Files, chartObject, parseKubeVersion, releaseObject } from './objects.ts';

export interface RenderChartOptions {
  readonly releaseName: string;
  readonly namespace: string;
  /** The user's values (`-f`, `--set`...), already merged (see mergeValueSources). */
  readonly values?: Values;
  /** `--kube-version`; default v1.35.0 as helm v4.1.4. */
  readonly kubeVersion?: string;
  /** `--api-versions`, added to the default set. */
  readonly apiVersions?: readonly string[];
  /** Print the charts' `crds/` files first (`--include-crds`). */
  readonly includeCrds?: boolean;
  /** Leave out test hooks (`--skip-tests`). */
  readonly skipTests?: boolean;
  readonly skipSchemaValidation?: boolean;
  /** `--is-upgrade`: `.Release.IsUpgrade` true, `.Release.IsInstall` false. */
  readonly isUpgrade?: boolean;
  readonly runtime?: HelmRuntime;
  readonly signal?: AbortSignal;
  /** Helm's warnings (a dependency condition that is not a boolean...). */
  readonly warn?: (message: string) => void;
  /** How messages name the chart (default: its path in the tree). */
  readonly label?: string;
}

export interface CrdFile {
  readonly name: string;
  readonly content: string;
}

export interface RenderedChart {
  readonly chartName: string;
  readonly crds: readonly CrdFile[];
  readonly manifests: readonly Manifest[];
  readonly hooks: readonly Hook[];
  /** The top chart's NOTES.txt, rendered. */
  readonly notes: string;
  /** Exactly what `helm template` prints. */
  readonly text: string;
}

// ---- caches ---------------------------------------------------------------------------------

interface CachedChart {
  readonly loaded: LoadedChart;
  readonly sets: Map<string, { set: TemplateSet; runtime: HelmRuntime }>;
}

const MAX_CACHED_CHARTS = 64;
const chartCache = new Map<string, CachedChart>();
const digestCache = new WeakMap<FileTree, Map<string, string>>();

/** A digest of the chart's files (names and bytes): the key of the caches. */
export function chartDigest(tree: FileTree, dir: string): string {
  const known = digestCache.get(tree)?.get(dir);
  if (known) return known;
  const hash = createHash('sha256');
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const file of tree.files()) {
    if (!file.startsWith(prefix)) continue;
    const data = tree.read(file);
    hash.update(`${file.slice(prefix.length)}\0${data.length}\0`);
    hash.update(data);
  }
  const digest = hash.digest('hex');
  let perTree = digestCache.get(tree);
  if (!perTree) digestCache.set(tree, (perTree = new Map()));
  perTree.set(dir, digest);
  return digest;
}

function cachedChart(tree: FileTree, dir: string): CachedChart {
  const digest = chartDigest(tree, dir);
  const hit = chartCache.get(digest);
  if (hit) {
    chartCache.delete(digest);
    chartCache.set(digest, hit);
    return hit;
  }
  const entry: CachedChart = { loaded: loadChart(tree, dir), sets: new Map() };
  chartCache.set(digest, entry);
  if (chartCache.size > MAX_CACHED_CHARTS) chartCache.delete(chartCache.keys().next().value!);
  return entry;
}

/** Forgets parsed charts (for benchmarks measuring a cold render). */
export function clearChartCache(): void {
  chartCache.clear();
}

// ---- templates ------------------------------------------------------------------------------

interface Renderable {
  readonly name: string;
  readonly text: string;
  readonly vals: Record<string, unknown>;
  readonly basePath: string;
}

const decoded = new WeakMap<Uint8Array, string>();

function textOf(data: Uint8Array): string {
  let text = decoded.get(data);
  if (text === undefined) decoded.set(data, (text = new TextDecoder().decode(data)));
  return text;
}

function isPartial(name: string): boolean {
  return name.slice(name.lastIndexOf('/') + 1).startsWith('_');
}

/** engine.recAllTpls: each chart's templates with the values object its templates see. */
function collectTemplates(
  chart: ProcessedChart,
  parentVals: Record<string, unknown> | undefined,
  common: { readonly release: Record<string, unknown>; readonly capabilities: Capabilities; readonly values: Values },
  out: Map<string, Renderable>,
): Record<string, unknown> {
  const subcharts: Record<string, unknown> = {};
  let values: Values = {};
  // The top chart's .Values is chartutil's common.Values (a subchart's is a table of it, left untagged so
  // the parent's .Values.sub keeps its own type).
  if (!parentVals) values = withGoType(common.values, 'common.Values');
  else {
    const parentValues = parentVals.Values;
    const own = isTable(parentValues) && Object.hasOwn(parentValues, chart.name) ? parentValues[chart.name] : undefined;
    if (isTable(own)) values = own;
  }
  const next: Record<string, unknown> = {
    Chart: chartObject(chart.metadata, parentVals === undefined),
    Files: Files.of(chart.loaded.files),
    Release: common.release,
    Capabilities: common.capabilities,
    Values: values,
    Subcharts: subcharts,
  };
  // Every template's dot is a common.Values too (engine's renderable.vals).
  withGoType(next, 'common.Values');
  for (const child of chart.dependencies) subcharts[child.name] = collectTemplates(child, next, common, out);
  const fullPath = chartFullPath(chart);
  const library = chart.metadata.type.toLowerCase() === 'library';
  for (const template of chart.loaded.templates) {
    if (library && !isPartial(template.name)) continue;
    const name = `${fullPath}/${template.name}`;
    out.set(name, { name, text: textOf(template.data), vals: next, basePath: `${fullPath}/templates` });
  }
  return next;
}

/** engine.sortTemplates: deeper paths first, then reverse lexical order. */
function parseOrder(names: Iterable<string>): string[] {
  const keyed = [...names].map((name) => ({ name, depth: name.split('/').length - 1 }));
  keyed.sort((a, b) => (a.depth !== b.depth ? b.depth - a.depth : a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return keyed.map((k) => k.name);
}

/**
 * A nested failure (a `tpl` that calls itself, say) repeats its context at every level; the
 * message keeps its start (where) and its end (the cause).
 */
function shorten(message: string, limit = 1600): string {
  if (message.length <= limit) return message;
  const half = Math.floor(limit / 2);
  return `${message.slice(0, half)} … ${message.slice(-half)}`;
}

/** engine's cleanupParseError. */
function parseErrorMessage(filename: string, message: string): string {
  const tokens = message.split(': ');
  if (tokens.length === 1) return `parse error in (${filename}): ${message}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

/** engine's cleanupExecError: `required` and `fail` messages shown alone with their place. */
function execErrorMessage(message: string): string {
  const tokens = message.split(': ');
  if (tokens.length < 3) return message;
  const location = tokens[1];
  const rest = tokens.slice(2).join(': ');
  const start = rest.indexOf(WARN_START);
  const end = rest.lastIndexOf(WARN_END);
  if (start >= 0 && end > start) return `execution error at (${location}): ${rest.slice(start + WARN_START.length, end)}`;
  return message;
}

function templateSet(cached: CachedChart, ordered: readonly Renderable[], runtime: HelmRuntime, label: string): TemplateSet {
  const signature = ordered.map((r) => r.name).join('\n');
  const hit = cached.sets.get(signature);
  if (hit) {
    const set = hit.set.clone();
    if (hit.runtime !== runtime) set.funcs(helmFuncMap(runtime));
    return set;
  }
  const set = new TemplateSet('gotpl', { missingKey: 'zero', funcs: helmFuncMap(runtime) });
  for (const renderable of ordered) {
    try {
      set.parse(renderable.name, renderable.text);
    } catch (error) {
      if (isTemplateError(error)) {
        throw helmError('RENDER_TEMPLATE_FAILED', `render helm chart ${label}: ${shorten(parseErrorMessage(renderable.name, error.message))}`, error);
      }
      throw error;
    }
  }
  cached.sets.set(signature, { set, runtime });
  if (cached.sets.size > 16) cached.sets.delete(cached.sets.keys().next().value!);
  return set.clone();
}

// ---- schema ---------------------------------------------------------------------------------

function flattenSchemaErrors(errors: readonly SchemaError[]): string[] {
  const out: string[] = [];
  const walk = (error: SchemaError) => {
    if (error.causes.length === 0 || error.message !== 'validation failed') out.push(`at '${error.at}': ${error.message}`);
    for (const cause of error.causes) walk(cause);
  };
  errors.forEach(walk);
  return out;
}

function validateValues(chart: ProcessedChart, values: Values, label: string): void {
  const problems: { chart: string; errors: SchemaError[] }[] = [];
  const visit = (c: ProcessedChart, v: Values) => {
    const schemaBytes = c.loaded.schema;
    if (schemaBytes) {
      let errors: SchemaError[];
      try {
        errors = validateSchema(parseSchema(schemaBytes), v);
      } catch (error) {
        throw helmError('RENDER_HELM_CHART_INVALID', `render helm chart ${label}: ${c.name}/values.schema.json: ${messageOf(error)}`, error);
      }
      if (errors.length > 0) problems.push({ chart: c.name, errors });
    }
    for (const sub of c.dependencies) {
      const subValues = v[sub.name];
      visit(sub, isTable(subValues) ? subValues : {});
    }
  };
  visit(chart, values);
  if (problems.length === 0) return;
  const text = problems.map((p) => `${p.chart}:\n${formatSchemaErrors(p.errors)}`).join('');
  const summary = problems.map((p) => `${p.chart}: ${flattenSchemaErrors(p.errors).join('; ')}`).join('; ');
  throw new FerryError(
    'RENDER_HELM_SCHEMA_MISMATCH',
    `render helm chart ${label}: values don't meet the specifications of the schema(s) in the following chart(s): ${summary}`,
    { httpStatus: 422, details: { helmMessage: `values don't meet the specifications of the schema(s) in the following chart(s):\n${text}` } },
  );
}

// ---- CRDs -----------------------------------------------------------------------------------

function collectCrds(chart: ProcessedChart): CrdFile[] {
  const out: CrdFile[] = [];
  const fullPath = chartFullPath(chart);
  for (const file of chart.loaded.files) {
    if (!file.name.startsWith('crds/')) continue;
    const ext = file.name.slice(file.name.lastIndexOf('.')).toLowerCase();
    if (ext !== '.yaml' && ext !== '.yml' && ext !== '.json') continue;
    out.push({ name: `${fullPath}/${file.name}`, content: new TextDecoder().decode(file.data) });
  }
  for (const sub of chart.dependencies) out.push(...collectCrds(sub));
  return out;
}

// ---- render ---------------------------------------------------------------------------------

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Helm's release name check (action.validateReleaseName): a DNS-1123 subdomain of at most 53 characters. */
function checkReleaseName(name: string): void {
  if (name !== '' && RELEASE_NAME.test(name) && name.length <= 53) return;
  throw helmError(
    'RENDER_HELM_OPTIONS_INVALID',
    `release name check failed: release name ${JSON.stringify(name)}: invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`,
  );
}

/** Renders the chart at `chartPath` in `tree`. */
export function renderChart(tree: FileTree, chartPath: string, options: RenderChartOptions): RenderedChart {
  const label = options.label ?? (chartPath === '' ? '.' : chartPath);
  checkReleaseName(options.releaseName);
  const runtime = options.runtime ?? systemRuntime;
  const warn = options.warn ?? (() => {});
  const cached = cachedChart(tree, chartPath);
  const loaded = cached.loaded;

  const type = loaded.metadata.type;
  if (type !== '' && type !== 'application') {
    throw helmError('RENDER_HELM_CHART_INVALID', `render helm chart ${label}: ${type} charts are not installable`);
  }
  if (loaded.metadata.hasDependencies) {
    const missing = missingDependencies(loaded);
    if (missing.length > 0) {
      const names = missing.map((d) => d.name).join(', ');
      const sources = missing.map((d) => `${d.name} ${d.version || 'any version'}${d.repository ? ` from ${d.repository}` : ''}`).join(', ');
      throw helmError(
        'RENDER_HELM_DEPENDENCY_MISSING',
        `render helm chart ${label}: an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${names} (Ferry does not fetch remote charts: vendor ${sources} into charts/ and commit them)`,
      );
    }
  }

  const userValues = options.values ?? {};
  let processed: ProcessedChart;
  let values: Values;
  try {
    processed = processDependencies(loaded, userValues, warn);
    values = coalesceValues(processed, userValues, warn);
  } catch (error) {
    if (isFerryError(error)) throw error;
    throw helmError('RENDER_HELM_VALUES_INVALID', `render helm chart ${label}: ${messageOf(error)}`, error);
  }

  const kubeVersion = parseKubeVersion(options.kubeVersion || DEFAULT_KUBE_VERSION);
  const capabilities = new Capabilities(kubeVersion, [...DEFAULT_API_VERSIONS, ...(options.apiVersions ?? [])]);
  if (!options.skipSchemaValidation) validateValues(processed, values, label);
  if (loaded.metadata.kubeVersion !== '' && !isCompatibleRange(loaded.metadata.kubeVersion, kubeVersion.normalizedVersion)) {
    throw helmError(
      'RENDER_HELM_CHART_INVALID',
      `render helm chart ${label}: chart requires kubeVersion: ${loaded.metadata.kubeVersion} which is incompatible with Kubernetes ${kubeVersion.Version}`,
    );
  }

  const renderables = new Map<string, Renderable>();
  collectTemplates(processed, undefined, { release: releaseObject({ name: options.releaseName, namespace: options.namespace, isUpgrade: options.isUpgrade }), capabilities, values }, renderables);
  const order = parseOrder(renderables.keys()).map((name) => renderables.get(name)!);
  const set = templateSet(cached, order, runtime, label);

  const rendered = new Map<string, string>();
  for (const renderable of order) {
    if (isPartial(renderable.name)) continue;
    const vals = renderable.vals;
    vals.Template = withGoType({ Name: renderable.name, BasePath: renderable.basePath }, 'common.Values');
    if (vals.Values === null || vals.Values === undefined) vals.Values = {};
    let output: string;
    try {
      output = set.execute(renderable.name, vals, { signal: options.signal });
    } catch (error) {
      if (isTemplateError(error)) {
        const message = execErrorMessage(error.message);
        // A failure deep in a tpl text names only "gotpl": say which file was being rendered.
        const where = message.includes(renderable.name) ? '' : `${renderable.name}: `;
        throw helmError('RENDER_TEMPLATE_FAILED', `render helm chart ${label}: ${where}${shorten(message)}`, error);
      }
      throw error;
    }
    rendered.set(renderable.name, output.replaceAll('<no value>', ''));
  }

  const notesName = `${processed.name}/templates/NOTES.txt`;
  const notes = rendered.get(notesName) ?? '';
  for (const name of [...rendered.keys()]) if (name.endsWith('NOTES.txt')) rendered.delete(name);

  const { manifests, hooks } = sortManifests(rendered, label);
  const crds = options.includeCrds ? collectCrds(processed) : [];
  const keptHooks = options.skipTests ? hooks.filter((h) => !h.events.includes('test')) : hooks;

  let manifest = '';
  for (const crd of crds) manifest += `---\n# Source: ${crd.name}\n${crd.content}\n`;
  for (const m of manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  let text = `${manifest.trim()}\n`;
  for (const h of keptHooks) text += `---\n# Source: ${h.name}\n${h.content}\n`;

  return { chartName: processed.name, crds, manifests, hooks: keptHooks, notes, text };
}

/** `helm template --show-only`: the documents whose template path matches a pattern. */
export function showOnly(text: string, patterns: readonly string[]): string {
  const docs = splitManifests(text);
  let out = '';
  for (const raw of patterns) {
    const pattern = raw.replaceAll('\\', '/');
    let found = false;
    for (const doc of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(doc);
      if (!m) continue;
      if (!goMatch(pattern, m[1]!)) continue;
      out += `---\n${doc}\n`;
      found = true;
    }
    if (!found) throw helmError('RENDER_HELM_OPTIONS_INVALID', `could not find template ${raw} in chart`);
  }
  return out;
}
