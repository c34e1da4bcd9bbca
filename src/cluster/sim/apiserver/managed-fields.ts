import { cloneJson, isPlainObject, type KubeObject } from '../../../core/index.ts';
import { clusterErrorFromStatus, makeStatus, type StatusCause } from '../../errors.ts';
import { jsonEqual } from '../store/index.ts';
import { compareObjects, elementKey, FieldSet, fieldSetOf, formatFieldPath } from './field-set.ts';
import { childNode, type StructureNode } from './structure.ts';

/**
 * Server-side field management, as the API server's field manager does it: every write records
 * which manager owns which fields (`metadata.managedFields`); server-side apply merges a
 * manager's intent into the live object, removes what it stopped asking for, and reports
 * conflicts with other managers (409) unless forced.
 */

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface Manager {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly subresource: string | undefined;
  time: string | undefined;
  set: FieldSet;
}

/** Which part of the object a write addresses. */
export type WriteScope = 'main' | 'status';

export interface ManagerIdentity {
  readonly manager: string;
  readonly apiVersion: string;
  readonly subresource?: string;
}

/** Metadata fields the server owns: never tracked, never taken from an applied config. */
const SERVER_METADATA = [
  'name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'managedFields', 'selfLink',
];

function managerKey(m: { manager: string; operation: string; apiVersion: string; subresource?: string | undefined }): string {
  return m.operation === 'Apply'
    ? `${m.manager}\u0000Apply\u0000${m.subresource ?? ''}`
    : `${m.manager}\u0000Update\u0000${m.apiVersion}\u0000${m.subresource ?? ''}`;
}

export function decodeManagedFields(raw: unknown): Manager[] {
  if (!Array.isArray(raw)) return [];
  const managers: Manager[] = [];
  for (const entry of raw) {
    if (!isPlainObject(entry) || typeof entry.manager !== 'string') continue;
    const operation = entry.operation === 'Apply' ? 'Apply' : 'Update';
    managers.push({
      manager: entry.manager,
      operation,
      apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : '',
      subresource: typeof entry.subresource === 'string' && entry.subresource !== '' ? entry.subresource : undefined,
      time: typeof entry.time === 'string' ? entry.time : undefined,
      set: FieldSet.fromJSON(entry.fieldsV1),
    });
  }
  return managers;
}

