/**
 * The differential harness for the Helm renderer: charts rendered by Ferry (`ferry helm
 * template`, in-process) and by the real `helm template` (v4), compared byte for byte. Where
 * helm fails, Ferry must fail too, its one-line message holding what helm's says (each line of
 * helm v4's trace of nested templates: location, `executing ... at <node>`, cause).
 *
 * Two sources of cases:
 * - fixture charts, one folder per case under src/render/helm/testdata/differential. Its
 *   `_case.yaml` holds `args` (what follows `helm template`, run from the case folder), and
 *   optionally `copy` ({to: from} folders copied from the differential folder, so several cases
 *   share a folder, or `corpus:PATH` for a folder of the shared corpus such as bitnami's `common` library), `package` ({to.tgz: from}: a folder packed as a
 *   chart archive; `[from, 'charts/x=folder']` packs more folders inside it), `error` (a
 *   regular expression helm's message must match when it fails), `note`, and `known` (why
 *   Ferry still differs: the test expects the difference).
 * - snippet groups (helm-differential-snippets.ts): many small templates sharing one chart and
 *   one values file. Each snippet becomes `{{define}}`d and printed base64-encoded through
 *   `include`, so its raw output is compared; a group helm fails on runs snippet by snippet.
 *
 * helm's answers are cached in a temp folder keyed by the case's content and arguments, so a
 * rerun costs only Ferry's renders. Run directly for a report:
 * `node test/render/helm-differential.ts [NAME-SUBSTRING...]`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { buildTgz } from '../support/chart-archive.ts';
import { runFerry } from '../support/cli-harness.ts';
import { helmPath, repoRoot, sharedDir } from '../support/oracles.ts';
import { snippetGroups, type SnippetGroup } from './helm-differential-snippets.ts';

export const differentialDir = path.join(repoRoot, 'src', 'render', 'helm', 'testdata', 'differential');

export interface ChartCase {
  readonly name: string;
  /** Every file of the case, by its path relative to the case folder. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** What follows `helm template`. */
  readonly args: readonly string[];
  readonly error?: RegExp;
  readonly known?: string;
  readonly note?: string;
  /** For snippet groups: the snippet names, in order (output `s<i>: "<base64>"`). */
  readonly snippets?: readonly string[];
}

export interface Outcome {
  readonly ok: boolean;
  /** The output, or the first line of the error message. */
  readonly text: string;
}

const encoder = new TextEncoder();

function readFiles(root: string, prefix = ''): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(prefix + path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(root);
  return files;
}

function asRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/**
 * A `copy`/`package` source: a folder of the differential set, or `corpus:PATH` for a folder of the
 * shared rendering corpus (third-party charts such as bitnami's `common` library are used from there,
 * never copied into this repository).
 */
function sourceDir(from: string): string {
  return from.startsWith('corpus:') ? path.join(sharedDir, 'corpus', from.slice('corpus:'.length)) : path.join(differentialDir, from);
}

/** True when every corpus folder a case names exists (the corpus sits beside the repository). */
function corpusAvailable(meta: Record<string, unknown>): boolean {
  const sources = [...Object.values(asRecord(meta.copy)), ...Object.values((meta.package ?? {}) as Record<string, string | string[]>).flatMap((spec) => (Array.isArray(spec) ? [spec[0] ?? '', ...spec.slice(1).map((extra) => extra.split('=')[1] ?? '')] : [spec]))];
  return sources.every((from) => !from.startsWith('corpus:') || existsSync(sourceDir(from)));
}

