/**
 * Reading `metadata.managedFields` (the FieldsV1 format of server-side apply): which fields of an
 * object a field manager owns. The diff uses it to see fields Ferry applied earlier and Git no
 * longer declares, and to ignore fields owned by managers the user lists.
 *
 * FieldsV1 keys: `f:<name>` a field, `k:<json>` a list element by its key fields, `v:<json>` a
 * set element by value, `i:<n>` a list element by index, `.` the element itself.
 */
import { isPlainObject } from '../core/index.ts';

export type PathSegment =
  | { readonly field: string }
  | { readonly key: Readonly<Record<string, unknown>> }
  | { readonly value: unknown }
  | { readonly index: number };

export type FieldPath = readonly PathSegment[];

function parseSegment(token: string): PathSegment | undefined {
  const body = token.slice(2);
  try {
    switch (token.slice(0, 2)) {
      case 'f:':
        return { field: body };
      case 'k:': {
        const key: unknown = JSON.parse(body);
        return isPlainObject(key) ? { key } : undefined;
      }
      case 'v:':
        return { value: JSON.parse(body) as unknown };
      case 'i:':
        return /^\d+$/.test(body) ? { index: Number(body) } : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/**
 * The owned paths of one FieldsV1 set: every leaf, and every element marked with `.` (owned as
 * a whole). Unreadable entries are skipped: they can only make the diff show more, never hide.
 */
export function ownedPaths(fields: unknown, prefix: FieldPath = []): FieldPath[] {
  if (!isPlainObject(fields)) return [];
  const paths: FieldPath[] = [];
  const children = Object.keys(fields).filter((token) => token !== '.');
  if ('.' in fields || children.length === 0) {
    if (prefix.length > 0) paths.push(prefix);
  }
  for (const token of children) {
    const segment = parseSegment(token);
    if (segment) paths.push(...ownedPaths(fields[token], [...prefix, segment]));
  }
  return paths;
}

/**
 * Paths owned by the named managers. `operation` narrows to `Apply` entries: an applier owns just
 * what it sent, whereas a create or update also owns the defaults the server filled in.
 */
export function pathsOwnedBy(object: unknown, managers: readonly string[], operation?: 'Apply' | 'Update'): FieldPath[] {
  const entries = isPlainObject(object) && isPlainObject(object.metadata) ? object.metadata.managedFields : undefined;
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((entry) => isPlainObject(entry) && managers.includes(String(entry.manager)) && (operation === undefined || entry.operation === operation))
    .flatMap((entry) => ownedPaths((entry as Record<string, unknown>).fieldsV1));
}

/**
 * The leaf paths of an object as kubectl's last-applied annotation records it: what a client-side
 * apply sent last time. Elements of lists whose items carry a `name` are keyed by it.
 */
export function pathsOfObject(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (Array.isArray(value)) {
    const named = value.every((item) => isPlainObject(item) && typeof item.name === 'string');
    return value.flatMap((item, index) => {
      const segment: PathSegment = named ? { key: { name: (item as Record<string, unknown>).name } } : { index };
      return pathsOfObject(item, [...prefix, segment]);
    });
  }
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) => pathsOfObject(child, [...prefix, { field: key }]));
  }
  return prefix.length > 0 ? [prefix] : [];
}

/**
 * List-map keys are recorded after defaulting (`{"containerPort":80,"protocol":"TCP"}`), while Git
 * usually leaves the defaulted part out: a key field the element does not set matches any value.
 */
function matchesKey(element: unknown, key: Readonly<Record<string, unknown>>): boolean {
  if (!isPlainObject(element)) return false;
  const compared = Object.entries(key).filter(([name]) => element[name] !== undefined);
  return compared.length > 0 && compared.every(([name, value]) => JSON.stringify(element[name]) === JSON.stringify(value));
}

function childIndex(container: unknown, segment: PathSegment): string | number | undefined {
  if ('field' in segment) return isPlainObject(container) && segment.field in container ? segment.field : undefined;
  if (!Array.isArray(container)) return undefined;
  let index = -1;
  if ('key' in segment) index = container.findIndex((element) => matchesKey(element, segment.key));
  else if ('value' in segment) index = container.findIndex((element) => JSON.stringify(element) === JSON.stringify(segment.value));
  else index = segment.index < container.length ? segment.index : -1;
  return index >= 0 ? index : undefined;
}

/** True when the path leads to a value (not `null`) in the object. */
export function hasPath(object: unknown, path: FieldPath): boolean {
  let current: unknown = object;
  for (const segment of path) {
    const at = childIndex(current, segment);
    if (at === undefined) return false;
    current = (current as Record<string | number, unknown>)[at];
  }
  return current !== null && current !== undefined;
}

/**
 * Removes the value at the path, in place; a path that leads nowhere changes nothing. Maps left
 * empty by the removal go too, as the API server omits empty optional fields.
 */
export function removePath(object: unknown, path: FieldPath): void {
  const chain: { container: unknown; at: string | number }[] = [];
  let current: unknown = object;
  for (const segment of path) {
    const at = childIndex(current, segment);
    if (at === undefined) return;
    chain.push({ container: current, at });
    current = (current as Record<string | number, unknown>)[at];
  }
  for (let level = chain.length - 1; level >= 0; level--) {
    const { container, at } = chain[level] as { container: unknown; at: string | number };
    if (Array.isArray(container)) container.splice(at as number, 1);
    else delete (container as Record<string, unknown>)[at as string];
    const emptied = isPlainObject(container) && Object.keys(container).length === 0;
    if (!emptied || level === 0) return;
  }
}
