import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/core/index.ts';
import { application, deployment, startWorld, yaml, type ClusterPath, type World } from './world.ts';

const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { greeting: 'hello' } };

const guestbook = {
  'guestbook/deployment.yaml': yaml(deployment('web', 'nginx:1.27')),
  'guestbook/service.yaml': yaml(service),
  'guestbook/config.yaml': yaml(config),
};

const paths: ClusterPath[] = ['in-process', 'client-node over HTTP'];

describe.each(paths)('engine end to end, cluster %s', (clusterPath) => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('takes a new application from OutOfSync to Synced and Healthy with a sync', async () => {
    world = await startWorld(clusterPath, guestbook);
    const { engine } = world;
    engine.createApplication(application('guestbook', world.repoURL, 'guestbook'));
    const before = await engine.refresh('guestbook');
    expect(before.status.sync.status).toBe('OutOfSync');
    expect(before.status.resources.map((r) => `${r.kind}/${r.name}:${r.status}:${r.health?.status ?? '-'}`).sort()).toEqual([
      'ConfigMap/web-config:Missing:Missing',
      'Deployment/web:Missing:Missing',
      'Service/web:Missing:Missing',
    ]);
    await engine.sync('guestbook');
    const after = await world.waitFor('guestbook', (app) => app.status.sync.status === 'Synced' && app.status.health.status === 'Healthy', 'Synced and Healthy');
    expect(after.status.operation?.phase).toBe('Succeeded');
    expect(after.status.sync.revision).toBe(world.repo.rev('main'));
    const history = engine.history('guestbook');
    expect(history.map((h) => [h.revision, h.phase, h.initiator])).toEqual([[world.repo.rev('main'), 'Succeeded', 'user']]);
    const live = await world.client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'guestbook', name: 'web' });
    expect(live?.metadata.annotations?.['ferry.dev/tracking-id']).toBe('guestbook:apps/Deployment:guestbook/web');
  });

  it('auto-syncs a new commit, self-heals drift naming the field, and prunes a deleted file', async () => {
    world = await startWorld(clusterPath, guestbook);
    const { engine, repo } = world;
    engine.createApplication(application('guestbook', world.repoURL, 'guestbook', { automated: { prune: true, selfHeal: true } }));
    await world.waitFor('guestbook', (app) => app.status.sync.status === 'Synced' && app.status.health.status === 'Healthy', 'the first auto-sync');

    // A new commit is synced by itself.
    const second = repo.commit({ 'guestbook/deployment.yaml': yaml(deployment('web', 'nginx:1.28')) }, { message: 'bump nginx' });
    await world.waitFor('guestbook', (app) => app.status.sync.revision === second && app.status.sync.status === 'Synced', 'the new commit synced');
    const image = async () => ((await world?.client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'guestbook', name: 'web' }))?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image;
    expect(await image()).toBe('nginx:1.28');

    // Someone changes a field by hand: drift is seen, named, and undone.
    await world.client.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'guestbook', name: 'web' }, { type: 'merge', patch: { spec: { replicas: 5 } } }, { fieldManager: 'kubectl-edit' });
    const events = () => engine.events('guestbook').map((e) => e.message).join('\n');
    await world.waitFor('guestbook', () => /differs at \/spec\/replicas/.test(events()), 'drift named in the events');
    await world.waitFor('guestbook', (app) => app.status.sync.status === 'Synced' && app.status.operation?.initiator === 'self-heal', 'self-heal');
    const replicas = (await world.client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'guestbook', name: 'web' }))?.spec as { replicas: number };
    expect(replicas.replicas).toBe(2);

    // A file deleted from Git is pruned.
    const third = repo.commit({ 'guestbook/config.yaml': null }, { message: 'drop the config map' });
    await world.waitFor('guestbook', (app) => app.status.sync.revision === third && app.status.sync.status === 'Synced', 'the prune');
    expect(await world.client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'guestbook', name: 'web-config' })).toBeUndefined();
  });

  it('reports a Deployment whose container crashes as Degraded with the pod’s reason', async () => {
    world = await startWorld(clusterPath, { 'app/deployment.yaml': yaml(deployment('web', 'nginx:1.27', { podAnnotations: { 'sim.ferry.dev/crash': 'true' } })) });
    world.engine.createApplication(application('crashy', world.repoURL, 'app'));
    await world.engine.sync('crashy');
    const app = await world.waitFor('crashy', (a) => a.status.health.status === 'Degraded', 'Degraded');
    // Between restarts the container is either waiting in CrashLoopBackOff or running again after a crash.
    expect(app.status.health.message).toMatch(/^pod web-[a-z0-9]+-[a-z0-9]+: container "app"(: CrashLoopBackOff| crashed and restarted \d+ times? \(last exit code 1)/);
  });

  it('runs a PreSync hook before the Deployment and a PostSync hook after, in wave order', async () => {
    const hook = (name: string, phase: string): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, annotations: { 'argocd.argoproj.io/hook': phase, 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' } },
      spec: { template: { metadata: { annotations: { 'sim.ferry.dev/run-seconds': '1' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox:1.36' }] } } },
    });
    world = await startWorld(clusterPath, {
      'app/hooks.yaml': yaml(hook('migrate', 'PreSync'), hook('smoke', 'PostSync')),
      'app/deployment.yaml': yaml(deployment('web', 'nginx:1.27', { annotations: { 'argocd.argoproj.io/sync-wave': '1' } })),
      'app/config.yaml': yaml({ ...config, metadata: { name: 'early', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } } }),
      'app/service.yaml': yaml(service),
    });
    world.engine.createApplication(application('hooks', world.repoURL, 'app'));
    await world.engine.sync('hooks');
    const app = await world.waitFor('hooks', (a) => a.status.operation?.phase === 'Succeeded', 'the sync with hooks', 30_000);
    const entry = world.engine.historyEntry('hooks', world.engine.history('hooks')[0]?.id ?? 0);
    const state = world.store.operations.get(app.status.operation?.id ?? 0)?.state as { applyOrder: string[]; tasks: { id: string; key: { kind: string; name: string } }[] };
    const applied = state.applyOrder.map((id) => state.tasks.find((t) => t.id === id)).map((t) => `${t?.key.kind}/${t?.key.name}`);
    expect(applied).toEqual(['Namespace/guestbook', 'Job/migrate', 'ConfigMap/early', 'Service/web', 'Deployment/web', 'Job/smoke']);
    expect(entry.results.map((r) => r.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
  });

  it('rolls back with auto-sync on: pinned, no re-deploy, and a new commit resumes', async () => {
    world = await startWorld(clusterPath, guestbook);
    const { engine, repo } = world;
    engine.createApplication(application('guestbook', world.repoURL, 'guestbook', { automated: { prune: true, selfHeal: false } }));
    await world.waitFor('guestbook', (app) => app.status.sync.status === 'Synced' && app.status.operation?.phase === 'Succeeded', 'the first auto-sync');
    const bad = repo.commit({ 'guestbook/deployment.yaml': yaml(deployment('web', 'nginx:bad-release')) }, { message: 'a bad release' });
    await world.waitFor('guestbook', (app) => app.status.sync.revision === bad && app.status.operation?.phase === 'Succeeded', 'the bad release deployed');
    const good = engine.history('guestbook').find((h) => h.revision !== bad);
    expect(good).toBeDefined();

    await engine.rollback('guestbook', good?.id ?? 0);
    const pinned = await world.waitFor('guestbook', (app) => app.status.operation?.phase === 'Succeeded' && app.status.operation.rollbackOf === good?.id, 'the rollback');
    expect(pinned.status.pin).toMatchObject({ revision: good?.revision, fromRevision: bad });
    // Auto-sync is on, Git still says "bad": a refresh must not redeploy it.
    const after = await engine.refresh('guestbook', { hard: true });
    await engine.settle();
    expect(after.status.pin?.fromRevision).toBe(bad);
    expect(engine.getApplication('guestbook').status.operation?.rollbackOf).toBe(good?.id);
    const deployed = await world.client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'guestbook', name: 'web' });
    expect((deployed?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image).toBe('nginx:1.27');

    // A newer commit resumes auto-sync and ends the pin.
    const fixed = repo.commit({ 'guestbook/deployment.yaml': yaml(deployment('web', 'nginx:1.29')) }, { message: 'the fix' });
    const resumed = await world.waitFor('guestbook', (app) => app.status.sync.revision === fixed && app.status.operation?.phase === 'Succeeded' && app.status.operation.revision === fixed, 'the fix deployed');
    expect(resumed.status.pin).toBeUndefined();
  });
});
