import { isPlainObject } from '../../core/index.ts';
import { kustomizeError, type Gvk, type JsonMap } from './resource.ts';

/** Where a transformer acts: a slash path in objects of a gvk (empty parts match all). */
export interface FieldSpec {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly path: string;
  readonly create?: boolean;
}

export function fieldSpecMatches(fs: FieldSpec, gvk: Gvk): boolean {
  return (!fs.kind || fs.kind === gvk.kind) && (!fs.group || fs.group === gvk.group) && (!fs.version || fs.version === gvk.version);
}

/** Splits `a/b\/c` into `a`, `b/c`: a slash escaped by a backslash belongs to the field name. */
export function splitSlashPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\' && path[i + 1] === '/') {
      current += '/';
      i++;
    } else if (ch === '/') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export type CreateKind = 'map' | 'scalar' | 'seq' | undefined;

/**
 * Replaces the value found at `fs.path` in `obj` by what `set` returns, creating missing
 * fields when the spec says `create` (as kustomize's fieldspec filter: maps along the way,
 * `createKind` for the last field; never inside a list marked `[]`). Lists met on the way are
 * entered element by element. `set` returning undefined leaves the value alone.
 */
export function applyFieldSpec(obj: JsonMap, fs: FieldSpec, createKind: CreateKind, set: (value: unknown) => unknown): void {
  const path = splitSlashPath(fs.path);
  const visit = (container: unknown, index: number, describe: string): void => {
    if (container === null || container === undefined) return;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        if (index === path.length) {
          const next = set(container[i]);
          if (next !== undefined) container[i] = next;
        } else visit(container[i], index, describe);
      }
      return;
    }
    if (!isPlainObject(container)) {
      throw kustomizeError(`${describe}: expected sequence or mapping node at ${path.slice(0, index).join('/')} (field spec ${fs.path})`);
    }
    const raw = path[index] as string;
    const isSeq = raw.endsWith('[]');
    const field = isSeq ? raw.slice(0, -2) : raw;
    const last = index === path.length - 1;
    const map = container as JsonMap;
    let value = map[field];
    const canCreate = fs.create === true && createKind !== undefined && !isSeq;
    if (value === undefined) {
      if (!canCreate) return;
      value = last ? (createKind === 'map' ? {} : createKind === 'seq' ? [] : undefined) : {};
      if (!last || createKind !== 'scalar') map[field] = value;
    } else if (value === null && canCreate) {
      value = last ? (createKind === 'map' ? {} : createKind === 'seq' ? [] : null) : {};
      map[field] = value;
    }
    if (last) {
      if (Array.isArray(value) && createKind !== 'seq') {
        visit(value, index + 1, describe);
        return;
      }
      const next = set(value);
      if (next !== undefined) map[field] = next;
      return;
    }
    visit(value, index + 1, describe);
  };
  visit(obj, 0, `${String(obj.kind)} ${String((obj.metadata as JsonMap | undefined)?.name ?? '')}`);
}