/** Entries in the server's order: Apply before Update, then oldest first, then by name. */
export function encodeManagedFields(managers: readonly Manager[]): ManagedFieldsEntry[] {
  const sorted = managers
    .filter((m) => !m.set.isEmpty())
    .sort((p, q) => {
      if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
      const pt = p.time ? Date.parse(p.time) : 0;
      const qt = q.time ? Date.parse(q.time) : 0;
      if (pt !== qt) return pt - qt;
      if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
      if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
      return (p.subresource ?? '') < (q.subresource ?? '') ? -1 : 1;
    });
  return sorted.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time ? { time: m.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: m.set.toJSON(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

/** The part of an object field management tracks for a write of `scope`. */
export function trackedPart(object: KubeObject | undefined, scope: WriteScope, hasStatus: boolean): Record<string, unknown> {
  if (!object) return {};
  if (scope === 'status') return object.status === undefined ? {} : { status: object.status };
  const { apiVersion: _a, kind: _k, metadata, ...rest } = object;
  const out: Record<string, unknown> = { ...rest };
  if (hasStatus) delete out.status;
  const meta: Record<string, unknown> = { ...(metadata ?? {}) };
  for (const field of SERVER_METADATA) delete meta[field];
  if (Object.keys(meta).length > 0) out.metadata = meta;
  return out;
}

/** Puts the untracked parts of `base` back around a tracked part. */
function withUntracked(base: KubeObject, tracked: Record<string, unknown>, scope: WriteScope, hasStatus: boolean): KubeObject {
  if (scope === 'status') {
    const out = { ...base } as KubeObject;
    if (tracked.status === undefined) delete out.status;
    else out.status = tracked.status;
    return out;
  }
  const metadata: Record<string, unknown> = { ...((tracked.metadata as Record<string, unknown>) ?? {}) };
  for (const field of SERVER_METADATA) if (base.metadata?.[field] !== undefined) metadata[field] = base.metadata[field];
  const { metadata: _m, ...rest } = tracked;
  const out: KubeObject = { apiVersion: base.apiVersion, kind: base.kind, metadata: metadata as KubeObject['metadata'], ...rest };
  if (hasStatus && base.status !== undefined) out.status = base.status;
  return out;
}

/**
 * Records an Update-operation write (create, PUT, or a JSON/merge/strategic patch): the writer
 * takes the fields it added or changed, every manager loses the fields that disappeared.
 * When the request itself changed `managedFields` (kubectl's client-side to server-side apply
 * migration does), those are taken as the starting point.
 */
export function recordUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  who: ManagerIdentity,
  node: StructureNode,
  options: { scope: WriteScope; hasStatus: boolean; now: string },
): ManagedFieldsEntry[] {
  const requested = after.metadata?.managedFields;
  const stored = before?.metadata?.managedFields;
  const managers = decodeManagedFields(
    requested !== undefined && !jsonEqual(requested, stored) ? requested : stored,
  );
  const { changed, removed } = compareObjects(
    trackedPart(before, options.scope, options.hasStatus),
    trackedPart(after, options.scope, options.hasStatus),
    node,
  );
  const identity = { manager: who.manager, operation: 'Update' as const, apiVersion: who.apiVersion, subresource: who.subresource };
  const key = managerKey(identity);
  let mine = managers.find((m) => managerKey(m) === key);
  for (const m of managers) {
    if (m === mine) continue;
    m.set.removeAll(changed);
    m.set.removeSubtrees(removed);
  }
  if (!changed.isEmpty() || mine) {
    if (!mine) {
      mine = { ...identity, time: undefined, set: new FieldSet() };
      managers.push(mine);
    }
    const previous = mine.set.clone();
    mine.set.removeSubtrees(removed);
    mine.set.addAll(changed);
    if (!jsonEqual(previous.toJSON(), mine.set.toJSON()) || !mine.time) mine.time = options.now;
  }
  return encodeManagedFields(managers);
}

export interface ApplyResult {
  readonly object: KubeObject;
  readonly managedFields: ManagedFieldsEntry[];
}

/**
 * Server-side apply of `config` by `who` onto `live` (undefined: the object is new). Throws
 * 409 Conflict naming the managers and fields unless `force`.
 */
export function applyConfig(
  live: KubeObject | undefined,
  config: KubeObject,
  who: ManagerIdentity,
  node: StructureNode,
  options: { scope: WriteScope; hasStatus: boolean; force: boolean; now: string },
): ApplyResult {
  const base: KubeObject = live ?? {
    apiVersion: config.apiVersion,
    kind: config.kind,
    metadata: { name: config.metadata?.name, namespace: config.metadata?.namespace },
  };
  const liveTracked = trackedPart(live, options.scope, options.hasStatus);
  const configTracked = trackedPart(config, options.scope, options.hasStatus);
  const managers = decodeManagedFields(live?.metadata?.managedFields);
  const identity = { manager: who.manager, operation: 'Apply' as const, apiVersion: who.apiVersion, subresource: who.subresource };
  const key = managerKey(identity);
  let mine = managers.find((m) => managerKey(m) === key);
  const lastSet = mine?.set ?? new FieldSet();
  const newSet = fieldSetOf(configTracked, node);
  if (!mine) {
    mine = { ...identity, time: undefined, set: newSet };
    managers.push(mine);
  }
  const applier = mine;
  applier.set = newSet;
  let merged = mergeApplied(liveTracked, configTracked, node) as Record<string, unknown>;
  // Fields this manager applied before and omits now go, unless another manager still owns them.
  const owned = new FieldSet();
  for (const m of managers) owned.addAll(m.set);
  const dropped = lastSet.clone();
  dropped.removeAll(owned);
  if (!dropped.isEmpty()) merged = removePaths(merged, dropped, node) as Record<string, unknown>;

  const { changed, removed } = compareObjects(liveTracked, merged, node);
  const conflicts: { manager: Manager; path: string[] }[] = [];
  for (const m of managers) {
    if (m === applier) continue;
    const clash = m.set.intersect(changed);
    for (const path of clash.paths()) conflicts.push({ manager: m, path });
  }
  if (conflicts.length > 0 && !options.force) throw applyConflictError(conflicts);
  for (const m of managers) {
    if (m === applier) continue;
    m.set.removeAll(changed);
    m.set.removeSubtrees(removed);
  }
  const previousFields = live ? decodeManagedFields(live.metadata?.managedFields).find((m) => managerKey(m) === key) : undefined;
  if (!previousFields || !jsonEqual(previousFields.set.toJSON(), applier.set.toJSON()) || !applier.time) {
    applier.time = options.now;
  }
  const object = withUntracked(base, merged, options.scope, options.hasStatus);
  return { object, managedFields: encodeManagedFields(managers) };
}

function applyConflictError(conflicts: readonly { manager: Manager; path: string[] }[]) {
  const describe = (m: Manager): string =>
    m.operation === 'Update' ? `"${m.manager}" using ${m.apiVersion}` : `"${m.manager}"`;
  const causes: StatusCause[] = conflicts.map((c) => ({
    type: 'FieldManagerConflict',
    message: `conflict with ${describe(c.manager)}`,
    field: formatFieldPath(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const only = conflicts[0] as { manager: Manager; path: string[] };
    message = `Apply failed with 1 conflict: conflict with ${describe(only.manager)}: ${formatFieldPath(only.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const name = describe(c.manager);
      byManager.set(name, [...(byManager.get(name) ?? []), formatFieldPath(c.path)]);
    }
    const lines: string[] = [];
    for (const name of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${name}:`);
      for (const path of byManager.get(name) ?? []) lines.push(`- ${path}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return clusterErrorFromStatus(makeStatus(409, message, 'Conflict', { causes }));
}

/** Merges an applied configuration into the live value: maps by key, list-maps by their keys. */
export function mergeApplied(live: unknown, config: unknown, node: StructureNode | undefined): unknown {
  if (config === null) return undefined;
  if (isPlainObject(config) && isPlainObject(live) && !node?.mapAtomic) {
    const out: Record<string, unknown> = { ...live };
    for (const [key, value] of Object.entries(config)) {
      const merged = mergeApplied(live[key], value, childNode(node, key));
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
    return out;
  }
  if (Array.isArray(config) && Array.isArray(live) && (node?.listType === 'map' || node?.listType === 'set')) {
    const out = [...live];
    const index = new Map<string, number>();
    out.forEach((element, i) => index.set(elementKey(element, node, i), i));
    config.forEach((element, i) => {
      const key = elementKey(element, node, i);
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, out.length);
        out.push(cloneJson(element));
      } else if (node.listType === 'map') {
        out[at] = mergeApplied(out[at], element, node.items);
      }
    });
    return out;
  }
  return cloneJson(config);
}

/** Removes the member paths of `set` from `value`; containers the removal empties go too. */
export function removePaths(value: unknown, set: FieldSet, node: StructureNode | undefined): unknown {
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = { ...value };
    for (const [key, child] of set.children) {
      if (!key.startsWith('f:')) continue;
      const field = key.slice(2);
      if (!(field in out)) continue;
      if (child.member) {
        delete out[field];
        continue;
      }
      const next = removePaths(out[field], child, childNode(node, field));
      if (isPlainObject(next) && Object.keys(next).length === 0 && child.children.size > 0) delete out[field];
      else out[field] = next;
    }
    return out;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((element, i) => {
      const child = set.children.get(elementKey(element, node, i));
      if (!child) out.push(element);
      else if (!child.member) out.push(removePaths(element, child, node?.items));
    });
    return out;
  }
  return value;
}
