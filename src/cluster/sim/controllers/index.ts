/**
 * The embedded cluster's controllers (see `types.ts` and ../README.md): `startControllers`
 * wires every controller to a store and returns the manager that runs them.
 */
export type {
  Controller,
  ControllerClient,
  ControllerContext,
  ControllerDeleteOptions,
  ControllerFactory,
  ChangeHandler,
  EventRecord,
  Propagation,
} from './types.ts';
export { ControllerManager } from './manager.ts';
export type { ControllerManagerOptions, RunOptions, RunUntilOptions, AdvanceableClock } from './manager.ts';
export { startControllers, createControllerManager } from './start.ts';
export type { StartControllersOptions } from './start.ts';
export { storeControllerClient, mergePatch } from './store-client.ts';
export type { StoreClientOptions } from './store-client.ts';
export { ensureBuiltinResources, builtinStoreResources } from './resources.ts';
export { bootstrapCluster, SYSTEM_NAMESPACES, KUBERNETES_SERVICE_IP, DEFAULT_STORAGE_CLASS } from './bootstrap.ts';
export type { BootstrapOptions } from './bootstrap.ts';
export type { NodeConfig } from './nodes.ts';
export type { RuntimeTiming } from './pod-runtime.ts';
export { SIM_ANNOTATIONS } from './sim-annotations.ts';
export { computeHash, safeEncode, fnv32a } from './hash.ts';
export { createServiceAllocator, withAllocations, parseCidr } from './service-allocator.ts';
export type { ServiceAllocator, ServiceAllocatorOptions } from './service-allocator.ts';
export { parseCronSchedule, nextAfter } from './cron-schedule.ts';
export type { CronSchedule } from './cron-schedule.ts';
export { imageProblem } from './sim-annotations.ts';
