/**
 * The composition of `ferry serve` and `ferry start`: clusters, store, Git, engine and HTTP
 * server wired together. Loaded by compose.ts only when a command needs it, so that the other
 * commands start without the server, the engine and the Kubernetes client.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { CliIO, LocalToken, LocalTokenRequest, ServeRequest } from './cli/index.ts';
import { credentialsForRepo, loadServerConfig, type ServerConfig } from './config/index.ts';
import { FerryError, messageOf, systemClock, type Clock, type Logger } from './core/index.ts';
import type { ClusterClient } from './cluster/index.ts';
import { Engine, LiveStateCache, type AppStatus, type ClusterConnection, type ClusterResolver } from './engine/index.ts';
import {
  buildServer,
  checkListenAddress,
  createLogger,
  createMetrics,
  DEMO_APP,
  ensureAdminToken,
  ensureDemoApplication,
  ensureDemoRepository,
  instrumentClusterClient,
  instrumentGitSource,
  issueToken,
  type AdminTokenOutcome,
  type FerryMetrics,
} from './server/index.ts';
import type { RepoCredentials } from './source/index.ts';
import { createGitSource } from './source/git/index.ts';
import { openSqliteStore } from './store/sqlite/index.ts';
import { PROJECT_ROOT, projectVersion, waitForSignal } from './compose.ts';

const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

// ---- clusters ------------------------------------------------------------------------------

interface OpenedClusters {
  readonly resolver: ClusterResolver;
  readonly list: () => readonly { readonly name: string; readonly server: string }[];
  /** A destination's client by name or server URL (the UI's cluster page). */
  readonly client: (nameOrServer: string) => ClusterClient | undefined;
  /** What the banner says about them. */
  readonly description: string[];
  close(): Promise<void>;
}

function connectionOf(name: string, server: string, client: ClusterClient, deps: { clock: Clock; logger: Logger; metrics: FerryMetrics }): ClusterConnection {
  const instrumented = instrumentClusterClient(client, name, deps.metrics);
  return { name, server, client: instrumented, live: new LiveStateCache(instrumented, { clock: deps.clock, logger: deps.logger.child({ cluster: name }) }) };
}

/**
 * A destination is found by name (`in-cluster`, a kubeconfig context) or server URL;
 * `https://kubernetes.default.svc` is the cluster Ferry runs in (or the embedded one, or the
 * kubeconfig's current context).
 */
function resolverOf(connections: readonly ClusterConnection[], home: ClusterConnection): ClusterResolver {
  return {
    resolve(destination) {
      const found = destination.name
        ? connections.find((c) => c.name === destination.name)
        : destination.server === IN_CLUSTER_SERVER
          ? home
          : connections.find((c) => c.server === destination.server?.replace(/\/+$/, ''));
      if (!found) {
        const known = connections.map((c) => `${c.name} (${c.server})`).join(', ');
        throw new FerryError('APP_DESTINATION_UNKNOWN', `no destination cluster ${destination.name ?? destination.server}; known: ${known}`, { httpStatus: 422 });
      }
      return found;
    },
    list: () => connections.map((c) => ({ name: c.name, server: c.server })),
  };
}

