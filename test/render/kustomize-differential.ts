/**
 * The differential harness for the kustomize renderer: each case (a folder of
 * src/render/kustomize/testdata/differential) is built by Ferry in-process and by the real
 * `kubectl kustomize`, and the two are compared as bytes and as check.sh compares them
 * (parsed documents sorted by id, canonical JSON). kubectl's answers are cached in a temp
 * folder keyed by the case's content, so a rerun costs only Ferry's builds.
 *
 * Folders whose names start with `_` are not cases: `_shared` holds bases several cases use
 * (`../_shared/workloads`). A case folder may hold `_case.yaml`: `target` (the kustomization, relative to the case;
 * default `.`), `args` (extra `kubectl kustomize` flags, e.g. the load restrictor), `error`
 * (a regular expression Ferry's message must match when kustomize fails too), `note`, and
 * `known` (why Ferry still differs there: the test then expects the difference).
 *
 * Run directly to print a report: `node test/render/kustomize-differential.ts [NAME...]`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { MemoryFileTree } from '../../src/core/index.ts';
import { buildKustomization, printKustomizeOutput, type LoadRestrictor } from '../../src/render/kustomize/index.ts';
import { normaliseDocuments } from '../support/kustomize-corpus.ts';
import { kubectlPath, repoRoot } from '../support/oracles.ts';

export const differentialDir = path.join(repoRoot, 'src', 'render', 'kustomize', 'testdata', 'differential');

export interface DifferentialCase {
  readonly name: string;
  readonly dir: string;
  readonly target: string;
  readonly args: readonly string[];
  readonly error?: RegExp;
  /** Why Ferry is known to differ from kustomize on this case. */
  readonly known?: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export interface Outcome {
  readonly ok: boolean;
  /** The printed output, or the error message. */
  readonly text: string;
}

export interface Comparison {
  readonly name: string;
  readonly ferry: Outcome;
  readonly kubectl: Outcome;
  readonly sameBytes: boolean;
  readonly sameDocuments: boolean;
  /** Empty when Ferry agrees with kubectl; otherwise what differs, in one paragraph. */
  readonly problem: string;
}

function readFiles(root: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(root);
  return files;
}

export function loadDifferentialCases(names: readonly string[] = []): DifferentialCase[] {
  if (!existsSync(differentialDir)) return [];
  return readdirSync(differentialDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && (names.length === 0 || names.some((n) => e.name.includes(n))))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = path.join(differentialDir, name);
      const files = readFiles(dir);
      const meta = files.has('_case.yaml') ? ((yaml.load(new TextDecoder().decode(files.get('_case.yaml'))) ?? {}) as Record<string, unknown>) : {};
      return {
        name,
        dir,
        target: typeof meta.target === 'string' ? meta.target : '.',
        args: Array.isArray(meta.args) ? meta.args.map(String) : [],
        error: typeof meta.error === 'string' ? new RegExp(meta.error) : undefined,
        known: typeof meta.known === 'string' ? meta.known : undefined,
        files,
      };
    });
}

let sharedFiles: Map<string, Uint8Array> | undefined;

/** The files of `_shared`, keyed by their path in the differential folder. */
function shared(): Map<string, Uint8Array> {
  if (!sharedFiles) {
    const dir = path.join(differentialDir, '_shared');
    sharedFiles = new Map(existsSync(dir) ? [...readFiles(dir)].map(([file, bytes]) => [`_shared/${file}`, bytes]) : []);
  }
  return sharedFiles;
}

