import { describe, expect, it } from 'vitest';
import { canonicalQuantity, parseQuantity } from './quantity.ts';

describe('canonicalQuantity', () => {
  // Expected forms are the ones a real API server stores (resource.Quantity canonicalisation).
  it.each([
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['100m', '100m'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['128974848', '128974848'],
    ['128974848000m', '128974848'],
    ['129e6', '129e6'],
    ['129M', '129M'],
    ['123Mi', '123Mi'],
    ['1e3', '1e3'],
    ['0', '0'],
    ['-1.5', '-1500m'],
    [2, '2'],
    [0.25, '250m'],
  ])('%s is stored as %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  it('treats equal values written differently as equal', () => {
    const values = ['128974848', '129e6', '129M', '128974848000m', '123Mi'].map((text) => parseQuantity(text)?.nanos);
    expect(values[0]).toBe(values[3]);
    expect(values[1]).toBe(values[2]);
    expect(parseQuantity('1Gi')?.nanos).toBe(parseQuantity('1024Mi')?.nanos);
  });

  it.each(['', 'abc', '1.2.3', '5 Mi', '1Xi', '1e999'])('refuses %j', (input) => {
    expect(canonicalQuantity(input)).toBeUndefined();
  });
});
