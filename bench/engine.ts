/**
 * `npm run bench -- engine [--apps N]`: the shape of the Flux benchmark on the embedded cluster.
 * N applications (each a Deployment, ServiceAccount, Service and Ingress) from one Git
 * repository served by `git http-backend`, auto-synced by one Ferry engine. For each N: the time
 * from creating the applications to all of them Synced and Healthy, the peak RSS, and the CPU
 * time of one no-change refresh of every application. Flux's published figures (16-core runner)
 * are printed beside them; this machine has 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, systemClock } from '../src/core/index.ts';
import { EmbeddedCluster, SimCluster } from '../src/cluster/sim/index.ts';
import { Engine, LiveStateCache } from '../src/engine/index.ts';
import { createGitSource } from '../src/source/git/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { startGitServer } from '../test/support/git-server.ts';

const FLUX_SECONDS: Readonly<Record<number, number>> = { 100: 26, 500: 120, 1000: 253 };

function appFiles(index: number): Record<string, string> {
  const name = `app-${index}`;
  const labels = { app: name };
  const objects = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: name, containers: [{ name: 'app', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', ports: [{ containerPort: 9898 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: labels, ports: [{ port: 80, targetPort: 9898 }] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec: { rules: [{ host: `${name}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }] } },
  ];
  return { [`apps/${name}/manifests.yaml`]: objects.map((o) => JSON.stringify(o)).join('\n---\n') };
}

async function measure(apps: number): Promise<{ seconds: number; peakRssMiB: number; refreshCpuSeconds: number }> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-engine-'));
  const git = await startGitServer();
  const repo = git.createRepo('fleet');
  const files: Record<string, string> = {};
  for (let i = 0; i < apps; i++) Object.assign(files, appFiles(i));
  repo.commit(files, { message: `${apps} applications` });
  const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'running', nodes: { count: Math.ceil(apps / 100) + 1, pods: '110', cpu: '16', memory: '64Gi' } });
  const client = new SimCluster(cluster);
  const live = new LiveStateCache(client, { clock: systemClock, logger: silentLogger });
  const connection = { name: 'in-cluster', server: 'https://kubernetes.default.svc', client, live };
  const store = openSqliteStore(path.join(scratch, 'ferry.db'), { clock: systemClock });
  const engine = new Engine(
    { store, git: createGitSource({ cacheDir: path.join(scratch, 'git') }), clusters: { resolve: () => connection, list: () => [connection] }, clock: systemClock, logger: silentLogger, random: Math.random },
    { pollIntervalMs: 3_600_000, syncPollMs: 500, revisionCacheMs: 60_000, parallelism: 20 },
  );
  await engine.start();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  const started = performance.now();
  for (let i = 0; i < apps; i++) {
    engine.createApplication({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: `app-${i}` },
      spec: { source: { repoURL: repo.url, targetRevision: 'main', path: `apps/app-${i}` }, destination: { server: 'https://kubernetes.default.svc', namespace: `team-${i % 20}` }, syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] } },
    });
  }
  const done = () => engine.listApplications().every((app) => app.status.sync.status === 'Synced' && app.status.health.status === 'Healthy');
  // Progress on stderr, so a long run shows what it waits for.
  const progress = setInterval(() => {
    const waiting = engine.listApplications().filter((app) => !(app.status.sync.status === 'Synced' && app.status.health.status === 'Healthy'));
    const sample = waiting[0];
    process.stderr.write(`${apps - waiting.length}/${apps} Synced and Healthy${sample ? `; e.g. ${sample.name}: ${sample.status.sync.status}, ${sample.status.health.status} ${sample.status.health.message ?? ''}` : ''}\n`);
  }, 10_000);
  const deadline = started + 30 * 60_000;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('not all applications became Synced and Healthy within 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(progress);
  await engine.settle();

  const cpuBefore = process.cpuUsage();
  await Promise.all(engine.listApplications().map((app) => engine.refresh(app.name)));
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  await engine.stop();
  live.stop();
  await cluster.close();
  store.close();
  await git.close();
  rmSync(scratch, { recursive: true, force: true });
  return { seconds, peakRssMiB: peakRss / 2 ** 20, refreshCpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--apps');
  const sizes = at >= 0 ? [Number(args[at + 1])] : [100, 500, 1000];
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--apps needs a positive integer');
  let last = '';
  for (const apps of sizes) {
    const result = await measure(apps);
    const flux = FLUX_SECONDS[apps];
    const ratio = flux ? `  (Flux, 16 cores: ${flux} s; Ferry/Flux ${(result.seconds / flux).toFixed(2)}x)` : '';
    process.stdout.write(`${apps} apps: Synced+Healthy in ${result.seconds.toFixed(1)} s, peak RSS ${Math.round(result.peakRssMiB)} MiB, no-change refresh CPU ${result.refreshCpuSeconds.toFixed(1)} s${ratio}\n`);
    last = `${apps} apps: Synced+Healthy in ${result.seconds.toFixed(1)} s, peak RSS ${Math.round(result.peakRssMiB)} MiB, no-change refresh CPU ${result.refreshCpuSeconds.toFixed(1)} s`;
  }
  // The last line is the one the issue names: the largest size, without the comparison.
  process.stdout.write(`${last}\n`);
}
