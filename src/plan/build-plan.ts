import { formatResourceKey, isPlainObject, sameResourceKey, type KubeObject, type ResourceKey } from '../core/index.ts';
import { PHASE_ORDER, readHookInfo, readSyncOptions, readSyncWave, type SyncPhase } from './annotations.ts';
import { kindRank } from './kind-order.ts';
import type { PlanOptions, PlanResource, SyncPlan, SyncTask } from './types.ts';

/** Runs before everything, including PreSync hooks that need the namespace. */
const NAMESPACE_CREATION_WAVE = Number.MIN_SAFE_INTEGER;

function taskId(phase: SyncPhase, wave: number, key: ResourceKey, action: string): string {
  return `${phase}/${wave}/${action}/${formatResourceKey(key)}`;
}

/**
 * A hook with only `generateName` gets a name of its own per sync, derived from the revision and
 * start time, so that the engine can find it again after a restart and a re-sync makes a new one.
 */
function nameHook(object: KubeObject, phase: SyncPhase, options: PlanOptions): KubeObject {
  if (object.metadata.name || !object.metadata.generateName) return object;
  const stamp = Math.floor(options.startedAt.getTime() / 1000);
  const name = `${object.metadata.generateName}${options.revision.slice(0, 7)}-${phase.toLowerCase()}-${stamp}`;
  return { ...object, metadata: { ...object.metadata, name } };
}

function includes(keys: readonly ResourceKey[] | undefined, key: ResourceKey): boolean {
  return keys === undefined || keys.some((candidate) => sameResourceKey(candidate, key));
}

function compareTasks(a: SyncTask, b: SyncTask): number {
  return (
    PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] ||
    a.wave - b.wave ||
    // Within a wave prunes run first, as Argo CD runs them: room is made before things are added.
    Number(b.action === 'prune') - Number(a.action === 'prune') ||
    kindRank(a.key.kind) - kindRank(b.key.kind) ||
    a.key.name.localeCompare(b.key.name) ||
    a.key.namespace.localeCompare(b.key.namespace)
  );
}

/** Prunes undo creation: the wave applied last is pruned first. */
function mirrorPruneWaves(tasks: SyncTask[]): SyncTask[] {
  const waves = [...new Set(tasks.filter((t) => t.action === 'prune').map((t) => t.wave))].sort((a, b) => a - b);
  const mirrored = new Map(waves.map((wave, index) => [wave, waves[waves.length - 1 - index] ?? wave]));
  return tasks.map((t) => (t.action === 'prune' ? { ...t, wave: mirrored.get(t.wave) ?? t.wave } : t));
}

function crdTarget(object: KubeObject | undefined): string | undefined {
  if (object?.kind !== 'CustomResourceDefinition' || !isPlainObject(object.spec)) return undefined;
  const names = object.spec.names;
  return isPlainObject(names) ? `${String(object.spec.group)}/${String(names.kind)}` : undefined;
}

/**
 * Moves each Namespace (and CRD) apply in front of the first task that needs it, taking that
 * task's phase and wave: a namespace in wave 5 must still exist before a hook in wave -1 uses it.
 */
function placeDependenciesFirst(sorted: SyncTask[]): SyncTask[] {
  const tasks = [...sorted];
  const needs = (dependency: SyncTask, task: SyncTask): boolean => {
    if (task.action !== 'apply') return false;
    if (dependency.key.kind === 'Namespace' && dependency.key.group === '') return task.key.namespace === dependency.key.name;
    const target = crdTarget(dependency.object);
    return target !== undefined && `${task.key.group}/${task.key.kind}` === target;
  };
  for (const dependency of sorted.filter((t) => t.action === 'apply' && (t.key.kind === 'Namespace' || t.key.kind === 'CustomResourceDefinition'))) {
    const from = tasks.indexOf(dependency);
    const firstUser = tasks.findIndex((task) => task !== dependency && needs(dependency, task));
    if (firstUser < 0 || firstUser > from) continue;
    const user = tasks[firstUser] as SyncTask;
    tasks.splice(from, 1);
    tasks.splice(firstUser, 0, { ...dependency, phase: user.phase, wave: user.wave, id: taskId(user.phase, user.wave, dependency.key, 'apply') });
  }
  return tasks;
}

