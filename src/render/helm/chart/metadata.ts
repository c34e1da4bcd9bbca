/**
 * Chart.yaml (and a v1 chart's requirements.yaml) decoded as Helm's chart.Metadata: through
 * sigs.k8s.io/yaml into a Go struct, so a number or boolean in a string field becomes its
 * text (`version: 1.10` is "1.1", as Helm reads it), and a wrong shape is a type error.
 */
import { parseGoYaml } from '../yaml/parse.ts';
import { isValidSemver } from '../semver/version.ts';

export interface Maintainer {
  readonly name: string;
  readonly email: string;
  readonly url: string;
}

export interface ImportValue {
  readonly child: string;
  readonly parent: string;
}

export interface ChartDependency {
  readonly name: string;
  readonly version: string;
  readonly repository: string;
  readonly condition: string;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  /** Strings (`exports.x` short form) or {child, parent} maps, as written. */
  readonly importValues: readonly unknown[];
  readonly alias: string;
}

export interface ChartMetadata {
  readonly name: string;
  readonly home: string;
  readonly sources: readonly string[];
  readonly version: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly maintainers: readonly Maintainer[];
  readonly icon: string;
  readonly apiVersion: string;
  readonly condition: string;
  readonly tags: string;
  readonly appVersion: string;
  readonly deprecated: boolean;
  readonly annotations: Readonly<Record<string, string>> | null;
  readonly kubeVersion: string;
  readonly dependencies: readonly ChartDependency[];
  /** Chart.yaml has a `dependencies` list (Go's non-nil slice), even an empty one. */
  readonly hasDependencies: boolean;
  readonly type: string;
}

export class MetadataError extends Error {
  override readonly name = 'MetadataError';
}

/** strconv.FormatFloat(value, 'g', -1, 32): how sigs.k8s.io/yaml turns a float into a string field. */
function formatFloat32(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    const f = Math.fround(value);
    if (f === value) return String(value);
  }
  const target = Math.fround(value);
  for (let precision = 1; precision <= 9; precision++) {
    const text = target.toPrecision(precision);
    if (Math.fround(Number(text)) === target) {
      const n = Number(text);
      const [mantissa, exp] = n.toExponential().split('e') as [string, string];
      const exponent = Number(exp);
      if (exponent < -4 || exponent >= 21) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
      return String(n);
    }
  }
  return String(value);
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return 'number';
  return typeof value;
}

function asString(value: unknown, field: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatFloat32(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new MetadataError(`json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field} of type string`);
}

function asStrings(value: unknown, field: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new MetadataError(`json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field} of type []string`);
  return value.map((item) => asString(item, field));
}

function asBool(value: unknown, field: string): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new MetadataError(`json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field} of type bool`);
}

function asObject(value: unknown, field: string, type: string): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new MetadataError(`json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field} of type ${type}`);
  }
  return value as Record<string, unknown>;
}

function decodeDependency(value: unknown): ChartDependency {
  const raw = asObject(value, 'Metadata.dependencies', 'chart.Dependency') ?? {};
  const importValues = raw['import-values'];
  if (importValues !== undefined && importValues !== null && !Array.isArray(importValues)) {
    throw new MetadataError(`json: cannot unmarshal ${jsonKind(importValues)} into Go struct field Dependency.dependencies.import-values of type []interface {}`);
  }
  return {
    name: asString(raw.name, 'Dependency.dependencies.name'),
    version: asString(raw.version, 'Dependency.dependencies.version'),
    repository: asString(raw.repository, 'Dependency.dependencies.repository'),
    condition: asString(raw.condition, 'Dependency.dependencies.condition'),
    tags: asStrings(raw.tags, 'Dependency.dependencies.tags'),
    enabled: asBool(raw.enabled, 'Dependency.dependencies.enabled'),
    importValues: (importValues as unknown[] | null | undefined) ?? [],
    alias: asString(raw.alias, 'Dependency.dependencies.alias'),
  };
}

function decodeMaintainer(value: unknown): Maintainer {
  const raw = asObject(value, 'Metadata.maintainers', 'chart.Maintainer') ?? {};
  return {
    name: asString(raw.name, 'Maintainer.maintainers.name'),
    email: asString(raw.email, 'Maintainer.maintainers.email'),
    url: asString(raw.url, 'Maintainer.maintainers.url'),
  };
}

