/**
 * Sync options through the API: a dry run (nothing changes, no history), another revision
 * than the target, and terminating an operation while it waits for a PreSync hook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationManifest, CONFIG_MAP, startServerWorld, type ServerWorld } from './harness.ts';

let world: ServerWorld;
let firstSha: string;

const SLOW_HOOK = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  backoffLimit: 0
  template:
    metadata:
      annotations:
        sim.ferry.dev/crash: "true"
        sim.ferry.dev/crash-after-seconds: "600"
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: busybox:1.36
`;

function configMapData(): Record<string, string> | undefined {
  try {
    return world.cluster.api.get(world.cluster.registry.byKind('v1', 'ConfigMap')!, 'guestbook', 'guestbook-config').data as Record<string, string>;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  world = await startServerWorld({ 'guestbook/cm.yaml': CONFIG_MAP });
  firstSha = world.repo.rev('main') ?? '';
  world.repo.commit({ 'guestbook/cm.yaml': CONFIG_MAP.replace('hello', 'second') }, { message: 'second' });
  expect((await world.request('POST', '/api/v1/applications', { body: applicationManifest('web', world.repo.url, 'guestbook') })).statusCode).toBe(201);
});
afterAll(async () => world?.close());

describe('sync options', () => {
  it('dry-runs: the operation succeeds, the cluster and the history stay as they were', async () => {
    const response = await world.request('POST', '/api/v1/applications/web/sync', { body: { dryRun: true } });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().operation.dryRun).toBe(true);
    const view = await world.waitFor('web', (a) => a.status.operation?.phase === 'Succeeded', 'the dry run', 20_000, false);
    expect(view.status.operation?.dryRun).toBe(true);
    expect(configMapData()).toBeUndefined();
    expect((await world.request('GET', '/api/v1/applications/web/history')).json().items).toEqual([]);
  });

  it('syncs another revision than the target', async () => {
    const response = await world.request('POST', '/api/v1/applications/web/sync', { body: { revision: firstSha } });
    expect(response.json().operation.revision).toBe(firstSha);
    await world.waitFor('web', (a) => a.status.operation?.phase === 'Succeeded' && !a.status.operation.dryRun, 'the sync', 20_000, false);
    expect(configMapData()).toEqual({ greeting: 'hello' });
    expect((await world.request('GET', '/api/v1/applications/web/history')).json().items[0].revision).toBe(firstSha);
  });

  it('terminates an operation waiting for a hook', async () => {
    world.repo.commit({ 'guestbook/hook.yaml': SLOW_HOOK }, { message: 'a slow migration' });
    expect((await world.request('POST', '/api/v1/applications/web/sync', { body: {} })).statusCode).toBe(202);
    await world.waitFor('web', (a) => a.status.operation?.tasks.some((t) => t.key.kind === 'Job' && t.status === 'Running') === true, 'the hook running', 20_000, false);
    const terminated = await world.request('DELETE', '/api/v1/applications/web/operation');
    expect(terminated.json()).toEqual({ name: 'web', terminated: true });
    const view = await world.waitFor('web', (a) => a.status.operation?.phase !== 'Running' && a.status.operation?.phase !== 'Terminating', 'the end of the operation', 20_000, false);
    expect(view.status.operation).toMatchObject({ phase: 'Failed', message: 'terminated by request' });
    expect(configMapData()).toEqual({ greeting: 'hello' });
  });
});
