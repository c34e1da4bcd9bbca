/**
 * Fidelity against the real charts of ../shared/corpus/helm (helm v4.1.4's output): every
 * case rendered in-process and compared as check.sh compares (documents parsed, sorted by
 * apiVersion/kind/namespace/name, compared as canonical JSON); and a few cases through the
 * real CLI with check.sh itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { KUBE_YAML_SCHEMA } from '../../src/manifest/index.ts';
import { mergeValueSources, renderChart } from '../../src/render/helm/index.ts';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { ferryCommand, sharedDir } from '../support/oracles.ts';

const corpus = path.join(sharedDir, 'corpus', 'helm');

interface Case {
  readonly name: string;
  readonly release: string;
  readonly namespace: string;
  readonly values_files?: string[];
  readonly extra_args?: string[];
  readonly kube_version: string;
}

function canon(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canon).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${canon(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function keyOf(doc: unknown): string {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return '';
  const d = doc as { apiVersion?: unknown; kind?: unknown; metadata?: { namespace?: unknown; name?: unknown } };
  return [d.apiVersion, d.kind, d.metadata?.namespace, d.metadata?.name].map((x) => String(x ?? '')).join('/');
}

/** check.sh's normalisation: non-empty documents as sorted (key, canonical JSON) pairs. */
function normalise(text: string): string[] {
  const docs: unknown[] = [];
  jsyaml.loadAll(text, (doc) => docs.push(doc), { schema: KUBE_YAML_SCHEMA, json: true });
  return docs
    .filter((d) => !(d === null || d === undefined || (Array.isArray(d) && d.length === 0) || (typeof d === 'object' && Object.keys(d).length === 0)))
    .map((d) => `${keyOf(d)}\u0000${canon(d)}`)
    .sort();
}

// The corpus lives beside the repository (../shared); without it there is nothing to compare,
// so the suites below are skipped rather than failed.
const cases = existsSync(corpus) ? readdirSync(corpus).filter((name) => existsSync(path.join(corpus, name, 'case.yaml'))).sort() : [];

function renderCase(name: string): string {
  const dir = path.join(corpus, name);
  const kase = jsyaml.load(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as Case;
  const extra = kase.extra_args ?? [];
  const values = mergeValueSources({
    files: (kase.values_files ?? []).map((file) => ({ name: file, text: readFileSync(path.join(dir, file), 'utf8') })),
  });
  return renderChart(createLocalFileTree(path.join(dir, 'chart')), '', {
    releaseName: kase.release,
    namespace: kase.namespace,
    values,
    kubeVersion: kase.kube_version,
    includeCrds: extra.includes('--include-crds'),
    skipTests: extra.includes('--skip-tests'),
    label: 'chart',
  }).text;
}

describe.skipIf(cases.length === 0)('helm corpus (in-process)', () => {
  it('renders at least 97% of the cases as helm template does', () => {
    const failures: string[] = [];
    let exact = 0;
    for (const name of cases) {
      const expected = readFileSync(path.join(corpus, name, 'expected.yaml'), 'utf8');
      let actual: string;
      try {
        actual = renderCase(name);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
        continue;
      }
      if (actual === expected) exact++;
      if (normalise(actual).join('\n') !== normalise(expected).join('\n')) failures.push(`${name}: documents differ`);
    }
    const passed = cases.length - failures.length;
    expect(failures, failures.join('\n')).toHaveLength(0);
    expect(passed / cases.length).toBeGreaterThanOrEqual(0.97);
    // Beyond check.sh: the text itself (order, comments, quoting) is helm's, byte for byte.
    expect(exact).toBe(cases.length);
  }, 120_000);
});

describe.skipIf(cases.length === 0)('helm corpus through the CLI (check.sh)', () => {
  it('passes check.sh with HELM pointing at `ferry helm`', () => {
    const [node, ferry] = ferryCommand();
    const output = execFileSync('bash', [path.join(sharedDir, 'corpus', 'check.sh'), '-k', 'hello-world', '-k', 'helm-guestbook', corpus], {
      encoding: 'utf8',
      env: { ...process.env, HELM: `${node} ${ferry} helm` },
    });
    expect(output).toMatch(/^PASS hello-world/m);
    expect(output).toMatch(/^PASS helm-guestbook/m);
    expect(output.trim().split('\n').pop()).toBe('2 passed, 0 failed');
  }, 120_000);
});
