/**
 * manifest: YAML and JSON manifests to objects with their origin, and back. Pure: takes text,
 * returns objects; reading files is the caller's job.
 */
export type { ManifestOrigin, ParsedObject, ParseOptions } from './types.ts';
export { parseManifests, parseYamlDocuments, isJsonFile } from './parse-manifests.ts';
export { checkNoDuplicates } from './duplicates.ts';
export { printYamlDocuments, printJsonArray } from './print-manifests.ts';
export { checkManifestSize, DEFAULT_MAX_MANIFEST_BYTES } from './limits.ts';
export { DEFAULT_MAX_EXPANDED_SIZE, MAX_VALUE_DEPTH, expandValue } from './expand-value.ts';
export { KUBE_YAML_SCHEMA } from './kube-yaml-schema.ts';
export { formatOrigin, describeOrigin } from './locate.ts';
