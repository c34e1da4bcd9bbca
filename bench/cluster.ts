/**
 * Embedded cluster benchmark: `npm run bench -- cluster [configmaps] [deployments] [replicas]`.
 *
 * The same workload twice — through HTTP with client-node (`KubeCluster` against the served
 * API) and in process (`SimCluster`) — each on its own SQLite data directory with the
 * controllers running on real time: create N ConfigMaps, create D Deployments of R replicas
 * and wait until every pod is Ready, list every ConfigMap, watch-replay every ConfigMap event,
 * then measure RSS and the restart time on the data directory. Prints both columns and their
 * ratio. Defaults: 10 000 ConfigMaps, 1 000 Deployments of 3 replicas. Each mode runs in its
 * own process, so memory figures are not mixed; heap is measured after a full GC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { memoryUsage } from 'node:process';
import { systemClock, type KubeObject } from '../src/core/index.ts';
import type { ClusterClient } from '../src/cluster/index.ts';
import { KubeCluster } from '../src/cluster/kube/index.ts';
import { EmbeddedCluster, SimCluster } from '../src/cluster/sim/index.ts';

interface Figures {
  configMapsPerSecond: number;
  deploymentsReadySeconds: number;
  listSeconds: number;
  watchEventsPerSecond: number;
  rssMiB: number;
  heapMiB: number;
  restartSeconds: number;
}

const CONCURRENCY = 32;

async function inParallel<T>(count: number, work: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
    while (next < count) await work(next++);
  });
  await Promise.all(workers);
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'bench' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1m', memory: '1Mi' } } }] },
      },
    },
  };
}

async function workload(client: ClusterClient, configMaps: number, deployments: number, replicas: number): Promise<Omit<Figures, 'rssMiB' | 'heapMiB' | 'restartSeconds'>> {
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  let start = performance.now();
  await inParallel(configMaps, (i) =>
    client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'bench' }, data: { index: String(i) } }),
  );
  const configMapsPerSecond = configMaps / ((performance.now() - start) / 1000);

  start = performance.now();
  await inParallel(deployments, (i) => client.create(deployment(`app-${i}`, replicas)));
  const want = deployments * replicas;
  for (;;) {
    const pods = await client.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace: 'bench' });
    const ready = pods.items.filter((pod) =>
      ((pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    ).length;
    if (ready >= want) break;
    if (performance.now() - start > 20 * 60_000) throw new Error(`only ${ready}/${want} pods Ready after 20 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const deploymentsReadySeconds = (performance.now() - start) / 1000;

  start = performance.now();
  const list = await client.list({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: 'bench' });
  const listSeconds = (performance.now() - start) / 1000;

  const controller = new AbortController();
  start = performance.now();
  let events = 0;
  for await (const event of client.watch({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: 'bench', resourceVersion: '0', signal: controller.signal })) {
    if (event.type === 'ADDED') events++;
    if (events >= list.items.length) break;
  }
  controller.abort();
  const watchEventsPerSecond = events / ((performance.now() - start) / 1000);
  return { configMapsPerSecond, deploymentsReadySeconds, listSeconds, watchEventsPerSecond };
}

async function measure(mode: 'http' | 'in-process', configMaps: number, deployments: number, replicas: number): Promise<Figures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `ferry-bench-${mode}-`));
  const nodes = { count: Math.max(3, Math.ceil((deployments * replicas) / 100)) };
  try {
    const cluster = new EmbeddedCluster({ clock: systemClock, dataDir, nodes });
    let client: ClusterClient;
    if (mode === 'http') {
      const { url } = await cluster.serve();
      client = KubeCluster.fromKubeconfigText(
        `apiVersion: v1\nkind: Config\nclusters: [{name: b, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]\nusers: [{name: b, user: {}}]\ncontexts: [{name: b, context: {cluster: b, user: b}}]\ncurrent-context: b\n`,
      );
    } else {
      client = new SimCluster(cluster);
    }
    const figures = await workload(client, configMaps, deployments, replicas);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rssMiB = memoryUsage().rss / 2 ** 20;
    const heapMiB = memoryUsage().heapUsed / 2 ** 20;
    await cluster.close();
    const start = performance.now();
    const reopened = new EmbeddedCluster({ clock: systemClock, dataDir, nodes, controllers: 'off' });
    const restartSeconds = (performance.now() - start) / 1000;
    await reopened.close();
    return { ...figures, rssMiB, heapMiB, restartSeconds };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs one mode in a child process (its own heap) and reads its figures. */
function measureApart(mode: 'http' | 'in-process', sizes: string[]): Figures {
  const out = execFileSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--mode', mode, ...sizes], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Figures;
}

export async function run(args: string[]): Promise<void> {
  if (args[0] === '--mode') {
    const [, mode, ...sizes] = args;
    const figures = await measure(mode === 'http' ? 'http' : 'in-process', Number(sizes[0] ?? 10_000), Number(sizes[1] ?? 1000), Number(sizes[2] ?? 3));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const configMaps = Number(args[0] ?? 10_000);
  const deployments = Number(args[1] ?? 1000);
  const replicas = Number(args[2] ?? 3);
  const sizes = [String(configMaps), String(deployments), String(replicas)];
  const http = measureApart('http', sizes);
  const local = measureApart('in-process', sizes);
  const row = (name: string, a: number, b: number, unit: string, digits = 1): string =>
    `${name.padEnd(36)} ${a.toFixed(digits).padStart(10)} ${b.toFixed(digits).padStart(12)} ${(b / a).toFixed(2).padStart(8)}  ${unit}\n`;
  process.stdout.write(`embedded cluster: ${configMaps} ConfigMaps, ${deployments} Deployments × ${replicas} replicas\n`);
  process.stdout.write(`${''.padEnd(36)} ${'HTTP'.padStart(10)} ${'in-process'.padStart(12)} ${'ratio'.padStart(8)}\n`);
  process.stdout.write(row('ConfigMap creates', http.configMapsPerSecond, local.configMapsPerSecond, 'per second'));
  process.stdout.write(row('Deployments created to all pods Ready', http.deploymentsReadySeconds, local.deploymentsReadySeconds, 'seconds', 2));
  process.stdout.write(row(`list of ${configMaps} ConfigMaps`, http.listSeconds, local.listSeconds, 'seconds', 3));
  process.stdout.write(row('watch replay', http.watchEventsPerSecond, local.watchEventsPerSecond, 'events per second', 0));
  process.stdout.write(row('heap used after the workload (GC)', http.heapMiB, local.heapMiB, 'MiB', 0));
  process.stdout.write(row('RSS after the workload', http.rssMiB, local.rssMiB, 'MiB', 0));
  process.stdout.write(row('restart on the data directory', http.restartSeconds, local.restartSeconds, 'seconds', 3));
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));
