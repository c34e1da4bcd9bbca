/**
 * One sync as a step machine. Each `step()` does one unit of work — the dry run of every task,
 * or one (phase, wave) group, or a check of what the previous group is waiting for — and
 * returns; its state is plain data the engine stores after every step, so a restarted Ferry
 * resumes where it was. The engine calls `step()` again when the live state changes or a poll
 * interval passes.
 */
import { describeResourceKey, isFerryError, messageOf, type Clock, type KubeObject, type Logger } from '../core/index.ts';
import type { ClusterClient } from '../cluster/index.ts';
import { assessHealth } from '../health/index.ts';
import { buildSyncPlan, PHASE_ORDER, type PlanResource } from '../plan/index.ts';
import { applyObject } from './apply-object.ts';
import type { LiveStateCache } from './live-state.ts';
import { isFinished, type OperationState, type SyncRequest, type TaskState } from './sync-state.ts';

export type StepResult = 'progress' | 'wait' | 'done';

export interface SyncOperationDeps {
  readonly client: ClusterClient;
  readonly live: LiveStateCache;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fieldManager: string;
  /** How long a hook may run before the sync fails. */
  readonly hookTimeoutMs: number;
}

/** Plans a sync: the request plus the comparison of its resources. */
export function planSyncOperation(request: SyncRequest, resources: readonly PlanResource[], now: Date, attempt = 1): OperationState {
  const options = request.syncOptions;
  const plan = buildSyncPlan(resources, {
    revision: request.revision,
    startedAt: now,
    prune: request.prune,
    pruneLast: options.PruneLast === 'true',
    applyOutOfSyncOnly: options.ApplyOutOfSyncOnly === 'true',
  });
  const tasks: TaskState[] = plan.tasks.map((task) => ({
    id: task.id,
    key: task.key,
    apiVersion: (task.object ?? task.live)?.apiVersion ?? 'v1',
    phase: task.phase,
    wave: task.wave,
    action: task.action,
    isHook: task.isHook,
    hookDeletePolicies: task.hookDeletePolicies,
    syncOptions: { ...options, ...Object.fromEntries(task.syncOptions) },
    ...(task.object && { object: task.object }),
    status: task.skipReason ? 'Skipped' : 'Pending',
    ...(task.skipReason && { message: task.skipReason }),
  }));
  const state: OperationState = { request, phase: 'Running', stage: 'dry-run', message: 'dry run of every task', tasks, startedAt: now.toISOString(), attempt, applyOrder: [] };
  if (plan.errors.length > 0) {
    state.phase = 'Failed';
    state.stage = 'done';
    state.message = `the sync cannot start: ${plan.errors.join('; ')}`;
    state.finishedAt = now.toISOString();
  }
  return state;
}

function refOf(task: TaskState) {
  return { apiVersion: task.apiVersion, kind: task.key.kind, name: task.key.name, ...(task.key.namespace && { namespace: task.key.namespace }) };
}

function groupOf(task: TaskState): string {
  return `${PHASE_ORDER[task.phase]}/${task.wave}`;
}

export class SyncOperation {
  readonly state: OperationState;
  private readonly deps: SyncOperationDeps;
  private terminateRequested = false;

  constructor(state: OperationState, deps: SyncOperationDeps) {
    this.state = state;
    this.deps = deps;
  }

  get finished(): boolean {
    return isFinished(this.state.phase);
  }

  /** Asks the operation to stop: running hooks are deleted and it ends Failed. */
  terminate(): void {
    if (this.finished) return;
    this.terminateRequested = true;
    this.state.phase = 'Terminating';
    this.state.message = 'terminating';
  }

