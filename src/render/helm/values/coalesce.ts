/**
 * How Helm combines values (pkg/chart/common/util/coalesce.go): a chart's defaults under the
 * values given to it, subcharts' defaults under their parent's section for them, globals
 * copied down, `null` deleting a default. `merge` mode (MergeValues) keeps the nulls for a
 * later coalesce; coalesce mode (CoalesceValues) applies them.
 */
export type Values = Record<string, unknown>;

/** The part of a chart that coalescing looks at. */
export interface ValuesChart {
  /** The chart's name as its parent sees it (the dependency alias when there is one). */
  readonly name: string;
  readonly values: Values;
  readonly dependencies: readonly ValuesChart[];
}

export const GLOBAL_KEY = 'global';

export function isTable(value: unknown): value is Values {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A deep copy of maps and lists (copystructure.Copy); other values are shared. */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => deepCopy(item)) as T;
  if (isTable(value)) {
    const out: Values = {};
    for (const key of Object.keys(value)) out[key] = deepCopy(value[key]);
    return out as T;
  }
  return value;
}

type Warn = (message: string) => void;
const silent: Warn = () => {};

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** CoalesceValues: the values a chart's templates see, given the values passed to it. */
export function coalesceValues(chart: ValuesChart, values: Values | null | undefined, warn: Warn = silent): Values {
  return coalesce(chart, deepCopy(values ?? {}), '', false, warn);
}

/** MergeValues: like coalesceValues, but nulls are kept. */
export function mergeValues(chart: ValuesChart, values: Values | null | undefined, warn: Warn = silent): Values {
  return coalesce(chart, deepCopy(values ?? {}), '', true, warn);
}

function coalesce(chart: ValuesChart, dest: Values, prefix: string, merge: boolean, warn: Warn): Values {
  coalesceChartValues(chart, dest, prefix, merge, warn);
  return coalesceDependencies(chart, dest, prefix, merge, warn);
}

function coalesceDependencies(chart: ValuesChart, dest: Values, prefix: string, merge: boolean, warn: Warn): Values {
  for (const sub of chart.dependencies) {
    const current = Object.hasOwn(dest, sub.name) ? dest[sub.name] : undefined;
    if (current === undefined) {
      dest[sub.name] = {};
    } else if (!isTable(current)) {
      throw new TypeError(`type mismatch on ${sub.name}: %!t(${goKind(current)}=${String(current)})`);
    }
    const subValues = dest[sub.name] as Values;
    const subPrefix = concatPrefix(prefix, chart.name);
    coalesceGlobals(subValues, dest, subPrefix, warn);
    dest[sub.name] = coalesce(sub, subValues, subPrefix, merge, warn);
  }
  return dest;
}

function goKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'bigint') return 'int64';
  if (Array.isArray(value)) return '[]interface {}';
  return typeof value;
}

