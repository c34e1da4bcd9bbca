import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FerryError } from '../core/index.ts';
import { credentialsForRepo, loadServerConfig, resolveServerConfig, SERVER_SETTINGS } from './server-config.ts';

function problemsOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof FerryError && error.code === 'CONFIG_INVALID') return error.details?.problems as string[];
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('resolveServerConfig', () => {
  it('gives the defaults with nothing set', () => {
    const config = resolveServerConfig({ env: {}, cwd: '/srv' });
    expect(config).toEqual({
      listen: { host: '127.0.0.1', port: 8080 },
      dataDir: '/srv/.ferry',
      logLevel: 'info',
      auth: { enabled: true },
      cluster: { mode: 'embedded', nodes: 3, apiPort: 0, serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount' },
      webhook: { maxPayloadBytes: 5 * 1024 * 1024, perMinute: 60 },
      limits: { bodyBytes: 1024 * 1024, authFailuresPerMinute: 10 },
      engine: { pollIntervalSeconds: 120, parallelism: 10 },
      metrics: { public: false },
      repositories: [],
    });
    expect(Object.isFrozen(config.listen)).toBe(true);
    expect(Object.isFrozen(config.repositories)).toBe(true);
  });

  it('layers file, environment and flags, later ones winning', () => {
    const file = {
      path: 'conf/ferry.yaml',
      text: 'listen: {host: 0.0.0.0, port: 9000}\ndataDir: data\nwebhook:\n  github: {secret: from-file}\nrepositories:\n  - {url: "https://git.example.com/", token: t1}\n',
    };
    const config = resolveServerConfig({ env: { FERRY_PORT: '9100', FERRY_WEBHOOK_GITHUB_SECRET: 'from-env' }, cwd: '/srv', file, flags: { 'listen.port': '9200' } });
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 9200 });
    expect(config.dataDir).toBe('/srv/conf/data');
    expect(config.webhook.github).toEqual({ secret: 'from-env' });
    expect(config.repositories).toEqual([{ url: 'https://git.example.com/', token: 't1' }]);
  });

  it('deploys to its own cluster when running in a pod, unless told otherwise', () => {
    const pod = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(resolveServerConfig({ env: pod, cwd: '/' }).cluster).toMatchObject({ mode: 'in-cluster', inClusterServer: 'https://10.96.0.1:443' });
    expect(resolveServerConfig({ env: { ...pod, FERRY_CLUSTER: 'embedded' }, cwd: '/' }).cluster.mode).toBe('embedded');
  });

  it.each<[Record<string, string>, string, string]>([
    [{ KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '6443' }, 'https://[fd00:10:96::1]:6443', '/var/run/secrets/kubernetes.io/serviceaccount'],
    [{ KUBERNETES_SERVICE_HOST: 'kubernetes.default.svc', KUBERNETES_SERVICE_PORT: '443', FERRY_SERVICE_ACCOUNT_DIR: 'sa' }, 'https://kubernetes.default.svc:443', '/srv/sa'],
  ])('finds the pod API server and service account in %j', (env, server, serviceAccountDir) => {
    expect(resolveServerConfig({ env, cwd: '/srv' }).cluster).toMatchObject({ inClusterServer: server, serviceAccountDir });
  });

  it.each([[{ FERRY_CLUSTER: 'in-cluster' }], [{ FERRY_CLUSTER: 'in-cluster', KUBERNETES_SERVICE_HOST: '10.96.0.1' }]])('refuses in-cluster mode outside a pod (%j)', (env) => {
    expect(problemsOf(() => resolveServerConfig({ env, cwd: '/' }))).toEqual([
      'cluster.mode is in-cluster but KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set (they are in a pod)',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(resolveServerConfig({ env: { FERRY_PORT: '' }, cwd: '/' }).listen.port).toBe(8080);
  });

  it('reports every problem of every source at once', () => {
    const file = { path: 'ferry.yaml', text: 'listen: {hots: x, port: 99999}\nlogLevel: loud\ncluster: {mode: kubeconfig}\nwebhook: {bitbucket: 3}\nrepositories: [{url: x, username: u}]\n' };
    const problems = problemsOf(() => resolveServerConfig({ env: { FERRY_AUTH: 'maybe', FERRY_CLUSTER_NODES: '0', FERRY_REPOSITORIES: '[' }, cwd: '/', file, flags: { 'listen.prot': 1 } }));
    expect(problems).toEqual([
      'ferry.yaml: unknown setting listen.hots',
      'ferry.yaml: unknown setting webhook.bitbucket (expected a mapping)',
      'ferry.yaml: listen.port: expected a number from 0 to 65535, got 99999',
      'ferry.yaml: logLevel: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'FERRY_AUTH: expected true or false, got "maybe"',
      'FERRY_CLUSTER_NODES: expected a number from 1 to 50, got "0"',
      'ferry.yaml: repositories[0]: username and password go together',
      'FERRY_REPOSITORIES: not valid JSON (Unexpected end of JSON input)',
      'unknown setting listen.prot',
      'cluster.mode is kubeconfig but no kubeconfig is given (cluster.kubeconfig, FERRY_KUBECONFIG or --kubeconfig)',
    ]);
  });

  it.each([
    ['not YAML', 'listen: [', /^ferry.yaml: not valid YAML/],
    ['not a mapping', '- a\n- b\n', /^ferry.yaml: expected a mapping of settings$/],
    ['a repository without credentials', 'repositories: [{url: "https://x"}]', /no credentials/],
    ['a token and a password', 'repositories: [{url: "https://x", token: t, username: u, password: p}]', /not both/],
  ])('refuses a file that is %s', (_name, text, pattern) => {
    expect(problemsOf(() => resolveServerConfig({ env: {}, cwd: '/', file: { path: 'ferry.yaml', text } }))).toEqual([expect.stringMatching(pattern)]);
  });

  it('names one variable per setting, all FERRY_-prefixed and distinct', () => {
    const names = SERVER_SETTINGS.map((row) => row.env);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => name.startsWith('FERRY_'))).toBe(true);
  });
});

describe('loadServerConfig', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ./ferry.yaml when present, or the file FERRY_CONFIG names', () => {
    writeFileSync(path.join(dir, 'ferry.yaml'), 'listen: {port: 7000}\n');
    writeFileSync(path.join(dir, 'other.yaml'), 'listen: {port: 7001}\n');
    expect(loadServerConfig({ env: {}, cwd: dir }).listen.port).toBe(7000);
    expect(loadServerConfig({ env: { FERRY_CONFIG: 'other.yaml' }, cwd: dir }).listen.port).toBe(7001);
  });

  it('names a configuration file that cannot be read', () => {
    expect(() => loadServerConfig({ env: {}, cwd: dir, configFile: 'missing.yaml' })).toThrow(/^cannot read the configuration file missing.yaml: /);
  });
});

describe('credentialsForRepo', () => {
  it('picks the longest matching prefix', () => {
    const entries = [
      { url: 'https://git.example.com/', token: 'all' },
      { url: 'https://git.example.com/team/', username: 'u', password: 'p' },
    ];
    expect(credentialsForRepo(entries, 'https://git.example.com/team/apps.git')).toEqual(entries[1]);
    expect(credentialsForRepo(entries, 'https://git.example.com/other.git')).toEqual(entries[0]);
    expect(credentialsForRepo(entries, 'https://elsewhere.example.com/x.git')).toBeUndefined();
  });
});
