/**
 * Go's encoding/json as Helm's `toJson` (and sigs.k8s.io/yaml's first step) uses it: map
 * keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, floats formatted as Go formats
 * them, byte slices as base64, NaN and infinities refused.
 */

/** A number as its JSON literal, so integer kinds (bigint) and floats keep their text. */
export class JsonNumber {
  readonly literal: string;
  /** True for a float64, false for Go's integer kinds. */
  readonly isFloat: boolean;
  constructor(literal: string, isFloat: boolean) {
    this.literal = literal;
    this.isFloat = isFloat;
  }
}

export type JsonTree = null | boolean | string | JsonNumber | JsonTree[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonTree;
}

/**
 * What a Go value with a MarshalJSON method (or a struct with json tags) turns into: a Go
 * struct in the template value model implements this to say how it marshals.
 */
export interface GoJsonMarshaler {
  toGoJson(): unknown;
}

/**
 * A Go struct's fields as encoding/json writes them: in declaration order (a map's keys are
 * sorted; a struct's are not). toGoJson returns one for a struct without a MarshalJSON.
 */
export class GoStructFields {
  readonly fields: readonly (readonly [string, unknown])[];
  constructor(fields: readonly (readonly [string, unknown])[]) {
    this.fields = fields;
  }
}

/** Marks an empty map or slice that stands for a typed nil one (encoding/json writes null for it). */
export const GO_NIL: unique symbol = Symbol.for('ferry.go.nilMap') as typeof GO_NIL;

/** On a JSON object made from a struct: its keys in field order (JS would put integer-like keys first). */
const STRUCT_ORDER: unique symbol = Symbol('ferry.goJson.structOrder');

/** An object's keys as encoding/json writes them: a struct's in field order, a map's sorted. */
export function jsonObjectKeys(node: Readonly<Record<string, JsonTree>>): readonly string[] {
  return (node as { [STRUCT_ORDER]?: string[] })[STRUCT_ORDER] ?? sortedGoKeys(node);
}

export class GoJsonError extends Error {
  override readonly name = 'GoJsonError';
}

function isMarshaler(value: object): value is GoJsonMarshaler {
  return typeof (value as Partial<GoJsonMarshaler>).toGoJson === 'function';
}

/** encoding/json's float64 text: shortest digits, exponent below 1e-6 and from 1e21. */
export function formatGoJsonFloat(value: number): string {
  if (!Number.isFinite(value)) {
    throw new GoJsonError(`json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`);
  }
  if (Object.is(value, -0)) return '-0';
  // JavaScript's Number#toString switches to exponents at the same bounds as Go's encoder,
  // and both print the shortest digits that round-trip.
  return String(value);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + BASE64[n & 63]!;
  }
  if (i < bytes.length) {
    const rest = bytes.length - i;
    const n = (bytes[i]! << 16) | (rest > 1 ? bytes[i + 1]! << 8 : 0);
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! + (rest > 1 ? BASE64[(n >> 6) & 63]! : '=') + '=';
  }
  return out;
}

