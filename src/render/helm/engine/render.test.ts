import { describe, expect, it } from 'vitest';
import { MemoryFileTree } from '../../../core/index.ts';
import { renderHelm } from '../render-helm.ts';
import { renderChart } from './render.ts';

const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

function chart(template: string, extra: Record<string, string | Uint8Array> = {}): MemoryFileTree {
  return new MemoryFileTree({ 'c/Chart.yaml': CHART, 'c/templates/x.yaml': template, ...extra });
}

const render = (tree: MemoryFileTree) => renderChart(tree, 'c', { releaseName: 'r', namespace: 'n' });

describe('bad templates fail with the template, line and cause', () => {
  // Where helm prints the same text, it is helm v4.1.4's (`Error: ...`).
  it.each([
    ['a syntax error', 'a: {{ .Values.x ', 'render helm chart c: parse error at (c/templates/x.yaml:1): unclosed action'],
    ['an undefined function', 'a: {{ nope 1 }}', 'render helm chart c: parse error at (c/templates/x.yaml:1): function "nope" not defined'],
    ['required', 'a: {{ required "x is required" .Values.x }}', 'render helm chart c: execution error at (c/templates/x.yaml:1:6): x is required'],
    ['fail', '\n\na: {{ fail "boom" }}', 'render helm chart c: execution error at (c/templates/x.yaml:3:6): boom'],
    [
      'a nil pointer',
      'a: {{ .Values.x.y }}',
      'render helm chart c: template: c/templates/x.yaml:1:13: executing "c/templates/x.yaml" at <.Values.x.y>: nil pointer evaluating interface {}.y',
    ],
    [
      'a wrong argument type',
      'a: {{ repeat .Values.n "x" }}',
      'render helm chart c: template: c/templates/x.yaml:1:20: executing "c/templates/x.yaml" at <.Values.n>: wrong type for value; expected int; got interface {}',
    ],
  ])('%s', (_name, template, message) => {
    const tree = chart(template, { 'c/values.yaml': 'n: 3\n' });
    expect(() => render(tree)).toThrow(message);
  });

  it.each([
    ['include', '{{ define "l" }}{{ include "l" . }}{{ end }}a: {{ include "l" . }}'],
    ['template', '{{ define "l" }}{{ template "l" . }}{{ end }}a: {{ template "l" . }}'],
  ])('endless %s recursion stops at a depth limit', (_kind, template) => {
    expect(() => render(chart(template))).toThrow(/render helm chart c: template: c\/templates\/x\.yaml:1:\d+: .*(depth|nested reference name)/);
  });

  it('a tpl that renders itself stops, with a bounded message', () => {
    const tree = chart('a: {{ tpl .Values.t . }}', { 'c/values.yaml': 't: "{{ tpl .Values.t . }}"\n' });
    let message = '';
    try {
      render(tree);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^render helm chart c: (c\/templates\/x\.yaml: )?template: .*(c\/templates\/x\.yaml|gotpl).*exceeded maximum template depth/);
    expect(message).toContain('c/templates/x.yaml');
    expect(message.length).toBeLessThan(2000);
  });

  it('output that is not YAML names the template', () => {
    expect(() => render(chart('a: b\n c: d'))).toThrow(/^render helm chart c: YAML parse error on c\/templates\/x\.yaml: error converting YAML to JSON: yaml: line 2: /);
  });
});

