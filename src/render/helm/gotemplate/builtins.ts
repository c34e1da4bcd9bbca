/**
 * text/template's predefined functions over the value model: len, index, slice, not, the
 * comparisons with Go's basic-kind rules, html, js, urlquery and call. (`and`, `or` and the
 * argument plumbing of `call` live in exec.ts, as in Go.) Errors are thrown as Error with Go's
 * text; the executor reports them as `error calling NAME: TEXT`.
 */
import { byteLength, formatPrintable, sprint, sprintf, sprintln as sprintlnOf, utf8Bytes } from './fmt.ts';
import { isPrint } from './strconv.ts';
import {
  GoComplex,
  GoStruct,
  compareGoStrings,
  goTypeName,
  isGoMap,
  isTrue,
  mapGet,
  withGoType,
  type GoSignature,
  type GoType,
} from './values.ts';

/** Go's reflect kinds, as far as the builtins tell values apart. */
type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'ptr' | 'func' | 'interface';

export function kindOf(value: unknown): Kind {
  switch (typeof value) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
  }
  if (value === null) return 'interface';
  if (Array.isArray(value) || value instanceof Uint8Array) return 'slice';
  if (value instanceof GoStruct) {
    const inner = value.goUnderlying();
    if (inner !== undefined) return Array.isArray(inner) ? 'slice' : 'map';
    return value.goTypeName().startsWith('*') ? 'ptr' : 'struct';
  }
  return 'map';
}

/** Go's indirectInterface: a nil interface becomes the invalid value. */
function indirectInterface(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** The type a reflect.Value has after indirect(): pointers are dereferenced. */
function derefTypeName(value: unknown): string {
  const name = goTypeName(value);
  return value instanceof GoStruct && name.startsWith('*') ? name.slice(1) : name;
}

function sliceItems(value: unknown): readonly unknown[] | Uint8Array | undefined {
  if (Array.isArray(value) || value instanceof Uint8Array) return value;
  if (value instanceof GoStruct) {
    const inner = value.goUnderlying();
    if (Array.isArray(inner)) return inner;
  }
  return undefined;
}

function mapEntries(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (isGoMap(value)) return value;
  if (value instanceof GoStruct) {
    const inner = value.goUnderlying();
    if (inner !== undefined && !Array.isArray(inner)) return inner as Record<string, unknown>;
  }
  return undefined;
}

function elementTypeOfMap(map: object): string {
  const name = goTypeName(map);
  const match = /^map\[[^\]]*\](.*)$/.exec(name);
  return match ? match[1]! : 'interface {}';
}

/** The zero value of a Go type in the value model. */
export function zeroOf(type: string): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'float64':
    case 'float32':
      return 0;
    case 'int':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'uintptr':
      return 0n;
  }
  // A nil slice or map prints and measures as an empty one.
  if (type === '[]byte' || type === '[]uint8') return new Uint8Array(0);
  if (type.startsWith('[]')) return withGoType([], type);
  if (type.startsWith('map[')) return withGoType({}, type);
  return null;
}

// ---- len, index, slice -----------------------------------------------------------------------

export function goLen(item: unknown): bigint {
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return BigInt(byteLength(item));
  const items = sliceItems(item);
  if (items !== undefined) return BigInt(items.length);
  const map = mapEntries(item);
  if (map !== undefined) return BigInt(Object.keys(map).length);
  throw new Error(`len of type ${derefTypeName(item)}`);
}

