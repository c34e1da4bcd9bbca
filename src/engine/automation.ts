/**
 * When automation syncs on its own, as a pure decision over what the engine knows. The rules
 * follow Argo CD's (sync once per new revision, never retry a failed revision by itself, self-heal
 * with back-off, refuse to prune everything unless allowEmpty) and fix its rollback problem: after
 * a rollback the application is pinned, and auto-sync will not redeploy the revision rolled back
 * from; a newer revision (or an unpin) resumes it.
 */
import type { SyncPolicy } from '../application/index.ts';
import type { AppStatus } from './types.ts';

export type AutoSyncDecision =
  | { readonly action: 'none'; readonly reason: string }
  | { readonly action: 'sync'; readonly initiator: 'automated' | 'self-heal'; readonly unpin: boolean }
  | { readonly action: 'blocked'; readonly message: string }
  | { readonly action: 'wait'; readonly until: Date };

export interface AutoSyncInput {
  readonly policy: SyncPolicy;
  /** The revision Git's target resolves to now. */
  readonly gitRevision: string;
  readonly syncStatus: 'Synced' | 'OutOfSync' | 'Unknown';
  /** Objects the revision renders, hooks excluded. */
  readonly desiredCount: number;
  readonly status: AppStatus | undefined;
  readonly now: Date;
  readonly selfHealBackoff: { readonly initialMs: number; readonly factor: number; readonly capMs: number };
}

export function selfHealDelayMs(attempts: number, backoff: AutoSyncInput['selfHealBackoff']): number {
  return Math.min(backoff.capMs, backoff.initialMs * backoff.factor ** attempts);
}

export function decideAutoSync(input: AutoSyncInput): AutoSyncDecision {
  const automated = input.policy.automated;
  if (!automated) return { action: 'none', reason: 'auto-sync is off' };
  const status = input.status;
  const operation = status?.operation;
  if (operation && (operation.phase === 'Running' || operation.phase === 'Terminating')) return { action: 'none', reason: 'an operation is running' };
  const pin = status?.pin;
  const pinnedAtRolledBackRevision = pin !== undefined && input.gitRevision === pin.fromRevision;
  if (pin && !pinnedAtRolledBackRevision) {
    return { action: 'sync', initiator: 'automated', unpin: true };
  }
  if (input.syncStatus !== 'OutOfSync') return { action: 'none', reason: 'in sync' };
  if (input.desiredCount === 0 && automated.prune && !automated.allowEmpty) {
    return { action: 'blocked', message: `revision ${input.gitRevision.slice(0, 7)} renders no resources; auto-sync with prune would delete everything (set syncPolicy.automated.allowEmpty to allow it)` };
  }
  const automation = status?.automation;
  const newRevision = !pinnedAtRolledBackRevision && automation?.lastAttemptedRevision !== input.gitRevision;
  if (newRevision) return { action: 'sync', initiator: 'automated', unpin: false };
  const lastFailed = operation !== undefined && operation.revision === (pin?.revision ?? input.gitRevision) && (operation.phase === 'Failed' || operation.phase === 'Error');
  if (lastFailed && operation?.initiator === 'automated') {
    return { action: 'none', reason: `auto-sync of ${input.gitRevision.slice(0, 7)} failed; it is not retried by itself: push a new commit or sync by hand` };
  }
  if (!automated.selfHeal) return { action: 'none', reason: pinnedAtRolledBackRevision ? 'pinned after a rollback' : 'drift, and self-heal is off' };
  const next = automation?.nextSelfHealAt ? new Date(automation.nextSelfHealAt) : undefined;
  if (next && next.getTime() > input.now.getTime()) return { action: 'wait', until: next };
  return { action: 'sync', initiator: 'self-heal', unpin: false };
}
