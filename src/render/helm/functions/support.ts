/**
 * Go semantics the Sprig functions rely on: spf13/cast conversions, Sprig's strval and empty,
 * reflect.DeepEqual and Kind over the template value model (see gotemplate/values.ts).
 */
import { GoStruct, formatValue, goFunc, isGoMap, kindOf, parseGoFloat, parseGoInt, underlying } from '../gotemplate/index.ts';
import type { GoSignature, GoType, TemplateFunction } from '../gotemplate/index.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Declares a template function with its Go signature. */
export function fn<F extends TemplateFunction>(params: readonly GoType[], impl: F, variadic = false): F {
  const signature: GoSignature = variadic ? { params, variadic: true } : { params };
  return goFunc(signature, impl);
}

/** A function that receives the running execution first (include, tpl). */
export function contextFn<F extends TemplateFunction>(params: readonly GoType[], impl: F): F {
  return goFunc({ params, context: true }, impl);
}

/** Go's int64(f) conversion of a float (truncation; out-of-range values wrap as amd64 does). */
export function floatToInt64(value: number): bigint {
  if (!Number.isFinite(value)) return INT64_MIN;
  const truncated = BigInt(Math.trunc(value));
  return truncated < INT64_MIN || truncated > INT64_MAX ? INT64_MIN : truncated;
}

function trimZeroDecimal(text: string): string {
  let foundZero = false;
  for (let i = text.length; i > 0; i--) {
    const c = text[i - 1];
    if (c === '.') {
      if (foundZero) return text.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return text;
    }
  }
  return text;
}

/** strconv.ParseInt(text, 0, 64): base prefixes, and underscores between digits as Go literals allow (`1_000`). */
export function parseIntBase0(text: string): bigint | undefined {
  return parseGoInt(text, false);
}

/** cast.ToInt64: what Sprig's int64, add, sub, max... make of any value (0 when it cannot). */
export function toInt64(value: unknown): bigint {
  const v = value instanceof GoStruct ? underlying(value) : value;
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const parsed = parseIntBase0(trimZeroDecimal(v));
      return parsed ?? 0n;
    }
    default:
      return 0n;
  }
}

/** cast.ToFloat64. */
export function toFloat64(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
    case 'boolean':
      return value ? 1 : 0;
    case 'string':
      return parseGoFloat(value) ?? 0;
    default:
      return 0;
  }
}

/** Sprig's strval: strings as is, []byte as text, errors and Stringers by their method, else %v. */
export function strval(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value === undefined) return '<nil>';
  return formatValue(value);
}

/** Sprig's empty: the zero value of its type (nil, 0, "", false, empty collections). */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  switch (typeof value) {
    case 'string':
      return value.length === 0;
    case 'boolean':
      return !value;
    case 'bigint':
      return value === 0n;
    case 'number':
      return value === 0;
    case 'function':
      return false;
  }
  if (Array.isArray(value) || value instanceof Uint8Array) return value.length === 0;
  if (value instanceof GoStruct) {
    const inner = value.goUnderlying();
    return inner === undefined ? false : isEmpty(inner);
  }
  if (isGoMap(value)) return Object.keys(value).length === 0;
  return false;
}

/** reflect.DeepEqual over the value model (an int and a float64 are never equal). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number') return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isGoMap(a) && isGoMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    if (a.constructor !== b.constructor) return false;
    const ka = Object.keys(a);
    return ka.every((k) => deepEqual((a as unknown as Record<string, unknown>)[k], (b as unknown as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * reflect.Kind's name, as Sprig's kindOf prints it: the template engine's kind, named as reflect
 * names it (`float64`; a nil interface is `invalid`).
 */
export function kindName(value: unknown): string {
  const kind = kindOf(value);
  if (kind === 'float') return 'float64';
  if (kind === 'interface') return 'invalid';
  return kind;
}

/** A Go slice or array as a JS array (undefined for anything else), for Sprig's list functions. */
export function asList(value: unknown): readonly unknown[] | undefined {
  const v = value instanceof GoStruct ? underlying(value) : value;
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => BigInt(b));
  return undefined;
}

/** The reflect.Kind of a value as Sprig's list errors name it (`Cannot push on type map`). */
export function kindForError(value: unknown): string {
  return kindName(value) === 'invalid' ? 'invalid' : kindName(value);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Go's string(bytes): invalid UTF-8 becomes U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Go's s[start:end] on the bytes of a string, panicking as Go does when out of range. */
export function sliceBytes(text: string, start: number, end?: number): string {
  const bytes = utf8(text);
  const stop = end ?? bytes.length;
  // Go's bounds errors: the end past the length first, then a start past the end.
  if (stop > bytes.length) throw new Error(`runtime error: slice bounds out of range [:${stop}] with length ${bytes.length}`);
  if (start < 0 || start > stop) throw new Error(`runtime error: slice bounds out of range [${start}:${stop}]`);
  return fromUtf8(bytes.subarray(start, stop));
}

export function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Go's int conversion from a bigint parameter, for counts and indexes. */
export function intArg(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}