function indexArg(index: unknown, cap: number): number {
  let x: bigint;
  if (typeof index === 'bigint') x = index;
  else if (index === undefined) throw new Error('cannot index slice/array with nil');
  else throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

function prepareMapKey(index: unknown): string {
  if (index === undefined) throw new Error('value is nil; should be of type string');
  if (typeof index !== 'string') throw new Error(`value has type ${goTypeName(index)}; should be string`);
  return index;
}

export function goIndex(item0: unknown, ...indexes: unknown[]): unknown {
  let item = indirectInterface(item0);
  if (item === undefined) throw new Error('index of untyped nil');
  for (const index0 of indexes) {
    const index = indirectInterface(index0);
    if (item === null) throw new Error('index of nil pointer');
    if (typeof item === 'string') {
      const bytes = utf8Bytes(item);
      const x = indexArg(index, bytes.length);
      if (x >= bytes.length) throw new Error('reflect: string index out of range');
      item = BigInt(bytes[x]!);
      continue;
    }
    const items = sliceItems(item);
    if (items !== undefined) {
      const x = indexArg(index, items.length);
      if (x >= items.length) throw new Error('reflect: slice index out of range');
      const element = items[x];
      item = items instanceof Uint8Array ? BigInt(element as number) : element === undefined ? null : element;
      continue;
    }
    const map = mapEntries(item);
    if (map !== undefined) {
      const key = prepareMapKey(index);
      const found = mapGet(map, key);
      item = found !== undefined ? found : Object.hasOwn(map, key) ? null : zeroOf(elementTypeOfMap(map));
      continue;
    }
    throw new Error(`can't index item of type ${derefTypeName(item)}`);
  }
  return item;
}

export function goSlice(item0: unknown, ...indexes: unknown[]): unknown {
  const item = indirectInterface(item0);
  if (item === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  let length: number;
  let bytes: Uint8Array | undefined;
  const items = sliceItems(item);
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    bytes = utf8Bytes(item);
    cap = length = bytes.length;
  } else if (items !== undefined) {
    cap = length = items.length;
  } else {
    throw new Error(`can't slice item of type ${derefTypeName(item)}`);
  }
  const idx = [0, length, 0];
  for (let i = 0; i < indexes.length; i++) idx[i] = indexArg(indirectInterface(indexes[i]), cap);
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (bytes !== undefined) {
    if (bytes.length === (item as string).length) return (item as string).slice(idx[0], idx[1]);
    return new TextDecoder().decode(bytes.subarray(idx[0], idx[1]));
  }
  if (items instanceof Uint8Array) return items.slice(idx[0], idx[1]);
  const result = (items as readonly unknown[]).slice(idx[0], idx[1]);
  const type = goTypeName(items);
  return type === '[]interface {}' ? result : withGoType(result, type);
}

// ---- logic and comparison --------------------------------------------------------------------

export function truth(value: unknown): boolean {
  return isTrue(indirectInterface(value));
}

export function goNot(value: unknown): boolean {
  return !truth(value);
}

type BasicKind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'complex';

function basicKind(value: unknown): BasicKind {
  if (value instanceof GoComplex) return 'complex';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    default:
      return 'invalid';
  }
}

function isComparableType(value: unknown): boolean {
  const kind = kindOf(value);
  return kind !== 'slice' && kind !== 'map' && kind !== 'func';
}

export function goEq(arg1In: unknown, ...rest: unknown[]): boolean {
  const arg1 = indirectInterface(arg1In);
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const argIn of rest) {
    const arg = indirectInterface(argIn);
    const k2 = basicKind(arg);
    let equal = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined) {
        throw new Error(`incompatible types for comparison: ${goTypeName(arg1)} and ${goTypeName(arg)}`);
      }
    } else if (k1 === 'complex') {
      equal = (arg1 as GoComplex).re === (arg as GoComplex).re && (arg1 as GoComplex).im === (arg as GoComplex).im;
    } else if (k1 !== 'invalid') {
      equal = arg1 === arg;
    } else {
      const kind1 = kindOf(arg1);
      const kind2 = kindOf(arg);
      if (kind1 !== kind2 && kind1 !== 'invalid' && kind2 !== 'invalid') {
        throw new Error(
          `non-comparable types ${sprintf('%s', [arg1])}: ${goTypeName(arg1)}, ${goTypeName(arg)}: ${sprintf('%v', [arg])}`,
        );
      }
      if (arg1 === undefined || arg === undefined) {
        equal = arg1 === arg;
      } else {
        if (!isComparableType(arg)) throw new Error(`non-comparable type ${sprintf('%s', [arg])}: ${goTypeName(arg)}`);
        equal = arg1 === arg;
      }
    }
    if (equal) return true;
  }
  return false;
}

export function goNe(arg1: unknown, arg2: unknown): boolean {
  return !goEq(arg1, arg2);
}

