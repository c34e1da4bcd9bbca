/**
 * `npm run bench -- kustomize [-n RUNS] [-k SUBSTRING]`: every corpus case built by Ferry
 * (warm, in-process) and by the real `kubectl kustomize` (a process per build) in the same
 * run; then the `ferry kustomize` process (cold start included) against the kubectl process.
 * The last line is the median in-process speed-up.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { buildKustomization, printKustomizeOutput } from '../src/render/kustomize/index.ts';
import { loadKustomizeCases, type KustomizeCase } from '../test/support/kustomize-corpus.ts';
import { ferryCommand, kubectlPath } from '../test/support/oracles.ts';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function buildInProcess(kase: KustomizeCase): string {
  const result = buildKustomization({ tree: kase.tree, path: kase.target, loadRestrictor: kase.loadRestrictor });
  return printKustomizeOutput(result.objects.map((o) => o.object));
}

function timeProcess(command: string, args: readonly string[], cwd: string): number {
  const start = performance.now();
  const child = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${String(child.status)}: ${child.stderr.toString().trim().split('\n').pop()}`);
  return elapsed;
}

function kustomizeArgs(kase: KustomizeCase): string[] {
  return kase.command.trim().split(/\s+/).slice(1);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function run(args: readonly string[]): void {
  const runsAt = args.indexOf('-n');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const filterAt = args.indexOf('-k');
  const filter = filterAt >= 0 ? args[filterAt + 1] : undefined;
  const cases = loadKustomizeCases().filter((c) => !filter || c.name.includes(filter));
  const kubectl = kubectlPath();
  execFileSync(kubectl, ['version', '--client'], { stdio: 'ignore' });

  process.stdout.write(`kustomize corpus: ${cases.length} cases, median of ${runs} runs each\n\n`);
  process.stdout.write(`${pad('case', 36)} ${pad('ferry (warm)', 14)} ${pad('kubectl', 10)} speed-up\n`);
  const speedUps: number[] = [];
  const inProcess: number[] = [];
  for (const kase of cases) {
    for (let i = 0; i < 3; i++) buildInProcess(kase);
    const iterations = 20;
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      for (let i = 0; i < iterations; i++) buildInProcess(kase);
      samples.push((performance.now() - start) / iterations);
    }
    const ferryMs = median(samples);
    const kubectlMs = median(Array.from({ length: runs }, () => timeProcess(kubectl, kustomizeArgs(kase), kase.dir)));
    const speedUp = kubectlMs / ferryMs;
    speedUps.push(speedUp);
    inProcess.push(ferryMs);
    process.stdout.write(`${pad(kase.name, 36)} ${pad(`${ferryMs.toFixed(2)} ms`, 14)} ${pad(`${kubectlMs.toFixed(1)} ms`, 10)} ${speedUp.toFixed(1)}x\n`);
  }

  process.stdout.write('\nprocesses, cold start included (median per case, then median over cases):\n');
  const [node, ...ferryArgs] = ferryCommand();
  const ferryProcess: number[] = [];
  const kubectlProcess: number[] = [];
  try {
    for (const kase of cases) {
      ferryProcess.push(median(Array.from({ length: Math.min(runs, 3) }, () => timeProcess(node as string, [...ferryArgs, 'kubectl', ...kustomizeArgs(kase)], kase.dir))));
      kubectlProcess.push(median(Array.from({ length: Math.min(runs, 3) }, () => timeProcess(kubectl, kustomizeArgs(kase), kase.dir))));
    }
    const f = median(ferryProcess);
    const k = median(kubectlProcess);
    process.stdout.write(`  ferry kustomize process: ${f.toFixed(0)} ms   kubectl kustomize process: ${k.toFixed(0)} ms   (${(k / f).toFixed(2)}x)\n`);
  } catch (error) {
    process.stdout.write(`  ferry kustomize process: not measured (${(error as Error).message})\n`);
  }
  process.stdout.write(`  ferry in-process median build: ${median(inProcess).toFixed(2)} ms\n\n`);
  process.stdout.write(`median speed-up vs kubectl kustomize: ${median(speedUps).toFixed(1)}x (warm, in-process)\n`);
}
