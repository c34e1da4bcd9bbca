/**
 * Turns a parsed document into Kubernetes objects: flattens Lists and checks the fields every
 * object needs to be identified (apiVersion, kind, metadata.name).
 */
import { FerryError, isPlainObject, type KubeObject } from '../core/index.ts';
import { describeOrigin } from './locate.ts';
import type { ManifestOrigin, ParsedObject } from './types.ts';

// Argo CD names hook objects with only a generateName itself at sync time; anything else needs
// a name, since `kubectl apply` cannot create from generateName.
const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

function invalid(origin: ManifestOrigin, problem: string): FerryError {
  return new FerryError('MANIFEST_OBJECT_INVALID', `${describeOrigin(origin)}: ${problem}`, { httpStatus: 400 });
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** True for `kind: List` and the `*List` kinds (PodList, ConfigMapList...) that carry `items`. */
function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && 'items' in value;
}

/**
 * The objects of one document: itself, or the items of a List (flattened recursively, each
 * keeping the List's origin plus its index).
 */
export function objectsOfDocument(value: unknown, origin: ManifestOrigin): ParsedObject[] {
  if (!isPlainObject(value)) {
    throw invalid(origin, `the document is ${typeName(value)}, not a Kubernetes object (a mapping)`);
  }
  if (isList(value)) {
    const items = value.items;
    if (items === null) return [];
    if (!Array.isArray(items)) throw invalid(origin, `${String(value.kind)}.items is ${typeName(items)}, not a sequence`);
    return items.flatMap((item: unknown, index) => objectsOfDocument(item, { ...origin, item: index }));
  }
  return [{ object: checkObject(value, origin), origin }];
}

function checkObject(value: Record<string, unknown>, origin: ManifestOrigin): KubeObject {
  const { apiVersion, kind, metadata } = value;
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') throw invalid(origin, 'object has no apiVersion');
  if (typeof apiVersion !== 'string') throw invalid(origin, `apiVersion is ${typeName(apiVersion)}, not a string`);
  if (kind === undefined || kind === null || kind === '') throw invalid(origin, `object (${apiVersion}) has no kind`);
  if (typeof kind !== 'string') throw invalid(origin, `kind is ${typeName(kind)}, not a string`);
  if (metadata === undefined || metadata === null) throw invalid(origin, `${kind} has no metadata`);
  if (!isPlainObject(metadata)) throw invalid(origin, `${kind} metadata is ${typeName(metadata)}, not a mapping`);
  const { name, generateName, namespace } = metadata;
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw invalid(origin, `${kind} metadata.name is ${typeName(name)}, not a string`);
  }
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
    const named = typeof name === 'string' && name !== '' ? `${kind} ${name}` : kind;
    throw invalid(origin, `${named} metadata.namespace is ${typeName(namespace)}, not a string`);
  }
  if (typeof name !== 'string' || name === '') {
    if (typeof generateName === 'string' && generateName !== '') {
      if (!isHook(metadata)) {
        throw invalid(
          origin,
          `${kind} has generateName ${generateName} but no metadata.name; only hooks (${HOOK_ANNOTATIONS.join(' or ')}) may be named by generateName`,
        );
      }
    } else {
      throw invalid(origin, `${kind} has no metadata.name`);
    }
  }
  return value as KubeObject;
}

function isHook(metadata: Record<string, unknown>): boolean {
  const annotations = metadata.annotations;
  return isPlainObject(annotations) && HOOK_ANNOTATIONS.some((key) => typeof annotations[key] === 'string');
}
