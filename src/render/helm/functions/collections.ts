/**
 * Sprig's lists and dicts: `list`, `append`, `first`, `uniq`, `has`, `slice`, `concat`,
 * `dict`, `get`, `set`, `hasKey`, `pluck`, `dig`, `keys`, and `merge`/`mergeOverwrite` with
 * mergo's rules (a zero value in the destination is replaced even by `merge`).
 */
import { GO_TYPE, GoStruct, compareGoStrings, goTypeName, isGoMap, sortedKeys, withGoType } from '../gotemplate/index.ts';
import type { FuncMap } from '../gotemplate/index.ts';
import { asList, deepEqual, fn, intArg, isEmpty, kindName, strval, toInt64 } from './support.ts';
import { toStrings } from './strings.ts';
import { GO_NIL } from '../yaml/go-json.ts';

type Dict = Record<string, unknown>;

/** A deep copy of maps and slices (copystructure), keeping Go type tags. */
export function deepCopyValue<T>(value: T, depth = 0): T {
  if (depth > 10_000) throw new Error('deepCopy: value nested too deeply');
  if (Array.isArray(value)) {
    const copy = value.map((item: unknown) => deepCopyValue(item, depth + 1));
    const tag = (value as { [GO_TYPE]?: string })[GO_TYPE];
    return (tag ? withGoType(copy, tag) : copy) as T;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (isGoMap(value)) {
    const copy: Dict = {};
    for (const key of Object.keys(value)) copy[key] = deepCopyValue(value[key], depth + 1);
    const tag = (value as { [GO_TYPE]?: string })[GO_TYPE];
    return (tag ? withGoType(copy, tag) : copy) as T;
  }
  return value;
}

function requireList(value: unknown, what: string): readonly unknown[] {
  if (value === null || value === undefined) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  const list = asList(value);
  if (!list) throw new Error(`${what} ${kindName(value)}`);
  return list;
}

function inList(haystack: readonly unknown[], needle: unknown): boolean {
  return haystack.some((item) => deepEqual(needle, item));
}

/** mergo's isEmptyValue, looking through interfaces. */
function mergoEmpty(value: unknown): boolean {
  if (value instanceof GoStruct) return false;
  return isEmpty(value);
}

/** mergo.Merge / MergeWithOverwrite of src into dst (maps only), as Sprig calls it. */
export function mergoMerge(dst: Dict, src: Dict, overwrite: boolean, depth = 0): void {
  if (depth > 1000) throw new Error('merge: values nested too deeply');
  for (const key of Object.keys(src)) {
    const srcValue = src[key];
    const present = Object.hasOwn(dst, key);
    const dstValue = present ? dst[key] : undefined;
    if (srcValue === null || srcValue === undefined) {
      if (overwrite) dst[key] = null;
      continue;
    }
    if (isGoMap(srcValue)) {
      if (present && isGoMap(dstValue)) mergoMerge(dstValue, srcValue, overwrite, depth + 1);
    }
    if (present && !mergoEmpty(dstValue)) {
      if (Array.isArray(srcValue)) {
        if (overwrite) dst[key] = srcValue;
        continue;
      }
      if (isGoMap(srcValue) && isGoMap(dstValue)) continue;
    }
    if (overwrite || !present || mergoEmpty(dstValue)) dst[key] = srcValue;
  }
}

/** A nil []interface{} (rest of an empty list, concat of nothing): it prints [] and encodes as null. */
function nilList(): readonly unknown[] {
  return Object.freeze(Object.defineProperty([], GO_NIL, { value: true, enumerable: false }));
}

function digFrom(dict: Dict, fallback: unknown, keys: string[]): unknown {
  const [key, ...rest] = keys as [string, ...string[]];
  if (!Object.hasOwn(dict, key)) return fallback;
  const step = dict[key];
  if (rest.length === 0) return step;
  if (!isGoMap(step) || goTypeName(step) !== 'map[string]interface {}') {
    throw new Error(`interface conversion: interface {} is ${goTypeName(step) === '<nil>' ? 'nil' : goTypeName(step)}, not map[string]interface {}`);
  }
  return digFrom(step, fallback, rest);
}

function sliceList(list: unknown, indices: unknown[]): unknown {
  const items = asList(list);
  if (!items) throw new Error(`list should be type of slice or array but ${kindName(list)}`);
  if (items.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length < 2 ? items.length : Number(toInt64(indices[1]));
  if (start < 0 || end > items.length || start > end) throw new Error(`reflect.Value.Slice: slice index out of bounds`);
  const out = items.slice(start, end);
  const tag = goTypeName(list);
  return tag === '[]interface {}' ? out : withGoType([...out], tag);
}

export function collectionFunctions(): FuncMap {
  const dictParam = 'map[string]interface {}';
  const anyList = (list: unknown[]) => list;
  const mustOr = <T>(must: () => T, fallback: T): T => {
    try {
      return must();
    } catch {
      return fallback;
    }
  };
  const merge = (overwrite: boolean) => (dst: Dict, ...srcs: Dict[]) => {
    for (const src of srcs) if (src) mergoMerge(dst, src, overwrite);
    return dst;
  };
  const first = (list: unknown) => {
    const items = requireList(list, 'Cannot find first on type');
    return items.length === 0 ? null : items[0];
  };
  const last = (list: unknown) => {
    const items = requireList(list, 'Cannot find last on type');
    return items.length === 0 ? null : items[items.length - 1];
  };
  const rest = (list: unknown) => {
    const items = requireList(list, 'Cannot find rest on type');
    return items.length === 0 ? nilList() : anyList(items.slice(1));
  };
  const initial = (list: unknown) => {
    const items = requireList(list, 'Cannot find initial on type');
    return items.length === 0 ? nilList() : anyList(items.slice(0, -1));
  };
  const push = (list: unknown, v: unknown) => [...requireList(list, 'Cannot push on type'), v];
  const prepend = (list: unknown, v: unknown) => [v, ...requireList(list, 'Cannot prepend on type')];
  const reverse = (list: unknown) => [...requireList(list, 'Cannot find reverse on type')].reverse();
  const uniq = (list: unknown) => {
    const out: unknown[] = [];
    for (const item of requireList(list, 'Cannot find uniq on type')) if (!inList(out, item)) out.push(item);
    return out;
  };
  const without = (list: unknown, ...omit: unknown[]) => requireList(list, 'Cannot find without on type').filter((item) => !inList(omit, item));
  const has = (needle: unknown, haystack: unknown) => {
    if (haystack === null || haystack === undefined) return false;
    return inList(requireList(haystack, 'Cannot find has on type'), needle);
  };
  const compact = (list: unknown) => requireList(list, 'Cannot compact on type').filter((item) => !isEmpty(item));
  const chunk = (size: bigint, list: unknown) => {
    const items = requireList(list, 'Cannot chunk type');
    const n = intArg(size);
    if (n <= 0) throw new Error('runtime error: integer divide by zero');
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    return withGoType(out, '[][]interface {}');
  };
  return {
    list: fn(['interface {}'], (...items: unknown[]) => items, true),
    tuple: fn(['interface {}'], (...items: unknown[]) => items, true),
    append: fn(['interface {}', 'interface {}'], push),
    push: fn(['interface {}', 'interface {}'], push),
    mustAppend: fn(['interface {}', 'interface {}'], push),
    mustPush: fn(['interface {}', 'interface {}'], push),
    prepend: fn(['interface {}', 'interface {}'], prepend),
    mustPrepend: fn(['interface {}', 'interface {}'], prepend),
    first: fn(['interface {}'], first),
    mustFirst: fn(['interface {}'], first),
    rest: fn(['interface {}'], rest),
    mustRest: fn(['interface {}'], rest),
    last: fn(['interface {}'], last),
    mustLast: fn(['interface {}'], last),
    initial: fn(['interface {}'], initial),
    mustInitial: fn(['interface {}'], initial),
    reverse: fn(['interface {}'], reverse),
    mustReverse: fn(['interface {}'], reverse),
    uniq: fn(['interface {}'], uniq),
    mustUniq: fn(['interface {}'], uniq),
    without: fn(['interface {}', 'interface {}'], without, true),
    mustWithout: fn(['interface {}', 'interface {}'], without, true),
    has: fn(['interface {}', 'interface {}'], has),
    mustHas: fn(['interface {}', 'interface {}'], has),
    slice: fn(['interface {}', 'interface {}'], (list: unknown, ...indices: unknown[]) => sliceList(list, indices), true),
    mustSlice: fn(['interface {}', 'interface {}'], (list: unknown, ...indices: unknown[]) => sliceList(list, indices), true),
    concat: fn(
      ['interface {}'],
      (...lists: unknown[]) => {
        const out: unknown[] = [];
        for (const list of lists) {
          const items = asList(list);
          if (!items) throw new Error(`Cannot concat type ${kindName(list)} as list`);
          out.push(...items);
        }
        // Sprig appends to a nil slice: nothing at all to append leaves it nil.
        return out.length === 0 ? nilList() : out;
      },
      true,
    ),
    compact: fn(['interface {}'], (list: unknown) => mustOr(() => compact(list), [])),
    mustCompact: fn(['interface {}'], compact),
    chunk: fn(['int', 'interface {}'], chunk),
    mustChunk: fn(['int', 'interface {}'], chunk),
    sortAlpha: fn(['interface {}'], (list: unknown) => {
      const items = asList(list);
      const values = items ? toStrings(list) : [strval(list)];
      return withGoType(values.sort(compareGoStrings), '[]string');
    }),
    dig: fn(
      ['interface {}'],
      (...ps: unknown[]) => {
        if (ps.length < 3) throw new Error('dig needs at least three arguments');
        const dict = ps[ps.length - 1];
        // A type assertion: a named map type (helm's common.Values, `.Values` itself) fails it.
        if (!isGoMap(dict) || goTypeName(dict) !== 'map[string]interface {}') {
          throw new Error(`interface conversion: interface {} is ${goTypeName(dict) === '<nil>' ? 'nil' : goTypeName(dict)}, not map[string]interface {}`);
        }
        const keys = ps.slice(0, -2).map((k) => {
          if (typeof k !== 'string') throw new Error(`interface conversion: interface {} is ${goTypeName(k)}, not string`);
          return k;
        });
        return digFrom(dict, ps[ps.length - 2], keys);
      },
      true,
    ),
    dict: fn(
      ['interface {}'],
      (...items: unknown[]) => {
        const out: Dict = {};
        for (let i = 0; i < items.length; i += 2) out[strval(items[i])] = i + 1 < items.length ? items[i + 1] : '';
        return out;
      },
      true,
    ),
    get: fn([dictParam, 'string'], (d: Dict, key: string) => (Object.hasOwn(d, key) ? d[key] : '')),
    set: fn([dictParam, 'string', 'interface {}'], (d: Dict, key: string, value: unknown) => {
      d[key] = value;
      return d;
    }),
    unset: fn([dictParam, 'string'], (d: Dict, key: string) => {
      delete d[key];
      return d;
    }),
    hasKey: fn([dictParam, 'string'], (d: Dict, key: string) => d !== null && Object.hasOwn(d, key)),
    pluck: fn(['string', dictParam], (key: string, ...dicts: Dict[]) => dicts.filter((d) => d && Object.hasOwn(d, key)).map((d) => d[key]), true),
    keys: fn([dictParam], (...dicts: Dict[]) => withGoType(dicts.flatMap((d) => (d ? sortedKeys(d) : [])), '[]string'), true),
    pick: fn([dictParam, 'string'], (d: Dict, ...keys: string[]) => {
      const out: Dict = {};
      for (const key of keys) if (d && Object.hasOwn(d, key)) out[key] = d[key];
      return out;
    }, true),
    omit: fn([dictParam, 'string'], (d: Dict, ...keys: string[]) => {
      const out: Dict = {};
      for (const key of d ? Object.keys(d) : []) if (!keys.includes(key)) out[key] = d[key];
      return out;
    }, true),
    values: fn([dictParam], (d: Dict) => (d ? sortedKeys(d).map((k) => d[k]) : [])),
    merge: fn([dictParam, dictParam], merge(false), true),
    mustMerge: fn([dictParam, dictParam], merge(false), true),
    mergeOverwrite: fn([dictParam, dictParam], merge(true), true),
    mustMergeOverwrite: fn([dictParam, dictParam], merge(true), true),
  };
}
