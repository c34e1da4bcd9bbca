/**
 * How one object is written, by sync option: server-side apply (Ferry's default, field manager
 * `ferry`, taking over conflicting fields as Argo CD does), `Replace=true` (PUT, or create), or
 * `ServerSideApply=false` (kubectl's client-side three-way apply with the last-applied annotation).
 */
import { isPlainObject, type KubeObject } from '../core/index.ts';
import type { ClusterClient } from '../cluster/index.ts';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyContext {
  readonly client: ClusterClient;
  readonly fieldManager: string;
  readonly dryRun: boolean;
  readonly signal?: AbortSignal;
}

function refOf(object: KubeObject) {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name ?? '', ...(object.metadata.namespace && { namespace: object.metadata.namespace }) };
}

/** A JSON merge patch (RFC 7386) from `from` to `to`: what changed, and `null` for what went away. */
function mergePatchBetween(from: unknown, to: unknown): unknown {
  if (!isPlainObject(from) || !isPlainObject(to)) return to;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    if (JSON.stringify(from[key]) === JSON.stringify(value)) continue;
    patch[key] = isPlainObject(value) && isPlainObject(from[key]) ? mergePatchBetween(from[key], value) : value;
  }
  return patch;
}

function withLastApplied(object: KubeObject): KubeObject {
  const annotations = { ...object.metadata.annotations };
  delete annotations[LAST_APPLIED_ANNOTATION];
  const clean = { ...object, metadata: { ...object.metadata, annotations } };
  return { ...clean, metadata: { ...clean.metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: JSON.stringify(clean) } } };
}

async function clientSideApply(object: KubeObject, live: KubeObject | undefined, context: ApplyContext): Promise<KubeObject> {
  const desired = withLastApplied(object);
  const options = { fieldManager: context.fieldManager, dryRun: context.dryRun, ...(context.signal && { signal: context.signal }) };
  if (!live) return context.client.create(desired, options);
  const lastText = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  let last: unknown = {};
  try {
    last = lastText ? JSON.parse(lastText) : {};
  } catch {
    last = {};
  }
  // Three-way: fields dropped since the last apply are removed; fields changed since are set.
  const removals = mergePatchBetween(last, desired) as Record<string, unknown>;
  const changes = mergePatchBetween(live, desired) as Record<string, unknown>;
  const patch = deepMerge(onlyNulls(removals), changes);
  return context.client.patch(refOf(object), { type: 'merge', patch: patch as Record<string, unknown> }, options);
}

function onlyNulls(patch: unknown): unknown {
  if (!isPlainObject(patch)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) out[key] = null;
    else if (isPlainObject(value)) {
      const nested = onlyNulls(value);
      if (isPlainObject(nested) && Object.keys(nested).length > 0) out[key] = nested;
    }
  }
  return out;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

export async function applyObject(object: KubeObject, live: KubeObject | undefined, syncOptions: Readonly<Record<string, string>>, context: ApplyContext): Promise<KubeObject> {
  const fieldValidation = syncOptions.Validate === 'false' ? 'Ignore' : 'Strict';
  const common = { fieldManager: context.fieldManager, dryRun: context.dryRun, fieldValidation, ...(context.signal && { signal: context.signal }) } as const;
  if (syncOptions.Replace === 'true') {
    if (!live) return context.client.create(object, common);
    const replacement = { ...object, metadata: { ...object.metadata, resourceVersion: live.metadata.resourceVersion } };
    return context.client.update(replacement, common);
  }
  if (syncOptions.ServerSideApply === 'false') return clientSideApply(object, live, context);
  // Server-side apply refuses these fields in the intent.
  const intent = { ...object, metadata: { ...object.metadata } };
  delete intent.metadata.resourceVersion;
  delete intent.metadata.managedFields;
  return context.client.apply(intent, { ...common, force: true });
}
