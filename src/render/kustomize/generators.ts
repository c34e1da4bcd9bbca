import { isPlainObject } from '../../core/index.ts';
import type { Loader } from './loader.ts';
import { boolField } from './kustomization.ts';
import { kustomizeError, type JsonMap } from './resource.ts';

/** `configMapGenerator` and `secretGenerator`: data from literals, files and env files. */

export interface GeneratorOptions {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly disableNameSuffixHash?: boolean;
  readonly immutable?: boolean;
}

export interface GeneratorArgs {
  readonly name: string;
  readonly namespace?: string;
  readonly behavior?: 'create' | 'merge' | 'replace';
  readonly literals?: readonly string[];
  readonly files?: readonly string[];
  readonly envs?: readonly string[];
  readonly type?: string;
  readonly options?: GeneratorOptions;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isPlainObject(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw kustomizeError(`${where}: expected a list`);
  return value.map((v) => String(v));
}

export function readGeneratorOptions(value: unknown, where = 'generatorOptions'): GeneratorOptions | undefined {
  if (!isPlainObject(value)) return undefined;
  return {
    labels: stringMap(value.labels),
    annotations: stringMap(value.annotations),
    disableNameSuffixHash: boolField(value.disableNameSuffixHash, 'GeneratorOptions.disableNameSuffixHash', where),
    immutable: boolField(value.immutable, 'GeneratorOptions.immutable', where),
  };
}

export function readGeneratorArgs(value: unknown, where: string): GeneratorArgs {
  if (!isPlainObject(value)) throw kustomizeError(`${where}: each generator must be a map`);
  const behavior = value.behavior === undefined || value.behavior === '' ? 'create' : String(value.behavior);
  if (!['create', 'merge', 'replace'].includes(behavior)) throw kustomizeError(`${where}: unknown behavior ${JSON.stringify(value.behavior)}`);
  const envs = [...(stringList(value.envs, `${where}.envs`) ?? [])];
  if (typeof value.env === 'string' && value.env) envs.push(value.env);
  return {
    name: value.name === undefined || value.name === null ? '' : String(value.name),
    namespace: typeof value.namespace === 'string' ? value.namespace : undefined,
    behavior: behavior as GeneratorArgs['behavior'],
    literals: stringList(value.literals, `${where}.literals`),
    files: stringList(value.files, `${where}.files`),
    envs,
    type: typeof value.type === 'string' ? value.type : undefined,
    options: readGeneratorOptions(value.options, where),
  };
}

function removeQuotes(text: string): string {
  if (text.length < 2 || text[0] !== text[text.length - 1]) return text;
  return text[0] === '"' || text[0] === "'" ? text.slice(1, -1) : text;
}

// kustomize v5 does not validate key names (`export E` from an env file is kept as is).
function addPair(data: Map<string, string | Uint8Array>, key: string, value: string | Uint8Array, where: string): void {
  if (data.has(key)) throw kustomizeError(`${where}: illegally repeats the key \`${key}\``);
  data.set(key, value);
}

function parseEnvFile(text: string, file: string, data: Map<string, string | Uint8Array>, where: string): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') throw kustomizeError(`${where}: ${file}:${index + 1}: a line starts with =, expected KEY=VALUE`);
    // A bare KEY takes its value from kustomize's environment; a build here has none.
    addPair(data, key, eq < 0 ? '' : line.slice(eq + 1), where);
  });
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function collectData(args: GeneratorArgs, loader: Loader, where: string): Map<string, string | Uint8Array> {
  const data = new Map<string, string | Uint8Array>();
  for (const literal of args.literals ?? []) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw kustomizeError(`${where}: invalid literal source ${literal}, expected key=value`);
    addPair(data, literal.slice(0, eq), removeQuotes(literal.slice(eq + 1)), where);
  }
  for (const env of args.envs ?? []) {
    const { text } = loader.readText(env, `${where}: env file`);
    parseEnvFile(text, env, data, where);
  }
  for (const source of args.files ?? []) {
    const eq = source.indexOf('=');
    const key = eq < 0 ? (source.split('/').pop() ?? source) : source.slice(0, eq);
    const path = eq < 0 ? source : source.slice(eq + 1);
    if (eq === 0 || path === '') throw kustomizeError(`${where}: invalid file source ${source}`);
    const { bytes } = loader.readFile(path, `${where}: file`);
    addPair(data, key, isUtf8(bytes) ? new TextDecoder().decode(bytes) : bytes, where);
  }
  return data;
}

function mergedOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions {
  return {
    labels: { ...(global?.labels ?? {}), ...(local?.labels ?? {}) },
    annotations: { ...(global?.annotations ?? {}), ...(local?.annotations ?? {}) },
    disableNameSuffixHash: Boolean(local?.disableNameSuffixHash || global?.disableNameSuffixHash),
    immutable: Boolean(local?.immutable || global?.immutable),
  };
}

export interface Generated {
  readonly obj: JsonMap;
  readonly needsHash: boolean;
}

/**
 * kyaml's encodeBase64: values that encode to 70 characters or more are broken into lines of
 * 70, each ending with a newline (so such a value prints as a `|` block and hashes so).
 */
export function base64(value: string | Uint8Array): string {
  const encoded = Buffer.from(value).toString('base64');
  if (encoded.length < 70) return encoded;
  let out = '';
  for (let i = 0; i < encoded.length; i += 70) out += `${encoded.slice(i, i + 70)}\n`;
  return out;
}

export function generateObject(
  kind: 'ConfigMap' | 'Secret',
  args: GeneratorArgs,
  global: GeneratorOptions | undefined,
  loader: Loader,
  where: string,
): Generated {
  const label = `${where}: ${kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'} ${args.name}`;
  const data = collectData(args, loader, label);
  const options = mergedOptions(args.options, global);
  const metadata: JsonMap = { name: args.name };
  if (args.namespace) metadata.namespace = args.namespace;
  if (Object.keys(options.labels ?? {}).length) metadata.labels = { ...options.labels };
  if (Object.keys(options.annotations ?? {}).length) metadata.annotations = { ...options.annotations };
  const obj: JsonMap = { apiVersion: 'v1', kind, metadata };
  if (kind === 'Secret') obj.type = args.type || 'Opaque';
  const text: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const [key, value] of data) {
    if (kind === 'Secret') text[key] = base64(value);
    else if (typeof value === 'string') text[key] = value;
    else binary[key] = base64(value);
  }
  if (Object.keys(text).length) obj.data = text;
  if (Object.keys(binary).length) obj.binaryData = binary;
  if (options.immutable) obj.immutable = true;
  return { obj, needsHash: !options.disableNameSuffixHash };
}
