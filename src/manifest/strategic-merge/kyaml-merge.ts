import { FerryError } from '../../core/index.ts';
import type { SchemaLookup } from './builtin-schema.ts';

/**
 * kustomize's strategic merge (kyaml's merge2 walker with lists prepended), over plain JSON
 * data. The destination is changed in place, as kyaml changes its YAML nodes: maps that are
 * merged keep their identity, and a scalar that is overridden is assigned into its map (so a
 * field shared between maps through an accessor is updated everywhere, as kyaml's shared
 * nodes are).
 *
 * Behaviour kept from kyaml, quirks included:
 * - maps are merged field by field; `$patch: delete|replace|merge` on a patch map is a
 *   directive, every other `$` key is an ordinary field;
 * - a list is merged only when the schema gives it the `merge` strategy; otherwise the patch's
 *   list replaces it verbatim (directives inside included);
 * - merged lists follow kyaml's setAssociativeSequenceElements: patch elements first, then
 *   the destination's; with several merge keys (container ports: containerPort and protocol)
 *   tuples missing a key are matched on the others, and destination elements move behind;
 * - a field without a value (`key:`) in a walked map is dropped; an explicit null is kept.
 */

type Json = unknown;
type JsonMap = Record<string, Json>;

/** A source that has no node at all (as opposed to a null node). */
const MISSING = Symbol('missing');
/** The walk's answer for a field to remove. */
const CLEAR = Symbol('clear');

type Source = Json | typeof MISSING;
type Result = Json | typeof CLEAR;

function isMap(value: unknown): value is JsonMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNull(value: Source): boolean {
  return value === MISSING || value === null || value === undefined;
}

function kindName(value: Json): string {
  if (Array.isArray(value)) return 'SequenceNode';
  if (isMap(value)) return 'MappingNode';
  return 'ScalarNode';
}

function mergeError(path: readonly string[], message: string): FerryError {
  const at = path.length ? ` at ${path.join('.')}` : '';
  return new FerryError('PATCH_INVALID', `strategic merge patch${at}: ${message}`, { httpStatus: 422 });
}

/** The text of a scalar as kyaml compares it (a YAML node's value). */
function scalarText(value: Json): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return '';
}

function isEmptyMap(value: Json): boolean {
  return isMap(value) && Object.keys(value).length === 0;
}

interface Walk {
  readonly lookup: SchemaLookup;
}

function directiveOf(patch: JsonMap, path: readonly string[]): 'delete' | 'replace' | 'merge' | undefined {
  const value = patch.$patch;
  if (value === undefined) return undefined;
  if (value === 'delete' || value === 'replace' || value === 'merge') return value;
  throw mergeError(path, `unknown $patch directive ${JSON.stringify(value)}`);
}

function withoutDirective(map: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [key, value] of Object.entries(map)) if (key !== '$patch') out[key] = value;
  return out;
}

function walk(dest: Source, origin: Source, path: string[], w: Walk): Result {
  const first = [dest, origin].find((s) => !isNull(s));
  if (first === undefined) return walkMap(dest, origin, path, w);
  const kind = kindName(first);
  for (const source of [dest, origin]) {
    if (!isNull(source) && kindName(source) !== kind) {
      throw mergeError(path, `wrong node kind: expected ${kind} but got ${kindName(source)}`);
    }
  }
  if (kind === 'MappingNode') return walkMap(dest, origin, path, w);
  if (kind === 'SequenceNode') return walkList(dest, origin, path, w);
  // A scalar: the patch's value wins, a null one clears the field.
  if (origin !== MISSING) return isNull(origin) ? CLEAR : origin;
  return dest;
}

function walkMap(dest: Source, origin: Source, path: string[], w: Walk): Result {
  let target: JsonMap;
  if (isNull(dest)) {
    if (isMap(origin) && directiveOf(origin, path) === 'delete') return CLEAR;
    if (origin === MISSING) {
      // A destination field without a value is dropped; an explicit null stays.
      return dest === null ? null : CLEAR;
    }
    if (isNull(origin)) return CLEAR;
    target = {};
  } else {
    if (isNull(origin)) {
      if (origin !== MISSING) return CLEAR;
    } else {
      const directive = directiveOf(origin as JsonMap, path);
      if (directive === 'delete') return CLEAR;
      if (directive === 'replace') return withoutDirective(origin as JsonMap);
    }
    target = dest as JsonMap;
  }
  const patch = isMap(origin) ? origin : {};
  const names = [...new Set([...Object.keys(target), ...Object.keys(patch).filter((k) => k !== '$patch')])].sort();
  for (const key of names) {
    const value = walk(Object.hasOwn(target, key) ? target[key] : MISSING, Object.hasOwn(patch, key) ? patch[key] : MISSING, [...path, key], w);
    if (value === CLEAR || value === MISSING) {
      if (Object.hasOwn(target, key)) delete target[key];
    } else if (!Object.hasOwn(target, key) || target[key] !== value) target[key] = value;
  }
  return target;
}

