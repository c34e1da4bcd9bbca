import { silentLogger, type Clock, type KubeObject, type Logger } from '../../../core/index.ts';
import type { ObjectStore } from '../store/index.ts';
import { bootstrapCluster, type BootstrapOptions } from './bootstrap.ts';
import { kubeletController } from './kubelet.ts';
import { ControllerManager } from './manager.ts';
import type { NodeConfig } from './nodes.ts';
import type { RuntimeTiming } from './pod-runtime.ts';
import { createReplicaSetController } from './replicaset.ts';
import { createDeploymentController } from './deployment.ts';
import { createEndpointsController } from './endpoints.ts';
import { createGarbageCollector } from './garbage-collector.ts';
import { createNamespaceController } from './namespace.ts';
import { serviceAccountController } from './service-account.ts';
import { serviceController } from './service.ts';
import { createCrdWatcher } from './crd-watcher.ts';
import { createJobController } from './job.ts';
import { createCronJobController } from './cronjob.ts';
import { createStatefulSetController } from './statefulset.ts';
import { createDaemonSetController } from './daemonset.ts';
import { createVolumeController } from './persistent-volumes.ts';
import { builtinStoreResources, ensureBuiltinResources } from './resources.ts';
import { createScheduler } from './scheduler.ts';
import { storeControllerClient } from './store-client.ts';
import type { ControllerClient, ControllerFactory } from './types.ts';

export interface StartControllersOptions {
  readonly store: ObjectStore;
  /** The write port; default: straight to the store (`storeControllerClient`). */
  readonly client?: ControllerClient;
  /** Default: the store's clock. */
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** The simulated nodes (default: 3 nodes of 4 CPUs, 8Gi, 110 pods). */
  readonly nodes?: NodeConfig;
  /** The simulated container runtime's delays. */
  readonly timing?: Partial<RuntimeTiming>;
  /** Defaulting for the store-direct client (the schema layer's), when `client` is omitted. */
  readonly defaulter?: (resource: string, object: KubeObject) => KubeObject;
  /** Create the system namespaces, nodes, `kubernetes` Service… when missing (default true). */
  readonly bootstrap?: boolean;
  readonly apiServer?: Pick<BootstrapOptions, 'apiServerAddress' | 'apiServerPort'>;
  /** The API server's CA certificate (PEM), published as `kube-root-ca.crt` in every namespace. */
  readonly rootCa?: string;
  /** Only these controllers (by name); default all. */
  readonly only?: readonly string[];
}

export function controllerFactories(options: Pick<StartControllersOptions, 'timing' | 'rootCa' | 'random'>): ControllerFactory[] {
  return [
    createScheduler,
    kubeletController({ ...(options.timing ? { timing: options.timing } : {}) }),
    createReplicaSetController,
    createDeploymentController,
    createGarbageCollector,
    createNamespaceController,
    serviceAccountController(options.rootCa),
    serviceController(),
    createEndpointsController,
    createJobController,
    createCronJobController,
    createStatefulSetController,
    createDaemonSetController,
    createVolumeController,
    createCrdWatcher,
  ];
}

/**
 * Builds a manager with every controller, bootstraps the cluster's default objects and opens
 * the watches, without running anything: tests drive it with `runUntilIdle`, `advance` and
 * `runUntil` on a ManualClock.
 */
export function createControllerManager(options: StartControllersOptions): ControllerManager {
  const { store } = options;
  ensureBuiltinResources(store);
  const client = options.client ?? storeControllerClient(store, options.defaulter ? { defaulter: options.defaulter } : {});
  const manager = new ControllerManager({
    store,
    client,
    clock: options.clock ?? store.clock,
    ...(options.random ? { random: options.random } : {}),
    logger: (options.logger ?? silentLogger).child({ component: 'controllers' }),
  });
  manager.register(...controllerFactories(options));
  if (options.only) manager.keepOnly(options.only);
  if (options.bootstrap !== false) {
    bootstrapCluster(store, client, { ...(options.nodes ? { nodes: options.nodes } : {}), ...(options.apiServer ?? {}) });
  }
  manager.begin(builtinStoreResources().map((r) => r.key));
  return manager;
}

/**
 * Starts the controllers on a running cluster (`ferry cluster serve`, `SimCluster`): they sync
 * soon after every change and wake on the clock for their timers. Stop with `manager.stop()`.
 */
export function startControllers(options: StartControllersOptions): ControllerManager {
  const manager = createControllerManager(options);
  manager.start();
  return manager;
}
