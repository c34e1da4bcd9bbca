/**
 * Puts desired and live objects into one shape before comparing, so that only what a user
 * would call a difference remains: nothing the server owns (status, uid, managedFields...),
 * nothing written two ways for one value (Secret stringData vs data, `0.5` vs `500m`).
 */
import { cloneJson, isPlainObject, type KubeObject } from '../core/index.ts';

/** Metadata the API server writes; never declared in Git, never drift. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionGracePeriodSeconds'];
/** Annotations tools write on the live object for their own bookkeeping. */
const BOOKKEEPING_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null && child !== undefined) out[key] = dropNulls(child);
  }
  return out;
}

function cleanMetadata(object: Record<string, unknown>): void {
  const metadata = object.metadata;
  if (!isPlainObject(metadata)) return;
  for (const field of SERVER_METADATA) delete metadata[field];
  const annotations = metadata.annotations;
  if (isPlainObject(annotations)) {
    for (const name of BOOKKEEPING_ANNOTATIONS) delete annotations[name];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
}

/** The API server folds `stringData` into `data` (base64) and never returns `stringData`. */
function foldSecretStringData(object: Record<string, unknown>): void {
  if (object.kind !== 'Secret' || !isPlainObject(object.stringData)) return;
  const data = isPlainObject(object.data) ? object.data : {};
  for (const [key, value] of Object.entries(object.stringData)) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  object.data = data;
  delete object.stringData;
}

export interface NormalizeOptions {
  /** Namespace the object lands in when Git does not say (the application's destination). */
  readonly defaultNamespace?: string;
  /** Whether the object's kind is namespaced; a cluster-scoped object gets no namespace. */
  readonly namespaced?: boolean;
}

export function normalizeDesired(desired: KubeObject, options: NormalizeOptions = {}): Record<string, unknown> {
  const object = dropNulls(cloneJson(desired)) as Record<string, unknown>;
  foldSecretStringData(object);
  cleanMetadata(object);
  delete object.status;
  const metadata = isPlainObject(object.metadata) ? object.metadata : (object.metadata = {});
  if (options.namespaced !== false && metadata.namespace === undefined && options.defaultNamespace) {
    metadata.namespace = options.defaultNamespace;
  }
  return object;
}

export function normalizeLive(live: KubeObject): Record<string, unknown> {
  const object = dropNulls(cloneJson(live)) as Record<string, unknown>;
  cleanMetadata(object);
  delete object.status;
  return object;
}
