import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from './yaml.ts';

describe('toYaml', () => {
  it('prints a manifest the way kubectl does', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' }, annotations: {} },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], args: [] }] } },
      },
    };
    expect(toYaml(object)).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
  annotations: {}
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        args: []
`);
  });

  // js-yaml (YAML 1.2 core schema) reads the text back: whatever could change type is quoted.
  it.each([
    ['strings that look like other types', { a: 'true', b: 'no', c: '1.5', d: '0x1F', e: '', f: 'null', g: '~', h: '12:30', i: '1e3', j: '.inf' }],
    ['strings with YAML syntax', { a: '- item', b: 'key: value', c: '# comment', d: 'a #b', e: '[x]', f: '*ref', g: 'trailing ', h: ' leading', i: '@at', j: 'colon:', k: '"q"', l: "'s'", m: '-' }],
    ['multi-line strings', { script: 'echo one\necho two\n', noFinalNewline: 'a\nb', blank: 'a\n\nb\n', keptTrailing: 'x\n\n', tabs: 'a\t\nb', spaced: ' a\nb' }],
    ['numbers, booleans, null', { n: 3, f: 2.5, neg: -1, t: true, f2: false, z: null }],
    ['nested lists', { matrix: [[1, 2], [], [{ a: 1, b: [true] }]], list: [{}, 'x', { y: { z: 'w' } }] }],
    ['keys needing quotes', { 'app.kubernetes.io/name': 'web', 'a b': 1, 'true': 'x', '1': 'y', '': 'empty' }],
    ['unicode and control characters', { emoji: 'ünïcødé ✓', bell: 'a\u0007b', cr: 'a\rb' }],
  ])('round-trips %s', (_name, value) => {
    expect(yaml.load(toYaml(value))).toEqual(value);
  });

  it('prints scalars and empty collections alone', () => {
    expect(toYaml('text')).toBe('text\n');
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml({})).toBe('{}\n');
  });

  it('leaves out undefined fields', () => {
    expect(toYaml({ a: 1, b: undefined })).toBe('a: 1\n');
  });
});
