/** Strategic merge patch: kustomize's flavour and the API server's, over plain JSON data. */
export type { FieldStrategy, SchemaLookup } from './builtin-schema.ts';
export { builtinSchemaLookup, isBuiltinSchemaKind, groupKindOf } from './builtin-schema.ts';
export type { StrategicMergeOptions } from './strategic-merge-patch.ts';
export { strategicMergePatch } from './strategic-merge-patch.ts';
export { kyamlMerge } from './kyaml-merge.ts';
export { openApiSchemaLookup } from './openapi-schema.ts';
