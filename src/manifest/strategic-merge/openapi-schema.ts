import { isPlainObject } from '../../core/index.ts';
import type { FieldStrategy, SchemaLookup } from './builtin-schema.ts';

type Json = Record<string, unknown>;

function resolveRef(doc: Json, schema: unknown): Json | undefined {
  let node = schema;
  for (let hops = 0; hops < 32 && isPlainObject(node) && typeof node.$ref === 'string'; hops++) {
    const name = node.$ref.replace(/^#\/definitions\//, '');
    node = isPlainObject(doc.definitions) ? doc.definitions[name] : undefined;
  }
  return isPlainObject(node) ? node : undefined;
}

/**
 * As kyaml reads a field's strategy: a list is merged only when x-kubernetes-patch-strategy
 * says `merge` (a list-type map or set alone does not), on x-kubernetes-list-map-keys when
 * given, else on x-kubernetes-patch-merge-key.
 */
function strategyOf(schema: Json): FieldStrategy | undefined {
  const strategy = typeof schema['x-kubernetes-patch-strategy'] === 'string' ? schema['x-kubernetes-patch-strategy'] : '';
  const key = typeof schema['x-kubernetes-patch-merge-key'] === 'string' ? schema['x-kubernetes-patch-merge-key'] : undefined;
  const parts = strategy.split(',');
  const mapKeys = Array.isArray(schema['x-kubernetes-list-map-keys']) ? schema['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string') : [];
  if (parts.includes('merge')) {
    return { strategy: 'merge', mergeKey: key ?? mapKeys[0], mergeKeys: mapKeys.length ? mapKeys : undefined, retainKeys: parts.includes('retainKeys') || undefined };
  }
  if (parts.includes('retainKeys')) return { retainKeys: true };
  return undefined;
}

/**
 * The schema of a kind from an OpenAPI (v2) document, as kustomize's `openapi:` field gives
 * one: the definition whose x-kubernetes-group-version-kind names the kind, walked through
 * `$ref`s; strategies from x-kubernetes-patch-strategy / -merge-key, or list-type map/set.
 */
export function openApiSchemaLookup(doc: unknown, apiVersion: string, kind: string): SchemaLookup | undefined {
  if (!isPlainObject(doc) || !isPlainObject(doc.definitions)) return undefined;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const root = Object.values(doc.definitions).find(
    (def) =>
      isPlainObject(def) &&
      Array.isArray(def['x-kubernetes-group-version-kind']) &&
      def['x-kubernetes-group-version-kind'].some(
        (gvk) => isPlainObject(gvk) && (gvk.group ?? '') === group && gvk.version === version && gvk.kind === kind,
      ),
  );
  if (!isPlainObject(root)) return undefined;
  return (path) => {
    let node: Json | undefined = root;
    let found: FieldStrategy | undefined;
    for (const key of path) {
      // Lists are entered element by element: the walk goes through `items`.
      while (node && node.type === 'array') node = resolveRef(doc, node.items);
      const props: unknown = node?.properties;
      const next = isPlainObject(props) ? props[key] : isPlainObject(node?.additionalProperties) ? node.additionalProperties : undefined;
      if (!isPlainObject(next)) return undefined;
      found = strategyOf(next);
      node = resolveRef(doc, next);
      if (node && !found) found = strategyOf(node);
    }
    return found;
  };
}
