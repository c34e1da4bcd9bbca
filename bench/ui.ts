/**
 * Web UI benchmark (`npm run bench -- ui [apps] [resources]`): in headless Chromium, the time
 * from navigation to
 *   - the application list showing its first rows, with 5,000 applications in the store
 *     (tiles and table), and
 *   - the resource tree of one application with 1,500 resources showing its rows,
 * against a whole Ferry in process (test/ui/world.ts): the applications are written into the
 * sqlite store and listed by the same engine and server code as any others (the seeded ones are
 * never reconciled, so each list request also validates all 5,000 manifests — more work than a
 * running server does); the big application is rendered from a `git http-backend` repository
 * and synced into the embedded cluster, so its tree holds real ReplicaSets and Pods.
 * Printed beside what Argo CD's users report for the same sizes.
 */
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { AppStatus, ResourceStatusView } from '../src/engine/index.ts';
import type { HealthStatus } from '../src/health/index.ts';
import { ensureUiBuilt } from '../ui/build-ui.ts';
import { applicationManifest, startUiWorld, type UiWorld } from '../test/ui/world.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = 5;

/** A deterministic spread of statuses, as a large installation has. */
function seededStatus(i: number, now: string): AppStatus {
  const roll = (i * 7919) % 100;
  const sync = roll < 10 ? 'OutOfSync' : roll < 11 ? 'Unknown' : 'Synced';
  const health: HealthStatus = roll < 85 ? 'Healthy' : roll < 93 ? 'Progressing' : roll < 98 ? 'Degraded' : 'Missing';
  const resources: ResourceStatusView[] = ['Deployment', 'Service', 'ConfigMap', 'ServiceAccount'].map((kind, k) => ({
    group: kind === 'Deployment' ? 'apps' : '',
    version: 'v1',
    kind,
    namespace: `team-${i % 50}`,
    name: `app-${i}-${k}`,
    status: sync === 'OutOfSync' && k === 0 ? 'OutOfSync' : 'Synced',
    ...(kind !== 'ConfigMap' && { health: { status: k === 0 ? health : 'Healthy' } }),
  }));
  return {
    sync: { status: sync, revision: `${((i * 2654435761) % 2 ** 32).toString(16).padStart(8, '0')}${'0'.repeat(32)}`, reasons: sync === 'OutOfSync' ? [`apps/Deployment/team-${i % 50}/app-${i}-0 differs at /spec/template/spec/containers/0/image`] : [] },
    health: { status: health },
    resources,
    sourceType: 'plain',
    commit: { message: `Release ${i}`, author: 'Release Bot <bot@example.com>', date: now },
    conditions: [],
    reconciledAt: now,
  };
}

function seed(count: number, now: string) {
  return Array.from({ length: count }, (_, n) => {
    const i = n + 1;
    const name = `app-${String(i).padStart(5, '0')}`;
    const manifest = applicationManifest(name, `https://git.example.com/team-${i % 20}/apps.git`, `services/${name}`, { namespace: `team-${i % 50}`, project: `project-${i % 5}` });
    return { name, manifest, status: seededStatus(i, now) };
  });
}

/** 1,500 resources: Deployments of one replica, each with a Service and three ConfigMaps. */
function bigAppFiles(resources: number): Record<string, string> {
  const groups = Math.ceil(resources / 5);
  const files: Record<string, string> = {};
  for (let g = 0; g < groups; g++) {
    const docs = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${g}` }, spec: { replicas: 1, selector: { matchLabels: { app: `web-${g}` } }, template: { metadata: { labels: { app: `web-${g}` } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${g}` }, spec: { selector: { app: `web-${g}` }, ports: [{ port: 80 }] } },
      ...[0, 1, 2].map((c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `web-${g}-config-${c}` }, data: { index: String(c) } })),
    ];
    files[`big/group-${g}.yaml`] = docs.map((d) => JSON.stringify(d)).join('\n---\n');
  }
  return files;
}