function cacheKey(kase: DifferentialCase): string {
  const hash = createHash('sha256');
  hash.update(`kubectl kustomize ${kase.args.join(' ')} ${kase.target}\n`);
  for (const [file, bytes] of [...kase.files, ...shared()]) {
    hash.update(`${file}\n${bytes.length}\n`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 32);
}

const cacheDir = path.join(tmpdir(), 'ferry-kustomize-oracle-cache');

function runKubectl(kase: DifferentialCase): Promise<Outcome> {
  const file = path.join(cacheDir, `${cacheKey(kase)}.json`);
  if (existsSync(file)) return Promise.resolve(JSON.parse(readFileSync(file, 'utf8')) as Outcome);
  return new Promise((resolve) => {
    execFile(
      kubectlPath(),
      ['kustomize', ...kase.args, path.join(kase.dir, kase.target)],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
      (error, stdout, stderr) => {
        const outcome: Outcome = error ? { ok: false, text: stderr.trim() || error.message } : { ok: true, text: stdout };
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(file, JSON.stringify(outcome));
        resolve(outcome);
      },
    );
  });
}

/** kubectl's answers for every case, a few processes at a time. */
export async function runOracle(cases: readonly DifferentialCase[], parallel = 4): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const kase = cases[next++] as DifferentialCase;
      out.set(kase.name, await runKubectl(kase));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

function restrictorOf(args: readonly string[]): LoadRestrictor | undefined {
  const at = args.indexOf('--load-restrictor');
  const value = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--load-restrictor='))?.split('=')[1];
  return value === 'LoadRestrictionsNone' ? 'LoadRestrictionsNone' : undefined;
}

export function runFerryBuild(kase: DifferentialCase): Outcome {
  try {
    const files = new Map(shared());
    for (const [file, bytes] of kase.files) files.set(`${kase.name}/${file}`, bytes);
    const result = buildKustomization({
      tree: new MemoryFileTree(files),
      path: path.posix.join(kase.name, kase.target),
      loadRestrictor: restrictorOf(kase.args),
    });
    return { ok: true, text: printKustomizeOutput(result.objects.map((o) => o.object)) };
  } catch (error) {
    return { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
}

function firstLineDiff(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}: ferry ${JSON.stringify(al[i] ?? '<end>')} / kubectl ${JSON.stringify(bl[i] ?? '<end>')}`;
  }
  return '';
}

function documentsOf(text: string): string[] | undefined {
  try {
    return normaliseDocuments(text);
  } catch {
    return undefined;
  }
}

export function compareOutcomes(kase: DifferentialCase, ferry: Outcome, kubectl: Outcome): Comparison {
  let problem = '';
  let sameBytes = false;
  let sameDocuments = false;
  if (ferry.ok && kubectl.ok) {
    sameBytes = ferry.text === kubectl.text;
    const a = documentsOf(ferry.text);
    const b = documentsOf(kubectl.text);
    sameDocuments = a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
    if (!sameDocuments) problem = `documents differ; ${firstLineDiff(ferry.text, kubectl.text)}`;
    else if (!sameBytes) problem = `same documents, different text; ${firstLineDiff(ferry.text, kubectl.text)}`;
  } else if (ferry.ok) problem = `kubectl fails (${kubectl.text.split('\n').pop() ?? ''}) but Ferry builds`;
  else if (kubectl.ok) problem = `Ferry fails: ${ferry.text}`;
  else {
    sameBytes = sameDocuments = true;
    if (kase.error && !kase.error.test(ferry.text)) problem = `both fail, but Ferry's message ${JSON.stringify(ferry.text)} does not match /${kase.error.source}/ (kubectl: ${kubectl.text})`;
  }
  return { name: kase.name, ferry, kubectl, sameBytes, sameDocuments, problem };
}

export async function compareCases(cases: readonly DifferentialCase[]): Promise<Comparison[]> {
  const oracle = await runOracle(cases);
  return cases.map((kase) => compareOutcomes(kase, runFerryBuild(kase), oracle.get(kase.name) as Outcome));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = loadDifferentialCases(process.argv.slice(2));
  const results = await compareCases(cases);
  let bad = 0;
  for (const r of results) {
    if (!r.problem) continue;
    bad++;
    console.log(`DIFF ${r.name}: ${r.problem}`);
    if (process.env.VERBOSE && r.ferry.ok && r.kubectl.ok) {
      const dir = path.join(tmpdir(), 'ferry-kdiff', r.name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'ferry.yaml'), r.ferry.text);
      writeFileSync(path.join(dir, 'kubectl.yaml'), r.kubectl.text);
      console.log(`  diff ${dir}/ferry.yaml ${dir}/kubectl.yaml`);
    } else if (process.env.VERBOSE) {
      console.log(`  ferry: ${r.ferry.ok ? 'ok' : r.ferry.text}\n  kubectl: ${r.kubectl.ok ? 'ok' : r.kubectl.text}`);
    }
  }
  const failing = results.filter((r) => !r.problem && !r.kubectl.ok).map((r) => r.name);
  console.log(`${results.length - bad} same (${failing.length} failing in both${failing.length ? `: ${failing.join(', ')}` : ''}), ${bad} different`);
}
