import { describe, expect, it } from 'vitest';
import { compareKeysV2, formatGoFloat, writeKustomizeYaml } from './yaml-write.ts';
import { parseYamlDocuments } from './yaml-read.ts';

describe('writeKustomizeYaml (go-yaml v2 through sigs.k8s.io/yaml)', () => {
  // Expected texts are what kubectl kustomize v5.7 printed for the same values.
  it.each([
    ['yes', '"yes"'],
    ['on', '"on"'],
    ['Off', '"Off"'],
    ['y', '"y"'],
    ['123', '"123"'],
    ['1.5', '"1.5"'],
    ['1e3', '"1e3"'],
    ['0x1F', '"0x1F"'],
    ['0b101', '"0b101"'],
    ['+1', '"+1"'],
    ['12:30', '"12:30"'],
    ['2001-12-14', '"2001-12-14"'],
    ['~', '"~"'],
    ['null', '"null"'],
    ['', '""'],
    ['*star', "'*star'"],
    ['a: b', "'a: b'"],
    ['x #y', "'x #y'"],
    ['- dash', "'- dash'"],
    [' lead', "' lead'"],
    ['trail ', "'trail '"],
    ['"dq', `'"dq'`],
    ["a'b", "a'b"],
    ['tab\there', '"tab\\there"'],
    ['http://x.y/z?a=b#c', 'http://x.y/z?a=b#c'],
    ['=', '='],
    ['?q', '?q'],
    ['ünïcode', 'ünïcode'],
    ['12e', '12e'],
  ])('prints the string %j as %s', (value, printed) => {
    expect(writeKustomizeYaml({ k: value })).toBe(`k: ${printed}\n`);
  });

  it('prints multi-line strings as literal blocks with the right chomping and indentation', () => {
    expect(writeKustomizeYaml({ k: 'a\nb\n' })).toBe('k: |\n  a\n  b\n');
    expect(writeKustomizeYaml({ k: 'a\nb' })).toBe('k: |-\n  a\n  b\n');
    expect(writeKustomizeYaml({ k: 'a\n\n' })).toBe('k: |+\n  a\n\n');
    expect(writeKustomizeYaml({ k: '  x\ny' })).toBe('k: |2-\n    x\n  y\n');
    expect(writeKustomizeYaml({ k: 'a  \nb' })).toBe('k: "a  \\nb"\n');
  });

  it('folds long plain scalars after column 80, as go-yaml v2 does', () => {
    const long = 'very long string '.repeat(6).trim();
    expect(writeKustomizeYaml({ s23: long })).toBe(
      's23: very long string very long string very long string very long string very long\n  string very long string\n',
    );
  });

  it('sorts keys naturally and does not indent sequences below their key', () => {
    expect(writeKustomizeYaml({ s10: 1, s9: 2, b: [{ z: 1, a: [] }, 'x'], a: {} })).toBe(
      'a: {}\nb:\n- a: []\n  z: 1\n- x\ns9: 2\ns10: 1\n',
    );
    expect(['a10', 'a9', 'B', 'a', '_x', 'a09'].sort(compareKeysV2)).toEqual(['_x', 'B', 'a', 'a9', 'a09', 'a10']);
  });

  it('prints floats as Go does', () => {
    expect(formatGoFloat(0.5)).toBe('0.5');
    expect(formatGoFloat(12345678.5)).toBe('1.23456785e+07');
    expect(formatGoFloat(0.00001)).toBe('1e-05');
    expect(formatGoFloat(3)).toBe('3');
  });
});

describe('parseYamlDocuments (go-yaml v3 semantics)', () => {
  it('reads scalars as kustomize does', () => {
    const [doc] = parseYamlDocuments('a: yes\nb: 0777\nc: 1_000\nd: 2001-12-14\ne: 0o17\nf: 1.0\ng: ~\nh: True\n', 'x.yaml');
    expect(doc?.value).toEqual({ a: 'yes', b: 511, c: 1000, d: '2001-12-14T00:00:00Z', e: 15, f: 1, g: null, h: true });
  });

  it('reads a field written without a value as undefined, an explicit null as null', () => {
    const [doc] = parseYamlDocuments('a:\nb: null\nc:\n  d:\n  e: ~\nlist:\n-\n- x\n', 'x.yaml');
    expect(doc?.value).toStrictEqual({ a: undefined, b: null, c: { d: undefined, e: null }, list: [null, 'x'] });
  });

  it('reads YAML 1.1 booleans when asked, as sigs.k8s.io/yaml does', () => {
    const [doc] = parseYamlDocuments('a: on\nb: no\nc: y\nd: "on"\n', 'x.yaml', { yaml11: true });
    expect(doc?.value).toEqual({ a: true, b: false, c: true, d: 'on' });
  });

  it('gives each document its start line', () => {
    const docs = parseYamlDocuments('a: 1\n---\nb: 2\n---\n# c\nc: 3\n', 'x.yaml');
    expect(docs.map((d) => [d.index, d.line])).toEqual([[0, 1], [1, 3], [2, 5]]);
  });

  it('keeps no final newline for a block that ends the file without one', () => {
    const [doc] = parseYamlDocuments('k: |\n  a\n  b', 'x.yaml');
    expect(doc?.value).toEqual({ k: 'a\nb' });
  });
});

describe('parseYamlDocuments and writeKustomizeYaml at the edges kubectl kustomize showed', () => {
  const read = (text: string) => parseYamlDocuments(text, 'f.yaml')[0]?.value as Record<string, unknown>;

  it.each([
    ['9007199254740993', '9007199254740993'],
    ['12345678901234567890', '12345678901234567890'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['100000000000000000000', '1e+20'],
    ['0x1F', '31'],
  ])('keeps the integer %s exact up to 64 bits and prints it as %s', (text, printed) => {
    expect(writeKustomizeYaml(read(`v: ${text}\n`))).toBe(`v: ${printed}\n`);
  });

  it('reads an empty value in a flow mapping as an empty string, in a block mapping as no value', () => {
    expect(read('a: {z: }\nb:\n')).toEqual({ a: { z: '' }, b: undefined });
  });

  it('expands aliases into copies', () => {
    const doc = read('a: &x {k: v}\nb: *x\n') as { a: object; b: object };
    expect(doc.b).toEqual(doc.a);
    expect(doc.b).not.toBe(doc.a);
  });

  it.each([['9000: x'], ['true: x'], ['~: x'], ['2024-01-01: x'], ['1.5: x']])('refuses the non-string key in %s, naming file and line', (line) => {
    expect(() => parseYamlDocuments(`a: b\n${line}\n`, 'f.yaml')).toThrow(/^f\.yaml:2: mapping key .* is not a string/);
  });

  it('accepts quoted keys and YAML 1.1 words as keys', () => {
    expect(read('"9000": x\nyes: y\non: z\n')).toEqual({ '9000': 'x', yes: 'y', on: 'z' });
  });

  it('writes keys over 128 bytes as explicit keys', () => {
    const key = 'k'.repeat(130);
    expect(writeKustomizeYaml({ [key]: { a: 1 } })).toBe(`? ${key}\n: a: 1\n`);
  });
});
