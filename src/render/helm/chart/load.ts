/**
 * Loads a chart from a FileTree as Helm's loader does (pkg/chart/v2/loader): `.helmignore`,
 * Chart.yaml (v1 charts may list dependencies in requirements.yaml), values.yaml (several
 * documents merge), values.schema.json, templates/, subcharts in charts/ as directories or
 * `.tgz` archives, everything else as `.Files`. Helm's size limits apply.
 */
import type { FileTree } from '../../../core/index.ts';
import { isFerryError, messageOf } from '../../../core/index.ts';
import { expandValue } from '../../../manifest/index.ts';
import { helmError } from '../errors.ts';
import { mergeMaps } from '../values/coalesce.ts';
import type { Values } from '../values/coalesce.ts';
import { parseGoYamlAll, checkJsonCompatible } from '../yaml/parse.ts';
import { HelmIgnore } from './helmignore.ts';
import { decodeMetadata, decodeRequirements, validateMetadata } from './metadata.ts';
import type { ChartMetadata } from './metadata.ts';
import { MAX_DECOMPRESSED_FILE_SIZE, readChartArchive } from './tar.ts';
import type { ArchiveFile } from './tar.ts';

export interface ChartFile {
  readonly name: string;
  readonly data: Uint8Array;
}

export interface LoadedChart {
  readonly metadata: ChartMetadata;
  readonly values: Values;
  readonly schema: Uint8Array | undefined;
  readonly templates: readonly ChartFile[];
  /** What `.Files` holds: every file that is not Chart.yaml, values, templates or a subchart. */
  readonly files: readonly ChartFile[];
  readonly subcharts: readonly LoadedChart[];
  /** Where the chart came from, for messages: `chart`, `chart/charts/redis`, `chart/charts/x.tgz`. */
  readonly location: string;
}

const decoder = new TextDecoder('utf-8');
const BOM = [0xef, 0xbb, 0xbf];

function stripBom(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2] ? data.subarray(3) : data;
}

class LoadError extends Error {
  override readonly name = 'LoadError';
}

function isTable(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  return typeof value;
}

/** What a values document may expand to through YAML aliases (characters and nodes). */
const MAX_EXPANDED_VALUES = 64 * 1024 * 1024;

/** chart loader's LoadValues: every YAML document of the text, merged in order. */
export function loadValuesText(text: string): Values {
  let values: Values = {};
  let docs: unknown[];
  try {
    docs = parseGoYamlAll(text);
  } catch (error) {
    throw new LoadError(`cannot unmarshal yaml document: error converting YAML to JSON: ${messageOf(error)}`);
  }
  for (const parsed of docs) {
    if (parsed === null || parsed === undefined) continue;
    // Aliases share nodes; an alias bomb would explode when values are copied and merged.
    const expanded = expandValue(parsed, MAX_EXPANDED_VALUES);
    if (!expanded.ok) {
      const problem = expanded.problem;
      if (problem.kind === 'not-finite') {
        throw new LoadError(`cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value at ${problem.path}: not a finite number`);
      }
      const what = problem.kind === 'too-large' ? 'document contains excessive aliasing' : problem.kind === 'cycle' ? 'document contains an alias cycle' : 'document is nested too deeply';
      throw new LoadError(`cannot unmarshal yaml document: yaml: ${what}`);
    }
    const doc = expanded.value;
    if (!isTable(doc)) {
      throw new LoadError(
        `cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(doc)} into Go value of type map[string]interface {}`,
      );
    }
    try {
      checkJsonCompatible(doc);
    } catch (error) {
      throw new LoadError(`cannot unmarshal yaml document: error converting YAML to JSON: ${messageOf(error)}`);
    }
    values = mergeMaps(values, doc);
  }
  return values;
}

/** The files of the chart at `dir` in `tree`, after `.helmignore`, as LoadDir reads them. */
function readDirectory(tree: FileTree, dir: string): ChartFile[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const names = tree.files().filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
  let rules = HelmIgnore.defaults();
  if (names.includes('.helmignore')) {
    try {
      rules = HelmIgnore.parse(decoder.decode(tree.read(`${prefix}.helmignore`)));
    } catch (error) {
      throw new LoadError(messageOf(error));
    }
  }
  const ignoredDirs = new Map<string, boolean>();
  const dirIgnored = (path: string): boolean => {
    const known = ignoredDirs.get(path);
    if (known !== undefined) return known;
    const slash = path.lastIndexOf('/');
    const ignored = (slash > 0 && dirIgnored(path.slice(0, slash))) || rules.ignores(path, true);
    ignoredDirs.set(path, ignored);
    return ignored;
  };
  const files: ChartFile[] = [];
  for (const name of names) {
    const slash = name.lastIndexOf('/');
    if (slash > 0 && dirIgnored(name.slice(0, slash))) continue;
    if (rules.ignores(name, false)) continue;
    const size = tree.size(prefix + name);
    if (size > MAX_DECOMPRESSED_FILE_SIZE) {
      throw new LoadError(`chart file "${name.slice(slash + 1)}" is larger than the maximum file size ${MAX_DECOMPRESSED_FILE_SIZE}`);
    }
    files.push({ name, data: stripBom(tree.read(prefix + name)) });
  }
  return files;
}

