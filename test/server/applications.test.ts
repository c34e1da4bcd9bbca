/**
 * The application routes end to end through `inject()`: create (JSON and YAML), list with
 * filters and pages, get in Argo CD's shape, sync, diff, resource tree, manifests, history,
 * rollback with pin, unpin, update with a version precondition, delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationManifest, CONFIG_MAP, DEPLOYMENT, SECRET, SECRET_VALUES, startServerWorld, type ServerWorld } from './harness.ts';

function expectNoSecret(text: string): void {
  for (const value of SECRET_VALUES) expect(text).not.toContain(value);
}

let world: ServerWorld;

beforeAll(async () => {
  world = await startServerWorld({ 'guestbook/cm.yaml': CONFIG_MAP, 'guestbook/secret.yaml': SECRET, 'guestbook/deploy.yaml': DEPLOYMENT, 'other/cm.yaml': CONFIG_MAP.replace('guestbook-config', 'other-config') });
});
afterAll(async () => world?.close());

function yamlOf(name: string, repoURL: string, sourcePath: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  project: team-a
  source: {repoURL: "${repoURL}", targetRevision: main, path: ${sourcePath}}
  destination: {server: "https://kubernetes.default.svc", namespace: other}
  syncPolicy: {syncOptions: [CreateNamespace=true]}
`;
}

describe('application routes', () => {
  it('creates an application from JSON and refuses a second one with the same name', async () => {
    const created = await world.request('POST', '/api/v1/applications', { body: applicationManifest('guestbook', world.repo.url, 'guestbook') });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'guestbook', resourceVersion: '1' }, spec: { source: { path: 'guestbook' } }, status: { sync: { status: expect.any(String) } } });
    const again = await world.request('POST', '/api/v1/applications', { body: applicationManifest('guestbook', world.repo.url, 'guestbook') });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'STORE_ALREADY_EXISTS', message: 'application guestbook already exists' });
  });

  it('creates an application from YAML', async () => {
    const created = await world.request('POST', '/api/v1/applications', { payload: yamlOf('other', world.repo.url, 'other'), headers: { 'content-type': 'application/yaml' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().spec.project).toBe('team-a');
  });

  it('gets an application in Argo CD status shape, compared first with ?refresh', async () => {
    const response = await world.request('GET', '/api/v1/applications/guestbook?refresh=hard');
    expect(response.statusCode).toBe(200);
    const status = response.json().status;
    expect(status.sync.status).toBe('OutOfSync');
    expect(status.sync.revision).toBe(world.repo.rev('main'));
    expect(status.sync.comparedTo.source.repoURL).toBe(world.repo.url);
    expect(status.health.status).toBe('Missing');
    expect(status.resources.map((r: { kind: string }) => r.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Secret']);
    expect(status.history).toEqual([]);
  });

  it.each([
    ['?project=team-a', ['other']],
    ['?namespace=guestbook', ['guestbook']],
    ['?sync=OutOfSync', ['guestbook', 'other']],
    ['?health=Healthy', []],
    ['?search=uest', ['guestbook']],
    ['?cluster=https://kubernetes.default.svc', ['guestbook', 'other']],
    ['?cluster=elsewhere', []],
  ])('lists with the filter %s', async (query, names) => {
    await world.engine.refresh('other');
    const response = await world.request('GET', `/api/v1/applications${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual(names);
  });

  it('lists by repository, however its URL is spelled', async () => {
    const spelled = world.repo.url.replace(/\.git$/, '/').replace('http://', 'HTTP://');
    const response = await world.request('GET', `/api/v1/applications?repo=${encodeURIComponent(spelled)}`);
    expect(response.json().items.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual(['guestbook', 'other']);
  });

  it('pages through the list', async () => {
    const first = (await world.request('GET', '/api/v1/applications?limit=1')).json();
    expect(first.items.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual(['guestbook']);
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = (await world.request('GET', `/api/v1/applications?limit=1&continue=${first.metadata.continue}`)).json();
    expect(second.items.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual(['other']);
    expect(second.metadata).toEqual({});
  });

  it('syncs, and the application ends Synced and Healthy with a history entry', async () => {
    const response = await world.request('POST', '/api/v1/applications/guestbook/sync', { body: { prune: true } });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().operation).toMatchObject({ phase: 'Running', initiator: 'user:admin', prune: true });
    await world.waitFor('guestbook', (a) => a.status.sync.status === 'Synced' && a.status.health.status === 'Healthy' && a.status.operation?.phase === 'Succeeded', 'Synced and Healthy');
    const app = (await world.request('GET', '/api/v1/applications/guestbook')).json();
    expect(app.status.operationState).toMatchObject({ phase: 'Succeeded', operation: { sync: { revision: world.repo.rev('main'), prune: true }, initiatedBy: { username: 'user:admin' } } });
    expect(app.status.operationState.syncResult.resources.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`).sort()).toEqual(['ConfigMap:Synced', 'Deployment:Synced', 'Namespace:Synced', 'Secret:Synced']);
    expect(app.status.history).toHaveLength(1);
    expect(app.status.history[0]).toMatchObject({ id: expect.any(Number), revision: world.repo.rev('main'), initiatedBy: { username: 'user:admin' } });
  });

  it('shows the resource tree: Deployment, its ReplicaSet, their Pods', async () => {
    const response = await world.request('GET', '/api/v1/applications/guestbook/resource-tree');
    expect(response.statusCode).toBe(200);
    const deployment = response.json().nodes.find((n: { kind: string }) => n.kind === 'Deployment');
    expect(deployment).toMatchObject({ name: 'guestbook-ui', status: 'Synced', health: { status: 'Healthy' } });
    expect(deployment.children.map((c: { kind: string }) => c.kind)).toEqual(['ReplicaSet']);
    const pods = deployment.children[0].children;
    expect(pods).toHaveLength(2);
    expect(pods[0]).toMatchObject({ kind: 'Pod', health: { status: 'Healthy' }, info: expect.arrayContaining([{ name: 'Status', value: 'Running' }]) });
  });

  it('shows the live and desired manifests of a resource, Secret values masked', async () => {
    const response = await world.request('GET', '/api/v1/applications/guestbook/resource?kind=Secret&namespace=guestbook&name=guestbook-secret');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.status).toBe('Synced');
    expect(body.live.data).toEqual({ password: '********' });
    expect(body.desired.data).toEqual({ password: '********' });
    expectNoSecret(response.body);
    const deployment = (await world.request('GET', '/api/v1/applications/guestbook/resource?group=apps&kind=Deployment&namespace=guestbook&name=guestbook-ui')).json();
    expect(deployment.live.status.readyReplicas).toBe(2);
    expect(deployment.desired.spec.replicas).toBe(2);
    const missing = await world.request('GET', '/api/v1/applications/guestbook/resource?kind=Secret&namespace=guestbook&name=nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('APP_RESOURCE_NOT_FOUND');
  });

  it('diffs a drifted resource, and never shows Secret values', async () => {
    await world.cluster.api.patch(world.cluster.registry.byKind('v1', 'ConfigMap')!, 'guestbook', 'guestbook-config', 'merge', { data: { greeting: 'drifted' } }, { fieldManager: 'kubectl-edit' });
    const diff = await world.waitFor('guestbook', (a) => a.status.sync.status === 'OutOfSync', 'drift seen').then(() => world.request('GET', '/api/v1/applications/guestbook/diff'));
    expect(diff.statusCode).toBe(200);
    const body = diff.json();
    expect(body.syncStatus).toBe('OutOfSync');
    const configMap = body.resources.find((r: { kind: string }) => r.kind === 'ConfigMap');
    expect(configMap.status).toBe('OutOfSync');
    expect(configMap.unified).toContain('-  greeting: drifted');
    expect(configMap.unified).toContain('+  greeting: hello');
    expectNoSecret(diff.body);
  });

  it('lists events and history, and gets a history entry with its manifests (Secrets masked)', async () => {
    const events = (await world.request('GET', '/api/v1/applications/guestbook/events')).json().items;
    expect(events.map((e: { reason: string }) => e.reason)).toEqual(expect.arrayContaining(['Created', 'OperationStarted', 'OperationCompleted']));
    const after = (await world.request('GET', `/api/v1/applications/guestbook/events?after=${events[events.length - 2].id}`)).json().items;
    expect(after).toHaveLength(1);
    const history = (await world.request('GET', '/api/v1/applications/guestbook/history')).json().items;
    expect(history).toHaveLength(1);
    const entry = await world.request('GET', `/api/v1/applications/guestbook/history/${history[0].id}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.json().manifests.map((m: { kind: string }) => m.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Secret']);
    expectNoSecret(entry.body);
    expect((await world.request('GET', '/api/v1/applications/guestbook/history/999')).json().code).toBe('APP_HISTORY_NOT_FOUND');
  });

  it('rolls back to a history entry, pins there, and unpins', async () => {
    // GIVEN a second revision deployed
    world.repo.commit({ 'guestbook/cm.yaml': CONFIG_MAP.replace('hello', 'bonjour') }, { message: 'french' });
    await world.request('GET', '/api/v1/applications/guestbook?refresh=hard');
    expect((await world.request('POST', '/api/v1/applications/guestbook/sync', { body: {} })).statusCode).toBe(202);
    await world.waitFor('guestbook', (a) => a.status.operation?.phase === 'Succeeded' && a.status.sync.revision === world.repo.rev('main'), 'second sync');
    const history = (await world.request('GET', '/api/v1/applications/guestbook/history')).json().items;
    expect(history).toHaveLength(2);
    // WHEN rolling back to the first
    const rollback = await world.request('POST', '/api/v1/applications/guestbook/rollback', { body: { id: history[1].id } });
    expect(rollback.statusCode, rollback.body).toBe(202);
    expect(rollback.json().operation.rollbackOf).toBe(history[1].id);
    const pinned = await world.waitFor('guestbook', (a) => a.status.operation?.phase === 'Succeeded' && a.status.operation.rollbackOf !== undefined, 'rollback');
    // THEN the application is pinned at the first revision
    expect(pinned.status.pin).toMatchObject({ historyId: history[1].id, revision: history[1].revision, fromRevision: history[0].revision });
    const app = (await world.request('GET', '/api/v1/applications/guestbook')).json();
    expect(app.status.pin.historyId).toBe(history[1].id);
    const unpinned = await world.request('POST', '/api/v1/applications/guestbook/unpin');
    expect(unpinned.statusCode).toBe(200);
    expect(unpinned.json().status.pin).toBeUndefined();
  });

  it('terminates only a running operation', async () => {
    const response = await world.request('DELETE', '/api/v1/applications/guestbook/operation');
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('APP_NO_OPERATION');
  });

  it('updates with the version read, and refuses a stale one', async () => {
    const current = (await world.request('GET', '/api/v1/applications/other')).json();
    const changed = { ...current, spec: { ...current.spec, revisionHistoryLimit: 3 } };
    const updated = await world.request('PUT', '/api/v1/applications/other', { body: changed });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().metadata.resourceVersion).toBe('2');
    expect(updated.json().spec.revisionHistoryLimit).toBe(3);
    const stale = await world.request('PUT', '/api/v1/applications/other', { body: changed });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STORE_CONFLICT');
    const renamed = await world.request('PUT', '/api/v1/applications/other', { body: { ...changed, metadata: { name: 'another' } } });
    expect(renamed.statusCode).toBe(422);
  });

  it('deletes without cascade (resources stay) and with cascade (resources go)', async () => {
    const kept = await world.request('DELETE', '/api/v1/applications/other?cascade=false');
    expect(kept.json()).toEqual({ name: 'other', cascade: false });
    expect((await world.request('GET', '/api/v1/applications/other')).statusCode).toBe(404);
    const deleted = await world.request('DELETE', '/api/v1/applications/guestbook');
    expect(deleted.json()).toEqual({ name: 'guestbook', cascade: true });
    const deployments = world.cluster.registry.byKind('apps/v1', 'Deployment')!;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        world.cluster.api.get(deployments, 'guestbook', 'guestbook-ui');
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(() => world.cluster.api.get(deployments, 'guestbook', 'guestbook-ui')).toThrow();
    expect((await world.request('GET', '/api/v1/applications')).json().items).toEqual([]);
  });
});