async function openClusters(config: ServerConfig, deps: { clock: Clock; logger: Logger; metrics: FerryMetrics }): Promise<OpenedClusters> {
  const { KubeCluster, inClusterKubeConfig } = await import('./cluster/kube/index.ts');
  if (config.cluster.mode === 'embedded') {
    const { serveEmbeddedCluster, SimCluster } = await import('./cluster/sim/index.ts');
    const served = await serveEmbeddedCluster({
      dataDir: path.join(config.dataDir, 'cluster'),
      host: '127.0.0.1',
      port: config.cluster.apiPort,
      clock: deps.clock,
      logger: deps.logger.child({ component: 'cluster' }),
      nodes: { count: config.cluster.nodes },
      kubeconfigPath: path.join(config.dataDir, 'kubeconfig'),
    });
    // Ferry itself talks to the embedded cluster in process; kubectl goes through its HTTP API.
    const connection = connectionOf('in-cluster', IN_CLUSTER_SERVER, new SimCluster(served.cluster), deps);
    return {
      resolver: resolverOf([connection], connection),
      list: () => [{ name: connection.name, server: connection.server }],
      client: (nameOrServer) => (nameOrServer === connection.name || nameOrServer === connection.server ? connection.client : undefined),
      description: [`embedded, ${config.cluster.nodes} nodes; Kubernetes API at ${served.url}`, `export KUBECONFIG=${served.kubeconfigPath}`],
      close: async () => {
        connection.live.stop();
        await served.close();
      },
    };
  }
  const inCluster = config.cluster.mode === 'in-cluster';
  let base = new KubeConfig();
  if (inCluster) {
    // The config layer refuses in-cluster mode without the pod's API server variables.
    base = inClusterKubeConfig({ server: config.cluster.inClusterServer ?? '', serviceAccountDir: config.cluster.serviceAccountDir });
  } else {
    try {
      base.loadFromFile(config.cluster.kubeconfig ?? '');
    } catch (error) {
      throw new FerryError('CONFIG_INVALID', `cannot load the kubeconfig ${config.cluster.kubeconfig}: ${messageOf(error)}`, { httpStatus: 400 });
    }
  }
  const connections = base.getContexts().map((context) => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({ clusters: base.getClusters(), users: base.getUsers(), contexts: base.getContexts(), currentContext: context.name });
    const server = (base.getCluster(context.cluster)?.server ?? '').replace(/\/+$/, '');
    const name = inCluster ? 'in-cluster' : context.name;
    return connectionOf(name, server, new KubeCluster({ kubeConfig }), deps);
  });
  const current = connections.find((c) => c.name === (inCluster ? 'in-cluster' : base.getCurrentContext())) ?? connections[0];
  if (!current) throw new FerryError('CONFIG_INVALID', `the kubeconfig ${config.cluster.kubeconfig} has no contexts`, { httpStatus: 400 });
  return {
    resolver: resolverOf(connections, current),
    list: () => connections.map((c) => ({ name: c.name, server: c.server })),
    client: (nameOrServer) => connections.find((c) => c.name === nameOrServer || c.server === nameOrServer.replace(/\/+$/, ''))?.client,
    description: [
      inCluster
        ? `the pod's own at ${current.server} (service account in ${config.cluster.serviceAccountDir})`
        : `${connections.map((c) => c.name).join(', ')} (${IN_CLUSTER_SERVER} is ${current.name})`,
    ],
    close: async () => {
      for (const connection of connections) connection.live.stop();
    },
  };
}

// ---- the server ----------------------------------------------------------------------------

function adminTokenLine(outcome: AdminTokenOutcome, dataDir: string): string {
  if (outcome.kind === 'created') return `${outcome.token}   (shown once; stored hashed)`;
  if (outcome.kind === 'preset') return 'the one in FERRY_ADMIN_TOKEN';
  return `created at first start (lost it? ferry token create --data-dir ${path.relative(process.cwd(), dataDir) || '.'} --role admin)`;
}

function credentialsOf(config: ServerConfig): (repoURL: string) => RepoCredentials | undefined {
  return (repoURL) => {
    const entry = credentialsForRepo(config.repositories, repoURL);
    if (!entry) return undefined;
    return entry.token ? { bearerToken: entry.token } : { username: entry.username ?? '', password: entry.password ?? '' };
  };
}

/** One line per change of sync, health or operation, for `ferry start`'s terminal. */
function printChanges(engine: Engine, io: CliIO): () => void {
  const last = new Map<string, string>();
  return engine.onChange((name: string, status: AppStatus | undefined) => {
    const line = status
      ? `${status.sync.status} · ${status.health.status}${status.sync.revision ? ` at ${status.sync.revision.slice(0, 7)}` : ''}${status.operation?.phase === 'Running' ? ' · syncing' : ''}${status.pin ? ` · pinned to history ${status.pin.historyId}` : ''}`
      : 'deleted';
    if (last.get(name) === line) return;
    last.set(name, line);
    io.writeOut(`${systemClock.now().toISOString().slice(11, 19)} ${name}: ${line}\n`);
  });
}

