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
import { kubectlPath, repoRoot, sharedDir } from '../support/oracles.ts';

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
    ['layers/top', 'three layers: generator merge and replace, typed vars, replacement rejects, a component renaming'],
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
    [
      'a custom openapi schema, which replaces the built-in one',
      {
        'kustomization.yaml': "resources: [r.yaml]\nopenapi:\n  path: schema.json\npatches:\n- patch: |-\n    apiVersion: example.com/v1\n    kind: Thing\n    metadata:\n      name: t\n    spec:\n      items:\n      - name: b\n        v: 2\n      tags: [z]\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: d\n    spec:\n      template:\n        spec:\n          containers:\n          - name: b\n            image: b2\n",
        'schema.json': "{\n  \"definitions\": {\n    \"com.example.v1.Thing\": {\n      \"type\": \"object\",\n      \"x-kubernetes-group-version-kind\": [{\"group\": \"example.com\", \"kind\": \"Thing\", \"version\": \"v1\"}],\n      \"properties\": {\n        \"apiVersion\": {\"type\": \"string\"},\n        \"kind\": {\"type\": \"string\"},\n        \"metadata\": {\"$ref\": \"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\"},\n        \"spec\": {\"$ref\": \"#/definitions/com.example.v1.ThingSpec\"}\n      }\n    },\n    \"com.example.v1.ThingSpec\": {\n      \"type\": \"object\",\n      \"properties\": {\n        \"items\": {\n          \"type\": \"array\",\n          \"items\": {\"$ref\": \"#/definitions/com.example.v1.Item\"},\n          \"x-kubernetes-patch-merge-key\": \"name\",\n          \"x-kubernetes-patch-strategy\": \"merge\"\n        },\n        \"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"x-kubernetes-patch-strategy\": \"merge\"}\n      }\n    },\n    \"com.example.v1.Item\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"v\": {\"type\": \"integer\"}}},\n    \"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}}}\n  }\n}\n",
        'r.yaml': "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  items:\n  - name: a\n    v: 1\n  - name: b\n    v: 1\n  tags: [x]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: a\n      - name: b\n        image: b\n",
      },
    ],
    [
      'escapes, tabs, characters beyond the BMP and folding inside quotes',
      { 'kustomization.yaml': 'resources: [r.yaml]\n', 'r.yaml': "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  tabs: \"server {\\n\\tlisten 80;\\n\\tlocation / {\\n\\t\\tproxy_pass http://backend;  \\n\\t}\\n}\\n# a fairly long comment line that goes past the eighty column limit for sure yes\\n\"\n  single: \"key: value and then a very long tail of words that goes past the eighty column limit for sure\"\n  dq: \"back\\\\slash and \\\"quotes\\\" and a very long tail of words that goes past the eighty column limit ok\"\n  spaces: \"two  spaces  between words in a very long string that goes past the eighty column limit for sure\"\n  emoji: \"rocket \ud83d\ude80 ok\"\n  url: \"https://example.com/a/very/long/path/without/any/spaces/that/goes/past/the/eighty/column/limit/for/sure\"\n  ctrl: \"bell\\u0007 and nbsp\\u00a0 and bom\\ufeff\"\n  crlf: \"a\\r\\nb\"\n  leadnl: \"\\nstarts with newline\"\n  trailsp: \"ends with space\\nsecond \"\n  onlyspaces: \"   \"\n  colon_end: \"ends with colon:\"\n  hash: \"#comment\"\n  dashes: \"---\"\n  qmark: \"? x\"\n  pct: \"100%\"\n  longkey_value_with_hash: \"a very long value that contains a # hash after a space and goes past the eighty columns\"\n" },
    ],
    [
      'generator data: quotes, env files without validation, merged options',
      {
        "a.env": "B=\"quoted\"\nC='single'\nD=  spaced  \nexport E=1\nF\n",
        "kustomization.yaml": "configMapGenerator:\n- name: g\n  envs: [a.env]\n  literals:\n  - L1=\"x y\"\n  - L2='single'\n  - L3=a=b\n  - L4=\"unbalanced\n  options:\n    labels:\n      l: \"1\"\n    immutable: true\nsecretGenerator:\n- name: s\n  envs: [a.env]\ngeneratorOptions:\n  annotations:\n    ga: g\n  labels:\n    l: global\n",
      },
    ],
    [
      'name references across namespaces and RoleBinding subjects',
      {
        "base/kustomization.yaml": "resources: [r.yaml]\nconfigMapGenerator:\n- name: cfg\n  literals: [a=1]\n",
        "base/r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: other\ndata: {x: \"1\"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata: {x: \"2\"}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        envFrom:\n        - configMapRef: {name: shared}\n        - configMapRef: {name: cfg}\n        - configMapRef: {name: notinbuild}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app2\n  namespace: other\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        envFrom:\n        - configMapRef: {name: shared}\n        - configMapRef: {name: cfg}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n  namespace: other\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: sa, namespace: base-ns}\n- {kind: ServiceAccount, name: default}\n- {kind: User, name: sa}\n- {kind: Group, name: devs}\n",
        "kustomization.yaml": "namePrefix: o-\nresources: [base]\n",
      },
    ],
    [
      'origin annotations, managed-by label, custom legacy order, labels with fields',
      {
        "base/kustomization.yaml": "resources: [r.yaml]\nconfigMapGenerator:\n- name: c\n  literals: [a=1]\n",
        "base/r.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n",
        "extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n",
        "kustomization.yaml": "resources: [base, extra.yaml]\nbuildMetadata: [originAnnotations, managedByLabel]\nsecretGenerator:\n- name: sec\n  literals: [b=2]\nsortOptions:\n  order: legacy\n  legacySortOptions:\n    orderFirst: [Deployment, Service]\n    orderLast: [Namespace]\nlabels:\n- pairs: {custom: x}\n  fields:\n  - path: spec/selector\n    kind: Service\n    create: true\n",
      },
    ],
    [
      'crds: name references, label selectors from a type definition document',
      {
        "crd.json": "{\n  \"github.com/example/pkg/apis/jingfang/v1beta1.Bee\": {\n    \"Schema\": {\n      \"description\": \"Bee\",\n      \"properties\": {\n        \"apiVersion\": {\"type\": \"string\"},\n        \"kind\": {\"type\": \"string\"},\n        \"metadata\": {\"$ref\": \"k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta\"},\n        \"spec\": {\"$ref\": \"github.com/example/pkg/apis/jingfang/v1beta1.BeeSpec\"}\n      }\n    },\n    \"Dependencies\": []\n  },\n  \"github.com/example/pkg/apis/jingfang/v1beta1.BeeSpec\": {\n    \"Schema\": {\n      \"properties\": {\n        \"secretRef\": {\"type\": \"string\", \"x-kubernetes-object-ref-api-version\": \"v1\", \"x-kubernetes-object-ref-kind\": \"Secret\"},\n        \"selectors\": {\"type\": \"object\", \"x-kubernetes-label-selector\": \"\"}\n      }\n    },\n    \"Dependencies\": []\n  }\n}\n",
        "kustomization.yaml": "namePrefix: p-\ncrds: [crd.json]\nresources: [r.yaml]\ncommonLabels:\n  app: x\n",
        "r.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n---\napiVersion: jingfang.example.com/v1beta1\nkind: Bee\nmetadata:\n  name: b\nspec:\n  secretRef:\n    name: s\n  selectors: {}\n",
      },
    ],
    [
      'the builtin ValueAddTransformer',
      {
        "kustomization.yaml": "resources: [r.yaml]\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: ValueAddTransformer\n  metadata:\n    name: va\n  value: roses\n  targets:\n  - selector:\n      kind: ConfigMap\n    fieldPath: metadata/namespace\n  - selector:\n      kind: Deployment\n    fieldPath: spec/template/spec/containers/0/args/0\n    filePathPosition: 2\n  - selector:\n      kind: Service\n    fieldPath: metadata/annotations/flower\n",
        "r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        args: [/a/b/c]\n",
      },
    ],
    [
      'fields written without a value: dropped by a strategic merge, kept elsewhere; JSON patches read as YAML 1.1',
      {
        'kustomization.yaml': "resources: [r.yaml]\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: any\n      labels:\n        p: \"1\"\n- target:\n    kind: ConfigMap\n  patch: |-\n    - op: add\n      path: /metadata/labels\n      value: {x: y, flag: on, n: no}\n",
        'r.yaml': "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n  labels:\nspec:\n  replicas:\n  template:\n    metadata:\n      annotations:\n    spec:\n      affinity:\n        nodeAffinity:\n        podAffinity: ~\n      tolerations:\n      - key: k\n        value:\n      containers:\n      - name: c\n        image: x\n        env:\n        args:\n        -\n        - a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: untouched\n  annotations: {}\ndata:\n  a:\n  b: ~\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  labels:\n  annotations: null\ndata:\n  a:\n",
      },
    ],
  ])('%s', (name, files) => {
    const { ferry, kubectl } = both(name.replace(/\W+/g, '-'), files);
    expect(ferry).toBe(kubectl);
  });
});

describe('real-world manifests through kustomize transformers, against kubectl kustomize', () => {
  // Rendered charts of the Helm corpus: long CRD descriptions, scripts, odd strings.
  it.each(['kube-prometheus-stack', 'traefik', 'argo-cd', 'cert-manager'])('%s', (chart) => {
    const manifests = readFileSync(path.join(sharedDir, 'corpus', 'helm', chart, 'expected.yaml'), 'utf8');
    const { ferry, kubectl } = both(`helm-${chart}`, {
      'kustomization.yaml':
        'resources: [all.yaml]\nnamePrefix: t-\nnamespace: diffns\nlabels:\n- pairs: {diff: "yes"}\n  includeSelectors: true\ncommonAnnotations:\n  note: x\n',
      'all.yaml': manifests,
    });
    expect(ferry).toBe(kubectl);
  });
});
