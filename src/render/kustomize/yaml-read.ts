import yaml from 'js-yaml';
import { FerryError } from '../../core/index.ts';

/**
 * Reading YAML as kustomize does: kyaml parses with go-yaml v3 and the result is finally
 * decoded into plain data by go-yaml v3 again. So scalars follow YAML 1.2 core rules
 * (`yes`/`on` stay strings) with go-yaml v3's extras: `0777` is octal, `1_000` is 1000, and an
 * unquoted timestamp becomes a time, printed back as RFC 3339 (`2001-12-14T00:00:00Z`).
 */

const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DATE_ONLY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt ](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The number go-yaml v3 reads from a plain scalar, or undefined when it is not one. */
export function parseGoYamlNumber(text: string): number | undefined {
  if (text === '' || !/^[-+.0-9]/.test(text)) return undefined;
  const plain = text.replaceAll('_', '');
  if (GO_INT.test(plain)) {
    const sign = plain.startsWith('-') ? -1 : 1;
    const body = plain.replace(/^[-+]/, '');
    let value: number;
    if (/^0[xX]/.test(body)) value = parseInt(body.slice(2), 16);
    else if (/^0[bB]/.test(body)) value = parseInt(body.slice(2), 2);
    else if (/^0[oO]/.test(body)) value = parseInt(body.slice(2), 8);
    else if (body.length > 1 && body.startsWith('0')) value = parseInt(body.slice(1), 8);
    else value = Number(body);
    if (Number.isFinite(value)) return sign * value;
  }
  if (YAML_FLOAT.test(plain)) return Number(plain);
  return undefined;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_INT64 = -(2n ** 63n);
const MAX_UINT64 = 2n ** 64n - 1n;

/**
 * go-yaml v3 reads an integer into an int64 or a uint64, so every digit of one up to 2^64
 * survives: beyond 2^53 it is kept as a BigInt (printed exactly). Past 64 bits it becomes a
 * float, as in Go.
 */
export function parseGoYamlInteger(text: string): number | bigint | undefined {
  const plain = text.replaceAll('_', '');
  if (!GO_INT.test(plain)) return undefined;
  const negative = plain.startsWith('-');
  const body = plain.replace(/^[-+]/, '');
  let digits: string;
  if (/^0[xXbBoO]/.test(body)) digits = `0${body[1]?.toLowerCase() ?? ''}${body.slice(2)}`;
  else if (body.length > 1 && body.startsWith('0')) digits = `0o${body.slice(1)}`;
  else digits = body;
  if (digits.length <= 2 && digits.startsWith('0') && digits !== '0') return undefined;
  let value: bigint;
  try {
    value = BigInt(digits);
  } catch {
    return undefined;
  }
  if (negative) value = -value;
  if (value >= -MAX_SAFE && value <= MAX_SAFE) return Number(value);
  if (value >= MIN_INT64 && value <= MAX_UINT64) return value;
  return Number(value);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** go-yaml v3 turns an unquoted timestamp into a time; JSON prints it in RFC 3339. */
export function timestampAsRfc3339(text: string): string | undefined {
  const date = DATE_ONLY.exec(text);
  if (date) return `${date[1]}-${pad(Number(date[2]))}-${pad(Number(date[3]))}T00:00:00Z`;
  const full = DATE_TIME.exec(text);
  if (!full) return undefined;
  if (text[10] === ' ' && full[8] !== undefined) return undefined;
  const fraction = full[7] ? full[7].replace(/0+$/, '') : '';
  const zone = full[8] === undefined || full[8] === 'Z' || full[8] === '+00:00' ? 'Z' : full[8];
  return `${full[1]}-${pad(Number(full[2]))}-${pad(Number(full[3]))}T${pad(Number(full[4]))}:${pad(Number(full[5]))}:${pad(Number(full[6]))}${fraction === '.' ? '' : fraction}${zone}`;
}

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || ['', '~', 'null', 'Null', 'NULL'].includes(data),
  construct: () => null,
  predicate: (object: unknown) => object === null,
  represent: { lowercase: () => 'null' },
  defaultStyle: 'lowercase',
});

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(data),
  construct: (data: string) => data.toLowerCase() === 'true',
  predicate: (object: unknown) => typeof object === 'boolean',
  represent: { lowercase: (object: object) => (object ? 'true' : 'false') },
  defaultStyle: 'lowercase',
});

