import { FerryError } from '../../core/index.ts';
import type { SchemaLookup } from './builtin-schema.ts';
import { kyamlMerge } from './kyaml-merge.ts';

/**
 * Strategic merge patch over plain JSON data.
 *
 * Two flavours share the walk:
 * - `apiserver` (the default): the API server's semantics (apimachinery): patch-only list
 *   elements are appended, and every directive is honoured: `$patch: delete|replace|merge`,
 *   `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`, `$retainKeys`.
 * - `kustomize`: kustomize's (kyaml merge2 with list prepending), see kyaml-merge.ts; here on
 *   a copy of the original.
 *
 * Returns `undefined` when the patch deletes the whole object (`$patch: delete` at the top).
 */
export interface StrategicMergeOptions {
  readonly flavour?: 'apiserver' | 'kustomize';
}

type Json = unknown;
type JsonMap = Record<string, Json>;

const DELETE = Symbol('delete');

function isMap(value: Json): value is JsonMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function patchError(path: readonly string[], message: string): FerryError {
  const at = path.length ? ` at ${path.join('.')}` : '';
  return new FerryError('PATCH_INVALID', `strategic merge patch${at}: ${message}`, { httpStatus: 422 });
}

interface Walk {
  readonly lookup: SchemaLookup;
}

/** A copy of `value` without `$patch` directives (what lands when there is nothing to merge). */
function stripDirectives(value: Json, walk: Walk): Json {
  if (Array.isArray(value)) {
    return value.filter((item) => !(isMap(item) && item.$patch !== undefined && Object.keys(item).length === 1)).map((item) => stripDirectives(item, walk));
  }
  if (!isMap(value)) return value;
  const out: JsonMap = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$patch') continue;
    if (key.startsWith('$')) continue;
    if (item === null || item === undefined) continue;
    out[key] = stripDirectives(item, walk);
  }
  return out;
}

function mergeMap(original: Json, patch: JsonMap, path: string[], walk: Walk): Json | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return stripDirectives(patch, walk);
  if (directive !== undefined && directive !== 'merge') throw patchError(path, `unknown $patch directive ${JSON.stringify(directive)}`);
  const result: JsonMap = isMap(original) ? { ...original } : {};
  let retain: readonly string[] | undefined;
  const orders: Record<string, Json[]> = {};
  const deletions: Record<string, Json[]> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key.startsWith('$')) {
      if (key === '$retainKeys') {
        if (!Array.isArray(value)) throw patchError(path, '$retainKeys must be a list');
        retain = value.map(String);
      } else if (key.startsWith('$setElementOrder/')) {
        if (!Array.isArray(value)) throw patchError(path, `${key} must be a list`);
        orders[key.slice('$setElementOrder/'.length)] = value;
      } else if (key.startsWith('$deleteFromPrimitiveList/')) {
        if (!Array.isArray(value)) throw patchError(path, `${key} must be a list`);
        deletions[key.slice('$deleteFromPrimitiveList/'.length)] = value;
      } else throw patchError(path, `unknown directive ${key}`);
      continue;
    }
    if (value === null || value === undefined) {
      delete result[key];
      continue;
    }
    const merged = mergeValue(result[key], value, [...path, key], walk);
    if (merged === DELETE) delete result[key];
    else result[key] = merged;
  }
  for (const [field, values] of Object.entries(deletions)) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = list.filter((item) => !values.some((v) => jsonEqual(v, item)));
  }
  for (const [field, order] of Object.entries(orders)) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = applyElementOrder(list, order, walk.lookup([...path, field])?.mergeKey);
  }
  if (retain) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function jsonEqual(a: Json, b: Json): boolean {
  const big = (_key: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v);
  return JSON.stringify(a, big) === JSON.stringify(b, big);
}

function keyOf(item: Json, mergeKey: string | undefined): Json {
  if (mergeKey === undefined) return item;
  return isMap(item) ? item[mergeKey] : undefined;
}

function applyElementOrder(list: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const wanted = order.map((entry) => keyOf(entry, mergeKey));
  const position = (item: Json) => wanted.findIndex((key) => jsonEqual(key, keyOf(item, mergeKey)));
  const ranked = list.map((item, index) => ({ item, index, rank: position(item) }));
  // Listed elements take the listed order; unlisted ones keep their relative place after them.
  ranked.sort((a, b) => {
    if (a.rank >= 0 && b.rank >= 0) return a.rank - b.rank;
    if (a.rank >= 0) return -1;
    if (b.rank >= 0) return 1;
    return a.index - b.index;
  });
  return ranked.map((entry) => entry.item);
}

function mergeList(original: Json, patch: Json[], path: string[], walk: Walk): Json {
  const replaceMarker = patch.findIndex((item) => isMap(item) && item.$patch === 'replace' && Object.keys(item).length === 1);
  if (replaceMarker >= 0) return stripDirectives(patch.filter((_, index) => index !== replaceMarker), walk);
  const field = walk.lookup(path);
  const base = Array.isArray(original) ? original : [];
  if (field?.strategy !== 'merge') return stripDirectives(patch, walk);
  const mergeKey = field.mergeKey;
  const allScalars = patch.every((item) => !isMap(item) && !Array.isArray(item)) && base.every((item) => !isMap(item));
  if (mergeKey === undefined || allScalars) {
    const fresh = patch.filter((item) => !base.some((b) => jsonEqual(b, item)));
    return [...base, ...fresh];
  }
  const mergedByIndex = new Map<number, Json>();
  const deleted = new Set<number>();
  const appended: Json[] = [];
  for (const item of patch) {
    if (!isMap(item)) throw patchError(path, `expected a map element in a list merged by ${mergeKey}`);
    const key = item[mergeKey];
    const index = key === undefined ? -1 : base.findIndex((b) => isMap(b) && jsonEqual(b[mergeKey], key));
    if (item.$patch === 'delete') {
      if (index >= 0) deleted.add(index);
      continue;
    }
    if (index >= 0) {
      const merged = mergeMap(base[index], item, path, walk);
      if (merged === DELETE) deleted.add(index);
      else mergedByIndex.set(index, merged);
    } else {
      const fresh = mergeMap(undefined, item, path, walk);
      if (fresh === DELETE) continue;
      appended.push(fresh);
    }
  }
  const rest: Json[] = [];
  base.forEach((item, index) => {
    if (deleted.has(index)) return;
    rest.push(mergedByIndex.has(index) ? mergedByIndex.get(index) : item);
  });
  return [...rest, ...appended];
}

function mergeValue(original: Json, patch: Json, path: string[], walk: Walk): Json | typeof DELETE {
  if (isMap(patch)) return mergeMap(original, patch, path, walk);
  if (Array.isArray(patch)) return mergeList(original, patch, path, walk);
  return patch;
}

/**
 * Applies `patch` to `original` (neither is modified) and returns the result, or undefined
 * when the patch deletes the object. `schemaLookup` gives each field's strategy; without an
 * entry, lists are replaced and maps merged.
 */
export function strategicMergePatch(
  original: Json,
  patch: Json,
  schemaLookup: SchemaLookup = () => undefined,
  options: StrategicMergeOptions = {},
): Json | undefined {
  if (options.flavour === 'kustomize') return kyamlMerge(structuredClone(original), patch, schemaLookup);
  const walk: Walk = { lookup: schemaLookup };
  const result = mergeValue(structuredClone(original), patch, [], walk);
  return result === DELETE ? undefined : result;
}
