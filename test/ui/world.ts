/**
 * A Ferry for driving the web UI in a browser, all real parts in one process: a `git
 * http-backend` repository, the embedded cluster with its controllers on real time, the sqlite
 * store, the engine, and `buildServer` serving the built UI (ui/dist) on a loopback port. The
 * benchmark seeds thousands of applications straight into the store: the list route reads them
 * through the same engine and server code as applications created through the API.
 *
 * `node test/ui/world.ts` runs one with the guestbook example until interrupted and prints its
 * URL and admin token (for working on the UI by hand, with `npm run ui:dev`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { silentLogger, systemClock } from '../../src/core/index.ts';
import { EmbeddedCluster, SimCluster } from '../../src/cluster/sim/index.ts';
import { Engine, LiveStateCache, type AppStatus, type ClusterConnection } from '../../src/engine/index.ts';
import { buildServer, createLogger, createMetrics, issueToken } from '../../src/server/index.ts';
import { createGitSource } from '../../src/source/git/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import type { FerryStore } from '../../src/store/index.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import type { GitTestRepo } from '../support/git-repo.ts';
import { UI_DIST } from '../../ui/build-ui.ts';

export interface UiWorld {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly token: string;
  readonly engine: Engine;
  readonly store: FerryStore;
  readonly cluster: EmbeddedCluster;
  readonly git: GitServer;
  readonly repo: GitTestRepo;
  readonly server: FastifyInstance;
  close(): Promise<void>;
}

export interface UiWorldOptions {
  /** Files of the first commit of the `apps` repository. */
  readonly files: Record<string, string>;
  /** Applications written into the store before the engine starts (benchmarks). */
  readonly seed?: readonly { readonly name: string; readonly manifest: Record<string, unknown>; readonly status: AppStatus }[];
  /** Start the engine's loop over every stored application. @default true */
  readonly startEngine?: boolean;
  readonly port?: number;
  /** Nodes of the embedded cluster. @default 3 of 4 CPUs, 8Gi, 110 pods */
  readonly nodes?: { readonly count?: number; readonly pods?: string; readonly cpu?: string; readonly memory?: string };
}

export const DESTINATION = 'https://kubernetes.default.svc';

export function applicationManifest(name: string, repoURL: string, sourcePath: string, extra: { automated?: boolean; namespace?: string; project?: string } = {}): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      project: extra.project ?? 'default',
      source: { repoURL, targetRevision: 'main', path: sourcePath },
      destination: { server: DESTINATION, namespace: extra.namespace ?? 'guestbook' },
      syncPolicy: { syncOptions: ['CreateNamespace=true'], ...(extra.automated && { automated: { prune: true, selfHeal: true } }) },
    },
  };
}

/** The guestbook example, as the repository's first commit. */
export function guestbookFiles(): Record<string, string> {
  const dir = path.join(import.meta.dirname, '../../examples/guestbook');
  return Object.fromEntries(['configmap.yaml', 'deployment.yaml', 'service.yaml'].map((file) => [`guestbook/${file}`, readFileSync(path.join(dir, file), 'utf8')]));
}

export async function startUiWorld(options: UiWorldOptions): Promise<UiWorld> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ferry-ui-'));
  const git = await startGitServer();
  const repo = git.createRepo('apps');
  repo.commit(options.files, { message: 'first version' });
  const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'running', ...(options.nodes && { nodes: options.nodes }) });
  const client = new SimCluster(cluster);
  const live = new LiveStateCache(client, { clock: systemClock, logger: silentLogger });
  const connection: ClusterConnection = { name: 'in-cluster', server: DESTINATION, client, live };
  const store = openSqliteStore(path.join(scratch, 'ferry.db'), { clock: systemClock });
  for (const app of options.seed ?? []) {
    store.applications.create(app.name, app.manifest);
    store.applications.setStatus(app.name, app.status as unknown as Record<string, unknown>);
  }
  const engine = new Engine(
    {
      store,
      git: createGitSource({ cacheDir: path.join(scratch, 'git') }),
      clusters: { resolve: () => connection, list: () => [{ name: connection.name, server: connection.server }] },
      clock: systemClock,
      logger: silentLogger,
      random: Math.random,
    },
    { pollIntervalMs: 3_600_000, syncPollMs: 200, revisionCacheMs: 0 },
  );
  if (options.startEngine !== false) await engine.start();
  const server = await buildServer({
    engine,
    tokens: store.tokens,
    clusters: () => [{ name: connection.name, server: connection.server }],
    clusterClient: (cluster) => (cluster === connection.name || cluster === connection.server ? client : undefined),
    clock: systemClock,
    logger: createLogger({ level: 'warn' }),
    metrics: createMetrics({ processMetrics: false }),
    options: {
      version: '0.0.0-ui',
      auth: { enabled: true },
      webhook: { maxPayloadBytes: 1024 * 1024, perMinute: 600 },
      limits: { bodyBytes: 4 * 1024 * 1024, authFailuresPerMinute: 600 },
      metrics: { public: false },
      streamHeartbeatMs: 15_000,
      uiDir: UI_DIST,
    },
  });
  await server.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const token = issueToken(store.tokens, { name: 'admin', role: 'admin' }).token;
  return {
    url: `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    token,
    engine,
    store,
    cluster,
    git,
    repo,
    server,
    close: async () => {
      await server.close();
      await engine.stop();
      live.stop();
      await cluster.close();
      store.close();
      await git.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const world = await startUiWorld({ files: guestbookFiles(), port: Number(process.env.PORT ?? 0) });
  world.engine.createApplication(applicationManifest('guestbook', world.repo.url, 'guestbook'));
  process.stdout.write(`Ferry UI world at ${world.url}\ntoken: ${world.token}\nrepository: ${world.repo.url}\n`);
  const stop = async () => {
    await world.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
