import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../core/index.ts';
import { resolveFenceposts, REVISION, REVISION_HISTORY } from './deployment.ts';
import { createTestCluster, deploymentObject, isReady, rolledOut, type TestCluster } from './testing.ts';

function live(c: TestCluster, app: string): KubeObject[] {
  return c.list('pods', 'default').filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
}

function setImage(c: TestCluster, name: string, image: string, extra: Record<string, unknown> = {}): void {
  const d = c.get('apps/deployments', 'default', name) as KubeObject;
  const spec = structuredClone(d.spec) as { template: { spec: { containers: { image: string }[] } } };
  (spec.template.spec.containers[0] as { image: string }).image = image;
  c.manager.client.update('apps/deployments', { ...d, spec: { ...spec, ...extra } });
}

function deployment(c: TestCluster, name: string): KubeObject {
  return c.get('apps/deployments', 'default', name) as KubeObject;
}

describe('Deployment fenceposts', () => {
  it.each([
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 4, 1, 1],
    [1, 1, 4, 1, 1],
    [0, 0, 3, 0, 1],
    ['50%', '0%', 5, 3, 0],
    ['10%', '10%', 3, 1, 0],
  ])('maxSurge %s, maxUnavailable %s of %i replicas → surge %i, unavailable %i', (surge, unavailable, replicas, wantSurge, wantUnavailable) => {
    expect(resolveFenceposts(surge, unavailable, replicas)).toEqual({ surge: wantSurge, unavailable: wantUnavailable });
  });
});

describe('Deployment rolling update', () => {
  it.each([
    { replicas: 4, maxSurge: 1, maxUnavailable: 1, maxPods: 5, minReady: 3 },
    { replicas: 10, maxSurge: '25%', maxUnavailable: '25%', maxPods: 13, minReady: 8 },
    { replicas: 3, maxSurge: 0, maxUnavailable: 1, maxPods: 3, minReady: 2 },
    { replicas: 2, maxSurge: 1, maxUnavailable: 0, maxPods: 3, minReady: 2 },
  ])('$replicas replicas, surge $maxSurge, unavailable $maxUnavailable: never more than $maxPods pods nor fewer than $minReady Ready', ({ replicas, maxSurge, maxUnavailable, maxPods, minReady }) => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web', { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } }));
    expect(c.manager.runUntil(() => rolledOut(deployment(c, 'web')))).toBe(true);
    setImage(c, 'web', 'nginx:1.28');
    let most = 0;
    let least = Infinity;
    const done = c.manager.runUntil(() => rolledOut(deployment(c, 'web')) && live(c, 'web').every((p) => (p.spec as { containers: { image: string }[] }).containers[0]?.image === 'nginx:1.28'), {
      onStep: () => {
        const pods = live(c, 'web');
        most = Math.max(most, pods.length);
        least = Math.min(least, pods.filter(isReady).length);
      },
    });
    expect(done).toBe(true);
    expect(most).toBeLessThanOrEqual(maxPods);
    expect(least).toBeGreaterThanOrEqual(minReady);
    const status = deployment(c, 'web').status as Record<string, unknown>;
    expect(status).toMatchObject({ replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas });
    expect(status.unavailableReplicas).toBeUndefined();
    const conditions = status.conditions as { type: string; reason: string; status: string }[];
    expect(conditions.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(deployment(c, 'web').metadata.annotations?.[REVISION]).toBe('2');
  });

  it('names the ReplicaSet <deployment>-<pod-template-hash> with the safe alphabet and records revisions', () => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web'));
    c.manager.runUntil(() => rolledOut(deployment(c, 'web')));
    const [rs] = c.list('apps/replicasets', 'default');
    const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(/^[4-9bcdf]{6,10}$/);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    expect(rs?.metadata.annotations).toMatchObject({ [REVISION]: '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect((rs?.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    const events = c.list('events', 'default').filter((e) => (e.involvedObject as { kind: string }).kind === 'Deployment');
    expect(events.map((e) => e.message)).toContain(`Scaled up replica set web-${hash} from 0 to 3`);
  });

  it('rolls back by reusing the old ReplicaSet with a new revision and a revision history', () => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web'));
    c.manager.runUntil(() => rolledOut(deployment(c, 'web')));
    const first = c.list('apps/replicasets', 'default')[0]?.metadata.name;
    setImage(c, 'web', 'nginx:1.28');
    c.manager.runUntil(() => rolledOut(deployment(c, 'web')) && c.list('apps/replicasets', 'default').length === 2 && live(c, 'web').length === 3);
    setImage(c, 'web', 'nginx:1.27'); // what `kubectl rollout undo` does: put the old template back
    expect(c.manager.runUntil(() => rolledOut(deployment(c, 'web')) && (c.get('apps/replicasets', 'default', first ?? '')?.status as { availableReplicas?: number }).availableReplicas === 3)).toBe(true);
    const rs = c.get('apps/replicasets', 'default', first ?? '') as KubeObject;
    expect(rs.metadata.annotations?.[REVISION]).toBe('3');
    expect(rs.metadata.annotations?.[REVISION_HISTORY]).toBe('1');
    expect(deployment(c, 'web').metadata.annotations?.[REVISION]).toBe('3');
    expect(c.list('apps/replicasets', 'default')).toHaveLength(2);
  });

  it('trims old ReplicaSets beyond revisionHistoryLimit', () => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web', { revisionHistoryLimit: 1 }));
    c.manager.runUntil(() => rolledOut(deployment(c, 'web')));
    for (const tag of ['1.28', '1.29', '1.30']) {
      setImage(c, 'web', `nginx:${tag}`);
      c.manager.runUntil(() => rolledOut(deployment(c, 'web')) && live(c, 'web').length === 3);
      c.manager.runUntil(() => c.list('pods', 'default').length === 3, { timeoutMs: 60_000 });
    }
    c.manager.runUntilIdle();
    const revisions = c.list('apps/replicasets', 'default').map((rs) => rs.metadata.annotations?.[REVISION]).sort();
    expect(revisions).toEqual(['3', '4']);
  });
});