/** LoadFiles: a chart from its files (names relative to the chart's folder). */
function loadFiles(files: readonly ChartFile[], location: string): LoadedChart {
  let metadata: ChartMetadata | undefined;
  const chartYaml = files.find((file) => file.name === 'Chart.yaml');
  if (chartYaml) {
    try {
      metadata = decodeMetadata(decoder.decode(chartYaml.data));
    } catch (error) {
      throw new LoadError(`cannot load Chart.yaml: ${messageOf(error)}`);
    }
    if (metadata.apiVersion === '') metadata = { ...metadata, apiVersion: 'v1' };
  }
  let values: Values = {};
  let schema: Uint8Array | undefined;
  const templates: ChartFile[] = [];
  const chartFiles: ChartFile[] = [];
  const subchartFiles = new Map<string, ChartFile[]>();
  for (const file of files) {
    const name = file.name;
    if (name === 'Chart.yaml' || name === 'Chart.lock' || name === 'requirements.lock') continue;
    if (name === 'values.yaml') {
      try {
        values = loadValuesText(decoder.decode(file.data));
      } catch (error) {
        throw new LoadError(`cannot load values.yaml: ${messageOf(error)}`);
      }
    } else if (name === 'values.schema.json') {
      schema = file.data;
    } else if (name === 'requirements.yaml') {
      if (metadata === undefined) metadata = decodeMetadata('');
      try {
        const dependencies = decodeRequirements(decoder.decode(file.data));
        metadata = { ...metadata, dependencies: dependencies ?? [], hasDependencies: dependencies !== undefined };
      } catch (error) {
        throw new LoadError(`cannot load requirements.yaml: ${messageOf(error)}`);
      }
      if (metadata.apiVersion === 'v1') chartFiles.push(file);
    } else if (name.startsWith('templates/')) {
      templates.push(file);
    } else if (name.startsWith('charts/')) {
      if (name.endsWith('.prov')) {
        chartFiles.push(file);
        continue;
      }
      const rest = name.slice('charts/'.length);
      const chartName = rest.split('/', 1)[0]!;
      const list = subchartFiles.get(chartName) ?? [];
      list.push({ name: rest, data: file.data });
      subchartFiles.set(chartName, list);
    } else {
      chartFiles.push(file);
    }
  }
  if (metadata === undefined) throw new LoadError('Chart.yaml file is missing');
  try {
    metadata = validateMetadata(metadata);
  } catch (error) {
    throw new LoadError(messageOf(error));
  }
  const subcharts: LoadedChart[] = [];
  for (const chartName of [...subchartFiles.keys()].sort()) {
    if (chartName.startsWith('_') || chartName.startsWith('.')) continue;
    const list = subchartFiles.get(chartName)!;
    const subLocation = `${location}/charts/${chartName}`;
    try {
      if (chartName.endsWith('.tgz')) {
        const archive = list[0]!;
        if (archive.name !== chartName) throw new LoadError(`error unpacking subchart tar in ${metadata.name}: expected ${chartName}, got ${archive.name}`);
        let unpacked: ArchiveFile[];
        try {
          unpacked = readChartArchive(archive.data);
        } catch (error) {
          throw new LoadError(`${messageOf(error)} (the archive is corrupt or not a chart)`);
        }
        subcharts.push(loadFiles(unpacked, subLocation));
      } else {
        const inner = list
          .filter((file) => file.name.includes('/'))
          .map((file) => ({ name: file.name.slice(file.name.indexOf('/') + 1), data: file.data }));
        subcharts.push(loadFiles(inner, subLocation));
      }
    } catch (error) {
      if (error instanceof LoadError && error.message.startsWith('error unpacking subchart')) throw error;
      throw new LoadError(`error unpacking subchart ${chartName} in ${metadata.name}: ${messageOf(error)}`);
    }
  }
  return { metadata, values, schema, templates, files: chartFiles, subcharts, location };
}

/**
 * Loads the chart whose Chart.yaml is at `dir` in `tree` (a directory chart; a `.tgz` path is
 * read as a packaged chart). Errors are FerryErrors naming the chart and the cause.
 */
export function loadChart(tree: FileTree, dir: string): LoadedChart {
  const where = dir === '' ? '.' : dir;
  try {
    if (dir.endsWith('.tgz') && tree.hasFile(dir)) return loadFiles(readChartArchive(tree.read(dir)), where);
    if (!tree.hasDirectory(dir)) throw helmError('FILE_NOT_FOUND', `render helm chart ${where}: no such directory`);
    return loadFiles(readDirectory(tree, dir), where);
  } catch (error) {
    if (isFerryError(error)) throw error;
    throw helmError('RENDER_HELM_CHART_INVALID', `render helm chart ${where}: ${messageOf(error)}`, error);
  }
}

/** The chart's files as one text for a digest (names and bytes). */
export function chartFilesForDigest(tree: FileTree, dir: string): Iterable<[string, Uint8Array]> {
  const prefix = dir === '' ? '' : `${dir}/`;
  return tree
    .files()
    .filter((file) => file.startsWith(prefix))
    .map((file): [string, Uint8Array] => [file, tree.read(file)]);
}