export async function runServer(request: ServeRequest, io: CliIO): Promise<number> {
  const config = loadServerConfig({ env: process.env, cwd: io.cwd, ...(request.configFile && { configFile: request.configFile }), flags: request.settings });
  checkListenAddress(config.listen.host, config.auth.enabled);
  if (request.demo && config.cluster.mode !== 'embedded') {
    throw new FerryError('CLI_USAGE', 'ferry start runs the demo on the embedded cluster; for other clusters use ferry serve --kubeconfig FILE', { httpStatus: 400 });
  }
  mkdirSync(config.dataDir, { recursive: true });
  const logFile = request.demo ? path.join(config.dataDir, 'ferry.log') : undefined;
  const logger = createLogger({ level: config.logLevel, ...(logFile && { destination: pino.destination({ dest: logFile, sync: false }) }) });
  const clock = systemClock;
  const metrics = createMetrics();
  const store = openSqliteStore(path.join(config.dataDir, 'ferry.db'), { clock });
  const closers: (() => Promise<void> | void)[] = [() => store.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch((error: unknown) => logger.error({ error: messageOf(error) }, 'shutdown step failed'));
    logger.flush();
  };
  try {
    const clusters = await openClusters(config, { clock, logger, metrics });
    closers.push(() => clusters.close());
    const git = instrumentGitSource(createGitSource({ cacheDir: path.join(config.dataDir, 'git'), clock, logger: logger.child({ component: 'git' }) }), metrics);
    const engine = new Engine(
      { store, git, clusters: clusters.resolver, clock, logger, random: Math.random, credentialsFor: credentialsOf(config) },
      { pollIntervalMs: config.engine.pollIntervalSeconds * 1000, parallelism: config.engine.parallelism },
    );
    // Without auth no token is made: one printed for a server that ignores it would be lost.
    const admin: AdminTokenOutcome = config.auth.enabled ? ensureAdminToken(store.tokens, { ...(config.auth.adminToken && { preset: config.auth.adminToken }), now: clock.now() }) : { kind: 'existing' };
    const uiDir = path.join(PROJECT_ROOT, 'ui', 'dist');
    const app = await buildServer({
      engine,
      tokens: store.tokens,
      clusters: clusters.list,
      clusterClient: clusters.client,
      clock,
      logger,
      metrics,
      options: {
        version: projectVersion(),
        auth: config.auth,
        webhook: config.webhook,
        limits: config.limits,
        metrics: config.metrics,
        ...(existsSync(uiDir) && { uiDir }),
      },
    });
    await engine.start();
    // Closed in reverse order: the server stops taking requests, the engine checkpoints its
    // running operations, then the clusters and the database close.
    closers.push(() => engine.stop());
    closers.push(() => app.close());
    let demoLine: string | undefined;
    if (request.demo) {
      const repo = await ensureDemoRepository({ dir: path.join(config.dataDir, 'demo-repo'), examplesDir: path.join(PROJECT_ROOT, 'examples'), now: clock.now() });
      const outcome = ensureDemoApplication(engine, store.settings, repo.repoURL);
      const where = fileURLToPath(repo.repoURL);
      demoLine = outcome === 'deleted' ? `application ${DEMO_APP} was deleted; not created again (repository ${where})` : `application ${DEMO_APP} (auto-sync) from ${where}: edit, git commit, and watch it deploy`;
    }
    try {
      await app.listen({ host: config.listen.host, port: config.listen.port });
    } catch (error) {
      throw new FerryError('SERVER_LISTEN_FAILED', `cannot listen on ${config.listen.host}:${config.listen.port}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`, { httpStatus: 400 });
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.listen.port;
    const url = `http://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${port}`;
    const [clusterLine, kubectlLine] = clusters.description;
    const lines: [string, string | undefined][] = [
      ['UI and API', `${url}   (OpenAPI: ${url}/api/openapi.json)`],
      ['Admin token', config.auth.enabled ? adminTokenLine(admin, config.dataDir) : 'none: authentication is off (loopback only)'],
      ['Log in', config.auth.enabled && admin.kind === 'created' ? `ferry login --server ${url} --token ${admin.token}` : `ferry login --server ${url} --token TOKEN`],
      ['Cluster', clusterLine],
      ['kubectl', kubectlLine],
      ['Demo', demoLine],
      ['Data', config.dataDir],
      ['Logs', logFile ?? 'standard output (JSON)'],
    ];
    io.writeOut(`Ferry ${projectVersion()} is running.\n${lines.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${`${k}:`.padEnd(13)}${v}\n`).join('')}Press Ctrl-C to stop.\n`);
    if (request.demo) closers.push(printChanges(engine, io));
    const signal = await waitForSignal();
    io.writeOut(`${signal}: stopping; running operations resume at the next start\n`);
    await closeAll();
    return 0;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

export function createLocalToken(request: LocalTokenRequest): LocalToken {
  const file = path.join(request.dataDir, 'ferry.db');
  if (!existsSync(file)) throw new FerryError('CLI_USAGE', `${request.dataDir} holds no Ferry data (no ferry.db): give the --data-dir of ferry serve`, { httpStatus: 400 });
  const store = openSqliteStore(file, { clock: systemClock });
  try {
    const expiresAt = request.expiresInSeconds === undefined ? undefined : new Date(systemClock.now().getTime() + request.expiresInSeconds * 1000).toISOString();
    const { token } = issueToken(store.tokens, { name: request.name, role: request.role, ...(expiresAt && { expiresAt }) });
    return { token, name: request.name, role: request.role, ...(expiresAt && { expiresAt }) };
  } finally {
    store.close();
  }
}

