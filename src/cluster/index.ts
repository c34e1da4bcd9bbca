/**
 * cluster: the `ClusterClient` port and what both of its adapters share (the built-in resource
 * table, selectors, Status errors). The adapters themselves — `sim/` (the embedded cluster) and
 * `kube/` (@kubernetes/client-node) — are reached only through compose.ts.
 */
export type {
  ClusterClient,
  CallOptions,
  ServerVersion,
  TypeRef,
  ObjectRef,
  Verb,
  SubresourceType,
  ResourceType,
  ListOptions,
  ObjectList,
  WriteOptions,
  UpdateOptions,
  Patch,
  JsonPatchOperation,
  ApplyOptions,
  PropagationPolicy,
  DeleteOptions,
  WatchOptions,
  WatchEventType,
  WatchEvent,
} from './types.ts';
export { INITIAL_EVENTS_END_ANNOTATION } from './types.ts';
export type { KubeStatus, StatusCause } from './errors.ts';
export {
  clusterErrorCode,
  reasonForCode,
  makeStatus,
  clusterErrorFromStatus,
  statusOfClusterError,
  isKubeStatus,
  isNotFound,
  isConflict,
} from './errors.ts';
export {
  BUILTIN_RESOURCES,
  groupVersionOf,
  qualifiedResourceName,
  findBuiltinResource,
  resolveResourceName,
} from './resource-table.ts';
export type {
  LabelOperator,
  LabelRequirement,
  LabelRequirements,
  LabelSelectorSpec,
  FieldRequirement,
} from './selectors.ts';
export {
  invalidLabelKey,
  invalidLabelValue,
  parseLabelSelector,
  matchesLabels,
  requirementsOfSelector,
  selectorMatches,
  formatLabelSelector,
  parseFieldSelector,
  matchesFields,
} from './selectors.ts';
export { WatchCache } from './watch-cache.ts';
export type { WatchCacheOptions, WatchCacheListener } from './watch-cache.ts';