describe('Deployment Recreate', () => {
  it('deletes every old pod before creating a new one', () => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web', { strategy: { type: 'Recreate' } }));
    c.manager.runUntil(() => rolledOut(deployment(c, 'web')));
    setImage(c, 'web', 'nginx:1.28');
    let overlap = false;
    const done = c.manager.runUntil(() => rolledOut(deployment(c, 'web')) && live(c, 'web').length === 3, {
      onStep: () => {
        const images = new Set(c.list('pods', 'default').map((p) => (p.spec as { containers: { image: string }[] }).containers[0]?.image));
        if (images.has('nginx:1.27') && images.has('nginx:1.28')) overlap = true;
      },
    });
    expect(done).toBe(true);
    expect(overlap).toBe(false);
  });
});

describe('Deployment health failures', () => {
  it('crash annotation: CrashLoopBackOff with growing restarts, never available, progress deadline exceeded', () => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web', { progressDeadlineSeconds: 60 }, { 'sim.ferry.dev/crash': 'true' }));
    const timedOut = () => ((deployment(c, 'web').status as { conditions?: { reason: string }[] }).conditions ?? []).some((x) => x.reason === 'ProgressDeadlineExceeded');
    expect(c.manager.runUntil(timedOut, { timeoutMs: 5 * 60_000 })).toBe(true);
    const status = deployment(c, 'web').status as Record<string, unknown>;
    expect(status.availableReplicas).toBeUndefined();
    expect(status.unavailableReplicas).toBe(3);
    const progressing = (status.conditions as { type: string; status: string; message: string }[]).find((x) => x.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', message: expect.stringMatching(/^ReplicaSet "web-[4-9bcdf]+" has timed out progressing\.$/) });
    c.manager.advance(3 * 60_000);
    const pod = live(c, 'web')[0] as KubeObject;
    const container = ((pod.status as { containerStatuses: Record<string, unknown>[] }).containerStatuses[0]) as { restartCount: number; lastState: { terminated?: { exitCode: number } }; state: { waiting?: { reason: string } } };
    expect(container.restartCount).toBeGreaterThanOrEqual(3);
    expect(container.lastState.terminated?.exitCode).toBe(1);
    const reasons = c.list('pods', 'default').map((p) => (((p.status as { containerStatuses: { state: { waiting?: { reason: string }; running?: unknown } }[] }).containerStatuses[0]?.state.waiting?.reason) ?? 'Running'));
    expect(reasons).toContain('CrashLoopBackOff');
  });

  it('paused: Progressing Unknown DeploymentPaused, no new ReplicaSet until resumed', () => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web'));
    c.manager.runUntil(() => rolledOut(deployment(c, 'web')));
    const d = deployment(c, 'web');
    c.manager.client.update('apps/deployments', { ...d, spec: { ...(d.spec as object), paused: true } });
    setImage(c, 'web', 'nginx:1.28');
    c.manager.advance(30_000);
    expect(c.list('apps/replicasets', 'default')).toHaveLength(1);
    const progressing = ((deployment(c, 'web').status as { conditions: { type: string; status: string; reason: string }[] }).conditions).find((x) => x.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    const paused = deployment(c, 'web');
    c.manager.client.update('apps/deployments', { ...paused, spec: { ...(paused.spec as object), paused: false } });
    expect(c.manager.runUntil(() => rolledOut(deployment(c, 'web')) && c.list('apps/replicasets', 'default').length === 2)).toBe(true);
  });

  it('scales proportionally: a scale-up during a rollout spreads over both ReplicaSets', () => {
    const c = createTestCluster();
    c.create('apps/deployments', deploymentObject('web', { replicas: 10 }, { 'sim.ferry.dev/not-ready': 'true' }));
    c.manager.advance(5_000);
    setImage(c, 'web', 'nginx:1.28');
    c.manager.advance(5_000);
    const d = deployment(c, 'web');
    c.manager.client.update('apps/deployments', { ...d, spec: { ...(d.spec as object), replicas: 20 } });
    c.manager.advance(1_000);
    const sizes = c.list('apps/replicasets', 'default').map((rs) => (rs.spec as { replicas: number }).replicas);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20 + 5); // replicas + maxSurge (25% of 20)
    expect(sizes.every((n) => n > 0)).toBe(true);
  });
});
