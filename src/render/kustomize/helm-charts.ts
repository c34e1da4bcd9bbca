import { isFerryError, isPlainObject, messageOf, resolveTreePath, type FileTree } from '../../core/index.ts';
import { mergeValueSources, renderChart } from '../helm/index.ts';
import { goTypeName, type Kustomization } from './kustomization.ts';
import { kustomizeError, OUTSIDE_TREE, type JsonMap } from './resource.ts';

/**
 * `helmCharts` (and the deprecated `helmChartInflationGenerator`), inflated as kustomize's
 * HelmChartInflationGenerator does: `helm template` of a chart under the chart home, here by
 * Ferry's own Helm renderer. Only charts present in the repository are used: a chart that
 * would have to be pulled from its `repo` is refused.
 */

export interface HelmChartSpec {
  readonly name: string;
  readonly version: string;
  readonly repo: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly nameTemplate: string;
  readonly valuesFile: string;
  readonly additionalValuesFiles: readonly string[];
  readonly valuesInline: JsonMap | undefined;
  readonly valuesMerge: 'override' | 'replace' | 'merge';
  readonly includeCRDs: boolean;
  readonly skipHooks: boolean;
  readonly skipTests: boolean;
  readonly apiVersions: readonly string[];
  readonly kubeVersion: string;
}

function text(value: unknown, field: string, where: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    throw kustomizeError(`${where}: invalid Kustomization: json: cannot unmarshal ${goTypeName(value)} into Go struct field HelmChart.helmCharts.${field} of type string`);
  }
  return value;
}

function strings(value: unknown, field: string, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw kustomizeError(`${where}: helmCharts ${field} must be a list`);
  return value.map((v) => text(v, field, where));
}

function readChart(entry: unknown, where: string): HelmChartSpec {
  if (!isPlainObject(entry)) throw kustomizeError(`${where}: each helmCharts entry must be a map`);
  const merge = text(entry.valuesMerge, 'valuesMerge', where) || 'override';
  if (merge !== 'override' && merge !== 'replace' && merge !== 'merge') {
    throw kustomizeError(`${where}: helmCharts ${String(entry.name)}: valuesMerge must be override, replace or merge, not ${merge}`);
  }
  if (entry.valuesInline !== undefined && entry.valuesInline !== null && !isPlainObject(entry.valuesInline)) {
    throw kustomizeError(`${where}: helmCharts ${String(entry.name)}: valuesInline must be a map`);
  }
  return {
    name: text(entry.name, 'name', where),
    version: text(entry.version, 'version', where),
    repo: text(entry.repo, 'repo', where),
    releaseName: text(entry.releaseName, 'releaseName', where),
    namespace: text(entry.namespace, 'namespace', where),
    nameTemplate: text(entry.nameTemplate, 'nameTemplate', where),
    valuesFile: text(entry.valuesFile, 'valuesFile', where),
    additionalValuesFiles: strings(entry.additionalValuesFiles, 'additionalValuesFiles', where),
    valuesInline: isPlainObject(entry.valuesInline) ? entry.valuesInline : undefined,
    valuesMerge: merge,
    includeCRDs: entry.includeCRDs === true,
    skipHooks: entry.skipHooks === true,
    skipTests: entry.skipTests === true,
    apiVersions: strings(entry.apiVersions, 'apiVersions', where),
    kubeVersion: text(entry.kubeVersion, 'kubeVersion', where),
  };
}

/** The charts a kustomization asks for, the deprecated generator's entries turned into charts. */
export function readHelmCharts(k: Kustomization, where: string): { charts: HelmChartSpec[]; chartHome: string } {
  const charts: HelmChartSpec[] = [];
  let chartHome = '';
  if (k.helmGlobals !== undefined && k.helmGlobals !== null) {
    if (!isPlainObject(k.helmGlobals)) throw kustomizeError(`${where}: helmGlobals must be a map`);
    chartHome = text(k.helmGlobals.chartHome, 'chartHome', where);
  }
  if (k.helmCharts !== undefined && k.helmCharts !== null) {
    if (!Array.isArray(k.helmCharts)) throw kustomizeError(`${where}: helmCharts must be a list`);
    charts.push(...k.helmCharts.map((entry) => readChart(entry, where)));
  }
  if (k.helmChartInflationGenerator !== undefined && k.helmChartInflationGenerator !== null) {
    if (!Array.isArray(k.helmChartInflationGenerator)) throw kustomizeError(`${where}: helmChartInflationGenerator must be a list`);
    for (const old of k.helmChartInflationGenerator) {
      if (!isPlainObject(old)) throw kustomizeError(`${where}: each helmChartInflationGenerator entry must be a map`);
      if (!chartHome && typeof old.chartHome === 'string') chartHome = old.chartHome;
      charts.push(
        readChart(
          {
            name: old.chartName, version: old.chartVersion, repo: old.chartRepoUrl, valuesFile: old.values, valuesInline: old.valuesLocal,
            valuesMerge: old.valuesMerge, releaseName: old.releaseName, namespace: old.releaseNamespace,
          },
          where,
        ),
      );
    }
  }
  return { charts, chartHome: chartHome || 'charts' };
}

