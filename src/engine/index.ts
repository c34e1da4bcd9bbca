/**
 * engine: the per-application reconcile loop, sync operations as stored step machines, history,
 * rollback with a pin, automation and polling. Talks to Git, clusters and the store through
 * their ports only; compose.ts hands it the adapters.
 */
export { Engine } from './engine.ts';
export type { AppView, SyncOptions } from './engine.ts';
export { LiveStateCache } from './live-state.ts';
export type { LiveChange } from './live-state.ts';
export type { AppComparison, ResourceComparison } from './compare-app.ts';
export { buildResourceTree } from './resource-tree.ts';
export type { ResourceNode } from './resource-tree.ts';
export type {
  ClusterConnection,
  ClusterResolver,
  EngineDeps,
  EngineOptions,
  AppStatus,
  AppCondition,
  OperationView,
  PinView,
  ResourceStatusView,
} from './types.ts';
export type { OperationState, TaskState, OperationPhase, TaskStatus } from './sync-state.ts';
export { TRACKING_ANNOTATION, trackingIdFor, owningApp } from './tracking.ts';
export { decideAutoSync } from './automation.ts';