function compareGoStrings(a: string, b: string): number {
  // Go compares the UTF-8 bytes, which orders like code points.
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Sorted keys of a Go map[string]... as encoding/json and fmt order them. */
export function sortedGoKeys(object: object): string[] {
  return Object.keys(object).sort(compareGoStrings);
}

/**
 * The value as encoding/json sees it: a tree of JSON values with sorted object keys.
 * Throws GoJsonError where json.Marshal fails.
 */
export function toJsonTree(value: unknown, depth = 0): JsonTree {
  if (depth > 1000) throw new GoJsonError('json: unsupported value: encountered a cycle');
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value;
    case 'bigint':
      return new JsonNumber(value.toString(), false);
    case 'number':
      return new JsonNumber(formatGoJsonFloat(value), true);
    case 'function':
      return fail('func');
    case 'object':
      break;
    default:
      return fail(typeof value);
  }
  if (value instanceof Uint8Array) return encodeBase64(value);
  if (value instanceof JsonNumber) return value;
  if (Object.hasOwn(value, GO_NIL)) return null;
  if (Array.isArray(value)) return value.map((item) => toJsonTree(item, depth + 1));
  if (isMarshaler(value)) return toJsonTree(value.toGoJson(), depth + 1);
  if (value instanceof GoStructFields) {
    const fields: Record<string, JsonTree> = Object.create(null) as Record<string, JsonTree>;
    for (const [key, field] of value.fields) fields[key] = toJsonTree(field, depth + 1);
    Object.defineProperty(fields, STRUCT_ORDER, { value: value.fields.map(([key]) => key), enumerable: false });
    return fields;
  }
  const out: Record<string, JsonTree> = Object.create(null) as Record<string, JsonTree>;
  const record = value as Record<string, unknown>;
  for (const key of sortedGoKeys(record)) out[key] = toJsonTree(record[key], depth + 1);
  return out;
}

function fail(kind: string): never {
  throw new GoJsonError(`json: unsupported type: ${kind}`);
}

function quoteJson(text: string, escapeHtml: boolean): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let escaped: string | undefined;
    if (c < 0x20) {
      escaped =
        c === 0x0a ? '\\n' : c === 0x0d ? '\\r' : c === 0x09 ? '\\t' : c === 0x08 ? '\\b' : c === 0x0c ? '\\f' : `\\u00${c.toString(16).padStart(2, '0')}`;
    } else if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = '\\\\';
    else if (escapeHtml && (c === 0x3c || c === 0x3e || c === 0x26)) escaped = `\\u00${c.toString(16)}`;
    else if (c === 0x2028 || c === 0x2029) escaped = `\\u${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      escaped = '\ufffd';
    }
    if (escaped !== undefined) {
      out += text.slice(start, i) + escaped;
      start = i + 1;
    }
  }
  return out + text.slice(start) + '"';
}

export interface GoJsonOptions {
  /** json.Marshal escapes `<>&`; sprig's toRawJson turns that off. */
  readonly escapeHtml?: boolean;
  /** json.MarshalIndent's indent (toPrettyJson uses two spaces). */
  readonly indent?: string;
}

/** json.Marshal / json.MarshalIndent of a tree. */
export function writeJson(tree: JsonTree, options: GoJsonOptions = {}): string {
  const escapeHtml = options.escapeHtml ?? true;
  const indent = options.indent ?? '';
  const parts: string[] = [];
  const write = (node: JsonTree, prefix: string): void => {
    if (node === null) parts.push('null');
    else if (typeof node === 'string') parts.push(quoteJson(node, escapeHtml));
    else if (typeof node === 'boolean') parts.push(node ? 'true' : 'false');
    else if (node instanceof JsonNumber) parts.push(node.literal);
    else if (Array.isArray(node)) {
      if (node.length === 0) {
        parts.push('[]');
        return;
      }
      parts.push('[');
      const inner = prefix + indent;
      node.forEach((item, i) => {
        if (i > 0) parts.push(',');
        if (indent) parts.push('\n', inner);
        write(item, inner);
      });
      if (indent) parts.push('\n', prefix);
      parts.push(']');
    } else {
      const keys = jsonObjectKeys(node);
      if (keys.length === 0) {
        parts.push('{}');
        return;
      }
      parts.push('{');
      const inner = prefix + indent;
      keys.forEach((key, i) => {
        if (i > 0) parts.push(',');
        if (indent) parts.push('\n', inner);
        parts.push(quoteJson(key, escapeHtml), indent ? ': ' : ':');
        write(node[key]!, inner);
      });
      if (indent) parts.push('\n', prefix);
      parts.push('}');
    }
  };
  write(tree, '');
  return parts.join('');
}

/** json.Marshal(value). */
export function marshalGoJson(value: unknown, options: GoJsonOptions = {}): string {
  return writeJson(toJsonTree(value), options);
}
