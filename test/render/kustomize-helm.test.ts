/**
 * `helmCharts` in kustomizations, inflated by Ferry's Helm renderer. kubectl kustomize v5.7
 * cannot run helm v4 (it calls `helm version -c`, which v4 refuses), so the oracle is what
 * kustomize would do with `helm template`'s output: the real helm renders the chart with the
 * arguments kustomize's HelmChartInflationGenerator passes, and the real `kubectl kustomize`
 * builds the same kustomization with that output as a resource instead of `helmCharts`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryFileTree } from '../../src/core/index.ts';
import { buildKustomization, printKustomizeOutput } from '../../src/render/kustomize/index.ts';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { runFerry } from '../support/cli-harness.ts';
import { helmPath, kubectlPath, repoRoot } from '../support/oracles.ts';

const chartSource = path.join(repoRoot, 'src', 'render', 'kustomize', 'testdata', 'differential', '_shared', 'charts', 'web');
let dir: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

function readTree(root: string): MemoryFileTree {
  const files = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(root);
  return new MemoryFileTree(files);
}

function ferry(target: string): string {
  const result = buildKustomization({ tree: readTree(dir), path: target, enableHelm: true });
  return printKustomizeOutput(result.objects.map((o) => o.object));
}

/** kustomize's answer: helm's output given to kubectl kustomize as a resource. */
function oracle(target: string, helmArgs: readonly string[], kustomization: string): string {
  const rendered = execFileSync(helmPath(), ['template', ...helmArgs], { cwd: path.join(dir, target), encoding: 'utf8' });
  const oracleDir = `${target}-oracle`;
  write(`${oracleDir}/helm-output.yaml`, rendered);
  write(`${oracleDir}/kustomization.yaml`, kustomization);
  for (const entry of readdirSync(path.join(dir, target))) {
    if (entry !== 'kustomization.yaml') cpSync(path.join(dir, target, entry), path.join(dir, oracleDir, entry), { recursive: true });
  }
  return execFileSync(kubectlPath(), ['kustomize', path.join(dir, oracleDir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const REST = `namePrefix: prod-
commonLabels:
  team: web
images:
- name: nginx
  newTag: 1.27.0
patches:
- target:
    kind: Deployment
  patch: |-
    - op: add
      path: /spec/template/spec/containers/0/args
      value: [--verbose]
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ferry-kustomize-helm-'));
  cpSync(chartSource, path.join(dir, 'charts', 'web'), { recursive: true });
  write('inline/kustomization.yaml', `helmGlobals:
  chartHome: ../charts
helmCharts:
- name: web
  releaseName: shop
  namespace: store
  includeCRDs: true
  valuesInline:
    replicaCount: 3
    config:
      greeting: hi from kustomize
    podAnnotations:
      a: b
${REST}`);
  write('inline/inline-values.yaml', 'replicaCount: 3\nconfig:\n  greeting: hi from kustomize\npodAnnotations:\n  a: b\n');
  write('files/kustomization.yaml', `resources:
- extra.yaml
helmCharts:
- name: web
  releaseName: web
  valuesFile: values-prod.yaml
  additionalValuesFiles:
  - values-extra.yaml
  skipTests: true
`);
  write('files/charts', '');
  rmSync(path.join(dir, 'files', 'charts'));
  cpSync(chartSource, path.join(dir, 'files', 'charts', 'web'), { recursive: true });
  write('files/values-prod.yaml', 'replicaCount: 2\nservice:\n  type: NodePort\n');
  write('files/values-extra.yaml', 'image:\n  tag: "9.9"\n');
  write('files/extra.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n');
  write('replace/kustomization.yaml', `helmGlobals:
  chartHome: ../charts
helmCharts:
- name: web
  releaseName: web
  valuesMerge: replace
  valuesInline:
    replicaCount: 5
    image:
      repository: nginx
    service:
      port: 8080
`);
  write('replace/inline-values.yaml', 'replicaCount: 5\nimage:\n  repository: nginx\nservice:\n  port: 8080\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('helmCharts inflated by Ferry, against helm template through kubectl kustomize', () => {
  it('valuesInline merged over the chart values, a namespace, CRDs, and the kustomization transforming the output', () => {
    const expected = oracle('inline', ['shop', '../charts/web', '--namespace', 'store', '--values', '../charts/web/values.yaml', '--values', 'inline-values.yaml', '--include-crds'], `resources:\n- helm-output.yaml\n${REST}`);
    expect(ferry('inline')).toBe(expected);
  });

  it('a chart in ./charts with a values file, additional values files and skipTests, after the resources', () => {
    const expected = oracle('files', ['web', 'charts/web', '--values', 'values-prod.yaml', '-f', 'values-extra.yaml', '--skip-tests'], 'resources:\n- extra.yaml\n- helm-output.yaml\n');
    expect(ferry('files')).toBe(expected);
  });

  it('valuesMerge: replace leaves the chart values file out', () => {
    const expected = oracle('replace', ['web', '../charts/web', '--values', 'inline-values.yaml'], 'resources:\n- helm-output.yaml\n');
    expect(ferry('replace')).toBe(expected);
  });

  it('needs --enable-helm, as kubectl kustomize does, and refuses a chart it would have to pull', async () => {
    expect(() => buildKustomization({ tree: readTree(dir), path: 'inline' })).toThrow(/inline\/kustomization.yaml: helmCharts: must specify --enable-helm/);
    const run = await runFerry(['kustomize', '--enable-helm', 'inline'], { cwd: dir, openLocalTree: (d) => createLocalFileTree(d) });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(ferry('inline'));
    write('remote/kustomization.yaml', 'helmCharts:\n- name: cert-manager\n  repo: https://charts.jetstack.io\n  version: v1.14.0\n');
    expect(() => buildKustomization({ tree: readTree(dir), path: 'remote', enableHelm: true })).toThrow(
      /remote\/kustomization.yaml: helmCharts cert-manager: the chart is not in the repository .* Ferry does not pull charts from https:\/\/charts.jetstack.io/,
    );
    write('missing/kustomization.yaml', 'helmCharts:\n- name: nothing\n');
    expect(() => buildKustomization({ tree: readTree(dir), path: 'missing', enableHelm: true })).toThrow(/no repo specified for pull, no chart found at 'missing\/charts\/nothing'/);
  });
});
