/**
 * `npm run bench -- helm [-n RUNS] [-k SUBSTRING]`: every chart of the helm corpus rendered by
 * Ferry in-process, cold (caches cleared: load, parse, render) and warm (parsed chart cached,
 * as when an application is re-rendered), and by the real `helm template` (a process per
 * render), in the same run; then the `ferry helm template` process (cold start included)
 * against the helm process. The last line is the median warm in-process speed-up.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import jsyaml from 'js-yaml';
import type { FileTree } from '../src/core/index.ts';
import { clearChartCache, mergeValueSources, renderChart } from '../src/render/helm/index.ts';
import type { RenderChartOptions } from '../src/render/helm/index.ts';
import { createLocalFileTree } from '../src/source/local/index.ts';
import { ferryCommand, helmPath, sharedDir } from '../test/support/oracles.ts';

interface HelmCase {
  readonly name: string;
  readonly dir: string;
  readonly args: string[];
  readonly options: RenderChartOptions;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function loadCases(filter: string | undefined): HelmCase[] {
  const root = path.join(sharedDir, 'corpus', 'helm');
  return readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'case.yaml')) && (!filter || name.includes(filter)))
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      const kase = jsyaml.load(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as {
        command: string;
        release: string;
        namespace: string;
        values_files?: string[];
        extra_args?: string[];
        kube_version: string;
      };
      const extra = kase.extra_args ?? [];
      const values = mergeValueSources({
        files: (kase.values_files ?? []).map((file) => ({ name: file, text: readFileSync(path.join(dir, file), 'utf8') })),
      });
      return {
        name,
        dir,
        args: kase.command.trim().split(/\s+/).slice(1),
        options: {
          releaseName: kase.release,
          namespace: kase.namespace,
          values,
          kubeVersion: kase.kube_version,
          includeCrds: extra.includes('--include-crds'),
          skipTests: extra.includes('--skip-tests'),
        },
      };
    });
}

function timeProcess(command: string, args: readonly string[], cwd: string): number {
  const start = performance.now();
  const child = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const elapsed = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${String(child.status)}: ${child.stderr.toString().trim().split('\n').pop()}`);
  return elapsed;
}

function render(tree: FileTree, kase: HelmCase): string {
  return renderChart(tree, '', kase.options).text;
}

export function run(args: readonly string[]): void {
  const runsAt = args.indexOf('-n');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const filterAt = args.indexOf('-k');
  const cases = loadCases(filterAt >= 0 ? args[filterAt + 1] : undefined);
  const helm = helmPath();

  process.stdout.write(`helm corpus: ${cases.length} charts, median of ${runs} runs each\n\n`);
  process.stdout.write(`${pad('chart', 30)} ${pad('ferry cold', 12)} ${pad('ferry warm', 12)} ${pad('helm', 10)} speed-up (warm)\n`);
  const speedUps: number[] = [];
  const warmTimes: number[] = [];
  const coldTimes: number[] = [];
  for (const kase of cases) {
    const chartDir = path.join(kase.dir, 'chart');
    // Cold: a fresh tree (files listed, not read) and no cached chart: load, parse, render.
    const cold = median(
      Array.from({ length: runs }, () => {
        clearChartCache();
        const tree = createLocalFileTree(chartDir);
        const start = performance.now();
        render(tree, kase);
        return performance.now() - start;
      }),
    );
    const tree = createLocalFileTree(chartDir);
    for (let i = 0; i < 3; i++) render(tree, kase);
    const iterations = 10;
    const warm = median(
      Array.from({ length: runs }, () => {
        const start = performance.now();
        for (let i = 0; i < iterations; i++) render(tree, kase);
        return (performance.now() - start) / iterations;
      }),
    );
    const helmMs = median(Array.from({ length: runs }, () => timeProcess(helm, kase.args, kase.dir)));
    const speedUp = helmMs / warm;
    speedUps.push(speedUp);
    warmTimes.push(warm);
    coldTimes.push(cold);
    process.stdout.write(
      `${pad(kase.name, 30)} ${pad(`${cold.toFixed(1)} ms`, 12)} ${pad(`${warm.toFixed(2)} ms`, 12)} ${pad(`${helmMs.toFixed(0)} ms`, 10)} ${speedUp.toFixed(1)}x\n`,
    );
  }

  process.stdout.write('\nprocesses, cold start included (median per chart, then median over charts):\n');
  const [node, ...ferryArgs] = ferryCommand();
  const ferryProcess: number[] = [];
  const helmProcess: number[] = [];
  try {
    for (const kase of cases) {
      const times = Math.min(runs, 3);
      ferryProcess.push(median(Array.from({ length: times }, () => timeProcess(node!, [...ferryArgs, 'helm', ...kase.args], kase.dir))));
      helmProcess.push(median(Array.from({ length: times }, () => timeProcess(helm, kase.args, kase.dir))));
    }
    const f = median(ferryProcess);
    const h = median(helmProcess);
    process.stdout.write(`  ferry helm template process: ${f.toFixed(0)} ms   helm template process: ${h.toFixed(0)} ms   (${(h / f).toFixed(2)}x)\n`);
  } catch (error) {
    process.stdout.write(`  ferry helm template process: not measured (${(error as Error).message})\n`);
  }
  process.stdout.write(`  ferry in-process median render: cold ${median(coldTimes).toFixed(1)} ms, warm ${median(warmTimes).toFixed(2)} ms\n\n`);
  process.stdout.write(`median speed-up vs helm template: ${median(speedUps).toFixed(1)}x (warm, in-process)\n`);
}
