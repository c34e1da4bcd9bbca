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
