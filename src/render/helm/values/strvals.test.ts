import { describe, expect, it } from 'vitest';
import { parseSet, parseSetFile, parseSetJson, parseSetLiteral, parseSetString } from './strvals.ts';

const set = (text: string, into: Record<string, unknown> = {}) => {
  parseSet(text, into);
  return into;
};

describe('--set (helm strvals)', () => {
  it.each([
    ['a=1', { a: 1n }],
    ['a=01', { a: '01' }],
    ['a=0', { a: 0n }],
    ['a=-12', { a: -12n }],
    ['a=1.5', { a: '1.5' }],
    ['a=true,b=FALSE,c=null', { a: true, b: false, c: null }],
    ['a.b.c=x', { a: { b: { c: 'x' } } }],
    ['a={x\\,y,z}', { a: ['x,y', 'z'] }],
    ['a={}', { a: [''] }],
    ['a=', { a: '' }],
    ['l[2].q=3', { l: [null, null, { q: 3n }] }],
    ['l[0]=a,l[1]=b', { l: ['a', 'b'] }],
    ['m[0][1]=x', { m: [[null, 'x']] }],
    ['a\\.b=1', { 'a.b': 1n }],
    ['name=a\\,b', { name: 'a,b' }],
    ['a=b=c', { a: 'b=c' }],
    ['big=99999999999999999999', { big: '99999999999999999999' }],
  ])('%s', (text, expected) => {
    expect(set(text)).toEqual(expected);
  });

  it('merges into existing values', () => {
    expect(set('a.c=2', { a: { b: 1 } })).toEqual({ a: { b: 1, c: 2n } });
  });

  it.each([
    ['a', 'key "a" has no value'],
    ['a,b=1', 'key "a" has no value (cannot end with ,)'],
    ['a={b', "list must terminate with '}'"],
    ['a[x]=1', 'error parsing index'],
    ['a[-1]=1', 'negative -1 index not allowed'],
    ['a[70000]=1', 'index of 70000 is greater than maximum supported index of 65536'],
    ['a[1]x=1', 'unexpected data at end of array index'],
  ])('refuses %s', (text, message) => {
    expect(() => set(text)).toThrow(message);
  });

  it('refuses names nested deeper than 30', () => {
    expect(() => set(`${'a.'.repeat(31)}b=1`)).toThrow('maximum supported nested level of 30');
  });
});

describe('--set-string, --set-json, --set-file', () => {
  it('keeps strings', () => {
    const into = {};
    parseSetString('a=true,b=1,c=null', into);
    expect(into).toEqual({ a: 'true', b: '1', c: 'null' });
  });

  it('reads JSON values', () => {
    const into = {};
    parseSetJson('j={"a":1,"b":[true,null]},k=[1,2],s="x,y",e=', into);
    expect(into).toEqual({ j: { a: 1, b: [true, null] }, k: [1, 2], s: 'x,y', e: null });
  });

  it('refuses bad JSON', () => {
    expect(() => parseSetJson('a={"x"', {})).toThrow(/invalid JSON/);
  });

  it('takes --set-literal values as they are', () => {
    const into = {};
    parseSetLiteral('a.b[1]=x,y={z}\\', into);
    expect(into).toEqual({ a: { b: [null, 'x,y={z}\\'] } });
  });

  it('reads a file for each value', () => {
    const into = {};
    parseSetFile('cfg=files/a.txt', into, (path) => `content of ${path}`);
    expect(into).toEqual({ cfg: 'content of files/a.txt' });
  });
});