export function goLt(arg1In: unknown, arg2In: unknown): boolean {
  const arg1 = indirectInterface(arg1In);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new Error('invalid type for comparison');
  const arg2 = indirectInterface(arg2In);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${goTypeName(arg1)} and ${goTypeName(arg2)}`);
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new Error('invalid type for comparison');
    case 'string':
      return compareGoStrings(arg1 as string, arg2 as string) < 0;
    default:
      return (arg1 as number) < (arg2 as number);
  }
}

export function goLe(arg1: unknown, arg2: unknown): boolean {
  return goLt(arg1, arg2) || goEq(arg1, arg2);
}

export function goGt(arg1: unknown, arg2: unknown): boolean {
  return !goLe(arg1, arg2);
}

export function goGe(arg1: unknown, arg2: unknown): boolean {
  return !goLt(arg1, arg2);
}

// ---- escapers --------------------------------------------------------------------------------

/** Go's evalArgs: fmt.Sprint of the arguments, `<no value>` for nil. */
export function evalArgs(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  // fmt.Sprint of printableValue(arg) for each: nil is the string "<no value>", a pointer to a
  // struct prints as the struct; spaces go between operands when neither is a string.
  let out = '';
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const isString = typeof arg === 'string' || arg === null || arg === undefined;
    if (i > 0 && !isString && !prevString) out += ' ';
    out += arg === null || arg === undefined ? '<no value>' : formatPrintable(arg);
    prevString = isString;
  }
  return out;
}

/** template.HTMLEscapeString. */
export function htmlEscapeString(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  return s.replace(/['"&<>\0]/g, (c) => {
    switch (c) {
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '\uFFFD';
    }
  });
}

/** template.JSEscapeString. */
export function jsEscapeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const r = s.codePointAt(i)!;
    i += r > 0xffff ? 2 : 1;
    if (r < 0x80) {
      switch (r) {
        case 0x5c:
          out += '\\\\';
          continue;
        case 0x27:
          out += "\\'";
          continue;
        case 0x22:
          out += '\\"';
          continue;
        case 0x3c:
          out += '\\u003C';
          continue;
        case 0x3e:
          out += '\\u003E';
          continue;
        case 0x26:
          out += '\\u0026';
          continue;
        case 0x3d:
          out += '\\u003D';
          continue;
      }
      if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
      else out += String.fromCharCode(r);
      continue;
    }
    out += isPrint(r) ? String.fromCodePoint(r) : '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const byte of utf8Bytes(s)) {
    if (
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      byte === 0x7e
    ) {
      out += String.fromCharCode(byte);
    } else if (byte === 0x20) {
      out += '+';
    } else {
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

// ---- the table ---------------------------------------------------------------------------------

export interface Builtin {
  readonly fn: (...args: never[]) => unknown;
  readonly signature: GoSignature;
}

const RV: GoType = 'reflect.Value';
const ANY: GoType = 'interface {}';

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['and', { fn: () => undefined, signature: { params: [RV, RV], variadic: true } }],
  ['or', { fn: () => undefined, signature: { params: [RV, RV], variadic: true } }],
  ['call', { fn: () => undefined, signature: { params: [RV, RV], variadic: true } }],
  ['not', { fn: goNot, signature: { params: [RV] } }],
  ['len', { fn: goLen, signature: { params: [RV] } }],
  ['index', { fn: goIndex, signature: { params: [RV, RV], variadic: true } }],
  ['slice', { fn: goSlice, signature: { params: [RV, RV], variadic: true } }],
  ['print', { fn: (...args: unknown[]) => sprint(args), signature: { params: [ANY], variadic: true } }],
  ['printf', { fn: (format: string, ...args: unknown[]) => sprintf(format, args), signature: { params: ['string', ANY], variadic: true } }],
  ['println', { fn: (...args: unknown[]) => sprintlnOf(args), signature: { params: [ANY], variadic: true } }],
  ['html', { fn: (...args: unknown[]) => htmlEscapeString(evalArgs(args)), signature: { params: [ANY], variadic: true } }],
  ['js', { fn: (...args: unknown[]) => jsEscapeString(evalArgs(args)), signature: { params: [ANY], variadic: true } }],
  ['urlquery', { fn: (...args: unknown[]) => urlQueryEscape(evalArgs(args)), signature: { params: [ANY], variadic: true } }],
  ['eq', { fn: goEq, signature: { params: [RV, RV], variadic: true } }],
  ['ne', { fn: goNe, signature: { params: [RV, RV] } }],
  ['lt', { fn: goLt, signature: { params: [RV, RV] } }],
  ['le', { fn: goLe, signature: { params: [RV, RV] } }],
  ['gt', { fn: goGt, signature: { params: [RV, RV] } }],
  ['ge', { fn: goGe, signature: { params: [RV, RV] } }],
]);
