import { describe, expect, it } from 'vitest';
import { coalesceValues, mergeMaps, mergeValues, pathValue, valuesTable } from './coalesce.ts';
import type { ValuesChart } from './coalesce.ts';

function chart(name: string, values: Record<string, unknown>, dependencies: ValuesChart[] = []): ValuesChart {
  return { name, values, dependencies };
}

describe('coalesceValues', () => {
  it('puts defaults under given values; maps merge, scalars and lists are replaced', () => {
    const c = chart('top', { a: 1, m: { x: 1, y: 2 }, l: [1, 2] });
    expect(coalesceValues(c, { m: { y: 3 }, l: [9] })).toEqual({ a: 1, m: { x: 1, y: 3 }, l: [9] });
  });

  it('does not change the chart or the given values', () => {
    const defaults = { m: { x: 1 } };
    const given = { m: { y: 2 } };
    coalesceValues(chart('top', defaults), given);
    expect(defaults).toEqual({ m: { x: 1 } });
    expect(given).toEqual({ m: { y: 2 } });
  });

  // Expected values come from helm v4.1.4 on the same chart (null handling changed across
  // Helm versions; this is what v4.1.4 does).
  it('applies nulls as helm v4 does', () => {
    const sub = chart('sub', {
      s: null,
      t: { u: null, v: 1 },
      k: 1,
      p: 5,
      q: { r: 1, w: 2 },
      global: { g1: 1, g3: null },
    });
    const top = chart(
      'top',
      { a: null, b: { c: null, d: 1 }, d: { e: 1, f: 2 }, sub: { p: null, q: { r: null } }, global: { g1: null, g2: 2 } },
      [sub],
    );
    // What ProcessDependenciesWithMerge leaves in the top chart's values.
    const merged = { ...top, values: mergeValues(top, {}) };
    const result = coalesceValues(merged, { true: null, d: { f: null, e: null }, x: null, sub: { k: null } });
    expect(result).toEqual({
      a: null,
      b: { c: null, d: 1 },
      d: {},
      global: { g1: null, g2: 2 },
      sub: { global: { g2: 2, g3: null }, q: { w: 2 }, t: { u: null, v: 1 } },
      true: null,
      x: null,
    });
  });

  it('copies globals down to subcharts, the parent winning', () => {
    const sub = chart('sub', { global: { a: 'sub', b: 'sub' } });
    const top = chart('top', { global: { a: 'top' } }, [sub]);
    expect(coalesceValues(top, {}).sub).toEqual({ global: { a: 'top', b: 'sub' } });
  });

  it('refuses a subchart section that is not a map', () => {
    expect(() => coalesceValues(chart('top', {}, [chart('sub', {})]), { sub: 'x' })).toThrow('type mismatch on sub');
  });
});

describe('helpers', () => {
  it('mergeMaps merges -f files', () => {
    expect(mergeMaps({ a: { b: 1, c: 2 }, l: [1] }, { a: { b: 3 }, l: [2] })).toEqual({ a: { b: 3, c: 2 }, l: [2] });
  });

  it('pathValue and valuesTable read dotted paths', () => {
    const values = { a: { b: { c: true } }, d: 1 };
    expect(pathValue(values, 'a.b.c')).toEqual({ found: true, value: true });
    expect(pathValue(values, 'a.b')).toEqual({ found: false });
    expect(pathValue(values, 'd')).toEqual({ found: true, value: 1 });
    expect(valuesTable(values, 'a.b')).toEqual({ c: true });
    expect(valuesTable(values, 'x')).toBeUndefined();
  });
});
