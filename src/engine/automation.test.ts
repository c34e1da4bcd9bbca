import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, type SyncPolicy } from '../application/index.ts';
import { decideAutoSync, selfHealDelayMs, type AutoSyncInput } from './automation.ts';
import type { AppStatus, OperationView } from './types.ts';

const now = new Date('2026-01-01T00:00:00Z');
const backoff = { initialMs: 2000, factor: 3, capMs: 300_000 };
const auto = (selfHeal = false, prune = false, allowEmpty = false): SyncPolicy => ({ automated: { prune, selfHeal, allowEmpty }, syncOptions: {}, retry: DEFAULT_RETRY });

function status(extra: Partial<AppStatus> = {}): AppStatus {
  return { sync: { status: 'OutOfSync', reasons: [] }, health: { status: 'Healthy' }, resources: [], conditions: [], ...extra };
}

function operation(phase: OperationView['phase'], revision: string, initiator = 'automated'): OperationView {
  return { id: 1, phase, message: '', startedAt: '', initiator, revision, prune: false, dryRun: false, attempt: 1, stage: 'done', tasks: [] };
}

function input(extra: Partial<AutoSyncInput>): AutoSyncInput {
  return { policy: auto(), gitRevision: 'bbb', syncStatus: 'OutOfSync', desiredCount: 3, status: status(), now, selfHealBackoff: backoff, ...extra };
}

describe('decideAutoSync', () => {
  it.each<[string, Partial<AutoSyncInput>, string]>([
    ['manual apps never sync by themselves', { policy: { syncOptions: {}, retry: DEFAULT_RETRY } }, 'none'],
    ['a new revision syncs', { status: status({ automation: { lastAttemptedRevision: 'aaa', selfHealAttempts: 0 } }) }, 'sync:automated'],
    ['an app in sync stays put', { syncStatus: 'Synced' }, 'none'],
    ['nothing starts while an operation runs', { status: status({ operation: operation('Running', 'bbb') }) }, 'none'],
    ['a failed revision is not retried by automation', { status: status({ operation: operation('Failed', 'bbb'), automation: { lastAttemptedRevision: 'bbb', selfHealAttempts: 0 } }) }, 'none'],
    ['drift without self-heal is reported, not fixed', { status: status({ operation: operation('Succeeded', 'bbb'), automation: { lastAttemptedRevision: 'bbb', selfHealAttempts: 0 } }) }, 'none'],
    ['drift with self-heal is fixed', { policy: auto(true), status: status({ operation: operation('Succeeded', 'bbb'), automation: { lastAttemptedRevision: 'bbb', selfHealAttempts: 0 } }) }, 'sync:self-heal'],
    ['self-heal waits out its back-off', { policy: auto(true), status: status({ operation: operation('Succeeded', 'bbb'), automation: { lastAttemptedRevision: 'bbb', selfHealAttempts: 2, nextSelfHealAt: '2026-01-01T00:00:10Z' } }) }, 'wait'],
    ['an empty revision with prune is blocked', { policy: auto(false, true), desiredCount: 0 }, 'blocked'],
    ['an empty revision is allowed with allowEmpty', { policy: auto(false, true, true), desiredCount: 0 }, 'sync:automated'],
    ['pinned after a rollback: the rolled-back revision is not redeployed', { status: status({ pin: { revision: 'aaa', historyId: 1, fromRevision: 'bbb', pinnedAt: '' }, automation: { lastAttemptedRevision: 'aaa', selfHealAttempts: 0 } }) }, 'none'],
    ['pinned, but drift from the pinned state self-heals', { policy: auto(true), status: status({ pin: { revision: 'aaa', historyId: 1, fromRevision: 'bbb', pinnedAt: '' }, operation: operation('Succeeded', 'aaa', 'rollback:1'), automation: { lastAttemptedRevision: 'aaa', selfHealAttempts: 0 } }) }, 'sync:self-heal'],
    ['a newer commit than the one rolled back from unpins and syncs', { gitRevision: 'ccc', syncStatus: 'Synced', status: status({ pin: { revision: 'aaa', historyId: 1, fromRevision: 'bbb', pinnedAt: '' } }) }, 'sync:automated:unpin'],
  ])('%s', (_name, extra, expected) => {
    const decision = decideAutoSync(input(extra));
    const summary = decision.action === 'sync' ? `sync:${decision.initiator}${decision.unpin ? ':unpin' : ''}` : decision.action;
    expect(summary).toBe(expected);
  });

  it('says why an empty revision is blocked', () => {
    const decision = decideAutoSync(input({ policy: auto(false, true), desiredCount: 0 }));
    expect(decision).toEqual({ action: 'blocked', message: 'revision bbb renders no resources; auto-sync with prune would delete everything (set syncPolicy.automated.allowEmpty to allow it)' });
  });
});

describe('selfHealDelayMs', () => {
  it('grows by the factor up to the cap (Argo CD: 2 s × 3, at most 300 s)', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => selfHealDelayMs(n, backoff))).toEqual([2000, 6000, 18_000, 54_000, 162_000, 300_000, 300_000]);
  });
});
