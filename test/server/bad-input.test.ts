/**
 * Bad input, each case its own test: every one is a 4xx with a JSON `{code, message}`, the
 * server keeps answering, and what was stored before is still there.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedDelivery } from '../support/webhook-payloads.ts';
import { applicationManifest, CONFIG_MAP, DEFAULT_OPTIONS, startServerWorld, WEBHOOK_SECRET, type ServerWorld } from './harness.ts';

let world: ServerWorld;

beforeAll(async () => {
  world = await startServerWorld({ 'guestbook/cm.yaml': CONFIG_MAP });
  const created = await world.request('POST', '/api/v1/applications', { body: applicationManifest('guestbook', world.repo.url, 'guestbook') });
  expect(created.statusCode).toBe(201);
});
afterAll(async () => world?.close());

// After every case: the server answers, and the application created first is intact.
afterEach(async () => {
  expect((await world.request('GET', '/healthz', { token: null })).statusCode).toBe(200);
  const app = await world.request('GET', '/api/v1/applications/guestbook');
  expect(app.statusCode).toBe(200);
  expect(app.json().spec.source.path).toBe('guestbook');
});

function expectError(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string): Record<string, unknown> {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json() as Record<string, unknown>;
  expect({ status: response.statusCode, code: body.code }).toEqual({ status, code });
  expect(typeof body.message).toBe('string');
  expect(body.message).not.toContain('\n');
  return body;
}

describe('bad input', () => {
  it('malformed JSON body', async () => {
    const response = await world.request('POST', '/api/v1/applications', { payload: '{"apiVersion": "argoproj.io/v1alpha1", "kind": ', headers: { 'content-type': 'application/json' } });
    expectError(response, 400, 'REQUEST_BODY_INVALID');
  });

  it('malformed YAML body', async () => {
    const response = await world.request('POST', '/api/v1/applications', { payload: 'apiVersion: v1\nkind: [Application\n', headers: { 'content-type': 'application/yaml' } });
    const body = expectError(response, 400, 'MANIFEST_YAML_INVALID');
    expect(body.message).toMatch(/^request body:\d+:\d+: malformed YAML/);
  });

  it('several YAML documents where one Application is expected', async () => {
    const response = await world.request('POST', '/api/v1/applications', { payload: 'a: 1\n---\nb: 2\n', headers: { 'content-type': 'application/yaml' } });
    expectError(response, 400, 'REQUEST_BODY_INVALID');
  });

  it('wrong content type', async () => {
    const response = await world.request('POST', '/api/v1/applications', { payload: 'name=guestbook', headers: { 'content-type': 'text/plain' } });
    expectError(response, 415, 'REQUEST_CONTENT_TYPE_UNSUPPORTED');
  });

  it('a 10 MB body', async () => {
    const big = JSON.stringify({ ...applicationManifest('big', world.repo.url, 'guestbook'), padding: 'x'.repeat(10 * 1024 * 1024) });
    const response = await world.request('POST', '/api/v1/applications', { payload: big, headers: { 'content-type': 'application/json' } });
    expectError(response, 413, 'REQUEST_BODY_TOO_LARGE');
    expect((await world.request('GET', '/api/v1/applications/big')).statusCode).toBe(404);
  });

  it('an unknown application', async () => {
    const response = await world.request('GET', '/api/v1/applications/nope');
    expect(expectError(response, 404, 'APP_NOT_FOUND').message).toBe('application nope not found');
    expectError(await world.request('POST', '/api/v1/applications/nope/sync', { body: {} }), 404, 'APP_NOT_FOUND');
  });

  it('an unknown route', async () => {
    expectError(await world.request('GET', '/api/v1/nothing'), 404, 'NOT_FOUND');
  });

  it('an Application with several bad fields, all listed', async () => {
    const bad = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'Bad_Name' },
      spec: { source: { repoURL: 42, targetRevision: 'main' }, destination: {}, syncPolicy: { syncOptions: ['Bogus=true'] }, revisionHistoryLimit: -1 },
    };
    const response = await world.request('POST', '/api/v1/applications', { body: bad });
    const body = expectError(response, 422, 'APP_INVALID');
    const fields = (body.details as { problems: { field: string }[] }).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['metadata.name', 'spec.source.repoURL', 'spec.revisionHistoryLimit']));
    expect(fields.length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['a slash (encoded)', '/api/v1/applications/a%2Fb'],
    ['a dot-dot segment', '/api/v1/applications/a..b'],
    ['dots only', '/api/v1/applications/..%2E'],
    ['upper case', '/api/v1/applications/Guestbook'],
  ])('an application name with %s', async (_name, url) => {
    const body = expectError(await world.request('GET', url), 400, 'REQUEST_INVALID');
    expect(body.message).toMatch(/^invalid params: params\.name: must match pattern/);
  });

  it('a sync naming resources wrongly', async () => {
    const response = await world.request('POST', '/api/v1/applications/guestbook/sync', { body: { resources: [{ kind: 'ConfigMap' }], prune: 'yes', extra: 1 } });
    const body = expectError(response, 400, 'REQUEST_INVALID');
    expect((body.details as { problems: unknown[] }).problems.length).toBeGreaterThanOrEqual(3);
  });

  it('a forged webhook signature', async () => {
    const delivery = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: 'refs/heads/main' }, { secret: 'not-the-secret', delivery: 'forged-1' });
    expectError(await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers: delivery.headers }), 401, 'WEBHOOK_SIGNATURE_INVALID');
  });

  it('a missing webhook signature', async () => {
    const delivery = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: 'refs/heads/main' }, { secret: WEBHOOK_SECRET, delivery: 'unsigned-1' });
    const headers = { ...delivery.headers };
    delete (headers as Record<string, string | undefined>)['x-hub-signature-256'];
    expectError(await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers }), 401, 'WEBHOOK_SIGNATURE_MISSING');
  });

  it('a replayed webhook delivery', async () => {
    const delivery = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: 'refs/heads/main' }, { secret: WEBHOOK_SECRET, delivery: 'replayed-1' });
    expect((await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers: delivery.headers })).statusCode).toBe(200);
    expectError(await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers: delivery.headers }), 409, 'WEBHOOK_REPLAYED');
  });

  it('a webhook from a provider without a configured secret', async () => {
    const delivery = signedDelivery('gitlab', { webURL: 'https://gitlab.com/team/apps', ref: 'refs/heads/main' }, { secret: 'anything', delivery: 'gl-1' });
    expectError(await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers: delivery.headers }), 403, 'WEBHOOK_NOT_CONFIGURED');
  });

  it('an expired token', async () => {
    expectError(await world.request('GET', '/api/v1/applications', { token: world.tokens.expired }), 401, 'AUTH_TOKEN_EXPIRED');
  });

  it('an unknown token', async () => {
    expectError(await world.request('GET', '/api/v1/applications', { token: 'ferry_made-up' }), 401, 'AUTH_TOKEN_UNKNOWN');
  });

  it('no token at all', async () => {
    expectError(await world.request('GET', '/api/v1/applications', { token: null }), 401, 'AUTH_REQUIRED');
  });

  it('a readonly token asking to sync', async () => {
    const body = expectError(await world.request('POST', '/api/v1/applications/guestbook/sync', { token: world.tokens.readonly, body: {} }), 403, 'AUTH_FORBIDDEN');
    expect(body.message).toBe('token viewer is readonly: POST /api/v1/applications/:name/sync needs an admin token');
    expect(world.engine.getApplication('guestbook').status.operation).toBeUndefined();
  });

  it('a flood of webhooks', async () => {
    const limited = await world.another({ webhook: { ...DEFAULT_OPTIONS.webhook, perMinute: 5 } });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 8; i++) {
      const delivery = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: 'refs/heads/main' }, { secret: WEBHOOK_SECRET, delivery: `flood-${i}` });
      last = await limited.inject({ method: 'POST', url: '/api/webhook', payload: delivery.body, headers: delivery.headers });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expectError(last as never, 429, 'WEBHOOK_RATE_LIMITED');
    expect(Number((last as { headers: Record<string, string> }).headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('a flood of failed logins', async () => {
    const limited = await world.another({ limits: { ...DEFAULT_OPTIONS.limits, authFailuresPerMinute: 3 } });
    const attempt = (token: string) => limited.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(`ferry_guess-${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Even the right token waits: the address is blocked, not the token.
    const blocked = await attempt(world.tokens.admin);
    expectError(blocked as never, 429, 'AUTH_RATE_LIMITED');
    expect(blocked.headers['retry-after']).toBe('20');
  });
});