/** The fixture cases (folders not starting with `_`), optionally only those whose name contains a filter. */
export function loadFixtureCases(filters: readonly string[] = []): ChartCase[] {
  if (!existsSync(differentialDir)) return [];
  return readdirSync(differentialDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && (filters.length === 0 || filters.some((f) => e.name.includes(f))))
    .map((e) => e.name)
    .sort()
    .map((name): ChartCase | undefined => {
      const dir = path.join(differentialDir, name);
      const files = readFiles(dir);
      const metaBytes = files.get('_case.yaml');
      files.delete('_case.yaml');
      const meta = (metaBytes ? (yaml.load(new TextDecoder().decode(metaBytes)) ?? {}) : {}) as Record<string, unknown>;
      // A case built on the shared corpus is left out where the corpus is not beside the repository.
      if (!corpusAvailable(meta)) return undefined;
      for (const [to, from] of Object.entries(asRecord(meta.copy))) {
        for (const [file, bytes] of readFiles(sourceDir(from), `${to}/`)) files.set(file, bytes);
      }
      for (const [to, spec] of Object.entries((meta.package ?? {}) as Record<string, string | string[]>)) {
        // `from` or [from, 'inner/path=folder', ...]: a chart folder, with more folders packed inside it.
        const [from, ...extras] = Array.isArray(spec) ? spec : [spec];
        const top = path.basename(from!);
        const source = readFiles(sourceDir(from!));
        for (const extra of extras) {
          const [inner, folder] = extra.split('=') as [string, string];
          for (const [file, bytes] of readFiles(sourceDir(folder), `${inner}/`)) source.set(file, bytes);
        }
        files.set(to, buildTgz([...source].map(([file, data]) => ({ name: `${top}/${file}`, data }))));
      }
      return {
        name,
        files,
        args: Array.isArray(meta.args) ? meta.args.map(String) : ['release-name', 'chart'],
        error: typeof meta.error === 'string' ? new RegExp(meta.error) : undefined,
        known: typeof meta.known === 'string' ? meta.known : undefined,
        note: typeof meta.note === 'string' ? meta.note : undefined,
      };
    })
    .filter((found): found is ChartCase => found !== undefined);
}

const CHART_YAML = 'apiVersion: v2\nname: snip\nversion: 1.2.3\nappVersion: "4.5.6"\ndescription: snippets\n';

function snippetTemplate(index: number, text: string): string {
  return `{{- define "snippet.${index}" }}${text}{{ end -}}\ns${index}: {{ include "snippet.${index}" . | b64enc | quote }}\n`;
}

/** One chart for a whole snippet group (or for one snippet of it). */
function snippetCase(group: SnippetGroup, only?: number): ChartCase {
  const files = new Map<string, Uint8Array>();
  files.set('chart/Chart.yaml', encoder.encode(group.chartYaml ?? CHART_YAML));
  files.set('chart/values.yaml', encoder.encode(group.values ?? ''));
  for (const [file, text] of Object.entries(group.files ?? {})) files.set(`chart/${file}`, encoder.encode(text));
  const names = Object.keys(group.snippets);
  names.forEach((name, i) => {
    if (only !== undefined && only !== i) return;
    files.set(`chart/templates/s${String(i).padStart(3, '0')}.yaml`, encoder.encode(snippetTemplate(i, group.snippets[name]!)));
  });
  return {
    name: only === undefined ? `snippets/${group.name}` : `snippets/${group.name}/${names[only]}`,
    files,
    args: ['release-name', 'chart', ...(group.args ?? [])],
    snippets: names,
    known: only === undefined ? undefined : group.known?.[names[only]!],
  };
}

export function loadSnippetGroups(filters: readonly string[] = []): SnippetGroup[] {
  return snippetGroups.filter((g) => filters.length === 0 || filters.some((f) => g.name.includes(f)));
}

// ---- running ---------------------------------------------------------------------------------

function materialise(kase: ChartCase): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferry-helm-diff-'));
  for (const [file, bytes] of kase.files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), bytes);
  }
  return dir;
}

let helmIdentity: string | undefined;

