import { isPlainObject } from '../../../core/index.ts';
import { jsonEqual } from '../store/index.ts';
import { childNode, listMapKeyValue, type StructureNode } from './structure.ts';

/**
 * Sets of field paths, as server-side apply tracks ownership (`managedFields[].fieldsV1`).
 * A node's children are keyed by path elements: `f:<field>`, `k:<json of list-map keys>`,
 * `v:<json of a set value>`, `i:<index>`; `member` says the node itself is in the set.
 */
export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  child(key: string): FieldSet {
    let child = this.children.get(key);
    if (!child) {
      child = new FieldSet();
      this.children.set(key, child);
    }
    return child;
  }

  isEmpty(): boolean {
    if (this.member) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  clone(): FieldSet {
    const copy = new FieldSet();
    copy.member = this.member;
    for (const [key, child] of this.children) copy.children.set(key, child.clone());
    return copy;
  }

  /** Adds every path of `other`. */
  addAll(other: FieldSet): void {
    if (other.member) this.member = true;
    for (const [key, child] of other.children) this.child(key).addAll(child);
  }

  /** Removes every path of `other` (only the paths themselves: members, not whole subtrees). */
  removeAll(other: FieldSet): void {
    if (other.member) this.member = false;
    for (const [key, child] of other.children) {
      const mine = this.children.get(key);
      if (!mine) continue;
      mine.removeAll(child);
      if (mine.isEmpty()) this.children.delete(key);
    }
  }

  /** Removes every path of `other` and everything below each of its members. */
  removeSubtrees(other: FieldSet): void {
    for (const [key, child] of other.children) {
      const mine = this.children.get(key);
      if (!mine) continue;
      if (child.member) {
        this.children.delete(key);
        continue;
      }
      mine.removeSubtrees(child);
      if (mine.isEmpty()) this.children.delete(key);
    }
  }

  /** Paths in both sets. */
  intersect(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (!theirs) continue;
      const both = child.intersect(theirs);
      if (!both.isEmpty()) out.children.set(key, both);
    }
    return out;
  }

  /** Every member path, as lists of path elements. */
  paths(prefix: readonly string[] = []): string[][] {
    const out: string[][] = [];
    if (this.member) out.push([...prefix]);
    for (const [key, child] of this.children) out.push(...child.paths([...prefix, key]));
    return out;
  }

  has(path: readonly string[]): boolean {
    if (path.length === 0) return this.member;
    const child = this.children.get(path[0] as string);
    return child ? child.has(path.slice(1)) : false;
  }

  /** The `fieldsV1` JSON form. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const [key, child] of this.children) out[key] = child.toJSON();
    return out;
  }

  static fromJSON(json: unknown): FieldSet {
    const set = new FieldSet();
    if (!isPlainObject(json)) return set;
    const entries = Object.entries(json);
    for (const [key, value] of entries) {
      if (key === '.') {
        set.member = true;
        continue;
      }
      const child = FieldSet.fromJSON(value);
      if (!isPlainObject(value) || Object.keys(value).length === 0) child.member = true;
      set.children.set(key, child);
    }
    return set;
  }
}

export function fieldKey(name: string): string {
  return `f:${name}`;
}

/** `k:{"containerPort":80,"protocol":"TCP"}`: the keys sorted by name, defaults filled in. */
export function listMapElementKey(element: Record<string, unknown>, keys: readonly string[]): string {
  const picked: Record<string, unknown> = {};
  for (const key of [...keys].sort()) {
    const value = listMapKeyValue(element, key);
    if (value !== undefined) picked[key] = value;
  }
  return `k:${JSON.stringify(picked)}`;
}

