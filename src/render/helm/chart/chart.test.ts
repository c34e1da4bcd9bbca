import { describe, expect, it } from 'vitest';
import { MemoryFileTree } from '../../../core/index.ts';
import { HelmIgnore } from './helmignore.ts';
import { goMatch, gobwasGlobRegExp } from './glob.ts';
import { readChartArchive } from './tar.ts';
import { loadChart } from './load.ts';
import { chartFullPath, missingDependencies, processDependencies } from './dependencies.ts';
import { buildTgz } from '../../../../test/support/chart-archive.ts';
import type { ProcessedChart } from './dependencies.ts';

const CHART = (name: string, extra = '') => `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${extra}`;

describe('globs', () => {
  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'x/a.yaml', false],
    ['a?c', 'abc', true],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'dx', true],
    ['\\*', '*', true],
  ])('filepath.Match(%s, %s) = %s', (pattern, name, expected) => {
    expect(goMatch(pattern, name)).toBe(expected);
  });

  it.each([
    ['files/**', 'files/a/b.txt', true],
    ['files/*', 'files/a/b.txt', false],
    ['{a,b}.txt', 'b.txt', true],
    ['conf/*.{yaml,json}', 'conf/x.json', true],
  ])('gobwas glob %s on %s = %s', (pattern, name, expected) => {
    expect(gobwasGlobRegExp(pattern).test(name)).toBe(expected);
  });
});

describe('.helmignore', () => {
  const rules = HelmIgnore.parse('# comment\n*.md\n/top.txt\ndocs/\nsecret/*.key\n');
  it.each([
    ['README.md', false, true],
    ['sub/NOTES.md', false, true],
    ['top.txt', false, true],
    ['x/top.txt', false, false],
    ['docs', true, true],
    ['docs', false, false],
    ['secret/a.key', false, true],
    ['templates/.hidden', false, true],
    ['templates/ok.yaml', false, false],
  ])('%s (dir: %s) ignored: %s', (path, isDir, expected) => {
    expect(rules.ignores(path, isDir)).toBe(expected);
  });

  it('refuses **', () => {
    expect(() => HelmIgnore.parse('a/**')).toThrow('double-star');
  });
});

describe('chart archives', () => {
  it('reads files under the chart folder, dropping directories', () => {
    const tgz = buildTgz([
      { name: 'mychart/', type: '5' },
      { name: 'mychart/Chart.yaml', data: CHART('mychart') },
      { name: 'mychart/templates/a.yaml', data: '\uFEFFkind: A' },
    ]);
    const files = readChartArchive(tgz);
    expect(files.map((f) => f.name)).toEqual(['Chart.yaml', 'templates/a.yaml']);
    expect(new TextDecoder().decode(files[1]!.data)).toBe('kind: A');
  });

  it.each([
    [new Uint8Array([1, 2, 3]), 'gzip: invalid header'],
    [buildTgz([{ name: 'x/../../etc/passwd', data: 'x' }]), 'chart illegally references parent directory'],
    [buildTgz([{ name: 'x/link', type: '2', linkName: '/etc/passwd' }]), 'links are not followed'],
    [buildTgz([]), 'no files in chart archive'],
  ])('refuses a bad archive (%#)', (bytes, message) => {
    expect(() => readChartArchive(bytes)).toThrow(message);
  });

  it('refuses a truncated archive', () => {
    const tgz = buildTgz([{ name: 'c/Chart.yaml', data: CHART('c') }]);
    expect(() => readChartArchive(tgz.subarray(0, tgz.length - 12))).toThrow(/gzip|unexpected EOF/);
  });
});

