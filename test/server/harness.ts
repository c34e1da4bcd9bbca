/**
 * A Ferry server for route tests, all real parts in one process: a `git http-backend`
 * repository, the embedded cluster with its controllers on real time (reached in-process), the
 * sqlite store in memory, the engine, and `buildServer` — exercised through `inject()`, or on
 * a loopback port for the live stream. Logs are captured, so tests can check what they say
 * (and that no credential is in them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { silentLogger, systemClock } from '../../src/core/index.ts';
import { EmbeddedCluster, SimCluster } from '../../src/cluster/sim/index.ts';
import { Engine, LiveStateCache, type AppView, type ClusterConnection } from '../../src/engine/index.ts';
import { buildServer, createLogger, createMetrics, instrumentClusterClient, instrumentGitSource, issueToken, type FerryMetrics, type ServerOptions } from '../../src/server/index.ts';
import { createGitSource } from '../../src/source/git/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import type { FerryStore } from '../../src/store/index.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import type { GitTestRepo } from '../support/git-repo.ts';

export const WEBHOOK_SECRET = 'github-webhook-secret-3f9a';

export interface ServerWorld {
  readonly app: FastifyInstance;
  readonly engine: Engine;
  readonly store: FerryStore;
  readonly cluster: EmbeddedCluster;
  readonly git: GitServer;
  readonly repo: GitTestRepo;
  readonly metrics: FerryMetrics;
  readonly tokens: { readonly admin: string; readonly readonly: string; readonly expired: string };
  /** Every log line written so far, as text. */
  logs(): string;
  request(method: InjectOptions['method'], url: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string>; payload?: string | Buffer }): Promise<LightMyRequestResponse>;
  /** Another server on the same engine and store (other options: auth off, low limits...). */
  another(options: Partial<ServerOptions>): Promise<FastifyInstance>;
  /** Polls the application until `done`; refreshes it meanwhile unless `refresh` is false. */
  waitFor(name: string, done: (app: AppView) => boolean, what: string, timeoutMs?: number, refresh?: boolean): Promise<AppView>;
  close(): Promise<void>;
}

export const DEFAULT_OPTIONS: ServerOptions = {
  version: '0.0.0-test',
  auth: { enabled: true },
  webhook: { github: { secret: WEBHOOK_SECRET }, maxPayloadBytes: 1024 * 1024, perMinute: 10_000 },
  limits: { bodyBytes: 1024 * 1024, authFailuresPerMinute: 10_000 },
  metrics: { public: false },
  streamHeartbeatMs: 60_000,
};

export function applicationManifest(name: string, repoURL: string, sourcePath: string, extra: { automated?: boolean; targetRevision?: string } = {}): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      project: 'default',
      source: { repoURL, targetRevision: extra.targetRevision ?? 'main', path: sourcePath },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
      syncPolicy: { syncOptions: ['CreateNamespace=true'], ...(extra.automated && { automated: { prune: true, selfHeal: true } }) },
    },
  };
}

export async function startServerWorld(files: Record<string, string>, options: Partial<ServerOptions> = {}): Promise<ServerWorld> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ferry-server-'));
  const git = await startGitServer();
  const repo = git.createRepo('apps');
  repo.commit(files, { message: 'first version' });
  const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'running' });
  const metrics = createMetrics({ processMetrics: false });
  const client = instrumentClusterClient(new SimCluster(cluster), 'in-cluster', metrics);
  const live = new LiveStateCache(client, { clock: systemClock, logger: silentLogger });
  const connection: ClusterConnection = { name: 'in-cluster', server: 'https://kubernetes.default.svc', client, live };
  const store = openSqliteStore(':memory:', { clock: systemClock });
  let logText = '';
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logText += chunk.toString();
        callback();
      },
    }),
  });
  const engine = new Engine(
    {
      store,
      git: instrumentGitSource(createGitSource({ cacheDir: path.join(scratch, 'git') }), metrics),
      clusters: { resolve: () => connection, list: () => [{ name: connection.name, server: connection.server }] },
      clock: systemClock,
      logger,
      random: () => 0.5,
    },
    { pollIntervalMs: 3_600_000, syncPollMs: 100, revisionCacheMs: 0 },
  );
  await engine.start();
  const build = (overrides: Partial<ServerOptions>, serverMetrics: FerryMetrics) =>
    buildServer({ engine, tokens: store.tokens, clusters: () => [{ name: connection.name, server: connection.server }], clusterClient: (cluster) => (cluster === connection.name || cluster === connection.server ? client : undefined), clock: systemClock, logger, metrics: serverMetrics, options: { ...DEFAULT_OPTIONS, ...overrides } });
  const app = await build(options, metrics);
  const others: FastifyInstance[] = [];
  const tokens = {
    admin: issueToken(store.tokens, { name: 'admin', role: 'admin' }).token,
    readonly: issueToken(store.tokens, { name: 'viewer', role: 'readonly' }).token,
    expired: issueToken(store.tokens, { name: 'old', role: 'admin', expiresAt: '2001-01-01T00:00:00.000Z' }).token,
  };

  async function waitFor(name: string, done: (view: AppView) => boolean, what: string, timeoutMs = 20_000, refresh = true): Promise<AppView> {
    const deadline = Date.now() + timeoutMs;
    let last = engine.getApplication(name);
    while (Date.now() < deadline) {
      last = engine.getApplication(name);
      if (done(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (refresh && (!last.status.operation || last.status.operation.phase !== 'Running')) await engine.refresh(name).catch(() => undefined);
    }
    throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify({ sync: last.status.sync, health: last.status.health, operation: last.status.operation && { phase: last.status.operation.phase, message: last.status.operation.message }, conditions: last.status.conditions })}`);
  }

  return {
    app,
    engine,
    store,
    cluster,
    git,
    repo,
    metrics,
    tokens,
    logs: () => logText,
    request: (method, url, request = {}) => {
      const token = request.token === undefined ? tokens.admin : request.token;
      const headers: Record<string, string> = { ...(token !== null && { authorization: `Bearer ${token}` }), ...request.headers };
      if (request.body !== undefined) headers['content-type'] ??= 'application/json';
      const payload = request.payload ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
      return app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });
    },
    another: async (overrides) => {
      // Its own metrics: one registry counts one server's view of the engine.
      const other = await build(overrides, createMetrics({ processMetrics: false }));
      others.push(other);
      return other;
    },
    waitFor,
    close: async () => {
      for (const other of others) await other.close();
      await app.close();
      await engine.stop();
      live.stop();
      await cluster.close();
      store.close();
      await git.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: guestbook-config
data:
  greeting: hello
`;

export const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: guestbook-secret
data:
  password: aHVudGVyMi12ZXJ5LXNlY3JldA==
`;

/** The Secret's value, in the forms it could leak in. */
export const SECRET_VALUES = ['hunter2-very-secret', 'aHVudGVyMi12ZXJ5LXNlY3JldA=='];

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: guestbook-ui
spec:
  replicas: 2
  selector:
    matchLabels: {app: guestbook-ui}
  template:
    metadata:
      labels: {app: guestbook-ui}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
`;