/**
 * Turns a comparison into the ordered tasks of a sync: hooks in their phases, resources by
 * wave then kind, prunes in reverse wave order (or last), dependencies first. Pure: what to do,
 * not doing it.
 */
export function buildSyncPlan(resources: readonly PlanResource[], options: PlanOptions): SyncPlan {
  const errors: string[] = [];
  let tasks: SyncTask[] = [];
  const waveOf = (object: KubeObject, key: ResourceKey): number => {
    const wave = readSyncWave(object);
    if (wave instanceof Error) {
      errors.push(`${formatResourceKey(key)}: ${wave.message}`);
      return 0;
    }
    return wave;
  };

  for (const resource of resources) {
    const { key, desired, live, status } = resource;
    if (desired) {
      const hook = readHookInfo(desired);
      if (hook.skip) continue;
      const wave = waveOf(desired, key);
      if (hook.phases.length > 0) {
        if (options.onlyResources !== undefined) continue;
        for (const phase of hook.phases) {
          const object = nameHook(desired, phase, options);
          const hookKey = { ...key, name: object.metadata.name ?? key.name };
          tasks.push({ id: taskId(phase, wave, hookKey, 'apply'), key: hookKey, phase, wave, action: 'apply', object, isHook: true, hookDeletePolicies: hook.deletePolicies, syncOptions: readSyncOptions(desired) });
        }
        continue;
      }
      if (!includes(options.onlyResources, key)) continue;
      if (options.applyOutOfSyncOnly && status === 'Synced') continue;
      tasks.push({ id: taskId('Sync', wave, key, 'apply'), key, phase: 'Sync', wave, action: 'apply', object: desired, live, isHook: false, hookDeletePolicies: [], syncOptions: readSyncOptions(desired) });
    } else if (live && status === 'Extra') {
      // Hooks left from earlier syncs are cleaned up by their delete policies, not pruned.
      if (readHookInfo(live).phases.length > 0 || !includes(options.onlyResources, key)) continue;
      const syncOptions = readSyncOptions(live);
      const wave = waveOf(live, key);
      const skipReason = !options.prune ? 'prune is disabled for this sync' : syncOptions.get('Prune') === 'false' ? 'the resource says Prune=false' : undefined;
      tasks.push({ id: taskId('Sync', wave, key, 'prune'), key, phase: 'Sync', wave, action: 'prune', live, isHook: false, hookDeletePolicies: [], syncOptions, ...(skipReason ? { skipReason } : {}) });
    }
  }

  tasks = mirrorPruneWaves(tasks);
  const lastApplyWave = Math.max(0, ...tasks.filter((t) => t.action === 'apply' && t.phase === 'Sync').map((t) => t.wave));
  tasks = tasks.map((t) =>
    t.action === 'prune' && (options.pruneLast || t.syncOptions.get('PruneLast') === 'true')
      ? { ...t, wave: lastApplyWave + 1, id: taskId('Sync', lastApplyWave + 1, t.key, 'prune') }
      : t,
  );
  const namespace = options.createNamespace;
  if (namespace && !namespace.exists) {
    const key = { group: '', kind: 'Namespace', namespace: '', name: namespace.name };
    const object: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace.name } };
    tasks.push({ id: taskId('PreSync', NAMESPACE_CREATION_WAVE, key, 'create-namespace'), key, phase: 'PreSync', wave: NAMESPACE_CREATION_WAVE, action: 'create-namespace', object, isHook: false, hookDeletePolicies: [], syncOptions: new Map() });
  }
  return { tasks: placeDependenciesFirst(tasks.sort(compareTasks)), errors };
}