function mergeKeysOf(path: readonly string[], w: Walk): { associative: boolean; keys: string[] } {
  const field = w.lookup(path);
  if (field?.strategy !== 'merge') return { associative: false, keys: [] };
  if (field.mergeKeys && field.mergeKeys.length > 0) return { associative: true, keys: [...field.mergeKeys] };
  return { associative: true, keys: field.mergeKey ? [field.mergeKey] : [] };
}

function walkList(dest: Source, origin: Source, path: string[], w: Walk): Result {
  const { associative, keys } = mergeKeysOf(path, w);
  if (!associative) {
    if (origin !== MISSING) return isNull(origin) ? CLEAR : origin;
    return dest;
  }
  if (origin !== MISSING && isNull(origin)) return CLEAR;
  let list: Json[] = isNull(dest) ? [] : (dest as Json[]);
  const patch: Json[] = Array.isArray(origin) ? origin : [];
  const marker = patch.findIndex((item) => isMap(item) && item.$patch === 'replace' && Object.keys(item).length === 1);
  if (marker >= 0) return patch.filter((_, index) => index !== marker);
  const sources = { dest: list, origin: patch };
  const values = elementValues([patch, list], keys);
  if (values.length > 0 || keys.length > 0) list = setAssociativeElements(values, keys, sources, path, w);
  else list = setAssociativeElements(primitiveValues([patch, list]), [''], sources, path, w);
  return list;
}

/** Each element's values for `keys` (missing: ''), patch elements first, without repeats. */
function elementValues(lists: readonly Json[][], keys: readonly string[]): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const element of list) {
      const tuple = keys.map((key) => (isMap(element) && !isNull(element[key] as Json) ? scalarText(element[key]) : ''));
      if (tuple.length === 0) continue;
      const id = JSON.stringify(tuple);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(tuple);
    }
  }
  return out;
}

function primitiveValues(lists: readonly Json[][]): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const element of list) {
      const text = scalarText(element);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push([text]);
    }
  }
  return out;
}

/** kyaml's mergeValues: tuples that differ only where one of them is empty become one. */
function mergeValues(valuesList: string[][]): string[][] {
  for (let i = 0; i < valuesList.length; i++) {
    const values1 = valuesList[i] as string[];
    for (let j = 0; j < valuesList.length; j++) {
      const merged = matchValues(values1, valuesList[j] as string[]);
      if (merged) {
        valuesList[i] = merged;
        valuesList[j] = merged;
      }
    }
  }
  return valuesList;
}

function matchValues(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length !== b.length) return undefined;
  let common = false;
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) {
      common = true;
      out.push(x);
      continue;
    }
    if (x !== '' && y !== '') return undefined;
    out.push(x !== '' ? x : y);
  }
  return common ? out : undefined;
}

/** kyaml's validateKeys: the keys some tuple has a value for (all of them when none has). */
function validateKeys(valuesList: readonly (readonly string[])[], values: readonly string[], keys: readonly string[]): [string[], string[]] {
  const valid = new Set<string>();
  for (const tuple of valuesList) tuple.forEach((v, i) => v !== '' && valid.add(keys[i] as string));
  if (valid.size === 0) return [[...keys], [...values]];
  return [keys.filter((k) => valid.has(k)), values.filter((v, i) => v !== '' || valid.has(keys[i] as string))];
}

/** The first element matching every key's value (kyaml's ElementMatcher). */
function findElement(list: readonly Json[], keys: readonly string[], values: readonly string[]): Json | typeof MISSING {
  if (keys.length === 0 || keys[0] === '') {
    const found = list.find((item) => !isMap(item) && !Array.isArray(item) && scalarText(item) === values[0]);
    return found === undefined ? MISSING : found;
  }
  for (const element of list) {
    if (!isMap(element)) continue;
    if (keys.every((key, i) => Object.hasOwn(element, key) && !isNull(element[key]) && scalarText(element[key]) === values[i])) return element;
  }
  return MISSING;
}

