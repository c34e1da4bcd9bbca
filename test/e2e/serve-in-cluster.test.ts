/**
 * `ferry serve` as it runs in a pod: no flag names a cluster, the kubelet's variables
 * (KUBERNETES_SERVICE_HOST and _PORT) are set and a service account folder holds a token and a
 * CA certificate. Here the "pod's cluster" is an embedded cluster served over HTTPS with its
 * generated certificate and bearer token, so the TLS verification against ca.crt and the
 * token are both real; the folder is a temporary one (FERRY_SERVICE_ACCOUNT_DIR).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/index.ts';
import { serveEmbeddedCluster, type ServedCluster } from '../../src/cluster/sim/index.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { ferryCommand } from '../support/oracles.ts';
import { startFerryProcess } from '../support/ferry-process.ts';

const ADMIN_TOKEN = 'preset-admin-token-for-the-in-cluster-test';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: green\n';

let scratch: string;
let git: GitServer;
let cluster: ServedCluster;
let server: ChildProcess | undefined;
let output = '';
let url = '';

function podEnvironment(serviceAccountDir: string): Record<string, string> {
  const port = new URL(cluster.url).port;
  return {
    PATH: process.env.PATH ?? '',
    HOME: scratch,
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: port,
    FERRY_SERVICE_ACCOUNT_DIR: serviceAccountDir,
    FERRY_ADMIN_TOKEN: ADMIN_TOKEN,
  };
}

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function configMap(): unknown {
  try {
    return cluster.cluster.api.get(cluster.cluster.registry.byKind('v1', 'ConfigMap')!, 'default', 'settings');
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ferry-serve-in-cluster-'));
  git = await startGitServer();
  cluster = await serveEmbeddedCluster({ dataDir: path.join(scratch, 'cluster'), tls: true, clock: systemClock });
  const serviceAccount = path.join(scratch, 'serviceaccount');
  mkdirSync(serviceAccount);
  copyFileSync(path.join(scratch, 'cluster', 'tls.crt'), path.join(serviceAccount, 'ca.crt'));
  writeFileSync(path.join(serviceAccount, 'token'), cluster.token ?? '');
  writeFileSync(path.join(serviceAccount, 'namespace'), 'ferry');

  const running = await startFerryProcess(['serve', '--port', '0', '--data-dir', 'data', '--log-level', 'warn'], { cwd: scratch, env: podEnvironment(serviceAccount) });
  server = running.child;
  output = running.output();
  url = running.url;
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.on('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await cluster?.close();
  await git?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('ferry serve in a pod', () => {
  it("takes the pod's cluster as its only destination, without being told", async () => {
    expect(output).toContain(`Cluster:     the pod's own at ${cluster.url} (service account in ${path.join(scratch, 'serviceaccount')})`);
    const { json } = await api('GET', '/api/v1/clusters');
    expect(json.items).toEqual([{ name: 'in-cluster', server: cluster.url }]);
  });

  it('deploys there over HTTPS with the service account token', async () => {
    const repo = git.createRepo('config');
    repo.commit({ 'config/cm.yaml': CONFIG_MAP });
    const application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'settings' },
      spec: {
        source: { repoURL: repo.url, path: 'config', targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'default' },
        syncPolicy: { automated: { prune: true } },
      },
    };
    expect((await api('POST', '/api/v1/applications', application)).status).toBe(201);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !configMap()) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(configMap()).toMatchObject({ data: { color: 'green' }, metadata: { managedFields: [expect.objectContaining({ manager: 'ferry' })] } });
  });

  it.each([
    ['no service account token is mounted', (dir: string) => writeFileSync(path.join(dir, 'ca.crt'), 'x'), /^ferry: in-cluster service account: cannot read the token .*\/token: no such file/],
    ['the variables of the pod are missing', undefined, /^ferry: invalid configuration: cluster\.mode is in-cluster but KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set/],
  ])('refuses to start, in one line, when %s', (_, prepare, message) => {
    const dir = mkdtempSync(path.join(scratch, 'sa-'));
    prepare?.(dir);
    const env = prepare ? podEnvironment(dir) : { PATH: process.env.PATH ?? '', HOME: scratch, FERRY_CLUSTER: 'in-cluster' };
    const [node, bin] = ferryCommand() as [string, string];
    const run = spawnSync(node, [bin, 'serve', '--port', '0', '--data-dir', path.join(dir, 'data')], { cwd: scratch, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
