/**
 * Ferry's kustomize builds against the real `kubectl kustomize` (kustomize v5.7) where the
 * behaviour is subtle: name hashes, merge keys and `$patch` directives, name references,
 * replacements, vars, components. Each fixture is built by both and the texts must be equal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryFileTree } from '../../src/core/index.ts';
import { buildKustomization, printKustomizeOutput } from '../../src/render/kustomize/index.ts';
import { kubectlPath, repoRoot } from '../support/oracles.ts';

const testdata = path.join(repoRoot, 'src', 'render', 'kustomize', 'testdata');

function readTree(root: string): MemoryFileTree {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(root);
  return new MemoryFileTree(files);
}

function kubectlKustomize(dir: string, extra: readonly string[] = []): string {
  return execFileSync(kubectlPath(), ['kustomize', ...extra, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ferryKustomize(root: string, target: string, restrictor?: 'LoadRestrictionsNone'): string {
  const result = buildKustomization({ tree: readTree(root), path: target, loadRestrictor: restrictor });
  return printKustomizeOutput(result.objects.map((o) => o.object));
}

describe('kustomize fixtures against kubectl kustomize', () => {
  it.each([
    ['names/overlay', 'generators, hashes, prefix/suffix/namespace and every kind of name reference'],
    ['patches', 'strategic merge (merge keys, $patch), JSON 6902, target selectors, allowNameChange'],
    ['features/app', 'labels, images, replicas, components, replacements, vars, transformer configs, fifo, buildMetadata'],
  ])('%s (%s)', (target) => {
    expect(ferryKustomize(testdata, target)).toBe(kubectlKustomize(path.join(testdata, target)));
  });
});

const scratch = mkdtempSync(path.join(tmpdir(), 'ferry-kustomize-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `files` into a fresh directory and builds it with both tools. */
function both(name: string, files: Record<string, string>): { ferry: string; kubectl: string } {
  const dir = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return { ferry: ferryKustomize(dir, ''), kubectl: kubectlKustomize(dir) };
}

describe('subtle behaviour, inline cases against kubectl kustomize', () => {
  it.each([
    [
      'hash suffixes of odd data',
      {
        'kustomization.yaml': `configMapGenerator:
- name: odd
  literals: ['html=<b>&amp;</b>', 'unicode=héllo ✓', 'multi=a\\nb', 'empty=']
- name: binary
  files: [blob.bin]
secretGenerator:
- name: s
  literals: [token=abc]
  type: example.com/custom
`,
        'blob.bin': '\u00ff\u00fe binary',
      },
    ],
    [
      'merge keys of built-in kinds and custom resources',
      {
        'kustomization.yaml': 'resources: [r.yaml]\npatches:\n- path: p.yaml\n',
        'r.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d, finalizers: [a]}
spec:
  template:
    spec:
      hostAliases: [{ip: 1.1.1.1, hostnames: [a]}]
      containers:
      - name: c
        image: x
        ports: [{containerPort: 80, name: http}]
        volumeMounts: [{name: v, mountPath: /a}]
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
---
apiVersion: example.com/v1
kind: Thing
metadata: {name: t}
spec:
  containers: [{name: a, image: a}, {name: b, image: b}]
`,
        'p.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d, finalizers: [b, a]}
spec:
  template:
    spec:
      hostAliases: [{ip: 2.2.2.2, hostnames: [b]}]
      containers:
      - name: c
        ports: [{containerPort: 443, name: https}]
        volumeMounts: [{name: v2, mountPath: /a}]
        env: [{name: B, $patch: delete}, {name: C, value: "3"}]
---
apiVersion: example.com/v1
kind: Thing
metadata: {name: t}
spec:
  containers: [{name: b, image: b2}]
`,
      },
    ],
    [
      'quoting and folding of scalars',
      {
        'kustomization.yaml': 'resources: [r.yaml]\n',
        'r.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: q}
data:
  yes: "yes"
  on: on
  octal: "0777"
  time: "12:30"
  date: 2024-01-02
  star: "*x"
  long: "${'word '.repeat(30).trim()}"
  block: |
    first
      indented
  trailing: "x "
  tab: "a\\tb"
  num: 0x10
  float: 1.50
  big: 12345678.5
`,
      },
    ],
  ])('%s', (name, files) => {
    const { ferry, kubectl } = both(name.replace(/\W+/g, '-'), files);
    expect(ferry).toBe(kubectl);
  });
});
