import { describe, expect, it } from 'vitest';
import { checkJsonCompatible, parseGoYaml, parseGoYamlAll } from './parse.ts';

describe('parseGoYaml (go-yaml v2 through JSON, as Helm reads values)', () => {
  it.each([
    ['a: yes', { a: true }],
    ['a: Off', { a: false }],
    ['y: 1', { true: 1 }],
    ['a: 0777', { a: 511 }],
    ['a: 08', { a: 8 }],
    ['a: 0x10', { a: 16 }],
    ['a: 0b101', { a: 5 }],
    ['a: 1_000', { a: 1000 }],
    ['a: 1e3', { a: 1000 }],
    ['a: .5', { a: 0.5 }],
    ['a: 2001-12-14', { a: '2001-12-14' }],
    ['a: 1:20', { a: '1:20' }],
    ['a: "yes"', { a: 'yes' }],
    ['a: ~', { a: null }],
    ['a:', { a: null }],
    ['a: 12345678901234567890', { a: 12345678901234567000 }],
    ['1.0: x', { '1': 'x' }],
    ['a: !!str 10', { a: '10' }],
    ['a: !Ref x', { a: 'x' }],
    ['a: 1\na: 2', { a: 2 }],
    ['b: &x {c: 1}\nd: *x', { b: { c: 1 }, d: { c: 1 } }],
    ['m:\n  <<: {c: 1}\n  d: 2', { m: { c: 1, d: 2 } }],
  ])('%j', (text, expected) => {
    expect(parseGoYaml(text)).toEqual(expected);
  });

  it('gives null for an empty document and reads only the first of several', () => {
    expect(parseGoYaml('')).toBeNull();
    expect(parseGoYaml('a: 1\n---\nb: 2')).toEqual({ a: 1 });
    expect(parseGoYamlAll('a: 1\n---\nb: 2')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('reports the line of a syntax error', () => {
    expect(() => parseGoYaml('a: b\n c: d\n')).toThrow(/^yaml: line 2: /);
  });

  it('refuses infinities as the JSON step does', () => {
    expect(() => checkJsonCompatible(parseGoYaml('a: .inf'))).toThrow('json: unsupported value: +Inf');
  });
});
