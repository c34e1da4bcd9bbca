/**
 * The Helm renderer behind the dispatcher: an Application's `spec.source.helm` (Argo CD's
 * meaning of each field) turned into a `helm template` render of the chart at `path`, and
 * the output read into objects.
 */
import type { FileTree } from '../../core/index.ts';
import { FerryError, messageOf, readText, resolveTreePath } from '../../core/index.ts';
import { parseManifests } from '../../manifest/index.ts';
import type { HelmOptions, RenderedObject, RenderRequest, RenderResult } from '../types.ts';
import { helmError } from './errors.ts';
import { renderChart } from './engine/render.ts';
import type { RenderedChart } from './engine/render.ts';
import { mergeValueSources, MAX_VALUES_FILE_BYTES } from './engine/values-input.ts';
import type { HelmRuntime } from './functions/index.ts';
import { marshalYaml } from './yaml/emit.ts';
import type { Values } from './values/coalesce.ts';

export interface HelmRenderContext {
  readonly runtime?: HelmRuntime;
  readonly signal?: AbortSignal;
}

/** Argo CD escapes commas in `--set` values, except in a `{a,b}` list. */
function escapeSetValue(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  return value.replace(/(?<!\\),/g, '\\,');
}

function readRepoFile(tree: FileTree, chartDir: string, file: string, what: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw helmError('RENDER_HELM_OPTIONS_INVALID', `${what} ${file}: remote files are not fetched; put the file in the repository`);
  }
  let path: string;
  try {
    path = resolveTreePath(chartDir, file);
  } catch (error) {
    throw new FerryError('PATH_OUTSIDE_TREE', `${what} ${file}: ${messageOf(error)}; only files of the repository can be read`, { httpStatus: 400, cause: error });
  }
  if (!tree.hasFile(path)) throw helmError('FILE_NOT_FOUND', `${what} ${file} not found (looked for ${path} in the repository)`);
  const size = tree.size(path);
  if (size > MAX_VALUES_FILE_BYTES) {
    throw helmError('RENDER_HELM_VALUES_INVALID', `${what} ${file} is ${size} bytes, over the limit of ${MAX_VALUES_FILE_BYTES} bytes (16 MiB)`);
  }
  return readText(tree, path);
}

/** The user values of `spec.source.helm`, merged in `helm template`'s order. */
export function helmOptionValues(tree: FileTree, chartDir: string, options: HelmOptions): Values {
  const files = (options.valueFiles ?? []).map((file) => ({ name: file, text: readRepoFile(tree, chartDir, file, 'values file') }));
  if (options.valuesObject !== undefined && options.valuesObject !== null) {
    files.push({ name: 'valuesObject', text: marshalYaml(options.valuesObject) });
  } else if (options.values !== undefined && options.values.trim() !== '') {
    files.push({ name: 'values', text: options.values });
  }
  const parameters = options.parameters ?? [];
  return mergeValueSources({
    files,
    setJson: options.setJson,
    set: parameters.filter((p) => !p.forceString).map((p) => `${p.name}=${escapeSetValue(p.value)}`),
    setString: parameters.filter((p) => p.forceString).map((p) => `${p.name}=${escapeSetValue(p.value)}`),
    setFile: (options.fileParameters ?? []).map((p) => `${p.name}=${p.path}`),
    readFile: (path) => readRepoFile(tree, chartDir, path, 'file parameter'),
  });
}

/** The objects of a rendered chart, each with the template it came from. */
export function renderedObjects(rendered: RenderedChart): RenderedObject[] {
  const objects: RenderedObject[] = [];
  const documentIndex = new Map<string, number>();
  const add = (file: string, content: string) => {
    for (const parsed of parseManifests(file, content)) {
      const index = documentIndex.get(file) ?? 0;
      documentIndex.set(file, index + 1);
      objects.push({ object: parsed.object, origin: { file, document: index, line: parsed.origin.line } });
    }
  };
  for (const crd of rendered.crds) add(crd.name, crd.content);
  for (const manifest of rendered.manifests) add(manifest.name, manifest.content);
  for (const hook of rendered.hooks) add(hook.name, hook.content);
  return objects;
}

/** Renders an Application's Helm source (the dispatcher's `helm` renderer). */
export function renderHelm(request: RenderRequest, context: HelmRenderContext = {}): RenderResult {
  const chartDir = resolveTreePath('', request.path);
  const options = request.helm ?? {};
  const values = helmOptionValues(request.tree, chartDir, options);
  const rendered = renderChart(request.tree, chartDir, {
    releaseName: options.releaseName ?? 'release-name',
    namespace: options.namespace ?? 'default',
    values,
    kubeVersion: options.kubeVersion,
    apiVersions: options.apiVersions,
    // Argo CD passes --include-crds unless the source says skipCrds.
    includeCrds: options.includeCrds ?? !options.skipCrds,
    skipTests: options.skipTests,
    runtime: context.runtime,
    signal: context.signal,
    label: chartDir === '' ? '.' : chartDir,
  });
  return { type: 'helm', objects: renderedObjects(rendered) };
}
