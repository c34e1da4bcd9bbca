/**
 * How Go values look in JavaScript, for the template engine and the functions it calls.
 *
 *   Go                          JS
 *   string                      string
 *   bool                        boolean
 *   int, int64, uint8, ...      bigint      (every integer kind; %T says "int")
 *   float64                     number
 *   nil (interface, map, ...)   null
 *   "no value" (invalid)        undefined   (a missing map key under missingkey=default)
 *   map[string]interface{}      plain object (own keys only: never the prototype's)
 *   []interface{}               Array
 *   []byte                      Uint8Array
 *   a struct or *struct         an instance of a GoStruct subclass
 *
 * A slice or map of another Go type (`[]string`, `map[string]string`) is an Array or plain
 * object tagged with `withGoType`, which only changes `%T`, error texts and argument checks.
 */

/** Non-enumerable tag holding the Go type name of an Array, plain object or function. */
export const GO_TYPE: unique symbol = Symbol.for('ferry.gotemplate.goType');

/**
 * A Go struct (or pointer to one) reachable from templates, such as Helm's `.Chart`,
 * `.Capabilities`, `.Files`. Fields are the instance's own properties (a lowercase one is an
 * unexported field); methods are the functions on the prototype whose name starts with an
 * uppercase letter, called with the template's arguments (declare their Go signature with
 * `signMethods`). A `String()` method makes it a fmt.Stringer, `Error()` an error.
 */
export abstract class GoStruct {
  /** The Go type as `%T` and template errors print it: `*chart.Metadata`, `chartutil.VersionSet`. */
  goTypeName(): string {
    return this.constructor.name;
  }

  /**
   * For a named Go type over a slice or map (`chartutil.VersionSet []string`,
   * `engine.files map[string][]byte`): the slice or map that `range`, `len`, `index`,
   * printing and (for a map) field access see. Undefined for a struct.
   */
  goUnderlying(): readonly unknown[] | Readonly<Record<string, unknown>> | undefined {
    return undefined;
  }
}

/** A Go complex128 (only template constants like `1+2i` produce one). */
export class GoComplex {
  readonly re: number;
  readonly im: number;
  constructor(re: number, im: number) {
    this.re = re;
    this.im = im;
  }
}

/**
 * A Go parameter type, spelled as Go prints it. Any other string names a GoStruct type
 * (compared with `goTypeName()`).
 */
export type GoType =
  | 'interface {}'
  | 'reflect.Value'
  | 'string'
  | 'bool'
  | 'int'
  | 'int64'
  | 'int32'
  | 'uint'
  | 'uint64'
  | 'float64'
  | '[]interface {}'
  | '[]string'
  | '[]byte'
  | 'map[string]interface {}'
  | 'map[string]string'
  | (string & {});

/**
 * The Go signature of a template function or method. Go checks arity and argument types at
 * call time and converts untyped constants (`3`, `"x"`, `nil`) to the parameter types; a
 * function without a signature takes `...interface{}` (any count, no checks).
 */
export interface GoSignature {
  /** Parameter types; with `variadic`, the last one is the element type of the `...` parameter. */
  readonly params: readonly GoType[];
  readonly variadic?: boolean;
  /** The function receives the ExecContext as its first argument (not one of `params`). */
  readonly context?: boolean;
  /**
   * A method declared on the pointer (`func (v *T) String()`) of a struct held by value: `{{ v }}`
   * finds it (the value is addressable there) but fmt's print, printf... of a T copy do not.
   */
  readonly pointerReceiver?: boolean;
}

/**
 * A template function: returns its result (undefined and null both mean nil) or throws an
 * Error, which execution reports as Go does: `error calling NAME: MESSAGE`.
 */
export type TemplateFunction = (...args: never[]) => unknown;

/** Go's template.FuncMap. */
export type FuncMap = Readonly<Record<string, TemplateFunction>>;

interface Signed {
  goSignature?: GoSignature;
}

/** Attaches a Go signature to a function (returns the same function). */
export function goFunc<F extends TemplateFunction>(signature: GoSignature, fn: F): F {
  Object.defineProperty(fn, 'goSignature', { value: signature, enumerable: false, configurable: true });
  return fn;
}

/** The Go signature attached to a function, if any. */
export function signatureOf(fn: unknown): GoSignature | undefined {
  return typeof fn === 'function' ? (fn as Signed).goSignature : undefined;
}