/** Copies the globals of `src` into `dest`'s globals, the parent's winning. */
function coalesceGlobals(dest: Values, src: Values, prefix: string, warn: Warn): void {
  let destGlobals: Values;
  let srcGlobals: Values;
  const dg = Object.hasOwn(dest, GLOBAL_KEY) ? dest[GLOBAL_KEY] : undefined;
  if (dg === undefined) destGlobals = {};
  else if (isTable(dg)) destGlobals = dg;
  else {
    warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  const sg = Object.hasOwn(src, GLOBAL_KEY) ? src[GLOBAL_KEY] : undefined;
  if (sg === undefined) srcGlobals = {};
  else if (isTable(sg)) srcGlobals = sg;
  else {
    warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const key of Object.keys(srcGlobals)) {
    const value = srcGlobals[key];
    if (isTable(value)) {
      const copy = { ...value };
      const existing = Object.hasOwn(destGlobals, key) ? destGlobals[key] : undefined;
      if (existing === undefined) {
        destGlobals[key] = copy;
      } else if (!isTable(existing)) {
        warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
      } else {
        coalesceTables(copy, existing, concatPrefix(prefix, key), true, warn);
        destGlobals[key] = copy;
      }
    } else if (Object.hasOwn(destGlobals, key) && isTable(destGlobals[key])) {
      warn(`key ${key} is table. Skipping`);
    } else {
      destGlobals[key] = value;
    }
  }
  dest[GLOBAL_KEY] = destGlobals;
}

/** Puts a chart's own defaults under the values given to it (`v` wins). */
function coalesceChartValues(chart: ValuesChart, v: Values, prefix: string, merge: boolean, warn: Warn): void {
  const subPrefix = concatPrefix(prefix, chart.name);
  const defaults = deepCopy(chart.values);
  for (const key of Object.keys(defaults)) {
    const value = defaults[key];
    if (Object.hasOwn(v, key)) {
      const given = v[key];
      if (given === null && !merge) {
        delete v[key];
      } else if (isTable(given)) {
        if (!isTable(value)) {
          if (value !== null && value !== undefined) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = merge || chart.dependencies.some((sub) => sub.name === key);
          if (!childMerge && prefix !== '') cleanNilValues(value);
          coalesceTables(given, value, concatPrefix(subPrefix, key), childMerge, warn);
        }
      }
    } else {
      if (!merge && prefix !== '') {
        if (value === null) continue;
        if (isTable(value)) cleanNilValues(value);
      }
      v[key] = value;
    }
  }
}

/** CoalesceTables / MergeTables: `src` under `dst` (dst wins), recursively. */
export function coalesceTables(dst: Values, src: Values | null | undefined, prefix = '', merge = false, warn: Warn = silent): Values {
  if (src === null || src === undefined) return dst;
  const srcNonNil = new Set(Object.keys(src).filter((key) => src[key] !== null && src[key] !== undefined));
  for (const key of Object.keys(dst)) {
    if (dst[key] === null) src[key] = null;
  }
  for (const key of Object.keys(src)) {
    const value = src[key];
    const fullKey = concatPrefix(prefix, key);
    const present = Object.hasOwn(dst, key);
    const existing = present ? dst[key] : undefined;
    if (present && !merge && existing === null && srcNonNil.has(key)) {
      delete dst[key];
    } else if (!present) {
      dst[key] = value;
    } else if (isTable(value)) {
      if (isTable(existing)) coalesceTables(existing, value, fullKey, merge, warn);
      else warn(`warning: cannot overwrite table with non table for ${fullKey} (${String(value)})`);
    } else if (isTable(existing) && value !== null) {
      warn(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${String(value)})`);
    }
  }
  return dst;
}

export function mergeTables(dst: Values, src: Values | null | undefined): Values {
  return coalesceTables(dst, src, '', true);
}

function cleanNilValues(values: Values): void {
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value === null) delete values[key];
    else if (isTable(value)) cleanNilValues(value);
  }
}

/** Removes null entries recursively (chartutil's trimNilValues), on a copy. */
export function trimNilValues(values: Values): Values {
  const out: Values = {};
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value === null) continue;
    out[key] = isTable(value) ? trimNilValues(value) : value;
  }
  return out;
}

/**
 * Helm's merging of `-f` files and `--set` maps onto each other (values.Options.MergeValues):
 * maps merge recursively, anything else in `b` replaces what `a` has.
 */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const key of Object.keys(b)) {
    const value = b[key];
    const existing = out[key];
    if (isTable(value) && Object.hasOwn(out, key) && isTable(existing)) {
      out[key] = mergeMaps(existing, value);
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** Values.Table: the map at a dotted path, or undefined. */
export function valuesTable(values: Values, path: string): Values | undefined {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (!isTable(current) || !Object.hasOwn(current, part)) return undefined;
    current = current[part];
  }
  return isTable(current) ? current : undefined;
}

/** Values.PathValue: the non-table value at a dotted path, or undefined. */
export function pathValue(values: Values, path: string): { found: true; value: unknown } | { found: false } {
  const parts = path.split('.');
  const key = parts.pop()!;
  const table = parts.length === 0 ? values : valuesTable(values, parts.join('.'));
  if (table === undefined || !Object.hasOwn(table, key) || isTable(table[key])) return { found: false };
  return { found: true, value: table[key] };
}

/** chartutil's pathToMap: `a.b` and data to {a: {b: data}} (`.` for the top). */
export function pathToMap(path: string, data: Values): Values {
  if (path === '.') return data;
  const parts = path.split('.').filter((part) => part !== '');
  let out: Values = data;
  for (let i = parts.length - 1; i >= 0; i--) out = { [parts[i]!]: out };
  return out;
}