const intType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && /^[-+0-9]/.test(data) && GO_INT.test(data.replaceAll('_', '')) && parseGoYamlNumber(data) !== undefined,
  construct: (data: string) => parseGoYamlNumber(data) ?? 0,
  predicate: (object: unknown) => typeof object === 'number' && Number.isInteger(object),
  represent: { decimal: (object: object) => String(object) },
  defaultStyle: 'decimal',
});

/** Resources' integers: exact up to 64 bits (see parseGoYamlInteger). */
const int64Type = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && /^[-+0-9]/.test(data) && parseGoYamlInteger(data) !== undefined,
  construct: (data: string) => parseGoYamlInteger(data) ?? 0,
});

const SPECIAL_FLOATS: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity, '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data !== null && /^[-+.0-9]/.test(data) && (data in SPECIAL_FLOATS || YAML_FLOAT.test(data.replaceAll('_', ''))),
  construct: (data: string) => (data in SPECIAL_FLOATS ? SPECIAL_FLOATS[data] : Number(data.replaceAll('_', ''))),
  predicate: (object: unknown) => typeof object === 'number',
  represent: { decimal: (object: object) => String(object) },
  defaultStyle: 'decimal',
});

const timestampType = new yaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && /^\d{4}-/.test(data) && timestampAsRfc3339(data) !== undefined,
  construct: (data: string) => timestampAsRfc3339(data) ?? data,
});

const binaryType = new yaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null,
  construct: (data: string) => data.replace(/\s+/g, ''),
});

// js-yaml ships the `<<` merge key type at runtime without declaring it in its typings.
const mergeType = (yaml as unknown as { types: { merge: yaml.Type } }).types.merge;

/** Schema reproducing go-yaml v3's decoding of untagged and `!!`-tagged scalars. */
export const KYAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, int64Type, floatType, timestampType, mergeType],
  explicit: [binaryType],
});

export interface YamlDocument {
  /** The decoded document (null for an empty one). */
  readonly value: unknown;
  /** 0-based index of the document in the file. */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
}

/** Lines where each `---`-separated document starts, for origins; approximate for odd files. */
function documentStartLines(text: string): number[] {
  const starts = [1];
  const lines = text.split('\n');
  let sawContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^---(\s|$)/.test(line)) {
      if (sawContent) starts.push(i + 2);
      else starts[starts.length - 1] = i + 2;
      sawContent = /^---\s+\S/.test(line);
      continue;
    }
    if (line.trim() !== '' && !line.startsWith('#') && !line.startsWith('%')) sawContent = true;
  }
  return starts;
}

/**
 * A `|` block that ends the file without a final newline has no line break to keep, and
 * go-yaml reads it so; js-yaml adds one. Undo that on the document's last string.
 */
function trimEofBlockScalar(value: unknown, text: string): unknown {
  const lastLine = text.slice(text.lastIndexOf('\n') + 1).trim();
  if (lastLine === '') return value;
  const fix = (node: unknown): unknown => {
    if (typeof node === 'string') return node.endsWith(`${lastLine}\n`) && !node.endsWith('\n\n') ? node.slice(0, -1) : node;
    if (Array.isArray(node) && node.length > 0) node[node.length - 1] = fix(node[node.length - 1]);
    else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      const key = keys[keys.length - 1];
      if (key !== undefined) (node as Record<string, unknown>)[key] = fix((node as Record<string, unknown>)[key]);
    }
    return node;
  };
  return fix(value);
}

/**
 * A field written with no value (`key:`) is null to go-yaml, but kustomize's strategic merge
 * drops such fields where it walks while keeping an explicit `null`. To tell them apart, an
 * empty mapping value is read as `undefined` (printed as `null` like any null).
 */
interface ParserState {
  kind: string | null;
  result: unknown;
  tag: string | null;
  position: number;
}

