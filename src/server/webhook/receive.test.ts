import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isFerryError } from '../../core/index.ts';
import { validateApplication, type Application } from '../../application/index.ts';
import { signedDelivery, type Provider } from '../../../test/support/webhook-payloads.ts';
import { DeliveryLog } from './providers.ts';
import { receiveWebhook, type WebhookDeps } from './receive.ts';

const SECRETS = { github: { secret: 'gh-secret' }, gitea: { secret: 'gt-secret' }, gitlab: { secret: 'gl-secret' }, bitbucket: { secret: 'bb-secret', uuid: '{7f3c-uuid}' } };
const SECRET_OF: Record<Provider, string> = { github: 'gh-secret', gitea: 'gt-secret', gitlab: 'gl-secret', bitbucket: 'bb-secret' };

function app(name: string, repoURL: string, path: string, targetRevision = 'HEAD'): Application {
  return validateApplication({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { source: { repoURL, path, targetRevision }, destination: { server: 'https://kubernetes.default.svc', namespace: 'web' } },
  });
}

function setup(apps: Application[]) {
  const calls: { repoURL: string; names: string[] }[] = [];
  const deps: WebhookDeps = {
    secrets: SECRETS,
    deliveries: new DeliveryLog(),
    applications: () => apps.map((application) => ({ application })),
    refresh: (repoURL, names) => {
      calls.push({ repoURL, names: [...names].sort() });
      return [...names];
    },
  };
  return { deps, calls };
}

function errorOf(work: () => unknown): { code: string; status: number; message: string } {
  try {
    work();
  } catch (error) {
    if (isFerryError(error)) return { code: error.code, status: error.httpStatus, message: error.message };
    throw error;
  }
  throw new Error('expected a FerryError');
}

const HOSTS: Record<Provider, string> = { github: 'https://github.com', gitea: 'https://gitea.example.com', gitlab: 'https://gitlab.com', bitbucket: 'https://bitbucket.org' };

describe.each(['github', 'gitea', 'gitlab', 'bitbucket'] as const)('%s push deliveries', (provider) => {
  const webURL = `${HOSTS[provider]}/team/apps`;
  const apps = [app('web', `${webURL}.git`, 'web'), app('api', webURL.toUpperCase().replace('/TEAM/APPS', '/team/apps/'), 'api'), app('dev', webURL, 'web', 'dev'), app('other', `${HOSTS[provider]}/team/other`, 'web')];
  const spec = { webURL, ref: 'refs/heads/main', defaultBranch: 'main', commits: [{ modified: ['web/deploy.yaml'] }] };
  const sign = (delivery: string, overrides: Partial<typeof spec> = {}) => signedDelivery(provider, { ...spec, ...overrides }, { secret: SECRET_OF[provider], delivery, uuid: '{7F3C-UUID}' });

  it('refreshes the applications of that repository and branch whose path changed', () => {
    const { deps, calls } = setup(apps);
    const delivery = sign('d-1');
    const result = receiveWebhook({ headers: delivery.headers, body: Buffer.from(delivery.body), contentType: 'application/json' }, deps);
    // Bitbucket payloads list no files: every application on the branch is refreshed.
    const expected = provider === 'bitbucket' ? ['api', 'web'] : ['web'];
    expect(result).toEqual({ provider, event: expect.any(String), delivery: 'd-1', refreshed: expected });
    expect(calls.flatMap((c) => c.names).sort()).toEqual(expected);
  });

  it('refuses a replayed delivery', () => {
    const { deps } = setup(apps);
    const delivery = sign('d-2');
    const input = { headers: delivery.headers, body: Buffer.from(delivery.body), contentType: 'application/json' };
    receiveWebhook(input, deps);
    expect(errorOf(() => receiveWebhook(input, deps))).toMatchObject({ code: 'WEBHOOK_REPLAYED', status: 409 });
  });

  it('refuses a forged delivery, and does not let it burn the delivery id', () => {
    const { deps, calls } = setup(apps);
    const real = sign('d-3');
    // GitLab sends its secret as is (no signature over the body): forging means guessing it.
    const forgedInput = provider === 'gitlab' ? { headers: { ...real.headers, 'x-gitlab-token': 'guess' }, body: Buffer.from(real.body) } : { headers: real.headers, body: Buffer.from(real.body.replace('main', 'dev')) };
    expect(errorOf(() => receiveWebhook(forgedInput, deps))).toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID', status: 401 });
    expect(calls).toEqual([]);
    expect(receiveWebhook({ headers: real.headers, body: Buffer.from(real.body), contentType: 'application/json' }, deps).delivery).toBe('d-3');
  });

  it('refuses a delivery without its signature', () => {
    const { deps } = setup(apps);
    const delivery = sign('d-4');
    const headers = Object.fromEntries(Object.entries(delivery.headers).filter(([name]) => !['x-hub-signature-256', 'x-gitea-signature', 'x-gitlab-token', 'x-hub-signature'].includes(name)));
    expect(errorOf(() => receiveWebhook({ headers, body: Buffer.from(delivery.body) }, deps))).toMatchObject({ code: 'WEBHOOK_SIGNATURE_MISSING', status: 401 });
  });

  it('refuses deliveries from a provider with no secret configured', () => {
    const { deps } = setup(apps);
    const delivery = sign('d-5');
    expect(errorOf(() => receiveWebhook({ headers: delivery.headers, body: Buffer.from(delivery.body) }, { ...deps, secrets: {} }))).toMatchObject({ code: 'WEBHOOK_NOT_CONFIGURED', status: 403 });
  });
});

