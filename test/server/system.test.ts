/**
 * Auth on every route (read from the OpenAPI document the server serves), tokens, the OpenAPI
 * document itself, metrics, logs (levels, and never a credential), and a server without auth.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_SETTINGS } from '../../src/config/index.ts';
import { repoRoot } from '../support/oracles.ts';
import { signedDelivery } from '../support/webhook-payloads.ts';
import { applicationManifest, CONFIG_MAP, SECRET, SECRET_VALUES, startServerWorld, WEBHOOK_SECRET, type ServerWorld } from './harness.ts';

let world: ServerWorld;
let openapi: { paths: Record<string, Record<string, { 'x-ferry-access': string; responses: Record<string, unknown>; parameters: { in: string; name: string }[]; requestBody?: unknown }>> };

beforeAll(async () => {
  world = await startServerWorld({ 'guestbook/cm.yaml': CONFIG_MAP, 'guestbook/secret.yaml': SECRET });
  expect((await world.request('POST', '/api/v1/applications', { body: applicationManifest('guestbook', world.repo.url, 'guestbook') })).statusCode).toBe(201);
  const response = await world.request('GET', '/api/openapi.json', { token: null });
  expect(response.statusCode).toBe(200);
  openapi = response.json();
});
afterAll(async () => world?.close());

const PUBLIC = ['GET /healthz', 'GET /api/version', 'GET /api/openapi.json', 'POST /api/webhook', 'GET /*'];

function operations(): { method: string; path: string; url: string; access: string }[] {
  return Object.entries(openapi.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      url: path.replace('{name}', 'guestbook').replace('{id}', '1'),
      access: operation['x-ferry-access'],
    })),
  );
}

describe('auth on every route', () => {
  it('leaves only health, version, the OpenAPI document, webhooks and the UI public', () => {
    expect(operations().filter((o) => o.access === 'public').map((o) => `${o.method} ${o.path}`).sort()).toEqual([...PUBLIC].sort());
    expect(operations().length).toBeGreaterThanOrEqual(25);
  });

  it('answers 401 to every other route without a token', async () => {
    for (const operation of operations().filter((o) => o.access !== 'public')) {
      const response = await world.request(operation.method as never, operation.url, { token: null });
      expect({ route: `${operation.method} ${operation.path}`, status: response.statusCode, code: response.json().code }).toEqual({ route: `${operation.method} ${operation.path}`, status: 401, code: 'AUTH_REQUIRED' });
    }
  });

  it('answers 403 to a readonly token on every route that changes something', async () => {
    const writes = operations().filter((o) => o.access === 'write');
    expect(writes.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/applications', 'PUT /api/v1/applications/{name}', 'DELETE /api/v1/applications/{name}', 'POST /api/v1/applications/{name}/sync', 'POST /api/v1/applications/{name}/rollback', 'DELETE /api/v1/applications/{name}/operation', 'POST /api/v1/tokens']),
    );
    for (const operation of writes) {
      const response = await world.request(operation.method as never, operation.url, { token: world.tokens.readonly });
      expect({ route: `${operation.method} ${operation.path}`, status: response.statusCode }).toEqual({ route: `${operation.method} ${operation.path}`, status: 403 });
    }
  });

  it('lets a readonly token read', async () => {
    for (const url of ['/api/v1/applications', '/api/v1/applications/guestbook', '/api/v1/applications/guestbook/history', '/api/v1/clusters', '/api/v1/session', '/metrics']) {
      expect((await world.request('GET', url, { token: world.tokens.readonly })).statusCode).toBe(200);
    }
  });

  it('serves everything without a token when auth is off (a loopback-only setting)', async () => {
    const open = await world.another({ auth: { enabled: false } });
    const response = await open.inject({ method: 'GET', url: '/api/v1/session' });
    expect(response.json()).toEqual({ name: 'anonymous', role: 'admin', authEnabled: false });
  });
});

describe('tokens', () => {
  it('creates a readonly token that works, lists tokens without values, deletes one', async () => {
    const created = await world.request('POST', '/api/v1/tokens', { body: { name: 'ci', role: 'readonly', expiresInSeconds: 3600 } });
    expect(created.statusCode, created.body).toBe(201);
    const { token, id, expiresAt } = created.json();
    expect(token).toMatch(/^ferry_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect((await world.request('GET', '/api/v1/session', { token })).json()).toMatchObject({ name: 'ci', role: 'readonly', expiresAt });
    const list = await world.request('GET', '/api/v1/tokens');
    expect(list.json().items.map((t: { name: string }) => t.name)).toEqual(['admin', 'viewer', 'old', 'ci']);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toMatch(/hash|[0-9a-f]{64}/);
    expect((await world.request('DELETE', `/api/v1/tokens/${id}`)).statusCode).toBe(200);
    expect((await world.request('GET', '/api/v1/session', { token })).json().code).toBe('AUTH_TOKEN_UNKNOWN');
    expect((await world.request('DELETE', `/api/v1/tokens/${id}`)).json().code).toBe('TOKEN_NOT_FOUND');
  });

  it('refuses a token request with an unknown role', async () => {
    const response = await world.request('POST', '/api/v1/tokens', { body: { name: 'x', role: 'root' } });
    expect(response.statusCode).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('describes every route with a success and an error response, parameters and bodies', () => {
    expect(openapi).toMatchObject({ openapi: '3.1.0', info: { title: 'Ferry API', version: '0.0.0-test' } });
    for (const { method, path } of operations()) {
      const operation = openapi.paths[path]?.[method.toLowerCase()];
      const codes = Object.keys(operation?.responses ?? {});
      expect({ route: `${method} ${path}`, success: codes.some((c) => c.startsWith('2')) }).toEqual({ route: `${method} ${path}`, success: true });
      if (!PUBLIC.includes(`${method} ${path}`) || path === '/api/webhook') expect({ route: `${method} ${path}`, codes }).toEqual({ route: `${method} ${path}`, codes: expect.arrayContaining(['4XX']) });
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(operation?.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams);
    }
    const create = openapi.paths['/api/v1/applications']?.post as unknown as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(create.requestBody.content)).toEqual(['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml']);
    const list = openapi.paths['/api/v1/applications']?.get;
    expect(list?.parameters.map((p) => p.name)).toEqual(['sync', 'health', 'project', 'repo', 'namespace', 'cluster', 'search', 'limit', 'continue']);
  });
});

describe('the README', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

  it('lists every route and every setting', () => {
    // Paths as the README writes them: `/drain` after the cordon row names the node route once.
    const missingRoutes = Object.keys(openapi.paths).filter((p) => p !== '/*' && !readme.includes(p) && !readme.includes(`\`/${p.split('/').pop()}\``));
    const missingSettings = SERVER_SETTINGS.filter((row) => !readme.includes(`\`${row.env}\``) || !readme.includes(`\`${row.path}\``)).map((row) => row.env);
    expect({ missingRoutes, missingSettings }).toEqual({ missingRoutes: [], missingSettings: [] });
  });
});

describe('metrics and logs', () => {
  it('counts applications, syncs, reconciles, Git and cluster requests and webhooks', async () => {
    expect((await world.request('POST', '/api/v1/applications/guestbook/sync', { body: {} })).statusCode).toBe(202);
    await world.waitFor('guestbook', (a) => a.status.operation?.phase === 'Succeeded' && a.status.sync.status === 'Synced', 'synced');
    const delivery = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: 'refs/heads/main' }, { secret: WEBHOOK_SECRET, delivery: 'metrics-1' });
    await world.request('POST', '/api/webhook', { token: null, payload: delivery.body, headers: delivery.headers });
    const response = await world.request('GET', '/metrics', { token: world.tokens.readonly });
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain(`ferry_app_info{name="guestbook",project="default",sync_status="Synced",health_status="Healthy",repo="${world.repo.url}",dest_server="https://kubernetes.default.svc",dest_namespace="guestbook"} 1`);
    expect(text).toContain('ferry_app_sync_total{name="guestbook",phase="Succeeded"} 1');
    expect(text).toMatch(/ferry_app_reconcile_duration_seconds_count [1-9]/);
    expect(text).toMatch(new RegExp(`ferry_git_request_total\\{request="resolve",repo="${world.repo.url.replace(/[.]/g, '\\.')}",result="ok"\\} [1-9]`));
    expect(text).toMatch(/ferry_git_request_duration_seconds_count\{request="checkout"\} [1-9]/);
    expect(text).toMatch(/ferry_cluster_request_total\{cluster="in-cluster",verb="apply",kind="ConfigMap",result="ok"\} [1-9]/);
    expect(text).toContain('ferry_webhook_requests_total{provider="github",result="accepted"} 1');
  });

  it('logs 4xx answers at info with their code, and never a token, a webhook secret or a Secret value', async () => {
    await world.request('GET', '/api/v1/applications/nope');
    await world.request('GET', '/api/v1/applications', { token: 'ferry_not-a-real-one' });
    const lines = world.logs().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const notFound = lines.find((line) => line.code === 'APP_NOT_FOUND');
    expect(notFound).toMatchObject({ level: 30, status: 404, msg: 'application nope not found' });
    const text = world.logs();
    for (const secret of [world.tokens.admin, world.tokens.readonly, 'ferry_not-a-real-one', WEBHOOK_SECRET, ...SECRET_VALUES]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer (?!<token>)/);
  });
});