const NON_STRING_TAGS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:timestamp']);

/** A mapping key that go-yaml reads as a number, boolean, null or time: JSON cannot hold it. */
class NonStringKeyError extends Error {
  readonly line: number;

  constructor(key: string, line: number) {
    super(`mapping key ${key || '""'} is not a string, which kustomize cannot turn into JSON (json: unsupported type); quote it`);
    this.line = line;
  }
}

function isMappingKey(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === ':' && (i + 1 >= text.length || /[\s,\]}]/.test(text[i + 1] as string));
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function emptyValueMarker(text: string): (event: yaml.EventType, state: yaml.State) => void {
  const opened: number[] = [];
  return (event, parserState) => {
    // js-yaml's typings leave out fields its State has (tag).
    const state = parserState as unknown as ParserState;
    if (event === 'open') {
      opened.push(state.position);
      return;
    }
    const start = opened.pop() ?? 0;
    if (state.tag !== null && NON_STRING_TAGS.has(state.tag) && isMappingKey(text, state.position)) {
      throw new NonStringKeyError(text.slice(start, state.position).trim(), lineAt(text, start));
    }
    if (state.kind !== null || state.result !== null || state.tag !== null) return;
    // Only a mapping value: the node starts right after its key's colon.
    let i = start - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    if (text[i] !== ':') return;
    // In a flow mapping (`{z: }`) go-yaml v3 reads the missing value as an empty string.
    let j = state.position;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === ',' || text[j] === '}') {
      state.result = '';
      state.kind = 'scalar';
      return;
    }
    state.result = undefined;
    // js-yaml keeps a node without content only when it has a tag; this one is resolved
    // already, so the tag only makes the mapping store the `undefined`.
    state.tag = '?';
  };
}

/** YAML 1.1 booleans: how sigs.k8s.io/yaml reads a JSON 6902 patch written in YAML. */
const bool11Type = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(data),
  construct: (data: string) => /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(data),
  predicate: (object: unknown) => typeof object === 'boolean',
});

const YAML11_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, bool11Type, intType, floatType, mergeType],
  explicit: [binaryType],
});

export interface ParseYamlOptions {
  /** YAML 1.1 scalars (yes/no/on/off are booleans), as sigs.k8s.io/yaml reads. */
  readonly yaml11?: boolean;
}

function unshare(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const node = seen.has(value) ? structuredClone(value) : value;
  seen.add(node);
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = unshare(node[i], seen);
  } else {
    const map = node as Record<string, unknown>;
    for (const key of Object.keys(map)) map[key] = unshare(map[key], seen);
  }
  return node;
}

/** Parses every document of a YAML stream; the error names the file and the line. */
export function parseYamlDocuments(text: string, file: string, options: ParseYamlOptions = {}): YamlDocument[] {
  const values: unknown[] = [];
  try {
    yaml.loadAll(text, (doc) => values.push(doc), {
      schema: options.yaml11 ? YAML11_SCHEMA : KYAML_SCHEMA,
      filename: file,
      listener: options.yaml11 ? undefined : emptyValueMarker(text),
    });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const line = error.mark ? error.mark.line + 1 : undefined;
      throw new FerryError(
        'RENDER_KUSTOMIZE_FAILED',
        `${file}${line === undefined ? '' : `:${line}`}: invalid YAML: ${error.reason}`,
        { httpStatus: 422 },
      );
    }
    if (error instanceof NonStringKeyError) {
      throw new FerryError('RENDER_KUSTOMIZE_FAILED', `${file}:${error.line}: ${error.message}`, { httpStatus: 422 });
    }
    throw error;
  }
  if (!text.endsWith('\n') && values.length > 0) values[values.length - 1] = trimEofBlockScalar(values[values.length - 1], text);
  // js-yaml hands back one object for an anchor and its aliases; kustomize expands aliases
  // into copies, so a change made through one never shows through another.
  const seen = new Set<object>();
  for (let i = 0; i < values.length; i++) values[i] = unshare(values[i], seen);
  const starts = documentStartLines(text);
  return values.map((value, index) => ({ value, index, line: starts[index] ?? 1 }));
}