/** Maps merged key by key; `over` wins elsewhere (kustomize's merge of valuesInline). */
function deepMerge(base: JsonMap, over: JsonMap): JsonMap {
  const out: JsonMap = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export interface ChartInflation {
  readonly tree: FileTree;
  /** The kustomization's directory. */
  readonly root: string;
  /** Reads a text file named relative to the kustomization, under its load restrictions. */
  readonly readText: (path: string, what: string) => string;
  readonly parseValues: (text: string, file: string) => unknown;
}

/** `helm template` of one chart: the text it prints, and the chart's folder for origins. */
export function inflateChart(chart: HelmChartSpec, chartHome: string, io: ChartInflation, where: string): { text: string; chartDir: string } {
  const label = `${where}: helmCharts ${chart.name || '(no name)'}`;
  if (!chart.name) throw kustomizeError(`${label}: a chart needs a name`);
  let home: string;
  let chartDir: string;
  try {
    home = resolveTreePath(io.root, chartHome);
    const local = chart.repo && chart.version ? `${chart.name}-${chart.version}/${chart.name}` : chart.name;
    chartDir = resolveTreePath(home, local);
  } catch (error) {
    throw kustomizeError(`${label}: chart home ${chartHome} leads outside the repository (${messageOf(error)})`, 400, { reason: OUTSIDE_TREE });
  }
  if (!io.tree.hasFile(chartDir ? `${chartDir}/Chart.yaml` : 'Chart.yaml')) {
    if (!chart.repo) throw kustomizeError(`${label}: no repo specified for pull, no chart found at '${chartDir || '.'}'`, 404);
    throw kustomizeError(
      `${label}: the chart is not in the repository (looked in ${chartDir || '.'}) and Ferry does not pull charts from ${chart.repo}; vendor it under ${chartHome}`,
      400,
    );
  }
  // The values file: the user's (read under the load restrictions), or the chart's own.
  const chartValues = chartDir ? `${chartDir}/values.yaml` : 'values.yaml';
  const readValues = (file: string, what: string): { name: string; text: string } => ({ name: file, text: io.readText(file, what) });
  const valuesSource = (): { name: string; text: string } | undefined => {
    if (chart.valuesFile) return readValues(chart.valuesFile, 'helm values file');
    if (!io.tree.hasFile(chartValues)) return undefined;
    return { name: chartValues, text: new TextDecoder().decode(io.tree.read(chartValues)) };
  };
  const files: { name: string; text: string }[] = [];
  if (chart.valuesInline && Object.keys(chart.valuesInline).length > 0) {
    let inline = chart.valuesInline;
    const source = chart.valuesMerge === 'replace' ? undefined : valuesSource();
    if (source) {
      const fromFile = io.parseValues(source.text, source.name);
      const fileValues = isPlainObject(fromFile) ? fromFile : {};
      inline = chart.valuesMerge === 'override' ? deepMerge(fileValues, inline) : deepMerge(inline, fileValues);
    }
    files.push({ name: 'valuesInline', text: JSON.stringify(inline) });
  } else {
    const source = valuesSource();
    if (source) files.push(source);
  }
  for (const file of chart.additionalValuesFiles) files.push(readValues(file, 'helm additional values file'));
  try {
    const rendered = renderChart(io.tree, chartDir, {
      releaseName: chart.releaseName || chart.nameTemplate || 'release-name',
      namespace: chart.namespace || 'default',
      values: mergeValueSources({ files }),
      includeCrds: chart.includeCRDs,
      skipTests: chart.skipTests,
      apiVersions: chart.apiVersions,
      ...(chart.kubeVersion ? { kubeVersion: chart.kubeVersion } : {}),
      label: chartDir || '.',
    });
    if (!chart.skipHooks) return { text: rendered.text, chartDir };
    // --no-hooks: the templates without the hooks.
    const parts = [...rendered.crds.map((c) => c.content), ...rendered.manifests.map((m) => m.content)];
    return { text: parts.join('\n---\n'), chartDir };
  } catch (error) {
    if (isFerryError(error)) throw kustomizeError(`${label}: ${error.message}`, error.httpStatus);
    throw error;
  }
}