export function setValueKey(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

/** How an element of a list is addressed: by its keys, its value, or (atomic lists) nothing. */
export function elementKey(element: unknown, node: StructureNode | undefined, index: number): string {
  if (node?.listType === 'map' && isPlainObject(element)) {
    const keys = node.listMapKeys.length > 0 ? node.listMapKeys : node.patchMergeKey ? [node.patchMergeKey] : [];
    if (keys.length > 0) return listMapElementKey(element, keys);
  }
  if (node?.listType === 'set') return setValueKey(element);
  return `i:${index}`;
}

function isGranularList(node: StructureNode | undefined): boolean {
  return node?.listType === 'map' || node?.listType === 'set';
}

/** The fields `value` sets: leaves, atomic lists and maps, and list elements (as members). */
export function fieldSetOf(value: unknown, node: StructureNode | undefined): FieldSet {
  const set = new FieldSet();
  collect(value, node, set);
  return set;
}

function collect(value: unknown, node: StructureNode | undefined, into: FieldSet): void {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (node?.mapAtomic || entries.length === 0) {
      into.member = true;
      return;
    }
    for (const [key, child] of entries) collect(child, childNode(node, key), into.child(fieldKey(key)));
    return;
  }
  if (Array.isArray(value) && isGranularList(node)) {
    value.forEach((element, index) => {
      const elementSet = into.child(elementKey(element, node, index));
      elementSet.member = true;
      if (node?.listType === 'map') collect(element, node.items, elementSet);
    });
    return;
  }
  into.member = true;
}

/** Structs that exist (empty) in a zero-valued object, so adding content to them does not own them. */
const VALUE_STRUCTS = new Set(['metadata', 'spec', 'status', 'template']);

/**
 * What an update changed, as the field manager sees it: `changed` (added or modified paths,
 * which the writing manager takes over) and `removed` (paths gone, which every manager loses).
 */
export function compareObjects(
  before: unknown,
  after: unknown,
  node: StructureNode | undefined,
): { changed: FieldSet; removed: FieldSet } {
  const changed = new FieldSet();
  const removed = new FieldSet();
  compareInto(before, after, node, changed, removed, undefined);
  return { changed, removed };
}

function compareInto(
  before: unknown,
  after: unknown,
  node: StructureNode | undefined,
  changed: FieldSet,
  removed: FieldSet,
  fieldName: string | undefined,
): void {
  if (after === undefined) {
    if (before !== undefined) removed.member = true;
    return;
  }
  if (before === undefined) {
    collect(after, node, changed);
    if (isPlainObject(after) && (fieldName === undefined || !VALUE_STRUCTS.has(fieldName))) changed.member = true;
    return;
  }
  if (isPlainObject(before) && isPlainObject(after) && !node?.mapAtomic) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const c = new FieldSet();
      const r = new FieldSet();
      compareInto(before[key], after[key], childNode(node, key), c, r, key);
      if (!c.isEmpty()) changed.children.set(fieldKey(key), c);
      if (!r.isEmpty()) removed.children.set(fieldKey(key), r);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && isGranularList(node)) {
    const beforeByKey = new Map<string, unknown>();
    before.forEach((element, index) => beforeByKey.set(elementKey(element, node, index), element));
    const seen = new Set<string>();
    after.forEach((element, index) => {
      const key = elementKey(element, node, index);
      seen.add(key);
      const old = beforeByKey.get(key);
      if (old === undefined) {
        const added = changed.child(key);
        added.member = true;
        if (node?.listType === 'map') collect(element, node.items, added);
        return;
      }
      if (node?.listType === 'map') {
        const c = new FieldSet();
        const r = new FieldSet();
        compareInto(old, element, node.items, c, r, undefined);
        if (!c.isEmpty()) changed.children.set(key, c);
        if (!r.isEmpty()) removed.children.set(key, r);
      }
    });
    for (const key of beforeByKey.keys()) if (!seen.has(key)) removed.child(key).member = true;
    return;
  }
  if (!jsonEqual(before, after)) changed.member = true;
}

/** `.spec.template.spec.containers[name="app"].image`: a path as conflict messages print it. */
export function formatFieldPath(path: readonly string[]): string {
  let out = '';
  for (const element of path) {
    const body = element.slice(2);
    if (element.startsWith('f:')) out += `.${body}`;
    else if (element.startsWith('k:')) {
      const keys = JSON.parse(body) as Record<string, unknown>;
      out += `[${Object.entries(keys)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    } else if (element.startsWith('v:')) out += `[=${body}]`;
    else out += `[${body}]`;
  }
  return out;
}
