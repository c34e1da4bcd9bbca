/**
 * `ferry serve --kubeconfig` as a process: the kubeconfig's contexts are the destinations
 * (two embedded clusters served over HTTP here, reached through client-node), an Application
 * naming a context deploys there, `https://kubernetes.default.svc` means the current context,
 * and FERRY_ADMIN_TOKEN presets the admin token.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/index.ts';
import { EmbeddedCluster } from '../../src/cluster/sim/index.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { startFerryProcess } from '../support/ferry-process.ts';

const ADMIN_TOKEN = 'preset-admin-token-for-the-test';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n';

let scratch: string;
let git: GitServer;
const clusters: EmbeddedCluster[] = [];
let server: ChildProcess | undefined;
let url = '';

function kubeconfig(alpha: string, beta: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- {name: alpha, cluster: {server: "${alpha}", insecure-skip-tls-verify: true}}
- {name: beta, cluster: {server: "${beta}", insecure-skip-tls-verify: true}}
users:
- {name: admin, user: {}}
contexts:
- {name: alpha, context: {cluster: alpha, user: admin}}
- {name: beta, context: {cluster: beta, user: admin}}
current-context: alpha
`;
}

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function application(name: string, repoURL: string, destination: Record<string, string>) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { source: { repoURL, path: 'config', targetRevision: 'main' }, destination: { ...destination, namespace: 'default' }, syncPolicy: { automated: { prune: true } } },
  };
}

function configMapIn(cluster: EmbeddedCluster): unknown {
  try {
    return cluster.api.get(cluster.registry.byKind('v1', 'ConfigMap')!, 'default', 'settings');
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ferry-serve-kubeconfig-'));
  git = await startGitServer();
  const urls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'running' });
    clusters.push(cluster);
    urls.push((await cluster.serve()).url);
  }
  writeFileSync(path.join(scratch, 'kubeconfig'), kubeconfig(urls[0] ?? '', urls[1] ?? ''));
  const running = await startFerryProcess(['serve', '--kubeconfig', 'kubeconfig', '--port', '0', '--data-dir', 'data', '--log-level', 'warn'], {
    cwd: scratch,
    env: { PATH: process.env.PATH, HOME: scratch, FERRY_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  server = running.child;
  url = running.url;
  const output = running.output();
  expect(output).toContain('Admin token: the one in FERRY_ADMIN_TOKEN');
  expect(output).toContain('Cluster:     alpha, beta (https://kubernetes.default.svc is alpha)');
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.on('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  for (const cluster of clusters) await cluster.close();
  await git?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('ferry serve --kubeconfig', () => {
  it('lists the contexts as destinations', async () => {
    const { json } = await api('GET', '/api/v1/clusters');
    expect((json.items as { name: string; server: string }[]).map((c) => c.name)).toEqual(['alpha', 'beta']);
  });

  it('deploys to the context an Application names, and the current one for kubernetes.default.svc', async () => {
    const repo = git.createRepo('config');
    repo.commit({ 'config/cm.yaml': CONFIG_MAP });
    expect((await api('POST', '/api/v1/applications', application('to-beta', repo.url, { name: 'beta' }))).status).toBe(201);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !configMapIn(clusters[1] as EmbeddedCluster)) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(configMapIn(clusters[1] as EmbeddedCluster)).toMatchObject({ data: { color: 'blue' } });
    expect(configMapIn(clusters[0] as EmbeddedCluster)).toBeUndefined();

    expect((await api('DELETE', '/api/v1/applications/to-beta?cascade=false')).status).toBe(200);
    expect((await api('POST', '/api/v1/applications', application('to-home', repo.url, { server: 'https://kubernetes.default.svc' }))).status).toBe(201);
    while (Date.now() < deadline && !configMapIn(clusters[0] as EmbeddedCluster)) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(configMapIn(clusters[0] as EmbeddedCluster)).toMatchObject({ data: { color: 'blue' } });
  });

  it('refuses an Application for a cluster it does not know, with the known ones', async () => {
    const repo = git.createRepo('other');
    repo.commit({ 'config/cm.yaml': CONFIG_MAP });
    expect((await api('POST', '/api/v1/applications', application('lost', repo.url, { name: 'gamma' }))).status).toBe(201);
    const { json } = await api('GET', '/api/v1/applications/lost?refresh=normal');
    const conditions = (json.status as { conditions: { type: string; message: string }[] }).conditions;
    expect(conditions.find((c) => c.type === 'ComparisonError')?.message).toMatch(/^no destination cluster gamma; known: alpha \(http:\/\/127\.0\.0\.1:\d+\), beta \(http:\/\/127\.0\.0\.1:\d+\)$/);
  });
});