function cacheKey(kase: ChartCase): string {
  // Another helm binary (a new oracle version) gets answers of its own.
  if (helmIdentity === undefined) {
    const stat = statSync(helmPath());
    helmIdentity = `${helmPath()} ${stat.size} ${stat.mtimeMs}`;
  }
  const hash = createHash('sha256');
  hash.update(`${helmIdentity}\nhelm template ${JSON.stringify(kase.args)}\n`);
  for (const [file, bytes] of [...kase.files].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    hash.update(`${file}\n${bytes.length}\n`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 32);
}

const cacheDir = path.join(tmpdir(), 'ferry-helm-oracle-cache-v2');

/**
 * helm's error, without `Error: `: one line, or helm v4's trace of an execution error, one
 * `file:line:col` / `executing "name" at <node>:` / cause group per nested template.
 */
function helmMessage(stderr: string): string {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Error: '));
  if (start < 0) return stderr.trim().split('\n')[0] ?? '';
  const out: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.trim() === '' || line.startsWith('Use --debug')) break;
    out.push(line);
  }
  return out.join('\n').replace(/^Error: /, '');
}

/** Whether Ferry's one-line message says what helm's (maybe traced) message says. */
function sameError(helm: string, ferry: string): boolean {
  if (!helm.includes('\n')) return ferry.includes(helm);
  return helm.split('\n').every((line) => ferry.includes(line.trim().replace(/^- /, '').replace(/:$/, '')));
}

export function runHelm(kase: ChartCase): Promise<Outcome> {
  const file = path.join(cacheDir, `${cacheKey(kase)}.json`);
  if (existsSync(file)) return Promise.resolve(JSON.parse(readFileSync(file, 'utf8')) as Outcome);
  const dir = materialise(kase);
  return new Promise((resolve) => {
    execFile(helmPath(), ['template', ...kase.args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const outcome: Outcome = error ? { ok: false, text: helmMessage(stderr) || error.message } : { ok: true, text: stdout };
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(file, JSON.stringify(outcome));
      resolve(outcome);
    });
  });
}

/** Ferry's `helm template`, run in-process by the CLI on the same files. */
export async function runFerryTemplate(kase: ChartCase): Promise<Outcome> {
  const dir = materialise(kase);
  try {
    const run = await runFerry(['helm', 'template', ...kase.args], { cwd: dir, openLocalTree: (d) => createLocalFileTree(d) });
    if (run.code === 0) return { ok: true, text: run.stdout };
    return { ok: false, text: run.stderr.trim().split('\n')[0]!.replace(/^ferry: /, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** helm's and Ferry's outcomes for a case (the helm process runs while Ferry renders). */
export async function runBoth(kase: ChartCase): Promise<{ kase: ChartCase; helm: Outcome; ferry: Outcome }> {
  const helmRun = runHelm(kase);
  const ferry = await runFerryTemplate(kase);
  return { kase, helm: await helmRun, ferry };
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---- comparing -------------------------------------------------------------------------------

/** Empty when Ferry agrees with helm; otherwise what differs. */
export function compare(kase: ChartCase, ferry: Outcome, helm: Outcome): string {
  if (!helm.ok) {
    if (ferry.ok) return `helm fails (${helm.text}) but Ferry renders`;
    if (!sameError(helm.text, ferry.text)) return `messages differ:\n  helm:  ${helm.text}\n  ferry: ${ferry.text}`;
    if (kase.error && !kase.error.test(helm.text)) return `helm's message does not match ${kase.error}: ${helm.text}`;
    return '';
  }
  if (!ferry.ok) return `Ferry fails: ${ferry.text}`;
  if (ferry.text === helm.text) return '';
  return `output differs:\n${firstDifference(helm.text, ferry.text)}`;
}

function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      const from = Math.max(0, i - 3);
      return `  at line ${i + 1}:\n  helm:  ${JSON.stringify(e.slice(from, i + 3).join('\n'))}\n  ferry: ${JSON.stringify(a.slice(from, i + 3).join('\n'))}`;
    }
  }
  return '  (same lines)';
}

/** A snippet group's outputs, by snippet name (Outcome per snippet). */
export function splitSnippets(kase: ChartCase, outcome: Outcome): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  if (!outcome.ok) return out;
  for (const match of outcome.text.matchAll(/^s(\d+): "([^"]*)"$/gm)) {
    const name = kase.snippets![Number(match[1])]!;
    out.set(name, { ok: true, text: Buffer.from(match[2]!, 'base64').toString('utf8') });
  }
  return out;
}

