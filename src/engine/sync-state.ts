/**
 * The serialisable state of one sync operation: everything needed to resume it after a restart,
 * and to record it in the history when it ends. Plain JSON: it is stored after every step.
 */
import type { KubeObject, ResourceKey } from '../core/index.ts';
import type { HookDeletePolicy, SyncPhase, TaskAction } from '../plan/index.ts';
import type { OperationPhase } from '../store/index.ts';

/** The phases are the store's: an operation is stored in the phase it is in. */
export type { OperationPhase };

export type TaskStatus = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Skipped';
export type OperationStage = 'dry-run' | 'apply' | 'sync-fail' | 'finalize' | 'done';

export interface TaskState {
  readonly id: string;
  readonly key: ResourceKey;
  readonly apiVersion: string;
  readonly phase: SyncPhase;
  readonly wave: number;
  readonly action: TaskAction;
  readonly isHook: boolean;
  readonly hookDeletePolicies: readonly HookDeletePolicy[];
  readonly syncOptions: Readonly<Record<string, string>>;
  readonly object?: KubeObject;
  status: TaskStatus;
  message?: string;
  /** When the task was applied (ISO time): hook time-outs count from here. */
  appliedAt?: string;
}

export interface SyncRequest {
  readonly app: string;
  readonly revision: string;
  readonly commitMessage: string;
  readonly commitAuthor: string;
  readonly source: Record<string, unknown>;
  /** Who asked: `automated`, `self-heal`, `user:<name>`, `rollback:<id>`, `webhook`... */
  readonly initiator: string;
  readonly prune: boolean;
  readonly dryRun: boolean;
  /** Application-level sync options (`ServerSideApply=false`, `PruneLast=true`...). */
  readonly syncOptions: Readonly<Record<string, string>>;
  /** The rendered objects being synced: history keeps them, rollback re-applies them. */
  readonly manifests: readonly KubeObject[];
  /** Set when this sync is a rollback to that history entry. */
  readonly rollbackOf?: number;
}

export interface OperationState {
  readonly request: SyncRequest;
  phase: OperationPhase;
  stage: OperationStage;
  message: string;
  tasks: TaskState[];
  readonly startedAt: string;
  finishedAt?: string;
  /** 1 for the first try; retries count up. */
  attempt: number;
  /** Task ids in the order they were applied or pruned: the record of what happened when. */
  applyOrder: string[];
}

export function isFinished(phase: OperationPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}
