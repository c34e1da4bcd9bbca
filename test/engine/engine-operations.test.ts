import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/core/index.ts';
import { application, deployment, startWorld, yaml, type World } from './world.ts';

function job(name: string, annotations: Record<string, string>, runSeconds: number): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, annotations },
    spec: { template: { metadata: { annotations: { 'sim.ferry.dev/run-seconds': String(runSeconds) } }, spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox:1.36' }] } } },
  };
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('engine operations', () => {
  it('fails a hook that never finishes, naming it and the time it was given', async () => {
    world = await startWorld('in-process', { 'app/hook.yaml': yaml(job('forever', { 'argocd.argoproj.io/hook': 'PreSync' }, 3600)) }, { engineOptions: { hookTimeoutMs: 1000 } });
    world.engine.createApplication(application('stuck', world.repoURL, 'app', { retry: { limit: 0 } }));
    await world.engine.sync('stuck');
    const app = await world.waitFor('stuck', (a) => a.status.operation?.phase === 'Failed', 'the hook time-out');
    expect(app.status.operation?.message).toMatch(/^hook batch\/Job\/guestbook\/forever-?[a-z0-9-]* did not complete within 1 s \(last state: Progressing/);
  });

  it('terminates a running sync: the hook is deleted and the operation ends Failed', async () => {
    world = await startWorld('in-process', { 'app/hook.yaml': yaml(job('slow', { 'argocd.argoproj.io/hook': 'PreSync' }, 3600)) });
    world.engine.createApplication(application('slow', world.repoURL, 'app'));
    await world.engine.sync('slow');
    await world.waitFor('slow', (a) => a.status.operation?.tasks.some((t) => t.isHook && t.status === 'Running') === true, 'the hook to run');
    world.engine.terminate('slow');
    const app = await world.waitFor('slow', (a) => a.status.operation?.phase === 'Failed', 'the termination');
    expect(app.status.operation?.message).toBe('terminated by request');
    expect(await world.client.get({ apiVersion: 'batch/v1', kind: 'Job', namespace: 'guestbook', name: 'slow' })).toBeUndefined();
    expect(() => world?.engine.terminate('slow')).toThrow('application slow has no running operation');
  });

  it('stops before touching the cluster when the dry run fails, and retries with back-off', async () => {
    const invalid = { ...deployment('web', 'nginx:1.27'), spec: { ...(deployment('web', 'nginx:1.27').spec as object), bogusField: true } };
    world = await startWorld('in-process', { 'app/deployment.yaml': yaml(invalid), 'app/config.yaml': yaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine' }, data: {} }) });
    world.engine.createApplication(application('invalid', world.repoURL, 'app', { retry: { limit: 1, backoff: { duration: '100ms', factor: 2 } } }));
    await world.engine.sync('invalid');
    const app = await world.waitFor('invalid', (a) => a.status.operation?.phase === 'Failed' && a.status.operation.attempt === 2, 'the retried failure');
    expect(app.status.operation?.message).toMatch(/^dry run failed, nothing was changed: apps\/Deployment\/guestbook\/web: .*bogusField/);
    expect(world.engine.events('invalid').filter((e) => e.reason === 'OperationRetry')).toHaveLength(1);
    expect(await world.client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'guestbook', name: 'fine' })).toBeUndefined();
  });

  it('applies client-side (ServerSideApply=false) and by replacement (Replace=true), and still compares Synced', async () => {
    const replaced = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'replaced', annotations: { 'argocd.argoproj.io/sync-options': 'Replace=true' } }, data: { a: '1' } };
    world = await startWorld('in-process', { 'app/replaced.yaml': yaml(replaced), 'app/deployment.yaml': yaml(deployment('web', 'nginx:1.27')) });
    const app = application('options', world.repoURL, 'app', { syncOptions: ['CreateNamespace=true', 'ServerSideApply=false'] });
    world.engine.createApplication(app);
    await world.engine.sync('options');
    await world.waitFor('options', (a) => a.status.sync.status === 'Synced' && a.status.operation?.phase === 'Succeeded', 'Synced');
    const live = await world.client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'guestbook', name: 'web' });
    expect(live?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"nginx:1.27"');
    // A second commit through the three-way merge removes a field dropped from Git.
    const next = world.repo.commit({ 'app/replaced.yaml': yaml({ ...replaced, data: { b: '2' } }) });
    await world.engine.sync('options');
    await world.waitFor('options', (a) => a.status.sync.revision === next && a.status.operation?.phase === 'Succeeded' && a.status.sync.status === 'Synced', 'the second sync');
    expect((await world.client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'guestbook', name: 'replaced' }))?.data).toEqual({ b: '2' });
  });

  it('asks Git once for many applications on one repository within the shared check period', async () => {
    world = await startWorld('in-process', { 'app/config.yaml': yaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} }) }, { engineOptions: { revisionCacheMs: 60_000 } });
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) world.engine.createApplication(application(name, world.repoURL, 'app'));
    await world.engine.settle();
    world.git.resetRequests();
    await Promise.all(names.map((name) => world?.engine.refresh(name)));
    expect(world.git.count({ kind: 'info-refs' })).toBe(0);
    for (const name of names) await world.engine.refresh(name, { hard: true });
    expect(world.git.count({ kind: 'info-refs' })).toBe(names.length);
    expect(world.git.count({ kind: 'upload-pack' })).toBe(0);
  });

  it('refuses to auto-sync a revision that renders nothing when that would prune everything', async () => {
    world = await startWorld('in-process', { 'app/config.yaml': yaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} }) });
    world.engine.createApplication(application('empty', world.repoURL, 'app', { automated: { prune: true } }));
    await world.waitFor('empty', (a) => a.status.sync.status === 'Synced', 'the first sync');
    world.repo.commit({ 'app/config.yaml': null, 'app/README.md': 'nothing to deploy' });
    const app = await world.waitFor('empty', (a) => a.status.conditions.some((c) => c.type === 'AutoSyncBlocked'), 'the guard');
    expect(app.status.conditions.find((c) => c.type === 'AutoSyncBlocked')?.message).toMatch(/renders no resources; auto-sync with prune would delete everything/);
    expect(await world.client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'guestbook', name: 'c' })).toBeDefined();
  });
});
