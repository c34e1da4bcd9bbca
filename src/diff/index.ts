/**
 * diff: pure comparison of what Git declares with what a cluster holds — normalise (server
 * fields, defaults, quantities, Secret encodings), predict the object after an apply, ignore
 * what the user said to ignore, mask Secret values — as structured JSON patches and unified text.
 */
export type { ResourceSyncStatus, IgnoreDifferencesRule, CompareOptions, FieldChange, ResourceDiff } from './types.ts';
export { compareResource } from './compare.ts';
export { normalizeDesired, normalizeLive } from './normalize.ts';
export type { NormalizeOptions } from './normalize.ts';
export { diffLines, unifiedDiff } from './unified-diff.ts';
export type { LineEdit } from './unified-diff.ts';
export { MASK_UNCHANGED, MASK_LIVE, MASK_DESIRED } from './redact.ts';
export { ownedPaths, pathsOwnedBy } from './managed-fields.ts';
export type { FieldPath, PathSegment } from './managed-fields.ts';