describe('loadChart', () => {
  const tree = new MemoryFileTree({
    'app/Chart.yaml': CHART('app', 'dependencies:\n- name: db\n  version: 1.x\n  alias: database\n  condition: database.enabled\n- name: cache\n  version: "*"\n  tags: [extras]\n'),
    'app/values.yaml': 'a: 1\n---\nb: 2\n',
    'app/.helmignore': '*.md\n',
    'app/README.md': 'ignored',
    'app/files/conf.txt': 'x',
    'app/templates/deploy.yaml': 'kind: Deployment',
    'app/templates/_helpers.tpl': '{{/* */}}',
    'app/charts/db/Chart.yaml': CHART('db'),
    'app/charts/db/values.yaml': 'enabled: true\nport: 5432\n',
    'app/charts/cache-1.0.0.tgz': buildTgz([
      { name: 'cache/Chart.yaml', data: CHART('cache') },
      { name: 'cache/templates/c.yaml', data: 'kind: C' },
    ]),
  });

  it('reads metadata, merged values documents, templates, files and subcharts', () => {
    const chart = loadChart(tree, 'app');
    expect(chart.metadata.name).toBe('app');
    expect(chart.values).toEqual({ a: 1, b: 2 });
    expect(chart.templates.map((t) => t.name).sort()).toEqual(['templates/_helpers.tpl', 'templates/deploy.yaml']);
    expect(chart.files.map((f) => f.name)).toEqual(['.helmignore', 'files/conf.txt']);
    expect(chart.subcharts.map((s) => s.metadata.name)).toEqual(['cache', 'db']);
  });

  it('applies aliases, conditions and tags', () => {
    const names = (c: ProcessedChart) => c.dependencies.map((d) => d.name).sort();
    const loaded = loadChart(tree, 'app');
    expect(names(processDependencies(loaded, {}))).toEqual(['cache', 'database']);
    expect(names(processDependencies(loaded, { database: { enabled: false } }))).toEqual(['cache']);
    expect(names(processDependencies(loaded, { tags: { extras: false } }))).toEqual(['database']);
    const processed = processDependencies(loaded, {});
    expect(chartFullPath(processed.dependencies.find((d) => d.name === 'database')!)).toBe('app/charts/database');
  });

  it('imports values from children', () => {
    const t = new MemoryFileTree({
      'p/Chart.yaml': CHART('p', 'dependencies:\n- name: c\n  version: 1.0.0\n  import-values: [data, {child: deep.x, parent: fromChild}]\n'),
      'p/values.yaml': 'own: 1\n',
      'p/charts/c/Chart.yaml': CHART('c'),
      'p/charts/c/values.yaml': 'exports:\n  data:\n    shared: yes\ndeep:\n  x:\n    z: 2\n',
    });
    const processed = processDependencies(loadChart(t, 'p'), {});
    expect(processed.values).toMatchObject({ own: 1, shared: true, fromChild: { z: 2 } });
  });

  it('names a missing dependency', () => {
    const t = new MemoryFileTree({ 'p/Chart.yaml': CHART('p', 'dependencies:\n- name: redis\n  version: 1.0.0\n  repository: https://charts.example.com\n') });
    expect(missingDependencies(loadChart(t, 'p')).map((d) => d.name)).toEqual(['redis']);
  });

  it.each([
    [{ 'c/values.yaml': 'a: 1' }, 'Chart.yaml file is missing'],
    [{ 'c/Chart.yaml': 'apiVersion: v2\nname: c\n' }, 'chart.metadata.version is required'],
    [{ 'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: one\n' }, 'chart.metadata.version "one" is invalid'],
    [{ 'c/Chart.yaml': CHART('c'), 'c/values.yaml': 'a: [' }, 'cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line'],
    [{ 'c/Chart.yaml': CHART('c'), 'c/values.yaml': '- a' }, 'cannot unmarshal array into Go value of type map'],
    [{ 'c/Chart.yaml': CHART('c'), 'c/charts/x.tgz': new Uint8Array([1, 2]) }, 'error unpacking subchart x.tgz in c: gzip: invalid header'],
    [{ 'c/Chart.yaml': CHART('c'), 'c/big.txt': new Uint8Array(6 * 1024 * 1024) }, 'chart file "big.txt" is larger than the maximum file size 5242880'],
  ])('refuses a bad chart (%#)', (files, message) => {
    expect(() => loadChart(new MemoryFileTree(files), 'c')).toThrow(message);
  });

  it('reads a v1 chart with requirements.yaml', () => {
    const t = new MemoryFileTree({
      'c/Chart.yaml': 'name: c\nversion: 0.1.0\n',
      'c/requirements.yaml': 'dependencies:\n- name: d\n  version: 0.1.0\n',
      'c/charts/d/Chart.yaml': 'name: d\nversion: 0.1.0\n',
    });
    const chart = loadChart(t, 'c');
    expect(chart.metadata.apiVersion).toBe('v1');
    expect(chart.metadata.dependencies.map((d) => d.name)).toEqual(['d']);
    expect(chart.files.map((f) => f.name)).toEqual(['requirements.yaml']);
  });

  it('reads numbers in string fields as sigs.k8s.io/yaml does', () => {
    const chart = loadChart(new MemoryFileTree({ 'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0\nappVersion: 1.10\n' }), 'c');
    expect([chart.metadata.version, chart.metadata.appVersion]).toEqual(['1', '1.1']);
  });
});

describe('values with aliases', () => {
  it('refuses an alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const tree = new MemoryFileTree({ 'c/Chart.yaml': CHART('c'), 'c/values.yaml': `${levels.join('\n')}\n` });
    const started = performance.now();
    expect(() => loadChart(tree, 'c')).toThrow('cannot load values.yaml: cannot unmarshal yaml document: yaml: document contains excessive aliasing');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
