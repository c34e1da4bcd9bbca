import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareYamlKeys, formatGoFloatG, marshalYaml, marshalYamlPretty } from './emit.ts';
import { marshalGoJson } from './go-json.ts';
import { parseGoYaml } from './parse.ts';

const testdata = new URL('../testdata/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, testdata), 'utf8');

// The .txt files are helm v4.1.4's own output for these values (`toYaml .Values` etc.).
describe('toYaml / toYamlPretty / toJson, byte for byte as helm prints them', () => {
  it.each([
    ['yaml-values-1.yaml', 'yaml-values-1.toYaml.txt', marshalYaml],
    ['yaml-values-2.yaml', 'yaml-values-2.toYaml.txt', marshalYaml],
    ['yaml-values-1.yaml', 'yaml-values-1.toYamlPretty.txt', marshalYamlPretty],
    ['yaml-values-1.yaml', 'yaml-values-1.toJson.txt', (v: unknown) => `${marshalGoJson(v)}\n`],
  ])('%s -> %s', (values, expected, marshal) => {
    expect(marshal(parseGoYaml(read(values)))).toBe(read(expected));
  });
});

describe('scalars', () => {
  it.each([
    [null, 'null\n'],
    [true, 'true\n'],
    [3n, '3\n'],
    [3.5, '3.5\n'],
    [1e6, '1000000\n'],
    [1234567.5, '1.2345675e+06\n'],
    ['', '""\n'],
    ['abc', 'abc\n'],
    ['a\nb', '|-\n  a\n  b\n'],
    [[], '[]\n'],
    [{}, '{}\n'],
    [new Uint8Array([104, 105]), 'aGk=\n'],
    [['a\nb', { k: 'v\n' }], '- |-\n  a\n  b\n- k: |\n    v\n'],
  ])('%s', (value, expected) => {
    expect(marshalYaml(value)).toBe(expected);
  });

  it('refuses NaN like json.Marshal', () => {
    expect(() => marshalYaml({ a: Number.NaN })).toThrow('json: unsupported value: NaN');
  });
});

describe('formatGoFloatG', () => {
  it.each([
    [1234567.5, '1.2345675e+06'],
    [123456.7, '123456.7'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [-2.5, '-2.5'],
  ])('%d', (value, text) => expect(formatGoFloatG(value)).toBe(text));
});

describe('compareYamlKeys (go-yaml keyList.Less)', () => {
  it('sorts digits numerically and letters after other runes', () => {
    const keys = ['a10', 'a2', 'a_b', 'aB', 'ab', 'a-b', 'a.b', 'A', 'z', 'a01', 'a1', '10', '9'];
    expect(keys.sort(compareYamlKeys)).toEqual(['9', '10', 'A', 'a-b', 'a.b', 'a_b', 'a1', 'a01', 'a2', 'a10', 'aB', 'ab', 'z']);
  });
});