async function waitUntil(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Milliseconds from navigation start to the first element matching `selector`, seen by a MutationObserver in the page. */
async function timeToFirst(context: BrowserContext, url: string, selector: string): Promise<{ ms: number; domNodes: number; rows: number }> {
  const page = await context.newPage();
  await page.addInitScript((wanted: string) => {
    const w = window as unknown as { __first?: number };
    const observer = new MutationObserver(() => {
      if (w.__first === undefined && document.querySelector(wanted)) {
        w.__first = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  }, selector);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(selector, { timeout: 60_000 });
  const result = await page.evaluate((wanted: string) => ({ ms: (window as unknown as { __first: number }).__first, domNodes: document.getElementsByTagName('*').length, rows: document.querySelectorAll(wanted).length }), selector);
  await page.close();
  return result;
}

/** Scrolls the table to its end until every application is loaded; the DOM stays small throughout. */
async function scrollThroughList(context: BrowserContext, url: string, total: number): Promise<{ ms: number; maxDom: number }> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('.app-table-body .app-row');
  const started = performance.now();
  let maxDom = 0;
  for (;;) {
    const state = await page.evaluate(() => {
      const scroller = document.querySelector('.app-table-body') as HTMLElement;
      scroller.scrollTop = scroller.scrollHeight;
      return { dom: document.getElementsByTagName('*').length, height: scroller.scrollHeight };
    });
    maxDom = Math.max(maxDom, state.dom);
    if (state.height >= total * 40) break;
    if (performance.now() - started > 120_000) throw new Error('scrolling did not load every application within 2 min');
    await page.waitForTimeout(20);
  }
  await page.waitForFunction((n: number) => document.querySelector('.app-table-body .app-row[aria-rowindex="' + (n + 1) + '"]') !== null, total);
  const ms = performance.now() - started;
  await page.close();
  return { ms, maxDom };
}

/** Types into the search box and times until the list holds only matches. */
async function timeSearch(context: BrowserContext, url: string, text: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('.app-table-body .app-row');
  await page.fill('input[type=search]', text);
  const started = performance.now();
  await page.waitForFunction((wanted: string) => {
    const names = Array.from(document.querySelectorAll('.app-table-body .name-cell'), (n) => n.textContent ?? '');
    return names.length > 0 && names.every((n) => n.includes(wanted));
  }, text);
  const ms = performance.now() - started;
  await page.close();
  return ms;
}

function stats(values: readonly number[]): { median: number; max: number; min: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0, min: sorted[0] ?? 0 };
}

async function timeApi(world: UiWorld, url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${world.url}${url}`, { headers: { Authorization: `Bearer ${world.token}` } });
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

export async function run(args: string[]): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`bench ui: needs Chromium at ${CHROMIUM} (apt-get install -y chromium)\n`);
    process.exitCode = 2;
    return;
  }
  const appCount = Number(args[0] ?? 5000);
  const resourceCount = Number(args[1] ?? 1500);
  const line = (name: string, value: string) => process.stdout.write(`${name.padEnd(44)} ${value}\n`);
  await ensureUiBuilt({ quiet: true });

  const now = new Date().toISOString();
  const seedStarted = performance.now();
  const world = await startUiWorld({ files: bigAppFiles(resourceCount), seed: seed(appCount, now), startEngine: false, nodes: { count: 10, pods: '200' } });
  const profile = mkdtempSync(path.join(tmpdir(), 'ferry-bench-ui-'));
  let context: BrowserContext | undefined;
  try {
    line('applications in the store', `${appCount.toLocaleString('en')} seeded + 1 (${((performance.now() - seedStarted) / 1000).toFixed(1)} s to seed and start)`);
    world.engine.createApplication(applicationManifest('big', world.repo.url, 'big', { namespace: 'big' }));
    await waitUntil('the big application to be compared', () => world.engine.getApplication('big').status.sync.status !== 'Unknown', 300_000);
    const syncStarted = performance.now();
    await world.engine.sync('big');
    await waitUntil('the big application to be synced', () => {
      const operation = world.engine.getApplication('big').status.operation;
      return operation !== undefined && operation.phase !== 'Running' && operation.phase !== 'Terminating';
    }, 900_000);
    await world.engine.refresh('big');
    const big = world.engine.getApplication('big');
    const tree = await timeApi(world, '/api/v1/applications/big/resource-tree');
    line('big application', `${big.status.resources.length.toLocaleString('en')} resources, ${big.status.sync.status}, ${big.status.health.status} (sync took ${((performance.now() - syncStarted) / 1000).toFixed(1)} s)`);

    const list = await timeApi(world, '/api/v1/applications?limit=100');
    const summary = await timeApi(world, '/api/v1/application-summary');
    line('API: first page (100 applications)', `${list.ms.toFixed(0)} ms, ${(list.bytes / 1024).toFixed(0)} KiB`);
    line('API: counts over every application', `${summary.ms.toFixed(0)} ms`);
    line('API: resource tree of the big application', `${tree.ms.toFixed(0)} ms, ${(tree.bytes / 1024).toFixed(0)} KiB`);

    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1440, height: 900 } });
    await context.addInitScript((token: string) => window.sessionStorage.setItem('ferry.token', token), world.token);
    const measure = async (label: string, url: string, selector: string) => {
      const samples = [];
      for (let i = 0; i < RUNS; i++) samples.push(await timeToFirst(context as BrowserContext, url, selector));
      const { median, max, min } = stats(samples.map((s) => s.ms));
      const last = samples[samples.length - 1];
      line(label, `median ${median.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)}; ${RUNS} loads; ${last?.rows} rows and ${last?.domNodes.toLocaleString('en')} DOM elements rendered)`);
      return median;
    };
    process.stdout.write('\nnavigation to first rows, headless Chromium (goal < 1 s):\n');
    const tiles = await measure(`  list of ${appCount.toLocaleString('en')} applications, tiles`, `${world.url}/applications`, '.tile');
    const table = await measure(`  list of ${appCount.toLocaleString('en')} applications, table`, `${world.url}/applications?view=table`, '.app-table-body .app-row');
    const treeMs = await measure(`  tree of ${big.status.resources.length.toLocaleString('en')} resources`, `${world.url}/applications/big`, '.tree-row');
    const scrolled = await scrollThroughList(context, `${world.url}/applications?view=table`, appCount + 1);
    line(`  scrolling through all ${(appCount + 1).toLocaleString('en')} (table)`, `${(scrolled.ms / 1000).toFixed(2)} s to load and pass every page; at most ${scrolled.maxDom.toLocaleString('en')} DOM elements`);
    const searched = await timeSearch(context, `${world.url}/applications?view=table`, 'app-0499');
    line('  search "app-0499" to its rows', `${searched.toFixed(0)} ms after the last keystroke (250 ms of it is the typing pause the page waits for)`);
    process.stdout.write('\nbeside Argo CD (as its users report):\n');
    line('  list of 4–8k applications', `Argo CD 35 s to 2 min · Ferry ${(Math.max(tiles, table) / 1000).toFixed(2)} s for ${appCount.toLocaleString('en')}`);
    line('  application with ~1,500 resources', `Argo CD: the browser freezes · Ferry ${(treeMs / 1000).toFixed(2)} s to its tree`);
    const goal = (ms: number) => (ms < 1000 ? 'met' : 'MISSED');
    line('goals (< 1 s each)', `list ${goal(Math.max(tiles, table))}, tree ${goal(treeMs)}`);
  } finally {
    await context?.close();
    await world.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