/** Declares the Go signatures of methods of a GoStruct subclass. */
export function signMethods(cls: abstract new (...args: never[]) => GoStruct, signatures: Record<string, GoSignature>): void {
  const proto = cls.prototype as unknown as Record<string, unknown>;
  for (const [name, signature] of Object.entries(signatures)) {
    const method = proto[name];
    if (typeof method !== 'function') throw new TypeError(`${cls.name} has no method ${name}`);
    goFunc(signature, method as TemplateFunction);
  }
}

/** Tags an Array, plain object or function with its Go type (`[]string`); returns it. */
export function withGoType<T extends object>(value: T, goType: string): T {
  Object.defineProperty(value, GO_TYPE, { value: goType, enumerable: false, configurable: true });
  return value;
}

function taggedType(value: object): string | undefined {
  return (value as { [GO_TYPE]?: string })[GO_TYPE];
}

/** A Go map: a plain object (prototype Object.prototype or null). */
export function isGoMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A Go slice other than []byte: an Array. */
export function isGoSlice(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** Own-key lookup: `constructor` or `__proto__` never come from the prototype. */
export function mapGet(map: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export function mapHas(map: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** Go's string order (bytes of UTF-8, i.e. code points), for sorted map keys. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) < utf8Rank(y) ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

// UTF-16 puts surrogates (astral code points) below U+E000..U+FFFF; UTF-8 puts them above.
function utf8Rank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit <= 0xdfff) return unit + 0x2000;
  return unit - 0x800;
}

/** The keys of a Go map in Go's print and range order. */
export function sortedKeys(map: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(map);
  return keys.length < 2 ? keys : keys.sort(compareGoStrings);
}

/** The Go type of a value as `%T` prints it (`<nil>` for nil). */
export function goTypeName(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'undefined':
      return '<nil>';
    case 'function':
      return taggedType(value) ?? 'func(...interface {}) (interface {}, error)';
    case 'object':
      if (value === null) return '<nil>';
      if (value instanceof GoStruct) return value.goTypeName();
      if (value instanceof GoComplex) return 'complex128';
      if (value instanceof Uint8Array) return '[]uint8';
      if (Array.isArray(value)) return taggedType(value) ?? '[]interface {}';
      if (isGoMap(value)) return taggedType(value) ?? 'map[string]interface {}';
      return value.constructor?.name ?? 'object';
    default:
      return typeof value;
  }
}

/** What a GoStruct stands for when ranged, indexed, measured or printed. */
export function underlying(value: unknown): unknown {
  if (value instanceof GoStruct) {
    const inner = value.goUnderlying();
    return inner === undefined ? value : inner;
  }
  return value;
}

/** Go's truth (`if`, `with`, `and`, `or`, `not`): false for nil and zero values. */
export function isTrue(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      return value.length > 0;
    case 'bigint':
      return value !== 0n;
    case 'number':
      return value !== 0;
    case 'undefined':
      return false;
    case 'function':
      return true;
    case 'object': {
      if (value === null) return false;
      if (Array.isArray(value)) return value.length > 0;
      if (value instanceof Uint8Array) return value.length > 0;
      if (value instanceof GoComplex) return value.re !== 0 || value.im !== 0;
      if (value instanceof GoStruct) {
        const inner = value.goUnderlying();
        return inner === undefined ? true : isTrue(inner);
      }
      for (const key in value) if (Object.hasOwn(value, key)) return true;
      return false;
    }
    default:
      return true;
  }
}

/** The method of a GoStruct by name (exported methods only, as Go's MethodByName). */
export function structMethod(value: GoStruct, name: string): TemplateFunction | undefined {
  if (!isExported(name) || Object.hasOwn(value, name)) return undefined;
  const method: unknown = (value as unknown as Record<string, unknown>)[name];
  if (typeof method !== 'function' || method === (Object.prototype as Record<string, unknown>)[name]) return undefined;
  return method as TemplateFunction;
}

export function isExported(name: string): boolean {
  const first = name.charCodeAt(0);
  if (first >= 0x41 && first <= 0x5a) return true;
  if (first < 0x80) return false;
  const ch = String.fromCodePoint(name.codePointAt(0) ?? 0);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Wraps a bigint to int64 as Go's integer arithmetic does. */
export function toInt64(value: bigint): bigint {
  return value >= INT64_MIN && value <= INT64_MAX ? value : BigInt.asIntN(64, value);
}
