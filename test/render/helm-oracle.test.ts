/**
 * A chart built to exercise what the corpus charts may not (aliases, tags, conditions,
 * import-values both ways, a library chart, a packaged .tgz subchart, globals and nulls,
 * hooks and test hooks, an unknown hook, CRDs, .Files, .Capabilities, .Subcharts, tpl,
 * kind ordering, odd document separators), rendered by the real helm and by Ferry, in-process
 * and through `ferry template`: the text must be identical.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeValueSources, renderChart } from '../../src/render/helm/index.ts';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { buildTgz } from '../support/chart-archive.ts';
import { runFerry } from '../support/cli-harness.ts';
import { helmPath } from '../support/oracles.ts';

const FILES: Record<string, string | Uint8Array> = {
  'app/Chart.yaml': `apiVersion: v2
name: app
version: 1.2.3
appVersion: "2.0"
kubeVersion: ">=1.20.0-0"
description: test chart
keywords: [a, b]
annotations:
  team: platform
dependencies:
  - name: sub
    version: 0.1.0
    alias: first
    condition: first.enabled
  - name: sub
    version: 0.1.0
    alias: second
    tags: [extra]
  - name: lib
    version: 0.1.0
  - name: disabled
    version: 0.1.0
    condition: disabled.enabled
  - name: importer
    version: 0.1.0
    import-values:
      - data
      - child: deep.x
        parent: imported
`,
  'app/values.yaml': `replicas: 2
image:
  repository: nginx
  tag: "1.25"
global:
  env: prod
  shared:
    a: 1
first:
  enabled: true
  greeting: hello
second:
  greeting: from-second
disabled:
  enabled: false
tags:
  extra: true
nullable: null
template: "{{ .Release.Name }}-{{ .Values.image.tag }}"
config:
  yes: on
  list: [1, "2", 3.5]
  nested: {k: v}
imported:
  own: kept
`,
  'app/values.schema.json': JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['replicas'],
    properties: { replicas: { type: 'integer', minimum: 1 }, image: { type: 'object', required: ['repository'] } },
  }),
  'app/.helmignore': 'files/ignored.txt\n*.bak\n',
  'app/files/a.txt': 'line one\nline two\n',
  'app/files/b.conf': 'key=value\n',
  'app/files/ignored.txt': 'should not be seen',
  'app/notes.bak': 'ignored',
  'app/crds/crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`,
  'app/templates/_helpers.tpl': `{{- define "app.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "sub.label" -}}overridden-by-parent{{- end -}}
`,
  'app/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    chart: {{ .Chart.Name }}-{{ .Chart.Version }}
    app-version: {{ .Chart.AppVersion | quote }}
    kube: {{ .Capabilities.KubeVersion.Version }}
    kube-minor: {{ .Capabilities.KubeVersion.Minor | quote }}
    lib: {{ include "lib.name" . }}
  annotations:
    template: {{ .Template.Name }}
    base: {{ .Template.BasePath }}
    tpl: {{ tpl .Values.template . }}
    has-policy: {{ .Capabilities.APIVersions.Has "policy/v1" | quote }}
    has-extra: {{ .Capabilities.APIVersions.Has "example.com/v1" | quote }}
    semver: {{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version | quote }}
    helm: {{ .Capabilities.HelmVersion.Version }}
    lookup: {{ lookup "v1" "Secret" .Release.Namespace "x" | len | quote }}
    files: {{ .Files.Glob "files/*" | len | quote }}
    subchart-greeting: {{ with .Subcharts.first }}{{ .Values.greeting }}{{ end }}
    is-root: {{ .Chart.IsRoot | quote }}
    team: {{ index .Chart.Annotations "team" }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            {{- range $i, $line := .Files.Lines "files/a.txt" }}
            - name: LINE_{{ $i }}
              value: {{ $line | quote }}
            {{- end }}
`,
  'app/templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "app.fullname" . }}-config
data:
{{ (.Files.Glob "files/*").AsConfig | indent 2 }}
  values.yaml: |
{{ toYaml .Values.config | indent 4 }}
  imported.json: {{ toJson .Values.imported | quote }}
  data-flag: {{ .Values.flag | quote }}
  global: {{ toJson .Values.global | quote }}
  nullable: {{ hasKey .Values "nullable" | quote }}
  chart-json: {{ toJson .Chart.Keywords | quote }}
  release: {{ toJson .Release | quote }}
`,
  'app/templates/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: {{ include "app.fullname" . }}
type: Opaque
data:
{{ (.Files.Glob "files/*.conf").AsSecrets | indent 2 }}
  set-file: {{ .Values.fromFile | default "" | b64enc }}
  set-json: {{ toJson .Values.fromJson | b64enc }}
  set-string: {{ .Values.forced | default "" | b64enc }}
  set-typed: {{ printf "%v" .Values.typed | b64enc }}
`,
  'app/templates/multi.yaml': `# leading comment
---
apiVersion: v1
kind: Namespace
metadata:
  name: extra-ns
---   
---
# only a comment

--- # a separator with a comment
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
--- 
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules: []
`,
  'app/templates/blank.yaml': '   \n\n',
  'app/templates/hooks.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: busybox}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unknown-hook
  annotations:
    helm.sh/hook: on-coffee-break
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: hook-sa
  annotations:
    helm.sh/hook: post-install
`,
  'app/templates/tests/test-connection.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: "{{ include "app.fullname" . }}-test"
  annotations:
    "helm.sh/hook": test
spec:
  containers: [{name: t, image: busybox}]
`,
  'app/templates/NOTES.txt': 'Thanks for installing {{ .Chart.Name }}.\n',
  'app/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'app/charts/sub/values.yaml': 'greeting: default\nglobal:\n  env: dev\n  subOnly: x\nport: 80\n',
  'app/charts/sub/templates/_label.tpl': '{{- define "sub.label" -}}from-sub{{- end -}}\n',
  'app/charts/sub/templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Name }}
  labels:
    label: {{ include "sub.label" . }}
    env: {{ .Values.global.env }}
    sub-only: {{ .Values.global.subOnly }}
    shared: {{ .Values.global.shared.a | quote }}
    is-root: {{ .Chart.IsRoot | quote }}
spec:
  ports:
    - port: {{ .Values.port }}
      name: {{ .Values.greeting }}
`,
  'app/charts/sub/crds/sub-crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
`,
  'app/charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n',
  'app/charts/lib/templates/_lib.tpl': '{{- define "lib.name" -}}lib-{{ .Chart.Name }}{{- end -}}\n',
  'app/charts/disabled/Chart.yaml': 'apiVersion: v2\nname: disabled\nversion: 0.1.0\n',
  'app/charts/disabled/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: should-not-render\n',
  'app/charts/importer-0.1.0.tgz': buildTgz([
    { name: 'importer/Chart.yaml', data: 'apiVersion: v2\nname: importer\nversion: 0.1.0\n' },
    { name: 'importer/values.yaml', data: 'exports:\n  data:\n    flag: from-importer\ndeep:\n  x:\n    own: not-this\n    other: imported-value\n' },
    { name: 'importer/templates/sa.yaml', data: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Release.Name }}-importer\n' },
  ]),
  'extra.yaml': 'replicas: 3\nsecond:\n  greeting: from-file\nnullable: 5\n',
  'file-param.txt': 'file content\nwith two lines\n',
};

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ferry-helm-oracle-'));
  for (const [name, content] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FLAGS = [
  '--namespace',
  'prod',
  '-f',
  'extra.yaml',
  '--set',
  'image.tag=1.26,typed=42',
  '--set-string',
  'forced=true',
  '--set-json',
  'fromJson={"a":[1,2],"b":null}',
  '--set-file',
  'fromFile=file-param.txt',
  '--kube-version',
  '1.31.0',
  '--api-versions',
  'example.com/v1',
  '--include-crds',
];

describe('a chart with every feature, against helm', () => {
  it('renders the same text in-process and through ferry template', async () => {
    const expected = execFileSync(helmPath(), ['template', 'rel', 'app', ...FLAGS], { cwd: dir, encoding: 'utf8' });
    const values = mergeValueSources({
      files: [{ name: 'extra.yaml', text: FILES['extra.yaml'] as string }],
      set: ['image.tag=1.26,typed=42'],
      setString: ['forced=true'],
      setJson: ['fromJson={"a":[1,2],"b":null}'],
      setFile: ['fromFile=file-param.txt'],
      readFile: () => FILES['file-param.txt'] as string,
    });
    const rendered = renderChart(createLocalFileTree(path.join(dir, 'app')), '', {
      releaseName: 'rel',
      namespace: 'prod',
      values,
      kubeVersion: '1.31.0',
      apiVersions: ['example.com/v1'],
      includeCrds: true,
    });
    expect(rendered.text).toBe(expected);
    expect(rendered.notes).toBe('Thanks for installing app.\n');

    const cli = await runFerry(['template', 'rel', 'app', ...FLAGS], { cwd: dir, openLocalTree: (d) => createLocalFileTree(d) });
    expect(cli).toEqual({ code: 0, stdout: expected, stderr: '' });
  }, 60_000);

  it.each([
    [['--skip-tests']],
    [['--no-hooks']],
    [['--show-only', 'templates/configmap.yaml', '--show-only', 'charts/first/templates/*']],
    [['--set', 'first.enabled=false,tags.extra=false']],
    [['--is-upgrade', '--set-literal', 'image.tag=a,b={c}', '--skip-schema-validation', '--set', 'replicas=0']],
  ])('with %j', async (extra) => {
    const args = ['template', 'rel', 'app', '--namespace', 'prod', '--kube-version', '1.31.0', ...extra];
    const expected = execFileSync(helmPath(), args, { cwd: dir, encoding: 'utf8' });
    const cli = await runFerry(args, { cwd: dir, openLocalTree: (d) => createLocalFileTree(d) });
    expect(cli).toEqual({ code: 0, stdout: expected, stderr: '' });
  }, 60_000);
});
