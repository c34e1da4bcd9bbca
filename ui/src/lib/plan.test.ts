import { describe, expect, it } from 'vitest';
import type { OperationTask, ResourceStatusView } from '../api/types.ts';
import { describeCounts, describeWave, summarizePlan } from './plan.ts';

function task(phase: string, wave: number, kind: string, name: string, action = 'apply', extra: Partial<OperationTask> = {}): OperationTask {
  return { key: { group: '', kind, namespace: 'default', name }, phase, wave, action, status: 'Pending', isHook: false, ...extra } as OperationTask;
}

function resource(kind: string, name: string, status: ResourceStatusView['status']): ResourceStatusView {
  return { group: '', version: 'v1', kind, namespace: 'default', name, status };
}

describe('summarizePlan', () => {
  const resources = [resource('ConfigMap', 'settings', 'OutOfSync'), resource('Service', 'web', 'Synced'), resource('Secret', 'new', 'Missing'), resource('ConfigMap', 'old', 'Extra'), resource('ConfigMap', 'older', 'Extra')];
  const tasks = [
    task('Sync', 1, 'Service', 'web'),
    task('PreSync', -9007199254740991, 'Namespace', 'prod', 'create-namespace', { key: { group: '', kind: 'Namespace', namespace: '', name: 'prod' } }),
    task('Sync', 0, 'ConfigMap', 'settings'),
    task('PostSync', 0, 'Job', 'smoke', 'apply', { isHook: true }),
    task('Sync', 0, 'Secret', 'new'),
    task('Sync', 2, 'ConfigMap', 'old', 'prune'),
    task('Sync', 2, 'ConfigMap', 'older', 'prune', { status: 'Skipped', message: 'prune disabled' }),
    task('PreSync', 0, 'Job', 'migrate', 'apply', { isHook: true }),
  ];

  it('orders steps by phase then wave and says what each task does', () => {
    const plan = summarizePlan({ tasks }, resources);
    expect(plan.steps.map((s) => `${s.phase}:${describeWave(s.wave)} ${s.items.map((i) => `${i.verb} ${i.kind}/${i.name}`).join(', ')}`)).toEqual([
      'PreSync:first create-namespace Namespace/prod',
      'PreSync:wave 0 hook Job/migrate',
      'Sync:wave 0 change ConfigMap/settings, create Secret/new',
      'Sync:wave 1 unchanged Service/web',
      'Sync:wave 2 prune ConfigMap/old, keep ConfigMap/older',
      'PostSync:wave 0 hook Job/smoke',
    ]);
    expect(plan.steps[4]?.items[1]?.message).toBe('prune disabled');
  });

  it('counts and describes the plan', () => {
    const plan = summarizePlan({ tasks }, resources);
    expect(plan.counts).toEqual({ create: 1, change: 1, unchanged: 1, prune: 1, keep: 1, hook: 2, 'create-namespace': 1 });
    expect(describeCounts(plan.counts)).toBe('1 namespace to create, 1 to create, 1 to change, 1 to prune, 2 hooks to run, 1 not pruned (prune is off), 1 unchanged');
  });

  it('treats a resource it has no comparison for as new', () => {
    expect(summarizePlan({ tasks: [task('Sync', 0, 'ConfigMap', 'x')] }, []).counts.create).toBe(1);
  });

  it('says when there is nothing to do', () => {
    expect(describeCounts(summarizePlan({ tasks: [] }, []).counts)).toBe('nothing to do');
  });
});
