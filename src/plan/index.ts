/**
 * plan: pure sync planning — (comparison, options) → the ordered tasks of a sync: hooks by
 * phase (PreSync, Sync, PostSync, SyncFail), sync waves, the kind order (namespaces and CRDs
 * first), prunes in reverse and optionally last. The engine executes the plan; this only says it.
 */
export type { PlanResource, PlanOptions, SyncTask, SyncPlan, TaskAction } from './types.ts';
export type { SyncPhase, HookDeletePolicy, HookInfo } from './annotations.ts';
export { buildSyncPlan } from './build-plan.ts';
export { readHookInfo, readSyncWave, readSyncOptions, PHASE_ORDER } from './annotations.ts';
export { KIND_ORDER, kindRank } from './kind-order.ts';