  async step(signal?: AbortSignal): Promise<StepResult> {
    if (this.finished) return 'done';
    if (this.terminateRequested || this.state.phase === 'Terminating') return this.stopTerminated(signal);
    try {
      switch (this.state.stage) {
        case 'dry-run':
          return await this.dryRun(signal);
        case 'apply':
          return await this.applyNextGroup(signal, (t) => t.phase !== 'SyncFail');
        case 'sync-fail':
          return await this.applyNextGroup(signal, (t) => t.phase === 'SyncFail');
        case 'finalize':
          return await this.finalize(signal);
        default:
          return 'done';
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      this.end('Error', `sync failed unexpectedly: ${messageOf(error)}`);
      return 'done';
    }
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private end(phase: 'Succeeded' | 'Failed' | 'Error', message: string): void {
    this.state.phase = phase;
    this.state.stage = 'done';
    this.state.message = message;
    this.state.finishedAt = this.now().toISOString();
  }

  /** Objects created by this very sync (namespaces, CRDs) cannot be dry-run against yet. */
  private createdBySync(): { namespaces: Set<string>; kinds: Set<string> } {
    const namespaces = new Set<string>();
    const kinds = new Set<string>();
    for (const task of this.state.tasks) {
      // A create-namespace task still pending here belongs to a dry run: its namespace does not exist.
      const createsNamespace = task.action === 'apply' || (task.action === 'create-namespace' && task.status === 'Pending');
      if (task.key.kind === 'Namespace' && task.key.group === '' && createsNamespace) namespaces.add(task.key.name);
      const spec = task.object?.spec as { group?: string; names?: { kind?: string } } | undefined;
      if (task.key.kind === 'CustomResourceDefinition' && spec?.group && spec.names?.kind) kinds.add(`${spec.group}/${spec.names.kind}`);
    }
    return { namespaces, kinds };
  }

  private async dryRun(signal?: AbortSignal): Promise<StepResult> {
    // The destination namespace the user asked Ferry to create is made first, for real: the
    // objects bound for it can then be dry-run like any other instead of being skipped.
    const creations = this.state.tasks.filter((t) => t.action === 'create-namespace' && t.status === 'Pending');
    if (creations.length > 0 && !this.state.request.dryRun) await this.runGroup(creations, false, signal);
    if (creations.some((t) => t.status === 'Failed')) {
      this.end('Failed', creations.map((t) => t.message).join('; '));
      return 'done';
    }
    const created = this.createdBySync();
    const failures: string[] = [];
    await Promise.all(
      this.state.tasks.map(async (task) => {
        if (task.status !== 'Pending' || !task.object) return;
        if (created.namespaces.has(task.key.namespace) || created.kinds.has(`${task.key.group}/${task.key.kind}`)) return;
        try {
          await applyObject(task.object, this.deps.live.get(task.key), task.syncOptions, { client: this.deps.client, fieldManager: this.deps.fieldManager, dryRun: true, ...(signal && { signal }) });
        } catch (error) {
          if (signal?.aborted) throw error;
          failures.push(`${describeResourceKey(task.key)}: ${messageOf(error)}`);
        }
      }),
    );
    if (failures.length > 0) {
      this.end('Failed', `dry run failed, nothing was changed: ${failures.sort().join('; ')}`);
      return 'done';
    }
    if (this.state.request.dryRun) {
      for (const task of this.state.tasks) if (task.status === 'Pending') task.status = 'Succeeded';
      this.end('Succeeded', 'dry run succeeded; nothing was changed');
      return 'done';
    }
    this.state.stage = 'apply';
    this.state.message = 'applying';
    return 'progress';
  }

  /** Updates running tasks from the live state; true when something is still running. */
  private checkRunning(): boolean {
    const now = this.now();
    let running = false;
    for (const task of this.state.tasks.filter((t) => t.status === 'Running')) {
      const live = this.deps.live.get(task.key);
      if (task.action === 'prune') {
        if (!live) task.status = 'Succeeded';
        else running = true;
        continue;
      }
      const health = assessHealth(live, { now });
      if (!health || health.status === 'Healthy' || health.status === 'Suspended') {
        task.status = 'Succeeded';
        task.message = task.isHook ? 'hook completed' : 'healthy';
      } else if (health.status === 'Degraded') {
        task.status = 'Failed';
        task.message = `${task.isHook ? 'hook' : 'resource'} ${describeResourceKey(task.key)} failed: ${health.message ?? 'Degraded'}`;
      } else if (task.isHook && task.appliedAt && now.getTime() - Date.parse(task.appliedAt) > this.deps.hookTimeoutMs) {
        task.status = 'Failed';
        task.message = `hook ${describeResourceKey(task.key)} did not complete within ${Math.round(this.deps.hookTimeoutMs / 1000)} s (last state: ${health.status}${health.message ? `: ${health.message}` : ''})`;
      } else {
        running = true;
        task.message = health.message ?? health.status;
      }
    }
    return running;
  }

  private async applyNextGroup(signal: AbortSignal | undefined, eligible: (task: TaskState) => boolean): Promise<StepResult> {
    if (this.checkRunning()) return 'wait';
    const inScope = this.state.tasks.filter(eligible);
    if (this.state.stage === 'apply' && this.state.tasks.some((t) => t.status === 'Failed')) {
      const hasSyncFail = this.state.tasks.some((t) => t.phase === 'SyncFail' && t.status === 'Pending');
      this.state.stage = hasSyncFail ? 'sync-fail' : 'finalize';
      return 'progress';
    }
    const pending = inScope.filter((t) => t.status === 'Pending');
    if (pending.length === 0) {
      this.state.stage = 'finalize';
      return 'progress';
    }
    const group = groupOf(pending[0] as TaskState);
    const tasks = pending.filter((t) => groupOf(t) === group);
    const laterGroups = inScope.some((t) => t.status === 'Pending' && groupOf(t) !== group);
    this.state.message = `${tasks[0]?.phase} wave ${tasks[0]?.wave}: ${tasks.length} task(s)`;
    await this.runGroup(tasks, laterGroups, signal);
    return 'progress';
  }

  /** Prunes first, then hooks' BeforeHookCreation deletes, then applies kind by kind. */
  private async runGroup(tasks: TaskState[], waitForHealth: boolean, signal?: AbortSignal): Promise<void> {
    const { client } = this.deps;
    const callOptions = signal ? { signal } : {};
    await Promise.all(
      tasks.filter((t) => t.action === 'prune').map(async (task) => {
        try {
          const policy = task.syncOptions.PrunePropagationPolicy;
          const propagationPolicy = policy === 'background' ? 'Background' : policy === 'orphan' ? 'Orphan' : 'Foreground';
          const remaining = await client.delete(refOf(task), { ...callOptions, propagationPolicy });
          task.status = remaining ? 'Running' : 'Succeeded';
          task.message = 'pruned';
        } catch (error) {
          if (isFerryError(error, 'CLUSTER_NOT_FOUND')) {
            task.status = 'Succeeded';
            task.message = 'already gone';
          } else {
            task.status = 'Failed';
            task.message = `prune of ${describeResourceKey(task.key)} failed: ${messageOf(error)}`;
          }
        }
        this.state.applyOrder.push(task.id);
      }),
    );
    for (const task of tasks.filter((t) => t.isHook && t.hookDeletePolicies.includes('BeforeHookCreation'))) {
      if (this.deps.live.get(task.key)) await client.delete(refOf(task), { ...callOptions, propagationPolicy: 'Background' }).catch(() => undefined);
    }
    const applies = tasks.filter((t) => t.action !== 'prune');
    const kindGroups: TaskState[][] = [];
    for (const task of applies) {
      const last = kindGroups[kindGroups.length - 1];
      if (last && last[0]?.key.kind === task.key.kind) last.push(task);
      else kindGroups.push([task]);
    }
    for (const group of kindGroups) {
      await Promise.all(group.map((task) => this.applyTask(task, waitForHealth, signal)));
    }
  }

  private async applyTask(task: TaskState, waitForHealth: boolean, signal?: AbortSignal): Promise<void> {
    const object = task.object as KubeObject;
    try {
      // BeforeHookCreation deleted the old hook a moment ago: it may still be there in the cache.
      const live = task.isHook ? undefined : this.deps.live.get(task.key);
      await applyObject(object, live, task.syncOptions, { client: this.deps.client, fieldManager: this.deps.fieldManager, dryRun: false, ...(signal && { signal }) });
      task.appliedAt = this.now().toISOString();
      // Hooks always run to completion; other resources are waited for only between waves.
      task.status = task.isHook || waitForHealth ? 'Running' : 'Succeeded';
      task.message = task.action === 'create-namespace' ? 'namespace created' : 'applied';
    } catch (error) {
      if (signal?.aborted) throw error;
      task.status = 'Failed';
      task.message = `apply of ${describeResourceKey(task.key)} failed: ${messageOf(error)}`;
    }
    this.state.applyOrder.push(task.id);
  }

  private async finalize(signal?: AbortSignal): Promise<StepResult> {
    const failed = this.state.tasks.filter((t) => t.status === 'Failed');
    const policy = failed.length === 0 ? 'HookSucceeded' : 'HookFailed';
    for (const task of this.state.tasks.filter((t) => t.isHook && t.hookDeletePolicies.includes(policy) && t.status !== 'Pending')) {
      await this.deps.client.delete(refOf(task), { propagationPolicy: 'Background', ...(signal && { signal }) }).catch(() => undefined);
    }
    if (failed.length > 0) this.end('Failed', failed.map((t) => t.message ?? describeResourceKey(t.key)).join('; '));
    else this.end('Succeeded', `successfully synced (${this.state.tasks.filter((t) => t.status === 'Succeeded').length} tasks)`);
    return 'done';
  }

  private async stopTerminated(signal?: AbortSignal): Promise<StepResult> {
    for (const task of this.state.tasks.filter((t) => t.isHook && t.status === 'Running')) {
      await this.deps.client.delete(refOf(task), { propagationPolicy: 'Background', ...(signal && { signal }) }).catch(() => undefined);
      task.status = 'Failed';
      task.message = 'terminated';
    }
    this.end('Failed', 'terminated by request');
    return 'done';
  }
}
