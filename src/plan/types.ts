import type { KubeObject, ResourceKey } from '../core/index.ts';
import type { ResourceSyncStatus } from '../diff/index.ts';
import type { HookDeletePolicy, SyncPhase } from './annotations.ts';

/** One resource as the comparison saw it. */
export interface PlanResource {
  readonly key: ResourceKey;
  readonly desired?: KubeObject;
  readonly live?: KubeObject;
  readonly status: ResourceSyncStatus;
}

export interface PlanOptions {
  /** The commit being synced: hook names carry its first 7 characters. */
  readonly revision: string;
  /** Start of the operation: hook names carry it, so a re-run creates fresh hooks. */
  readonly startedAt: Date;
  /** Whether Extra resources are deleted. */
  readonly prune: boolean;
  /** Prune after every wave has been applied (`PruneLast=true`). */
  readonly pruneLast?: boolean;
  /** Skip resources already Synced (`ApplyOutOfSyncOnly=true`); hooks still run. */
  readonly applyOutOfSyncOnly?: boolean;
  /** Sync only these resources; hooks do not run (as `argocd app sync --resource`). */
  readonly onlyResources?: readonly ResourceKey[];
  /** Create the destination namespace first when it does not exist (`CreateNamespace=true`). */
  readonly createNamespace?: { readonly name: string; readonly exists: boolean };
}

export type TaskAction = 'apply' | 'prune' | 'create-namespace';

export interface SyncTask {
  /** Stable id within the plan: phase, wave and resource. */
  readonly id: string;
  readonly key: ResourceKey;
  readonly phase: SyncPhase;
  readonly wave: number;
  readonly action: TaskAction;
  /** The object to apply (absent for prunes). Hooks carry their generated name here. */
  readonly object?: KubeObject;
  readonly live?: KubeObject;
  readonly isHook: boolean;
  readonly hookDeletePolicies: readonly HookDeletePolicy[];
  /** Per-resource sync options from its annotation. */
  readonly syncOptions: ReadonlyMap<string, string>;
  /** Set when the task is planned but will not run (prune disabled or `Prune=false`). */
  readonly skipReason?: string;
}

export interface SyncPlan {
  readonly tasks: readonly SyncTask[];
  /** Problems that forbid the sync (an unreadable wave...): nothing may be applied. */
  readonly errors: readonly string[];
}
