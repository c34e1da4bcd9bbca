import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpu, parseQuantity, percent } from './quantity.ts';

describe('quantities', () => {
  it.each([
    ['4', 4],
    ['500m', 0.5],
    ['8Gi', 8 * 2 ** 30],
    ['128974848', 128974848],
    ['129e6', 129e6],
    ['1.5k', 1500],
    ['110', 110],
    ['.5', 0.5],
    ['12x', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('parseQuantity(%j) = %j', (text, value) => expect(parseQuantity(text)).toBe(value));

  it('prints CPU, memory and shares', () => {
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatCpu(4)).toBe('4');
    expect(formatCpu(0)).toBe('0');
    expect(formatBytes(8 * 2 ** 30)).toBe('8 GiB');
    expect(formatBytes(1536 * 2 ** 20)).toBe('1.5 GiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(percent(1, 4)).toBe(25);
    expect(percent(9, 4)).toBe(100);
    expect(percent(undefined, 4)).toBe(0);
  });
});
