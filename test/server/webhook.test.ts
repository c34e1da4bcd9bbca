/**
 * A signed push webhook against a real repository: only the applications the push concerns are
 * refreshed, and an auto-synced one deploys the new commit at once (no poll involved: the
 * engine polls once an hour here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedDelivery } from '../support/webhook-payloads.ts';
import { applicationManifest, CONFIG_MAP, startServerWorld, WEBHOOK_SECRET, type ServerWorld } from './harness.ts';

let world: ServerWorld;

beforeAll(async () => {
  world = await startServerWorld({ 'web/cm.yaml': CONFIG_MAP, 'api/cm.yaml': CONFIG_MAP.replace('guestbook-config', 'api-config') });
  for (const name of ['web', 'api']) {
    const manifest = applicationManifest(name, world.repo.url, name, { automated: true });
    expect((await world.request('POST', '/api/v1/applications', { body: manifest })).statusCode).toBe(201);
  }
  await world.waitFor('web', (a) => a.status.sync.status === 'Synced', 'web synced');
  await world.waitFor('api', (a) => a.status.sync.status === 'Synced', 'api synced');
});
afterAll(async () => world?.close());

function push(delivery: string, files: string[]) {
  // The repository as GitHub would name it in the payload: its URL without `.git`.
  return signedDelivery('github', { webURL: world.repo.url.replace(/\.git$/, ''), ref: 'refs/heads/main', defaultBranch: 'main', commits: [{ modified: files }] }, { secret: WEBHOOK_SECRET, delivery });
}

describe('push webhooks', () => {
  it('refreshes only the application whose path changed, which then deploys the new commit', async () => {
    const before = world.engine.getApplication('api').status.reconciledAt;
    const sha = world.repo.commit({ 'web/cm.yaml': CONFIG_MAP.replace('hello', 'hola') }, { message: 'spanish' });
    const delivery = push('push-1', ['web/cm.yaml']);
    const response = await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers: delivery.headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ provider: 'github', event: 'push', delivery: 'push-1', refreshed: ['web'] });
    const web = await world.waitFor('web', (a) => a.status.sync.revision === sha && a.status.sync.status === 'Synced' && a.status.operation?.phase === 'Succeeded', 'web on the new commit', 15_000, false);
    expect(web.status.operation?.initiator).toBe('automated');
    expect(world.engine.getApplication('api').status.reconciledAt).toBe(before);
  });

  it('refreshes nothing for a push to another branch', async () => {
    const delivery = signedDelivery('github', { webURL: world.repo.url, ref: 'refs/heads/feature', defaultBranch: 'main', commits: [{ modified: ['web/cm.yaml'] }] }, { secret: WEBHOOK_SECRET, delivery: 'push-2' });
    const response = await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers: delivery.headers });
    expect(response.json().refreshed).toEqual([]);
  });
});