describe('receiveWebhook', () => {
  it('acknowledges a GitHub ping without refreshing anything', () => {
    const { deps, calls } = setup([app('web', 'https://github.com/team/apps', '.')]);
    const delivery = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: '' }, { secret: 'gh-secret', delivery: 'p-1', event: 'ping' });
    expect(receiveWebhook({ headers: delivery.headers, body: Buffer.from(delivery.body) }, deps)).toEqual({ provider: 'github', event: 'ping', delivery: 'p-1', refreshed: [], ignored: 'ping is not a push event' });
    expect(calls).toEqual([]);
  });

  it('reads GitHub form-encoded payloads', () => {
    const { deps } = setup([app('web', 'https://github.com/team/apps', '.')]);
    const json = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: 'refs/heads/main', defaultBranch: 'main' }, { secret: 'x', delivery: 'f-1' }).body;
    const body = `payload=${encodeURIComponent(json)}`;
    const headers = signedDelivery('github', { webURL: 'https://github.com/team/apps', ref: 'refs/heads/main' }, { secret: 'x', delivery: 'f-1' }).headers;
    const signature = `sha256=${createHmac('sha256', 'gh-secret').update(body).digest('hex')}`;
    expect(receiveWebhook({ headers: { ...headers, 'x-hub-signature-256': signature }, body: Buffer.from(body), contentType: 'application/x-www-form-urlencoded' }, deps).refreshed).toEqual(['web']);
  });

  it.each([
    ['an unknown provider', { 'content-type': 'application/json' }, '{}', 'WEBHOOK_PROVIDER_UNKNOWN', 400],
    ['a body that is not JSON', undefined, 'not json', 'WEBHOOK_PAYLOAD_INVALID', 400],
  ])('refuses %s', (_name, headers, body, code, status) => {
    const { deps } = setup([]);
    const signed = { 'x-github-event': 'push', 'x-github-delivery': `${code}`, 'x-hub-signature-256': `sha256=${createHmac('sha256', 'gh-secret').update(body).digest('hex')}` };
    expect(errorOf(() => receiveWebhook({ headers: headers ?? signed, body: Buffer.from(body) }, deps))).toMatchObject({ code, status });
  });
});
