/**
 * A whole Ferry in one process for engine tests: a real `git http-backend` repository, the
 * embedded cluster with its controllers on real time, reached in-process or through client-node
 * over HTTP, the sqlite store and the engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger, systemClock, type KubeObject } from '../../src/core/index.ts';
import type { ClusterClient } from '../../src/cluster/index.ts';
import { KubeCluster } from '../../src/cluster/kube/index.ts';
import { EmbeddedCluster, SimCluster } from '../../src/cluster/sim/index.ts';
import { Engine, LiveStateCache, type AppView, type ClusterConnection } from '../../src/engine/index.ts';
import { createGitSource } from '../../src/source/git/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import type { FerryStore } from '../../src/store/index.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import type { GitTestRepo } from '../support/git-repo.ts';

export type ClusterPath = 'in-process' | 'client-node over HTTP';

export interface World {
  readonly engine: Engine;
  readonly cluster: EmbeddedCluster;
  readonly client: ClusterClient;
  readonly store: FerryStore;
  readonly git: GitServer;
  readonly repo: GitTestRepo;
  readonly repoURL: string;
  /** Waits until the application satisfies `done`, refreshing now and then; fails with its last status. */
  waitFor(name: string, done: (app: AppView) => boolean, what: string, timeoutMs?: number): Promise<AppView>;
  close(): Promise<void>;
}

export function kubeconfigFor(url: string, token?: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{name: sim, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]
users: [{name: sim, user: {${token ? `token: "${token}"` : ''}}}]
contexts: [{name: sim, context: {cluster: sim, user: sim}}]
current-context: sim
`;
}

export async function startWorld(clusterPath: ClusterPath, files: Record<string, string>, options: { dataFile?: string; engineOptions?: ConstructorParameters<typeof Engine>[1] } = {}): Promise<World> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ferry-engine-'));
  const git = await startGitServer();
  const repo = git.createRepo('apps');
  repo.commit(files, { message: 'first version' });
  const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'running' });
  let client: ClusterClient = new SimCluster(cluster);
  if (clusterPath === 'client-node over HTTP') {
    const { url } = await cluster.serve();
    client = KubeCluster.fromKubeconfigText(kubeconfigFor(url));
  }
  const live = new LiveStateCache(client, { clock: systemClock, logger: silentLogger });
  const connection: ClusterConnection = { name: 'in-cluster', server: 'https://kubernetes.default.svc', client, live };
  const store = openSqliteStore(options.dataFile ?? ':memory:', { clock: systemClock });
  const engine = new Engine(
    {
      store,
      git: createGitSource({ cacheDir: path.join(scratch, 'git') }),
      clusters: { resolve: () => connection, list: () => [{ name: connection.name, server: connection.server }] },
      clock: systemClock,
      logger: silentLogger,
      random: () => 0.5,
    },
    { pollIntervalMs: 3_600_000, syncPollMs: 100, revisionCacheMs: 0, selfHealBackoff: { initialMs: 200, factor: 2, capMs: 2000 }, ...options.engineOptions },
  );
  await engine.start();

  async function waitFor(name: string, done: (app: AppView) => boolean, what: string, timeoutMs = 20_000): Promise<AppView> {
    const deadline = Date.now() + timeoutMs;
    let last = engine.getApplication(name);
    while (Date.now() < deadline) {
      last = engine.getApplication(name);
      if (done(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!last.status.operation || last.status.operation.phase !== 'Running') await engine.refresh(name).catch(() => undefined);
    }
    throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify({ sync: last.status.sync, health: last.status.health, operation: last.status.operation && { phase: last.status.operation.phase, message: last.status.operation.message }, conditions: last.status.conditions })}`);
  }

  return {
    engine,
    cluster,
    client,
    store,
    git,
    repo,
    repoURL: repo.url,
    waitFor,
    close: async () => {
      await engine.stop();
      live.stop();
      await cluster.close();
      store.close();
      await git.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export function application(name: string, repoURL: string, path: string, syncPolicy: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { source: { repoURL, targetRevision: 'main', path }, destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' }, syncPolicy: { syncOptions: ['CreateNamespace=true'], ...syncPolicy }, ...extra },
  };
}

export function deployment(name: string, image: string, extra: { replicas?: number; annotations?: Record<string, string>; podAnnotations?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(extra.annotations && { annotations: extra.annotations }) },
    spec: {
      replicas: extra.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name }, ...(extra.podAnnotations && { annotations: extra.podAnnotations }) }, spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 80 }] }] } },
    },
  };
}

export function yaml(...objects: KubeObject[]): string {
  return objects.map((object) => JSON.stringify(object)).join('\n---\n');
}