export interface SnippetResult {
  readonly group: string;
  readonly name: string;
  readonly template: string;
  readonly problem: string;
  readonly known?: string;
  readonly helm: Outcome;
  readonly ferry: Outcome;
}

/** Every snippet of the groups, compared; groups helm fails on are run snippet by snippet. */
export async function runSnippetGroups(groups: readonly SnippetGroup[]): Promise<SnippetResult[]> {
  const results: SnippetResult[] = [];
  const perGroup = await mapLimit(groups, 3, async (group) => {
    const whole = snippetCase(group);
    const helmRun = runHelm(whole); // the helm process runs while Ferry renders in-process
    const ferry = await runFerryTemplate(whole);
    const helm = await helmRun;
    const names = Object.keys(group.snippets);
    const out: SnippetResult[] = [];
    if (helm.ok) {
      const h = splitSnippets(whole, helm);
      const f = ferry.ok ? splitSnippets(whole, ferry) : new Map<string, Outcome>();
      names.forEach((name) => {
        const ho = h.get(name) ?? { ok: false, text: 'missing from helm output' };
        const fo = ferry.ok ? (f.get(name) ?? { ok: false, text: 'missing from Ferry output' }) : ferry;
        out.push({ group: group.name, name, template: group.snippets[name]!, helm: ho, ferry: fo, problem: compare(whole, fo, ho), known: group.known?.[name] });
      });
      return out;
    }
    const singles = await mapLimit(
      names.map((name, i) => ({ name, single: snippetCase(group, i) })),
      4,
      async ({ name, single }) => {
        const helmRun = runHelm(single);
        const fs = await runFerryTemplate(single);
        const hs = await helmRun;
        const ho = hs.ok ? (splitSnippets(single, hs).get(name) ?? hs) : hs;
        const fo = fs.ok ? (splitSnippets(single, fs).get(name) ?? fs) : fs;
        return { group: group.name, name, template: group.snippets[name]!, helm: ho, ferry: fo, problem: compare(single, fo, ho), known: group.known?.[name] };
      },
    );
    return singles;
  });
  for (const group of perGroup) results.push(...group);
  return results;
}

// ---- report ----------------------------------------------------------------------------------

async function report(filters: string[]): Promise<void> {
  const cases = loadFixtureCases(filters);
  const outcomes = await mapLimit(cases, 3, runBoth);
  let bad = 0;
  for (const { kase, helm, ferry } of outcomes) {
    const problem = compare(kase, ferry, helm);
    if (problem) {
      bad++;
      console.log(`DIFF ${kase.name}${kase.known ? ' (known)' : ''}: ${problem}\n`);
    }
  }
  const snippets = await runSnippetGroups(loadSnippetGroups(filters));
  for (const s of snippets) {
    if (!s.problem) continue;
    bad++;
    let at = 0;
    while (at < s.helm.text.length && s.helm.text[at] === s.ferry.text[at]) at++;
    const from = Math.max(0, at - 80);
    const show = (text: string) => JSON.stringify(text.slice(from, at + 120));
    console.log(`DIFF snippet ${s.group}/${s.name}${s.known ? ' (known)' : ''}: ${JSON.stringify(s.template).slice(0, 300)}\n  from character ${from}:\n  helm:  ${show(s.helm.text)}\n  ferry: ${show(s.ferry.text)}\n`);
  }
  console.log(`${cases.length} charts, ${snippets.length} snippets, ${bad} differ`);
}

if (import.meta.url === `file://${process.argv[1]}`) await report(process.argv.slice(2));
