import { ManualClock, type KubeObject } from '../../../core/index.ts';
import { SimObjectStore } from '../store/index.ts';
import type { ControllerManager } from './manager.ts';
import { createControllerManager, type StartControllersOptions } from './start.ts';

/**
 * A cluster for controller tests: an in-memory store on a ManualClock with every controller,
 * nothing running until the test says so. uids and random names are deterministic.
 */
export interface TestCluster {
  readonly clock: ManualClock;
  readonly store: SimObjectStore;
  readonly manager: ControllerManager;
  /** Creates an object through the controllers' client (as a user would through the API). */
  create(resource: string, object: KubeObject): KubeObject;
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
}

export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function createTestCluster(options: Partial<StartControllersOptions> = {}): TestCluster {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  let uid = 0;
  const store = new SimObjectStore({
    clock,
    newUid: () => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`,
    random: seededRandom(7),
  });
  const manager = createControllerManager({ store, clock, random: seededRandom(), ...options });
  manager.runUntilIdle();
  return {
    clock,
    store,
    manager,
    create: (resource, object) => manager.client.create(resource, object),
    get: (resource, namespace, name) => store.get(resource, namespace, name),
    list: (resource, namespace) => [...store.list(resource, namespace === undefined ? {} : { namespace }).items],
  };
}

/** A Deployment of `replicas` nginx pods labelled `app: <name>`. */
export function deploymentObject(name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 3,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name }, ...(annotations ? { annotations } : {}) },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 },
      },
      ...spec,
    },
  };
}

export function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Whether a Deployment's status says its rollout is done, as `kubectl rollout status` decides. */
export function rolledOut(deployment: KubeObject | undefined): boolean {
  if (!deployment) return false;
  const status = (deployment.status ?? {}) as Record<string, number | undefined>;
  const replicas = (deployment.spec as { replicas?: number }).replicas ?? 1;
  return (
    (deployment.metadata.generation ?? 0) <= (status.observedGeneration ?? 0) &&
    (status.updatedReplicas ?? 0) >= replicas &&
    (status.replicas ?? 0) <= (status.updatedReplicas ?? 0) &&
    (status.availableReplicas ?? 0) >= (status.updatedReplicas ?? 0)
  );
}
