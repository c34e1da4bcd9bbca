/**
 * What Helm does with a chart's dependencies before rendering (chartutil's
 * ProcessDependenciesWithMerge): checks that each declared dependency is vendored, applies
 * aliases, drops the ones disabled by `tags` and `condition`, and imports values from children
 * (`import-values`, both the `exports.x` short form and `{child, parent}`).
 */
import { isCompatibleRange } from '../semver/index.ts';
import { coalesceValues, deepCopy, mergeTables, mergeValues, pathToMap, pathValue, valuesTable } from '../values/coalesce.ts';
import type { Values, ValuesChart } from '../values/coalesce.ts';
import type { LoadedChart } from './load.ts';
import type { ChartDependency, ChartMetadata } from './metadata.ts';

/** A chart as it is rendered: aliases applied, disabled dependencies gone, values imported. */
export interface ProcessedChart extends ValuesChart {
  readonly loaded: LoadedChart;
  readonly name: string;
  metadata: ChartMetadata;
  values: Values;
  dependencies: ProcessedChart[];
  parent: ProcessedChart | undefined;
}

function wrap(loaded: LoadedChart, parent: ProcessedChart | undefined): ProcessedChart {
  const chart: ProcessedChart = {
    loaded,
    name: loaded.metadata.name,
    metadata: loaded.metadata,
    values: loaded.values,
    dependencies: [],
    parent,
  };
  chart.dependencies = loaded.subcharts.map((sub) => wrap(sub, chart));
  return chart;
}

/** A copy of the subtree under a new name (an alias) and parent, so full paths follow. */
function withName(chart: ProcessedChart, name: string, parent: ProcessedChart | undefined): ProcessedChart {
  const copy: ProcessedChart = {
    ...chart,
    name,
    metadata: name === chart.name ? chart.metadata : { ...chart.metadata, name },
    parent,
  };
  copy.dependencies = chart.dependencies.map((sub) => withName(sub, sub.name, copy));
  return copy;
}

/** Declared dependencies that are not in charts/ (Helm's CheckDependencies, top chart only). */
export function missingDependencies(loaded: LoadedChart): ChartDependency[] {
  return loaded.metadata.dependencies.filter((dep) => !loaded.subcharts.some((sub) => sub.metadata.name === dep.name));
}

function findAliasDependency(charts: readonly ProcessedChart[], dep: ChartDependency, parent: ProcessedChart): ProcessedChart | undefined {
  for (const chart of charts) {
    if (chart.name !== dep.name) continue;
    if (!isCompatibleRange(dep.version, chart.metadata.version)) continue;
    return withName(chart, dep.alias !== '' ? dep.alias : chart.name, parent);
  }
  return undefined;
}

function processTags(deps: ChartDependency[], values: Values): ChartDependency[] {
  const tags = valuesTable(values, 'tags');
  if (tags === undefined) return deps;
  return deps.map((dep) => {
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of dep.tags) {
      if (!Object.hasOwn(tags, tag)) continue;
      const value = tags[tag];
      if (value === true) hasTrue = true;
      else if (value === false) hasFalse = true;
    }
    if (!hasTrue && hasFalse) return { ...dep, enabled: false };
    return { ...dep, enabled: true };
  });
}

function processConditions(deps: ChartDependency[], values: Values, path: string): ChartDependency[] {
  return deps.map((dep) => {
    for (const condition of dep.condition.trim().split(',')) {
      if (condition.length === 0) continue;
      const found = pathValue(values, path + condition);
      if (found.found && typeof found.value === 'boolean') return { ...dep, enabled: found.value };
    }
    return dep;
  });
}

function processEnabled(chart: ProcessedChart, values: Values, path: string): void {
  if (!chart.metadata.hasDependencies) return;
  const declared = chart.metadata.dependencies;
  const kept: ProcessedChart[] = [];
  for (const existing of chart.dependencies) {
    const declaredHere = declared.some((dep) => existing.name === dep.name && isCompatibleRange(dep.version, existing.metadata.version));
    if (!declaredHere) kept.push(existing);
  }
  let deps = declared.map((dep) => {
    const aliased = findAliasDependency(chart.dependencies, dep, chart);
    if (aliased) kept.push(aliased);
    return { ...dep, name: dep.alias !== '' ? dep.alias : dep.name, enabled: true };
  });
  chart.dependencies = kept;
  const cvals = coalesceValues(chart, values);
  deps = processTags(deps, cvals);
  deps = processConditions(deps, cvals, path);
  const disabled = new Set(deps.filter((dep) => !dep.enabled).map((dep) => dep.name));
  const enabledCharts = chart.dependencies.filter((sub) => !disabled.has(sub.name));
  for (const sub of enabledCharts) processEnabled(sub, cvals, `${path}${sub.name}.`);
  chart.metadata = { ...chart.metadata, dependencies: deps.filter((dep) => !disabled.has(dep.name)) };
  chart.dependencies = enabledCharts;
}

function processImportValues(chart: ProcessedChart, warn: (message: string) => void): void {
  for (const sub of chart.dependencies) processImportValues(sub, warn);
  if (!chart.metadata.hasDependencies) return;
  const cvals = mergeValues(chart, {});
  let imported: Values = {};
  const deps = chart.metadata.dependencies.map((dep) => {
    const normalised: unknown[] = [];
    for (const entry of dep.importValues) {
      if (typeof entry === 'string') {
        const child = `exports.${entry}`;
        normalised.push({ child, parent: '.' });
        const table = valuesTable(cvals, `${dep.name}.${child}`);
        if (table === undefined) {
          warn(`ImportValues missing table: ${dep.name}.${child}`);
          continue;
        }
        imported = mergeTables(imported, table);
      } else if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
        const record = entry as Record<string, unknown>;
        const child = typeof record.child === 'string' ? record.child : '';
        const parent = typeof record.parent === 'string' ? record.parent : '';
        normalised.push({ child, parent });
        const table = valuesTable(cvals, `${dep.name}.${child}`);
        if (table === undefined) {
          warn(`ImportValues missing table from chart ${dep.name}: ${child}`);
          continue;
        }
        imported = mergeTables(imported, pathToMap(parent, table));
      }
    }
    return { ...dep, importValues: normalised };
  });
  chart.metadata = { ...chart.metadata, dependencies: deps };
  chart.values = mergeTables(deepCopy(cvals), imported);
}

/**
 * The chart tree Helm renders for these user values: ProcessDependenciesWithMerge.
 * `warn` receives Helm's warnings (a condition that is not a boolean, a missing import).
 */
export function processDependencies(loaded: LoadedChart, userValues: Values, warn: (message: string) => void = () => {}): ProcessedChart {
  const root = wrap(loaded, undefined);
  processEnabled(root, userValues, '');
  processImportValues(root, warn);
  return root;
}

/** The chart's path as template names use it: `top/charts/sub`. */
export function chartFullPath(chart: ProcessedChart): string {
  return chart.parent ? `${chartFullPath(chart.parent)}/charts/${chart.name}` : chart.name;
}