/** Decodes Chart.yaml text (without validating it). */
export function decodeMetadata(text: string): ChartMetadata {
  const raw = asObject(parseGoYaml(text), 'Metadata', 'chart.Metadata');
  const doc = raw ?? {};
  const annotations = asObject(doc.annotations, 'Metadata.annotations', 'map[string]string');
  const maintainers = doc.maintainers;
  if (maintainers !== undefined && maintainers !== null && !Array.isArray(maintainers)) {
    throw new MetadataError(`json: cannot unmarshal ${jsonKind(maintainers)} into Go struct field Metadata.maintainers of type []*chart.Maintainer`);
  }
  const dependencies = doc.dependencies;
  if (dependencies !== undefined && dependencies !== null && !Array.isArray(dependencies)) {
    throw new MetadataError(`json: cannot unmarshal ${jsonKind(dependencies)} into Go struct field Metadata.dependencies of type []*chart.Dependency`);
  }
  return {
    name: asString(doc.name, 'Metadata.name'),
    home: asString(doc.home, 'Metadata.home'),
    sources: asStrings(doc.sources, 'Metadata.sources'),
    version: asString(doc.version, 'Metadata.version'),
    description: asString(doc.description, 'Metadata.description'),
    keywords: asStrings(doc.keywords, 'Metadata.keywords'),
    maintainers: ((maintainers as unknown[] | null | undefined) ?? []).map(decodeMaintainer),
    icon: asString(doc.icon, 'Metadata.icon'),
    apiVersion: asString(doc.apiVersion, 'Metadata.apiVersion'),
    condition: asString(doc.condition, 'Metadata.condition'),
    tags: asString(doc.tags, 'Metadata.tags'),
    appVersion: asString(doc.appVersion, 'Metadata.appVersion'),
    deprecated: asBool(doc.deprecated, 'Metadata.deprecated'),
    annotations: annotations === undefined ? null : Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, asString(v, 'Metadata.annotations')])),
    kubeVersion: asString(doc.kubeVersion, 'Metadata.kubeVersion'),
    dependencies: ((dependencies as unknown[] | null | undefined) ?? []).map(decodeDependency),
    hasDependencies: Array.isArray(dependencies),
    type: asString(doc.type, 'Metadata.type'),
  };
}

/** The dependencies of a v1 chart's requirements.yaml. */
export function decodeRequirements(text: string): ChartDependency[] | undefined {
  const doc = asObject(parseGoYaml(text), 'Metadata', 'chart.Metadata') ?? {};
  const dependencies = doc.dependencies;
  if (dependencies === undefined || dependencies === null) return undefined;
  if (!Array.isArray(dependencies)) {
    throw new MetadataError(`json: cannot unmarshal ${jsonKind(dependencies)} into Go struct field Metadata.dependencies of type []*chart.Dependency`);
  }
  return dependencies.map(decodeDependency);
}

// Control characters Helm's sanitizeString drops from metadata text.
function sanitize(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (ch) => (/\s/.test(ch) ? ' ' : ''));
}

/** chart.Metadata.Validate: the errors Helm reports when loading a chart. */
export function validateMetadata(metadata: ChartMetadata): ChartMetadata {
  const md = { ...metadata, name: sanitize(metadata.name), description: sanitize(metadata.description) };
  if (md.apiVersion === '') throw new MetadataError('validation: chart.metadata.apiVersion is required');
  if (md.name === '') throw new MetadataError('validation: chart.metadata.name is required');
  if (md.name.includes('/') || md.name === '.' || md.name === '..') {
    throw new MetadataError(`validation: chart.metadata.name ${JSON.stringify(md.name)} is invalid`);
  }
  if (md.version === '') throw new MetadataError('validation: chart.metadata.version is required');
  if (!isValidSemver(md.version)) throw new MetadataError(`validation: chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  if (md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    throw new MetadataError('validation: chart.metadata.type must be application or library');
  }
  const seen = new Set<string>();
  for (const dependency of md.dependencies) {
    if (dependency.alias !== '' && !/^[a-zA-Z0-9_-]+$/.test(dependency.alias)) {
      throw new MetadataError(`validation: dependency ${JSON.stringify(dependency.name)} has disallowed characters in the alias`);
    }
    const key = dependency.alias || dependency.name;
    if (seen.has(key)) throw new MetadataError(`validation: more than one dependency with name or alias ${JSON.stringify(key)}`);
    seen.add(key);
  }
  return md;
}