/** Whether kyaml's FieldMatcher matches `element` on `key` (an empty value: any value). */
function fieldMatches(element: Json, key: string, value: string, path: readonly string[]): boolean {
  if (element === null || element === undefined) return false;
  if (key === '') {
    if (isMap(element) || Array.isArray(element)) throw mergeError(path, `wrong node kind: expected ScalarNode but got ${kindName(element)}`);
    return scalarText(element) === value;
  }
  if (!isMap(element)) throw mergeError(path, `wrong node kind: expected MappingNode but got ${kindName(element)}`);
  if (!Object.hasOwn(element, key)) return false;
  return value === '' || scalarText(element[key]) === value;
}

/**
 * kyaml's ElementSetter on `list` (changed in place): every element matching the keys is
 * replaced by `element` (or removed when it is undefined); without a match it is appended.
 * Empty elements are dropped on the way, and with no values at all nothing matches or stays.
 */
function setElement(list: Json[], element: Json | undefined, rawKeys: readonly string[], values: readonly string[], path: readonly string[]): void {
  const keys = rawKeys.length === 0 ? [''] : rawKeys;
  const mappingSetter = keys[0] !== '' && values.length > 0 && values[0] !== '';
  const next: Json[] = [];
  let found = false;
  for (const item of list) {
    if (item === null || item === undefined || isEmptyMap(item)) continue;
    if (!isMap(item) && mappingSetter) {
      next.push(item);
      continue;
    }
    let matched = true;
    let checked = false;
    for (let j = 0; j < keys.length; j++) {
      if (j >= values.length) continue;
      checked = true;
      if (!fieldMatches(item, keys[j] as string, values[j] as string, path)) {
        matched = false;
        break;
      }
    }
    if (!checked) matched = false;
    if (!matched) {
      if (values.length > 0) next.push(item);
      continue;
    }
    found = true;
    if (element !== undefined) next.push(element);
  }
  list.splice(0, list.length, ...next);
  if (element !== undefined && !found) list.push(element);
}

function setAssociativeElements(
  valuesList: string[][],
  keys: readonly string[],
  sources: { dest: Json[]; origin: Json[] },
  path: string[],
  w: Walk,
): Json[] {
  const items: Json[] = [];
  if (keys.length > 1) valuesList = mergeValues(valuesList);
  let validKeys: string[] = [];
  for (const values of valuesList) {
    if (values.length === 0) continue;
    let validValues: string[];
    [validKeys, validValues] = validateKeys(valuesList, values, keys);
    const [elementKeys, elementValues] = validateKeys([values], values, keys);
    const value = walk(findElement(sources.dest, elementKeys, elementValues), findElement(sources.origin, elementKeys, elementValues), path, w);
    let removed = false;
    for (const [i, key] of validKeys.entries()) {
      if (value === CLEAR || value === MISSING || value === null || value === undefined || isEmptyMap(value)) {
        setElement(sources.dest, undefined, validKeys, validValues, path);
        removed = true;
      } else if (key !== '' && isMap(value) && !Object.hasOwn(value, key) && validValues[i] !== '') {
        value[key] = validValues[i];
      }
    }
    if (removed) continue;
    setElement(items, value as Json, validKeys, validValues, path);
  }
  if (valuesList.length === 0) return sources.dest;
  return appendList(items, sources.dest, validKeys, path);
}

/** kyaml's appendListNode: the destination's elements set into `dst`, after the patch's. */
function appendList(dst: Json[], src: readonly Json[], keys: readonly string[], path: readonly string[]): Json[] {
  for (const element of [...src]) {
    if (keys[0] === '') {
      setElement(dst, element, [''], [scalarText(element)], path);
      continue;
    }
    if (!isMap(element)) throw mergeError(path, `wrong node kind: expected MappingNode but got ${kindName(element)}`);
    const values: string[] = [];
    for (const key of keys) {
      if (!Object.hasOwn(element, key)) {
        dst.push(element);
        continue;
      }
      values.push(scalarText(element[key]));
    }
    if (keys.length > 1) setElement(dst, undefined, keys, values, path);
    setElement(dst, element, keys, values, path);
  }
  return dst;
}

/**
 * Applies `patch` to `dest` as kustomize does, changing `dest` in place, and returns the
 * result (usually `dest` itself), or undefined when the patch deletes the object.
 */
export function kyamlMerge(dest: Json, patch: Json, lookup: SchemaLookup = () => undefined): Json | undefined {
  const result = walk(dest, patch, [], { lookup });
  return result === CLEAR || result === MISSING ? undefined : result;
}