describe('bad charts and values fail clearly', () => {
  it('.Files.Get refuses a path leaving the chart', () => {
    expect(() => render(chart('a: {{ .Files.Get "../secret" }}'))).toThrow('error calling Get: .Files: path "../secret" leads outside the chart');
  });

  it('a values file outside the repository is refused', () => {
    expect(() => renderHelm({ tree: chart('a: 1'), path: 'c', helm: { valueFiles: ['../../etc/passwd'] } })).toThrow(
      'values file ../../etc/passwd: path ../../etc/passwd (from c) leads outside the tree',
    );
  });

  it('a missing values file is named', () => {
    expect(() => renderHelm({ tree: chart('a: 1'), path: 'c', helm: { valueFiles: ['nope.yaml'] } })).toThrow('values file nope.yaml not found');
  });

  it('a 50 MB values file is refused before it is read', () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    const started = performance.now();
    expect(() => renderHelm({ tree: chart('a: 1', { 'c/big.yaml': big }), path: 'c', helm: { valueFiles: ['big.yaml'] } })).toThrow(
      'values file big.yaml is 52428800 bytes, over the limit of 16777216 bytes (16 MiB)',
    );
    expect(() => render(chart('a: 1', { 'c/values.yaml': big }))).toThrow('chart file "values.yaml" is larger than the maximum file size 5242880');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a missing dependency is named, with a word on fetching', () => {
    const tree = new MemoryFileTree({
      'c/Chart.yaml': `${CHART}dependencies:\n- name: redis\n  version: 17.x\n  repository: https://charts.bitnami.com/bitnami\n`,
    });
    expect(() => render(tree)).toThrow(
      'found in Chart.yaml, but missing in charts/ directory: redis (Ferry does not fetch remote charts: vendor redis 17.x from https://charts.bitnami.com/bitnami into charts/',
    );
  });

  it('a corrupt .tgz subchart is named', () => {
    const tree = chart('a: 1', { 'c/charts/sub-1.0.0.tgz': new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]) });
    expect(() => render(tree)).toThrow('render helm chart c: error unpacking subchart sub-1.0.0.tgz in c: gzip: unexpected end of file');
  });

  it('values that do not match values.schema.json', () => {
    const tree = chart('a: 1', {
      'c/values.schema.json': '{"properties":{"replicas":{"type":"integer"}},"required":["image"]}',
      'c/values.yaml': 'replicas: two\n',
    });
    expect(() => render(tree)).toThrow(
      "render helm chart c: values don't meet the specifications of the schema(s) in the following chart(s): c: at '': missing property 'image'; at '/replicas': got string, want integer",
    );
  });

  it('a kubeVersion the cluster does not meet', () => {
    const tree = new MemoryFileTree({ 'c/Chart.yaml': `${CHART}kubeVersion: "<1.20"\n` });
    expect(() => render(tree)).toThrow('chart requires kubeVersion: <1.20 which is incompatible with Kubernetes v1.35.0');
  });

  it('a library chart is not installable', () => {
    const tree = new MemoryFileTree({ 'c/Chart.yaml': `${CHART}type: library\n` });
    expect(() => render(tree)).toThrow('render helm chart c: library charts are not installable');
  });

});

describe('renderHelm (spec.source.helm)', () => {
  const tree = new MemoryFileTree({
    'repo/chart/Chart.yaml': CHART,
    'repo/chart/values.yaml': 'name: default\nlist: []\n',
    'repo/chart/values-prod.yaml': 'name: prod\n',
    'repo/chart/crds/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: w.example.com\n',
    'repo/chart/files/motd.txt': 'hello, world',
    'repo/chart/templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Values.name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  list: {{ toJson .Values.list | quote }}\n  forced: {{ .Values.forced | quote }}\n  typed: {{ kindOf .Values.typed | quote }}\n  motd: {{ .Values.motd | quote }}\n  obj: {{ toJson .Values.obj | quote }}\n',
    'repo/chart/templates/tests/t.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n',
  });

  it('applies valueFiles, values, parameters and fileParameters as Argo CD does', () => {
    const result = renderHelm({
      tree,
      path: 'repo/chart',
      helm: {
        releaseName: 'web',
        namespace: 'prod',
        valueFiles: ['values-prod.yaml'],
        values: 'obj: {a: 1}\n',
        parameters: [
          { name: 'list', value: '{a,b}' },
          { name: 'forced', value: '1,2', forceString: true },
          { name: 'typed', value: '7' },
        ],
        fileParameters: [{ name: 'motd', path: 'files/motd.txt' }],
      },
    });
    expect(result.type).toBe('helm');
    const cm = result.objects.find((o) => o.object.kind === 'ConfigMap')!;
    expect(cm.object.metadata?.name).toBe('web-prod');
    expect(cm.object.data).toEqual({ list: '["a","b"]', forced: '1,2', typed: 'int', motd: 'hello, world', obj: '{"a":1}' });
    expect(cm.origin).toEqual({ file: 'c/templates/cm.yaml', document: 0, line: 1 });
    expect(result.objects.map((o) => o.object.kind)).toEqual(['CustomResourceDefinition', 'ConfigMap', 'Pod']);
  });

  it('leaves out CRDs with skipCrds and test hooks with skipTests', () => {
    const result = renderHelm({ tree, path: 'repo/chart', helm: { skipCrds: true, skipTests: true } });
    expect(result.objects.map((o) => o.object.kind)).toEqual(['ConfigMap']);
  });

  it('valuesObject wins over values', () => {
    const result = renderHelm({ tree, path: 'repo/chart', helm: { values: 'name: a\n', valuesObject: { name: 'b' } } });
    expect(result.objects.find((o) => o.object.kind === 'ConfigMap')!.object.metadata?.name).toBe('release-name-b');
  });
});
