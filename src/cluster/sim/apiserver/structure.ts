import type { JsonSchema } from '../schema/openapi-data.ts';

/**
 * The shape of a kind as server-side apply, strategic merge patch and strict field validation
 * need it: which fields exist, which lists merge by key (`x-kubernetes-list-type: map` +
 * `x-kubernetes-list-map-keys`), which are sets or atomic, which maps are atomic, where unknown
 * fields are preserved. Built lazily from OpenAPI v3 schemas (`$ref`s into `definitions`).
 */
export interface StructureNode {
  readonly type: 'object' | 'array' | 'scalar' | 'any';
  /** Declared properties of an object (a struct). */
  property(name: string): StructureNode | undefined;
  readonly hasProperties: boolean;
  /** Values of a map (`additionalProperties`). */
  readonly additional: StructureNode | undefined;
  /** Elements of an array. */
  readonly items: StructureNode | undefined;
  readonly listType: 'atomic' | 'set' | 'map';
  readonly listMapKeys: readonly string[];
  readonly mapAtomic: boolean;
  /** `x-kubernetes-preserve-unknown-fields` (or no schema at all): anything goes below. */
  readonly preserveUnknown: boolean;
  /** `x-kubernetes-embedded-resource`: apiVersion, kind and metadata are implied. */
  readonly embeddedResource: boolean;
  /** Strategic merge patch metadata. */
  readonly patchStrategy: string | undefined;
  readonly patchMergeKey: string | undefined;
}

const REF_PREFIX = '#/components/schemas/';

/** A node that accepts anything: used where no schema is known. */
export const ANY_NODE: StructureNode = Object.freeze({
  type: 'any',
  property: () => ANY_NODE,
  hasProperties: false,
  additional: undefined,
  items: undefined,
  listType: 'atomic',
  listMapKeys: [],
  mapAtomic: false,
  preserveUnknown: true,
  embeddedResource: false,
  patchStrategy: undefined,
  patchMergeKey: undefined,
}) as StructureNode;

/** Resolves `$ref` and single-element `allOf` wrappers, merging the wrapper's extensions in. */
function resolve(schema: JsonSchema, definitions: Readonly<Record<string, JsonSchema>>, depth = 0): JsonSchema {
  if (depth > 20) return schema;
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
    const target = definitions[ref.slice(REF_PREFIX.length)];
    if (!target) return {};
    const { $ref: _ref, ...rest } = schema;
    return { ...resolve(target, definitions, depth + 1), ...rest };
  }
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 1) {
    const { allOf: _allOf, ...rest } = schema;
    return { ...resolve(allOf[0] as JsonSchema, definitions, depth + 1), ...rest };
  }
  return schema;
}

/** A StructureNode over `schema`, resolving references in `definitions` lazily. */
export function structureOf(
  schema: JsonSchema | undefined,
  definitions: Readonly<Record<string, JsonSchema>>,
  options: { freeFormObjects?: boolean } = {},
): StructureNode {
  if (!schema) return ANY_NODE;
  const caches = [new WeakMap<JsonSchema, StructureNode>(), new WeakMap<JsonSchema, StructureNode>()];
  // Schemas reached through `$ref` are built-in definitions, whose bare objects are raw JSON.
  const build = (raw: JsonSchema, inheritedFreeForm = options.freeFormObjects === true): StructureNode => {
    const freeForm = inheritedFreeForm || typeof raw.$ref === 'string' || Array.isArray(raw.allOf);
    const cache = caches[freeForm ? 1 : 0] as WeakMap<JsonSchema, StructureNode>;
    const hit = cache.get(raw);
    if (hit) return hit;
    const s = resolve(raw, definitions);
    const properties = (s.properties ?? undefined) as Record<string, JsonSchema> | undefined;
    const additionalRaw = s.additionalProperties;
    const itemsRaw = s.items as JsonSchema | undefined;
    const declaredType = typeof s.type === 'string' ? s.type : undefined;
    const intOrString = s['x-kubernetes-int-or-string'] === true;
    const preserveUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
    const embeddedResource = s['x-kubernetes-embedded-resource'] === true;
    let type: StructureNode['type'];
    if (intOrString) type = 'scalar';
    else if (declaredType === 'array' || itemsRaw) type = 'array';
    else if (declaredType === 'object' || properties || additionalRaw) type = 'object';
    else if (declaredType) type = 'scalar';
    else type = 'any';
    const childCache = new Map<string, StructureNode | undefined>();
    let additional: StructureNode | undefined;
    let items: StructureNode | undefined;
    const listTypeRaw = s['x-kubernetes-list-type'];
    const node: StructureNode = {
      type,
      property(name) {
        if (childCache.has(name)) return childCache.get(name);
        let child: StructureNode | undefined;
        const prop = properties?.[name];
        if (prop) child = build(prop, freeForm);
        else if (embeddedResource && (name === 'apiVersion' || name === 'kind')) child = build({ type: 'string' });
        else if (embeddedResource && name === 'metadata') {
          child = build({ $ref: `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` });
        }
        childCache.set(name, child);
        return child;
      },
      hasProperties: properties !== undefined && Object.keys(properties).length > 0,
      get additional() {
        if (additional === undefined && additionalRaw !== undefined && additionalRaw !== false) {
          additional = additionalRaw === true ? ANY_NODE : build(additionalRaw as JsonSchema, freeForm);
        }
        return additional;
      },
      get items() {
        if (items === undefined && itemsRaw) items = build(itemsRaw, freeForm);
        return items;
      },
      listType: listTypeRaw === 'map' || listTypeRaw === 'set' ? listTypeRaw : 'atomic',
      listMapKeys: Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as string[]) : [],
      mapAtomic: s['x-kubernetes-map-type'] === 'atomic',
      // Built-in schemas describe raw JSON fields (FieldsV1, RawExtension) as bare objects.
      preserveUnknown:
        preserveUnknown || type === 'any' || (freeForm && type === 'object' && !properties && additionalRaw === undefined),
      embeddedResource,
      patchStrategy: typeof s['x-kubernetes-patch-strategy'] === 'string' ? (s['x-kubernetes-patch-strategy'] as string) : undefined,
      patchMergeKey: typeof s['x-kubernetes-patch-merge-key'] === 'string' ? (s['x-kubernetes-patch-merge-key'] as string) : undefined,
    };
    cache.set(raw, node);
    return node;
  };
  return build(schema);
}

/** The node for a child field of an object node: a declared property, or a map value. */
export function childNode(node: StructureNode | undefined, field: string): StructureNode | undefined {
  if (!node || node.type === 'any') return ANY_NODE;
  return node.property(field) ?? node.additional ?? (node.preserveUnknown ? ANY_NODE : undefined);
}

/** Default values the API server gives list-map key fields, so keys match before defaulting. */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

export function listMapKeyValue(element: Record<string, unknown>, key: string): unknown {
  return element[key] ?? KEY_DEFAULTS[key];
}

/** Unknown fields of `value` under `node`, as the strict decoder names them (`spec.a[0].b`). */
export function unknownFields(value: unknown, node: StructureNode, path = ''): string[] {
  if (node.preserveUnknown || value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  if (Array.isArray(value)) {
    if (node.type !== 'array' || !node.items) return [];
    value.forEach((item, i) => found.push(...unknownFields(item, node.items as StructureNode, `${path}[${i}]`)));
    return found;
  }
  if (node.type !== 'object') return [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const childSchema = node.property(key) ?? node.additional;
    if (!childSchema) {
      found.push(childPath);
      continue;
    }
    found.push(...unknownFields(child, childSchema, childPath));
  }
  return found;
}
