import { describe, expect, it } from 'vitest';
import { compareSemver, formatSemver, isCompatibleRange, parseSemver } from './index.ts';

// Each expectation was checked against helm v4.1.4's semverCompare.
describe('constraints (Masterminds/semver v3)', () => {
  it.each([
    ['>=1.21-0', 'v1.31.0', true],
    ['<1.19-0', 'v1.31.0', false],
    ['>=1.19.0-0', '1.31.0', true],
    ['^1.2', '1.9.0', true],
    ['~1.2', '1.3.0', false],
    ['1.2 - 1.4', '1.4.5', true],
    ['>=1.16.0-0 <1.30.0', '1.31.0', false],
    ['>= 1.10.x', '1.31', true],
    ['>=1.21', 'v1.31.0-gke.1', false],
    ['>=1.21-0', 'v1.31.0-gke.1', true],
    ['4.x', '4.38.0', true],
    ['>1.2', '1.2.5', false],
    ['<=1.2', '1.2.9', true],
    ['!=1.2.x', '1.2.3', false],
    ['>=1.0.0 || <0.5', '0.4.0', true],
    ['*', '1.0.0', true],
    ['', '1.0.0', false],
  ])('%s against %s: %s', (constraint, version, expected) => {
    expect(isCompatibleRange(constraint, version)).toBe(expected);
  });
});

describe('versions', () => {
  it('parses loosely and prints canonically', () => {
    expect(formatSemver(parseSemver('01.2.3-rc.1+b'))).toBe('1.2.3-rc.1+b');
    expect(formatSemver(parseSemver('v1.2'))).toBe('1.2.0');
    expect(() => parseSemver('1.2.3.4')).toThrow('invalid semantic version');
  });

  it.each([
    ['1.0.0', '1.0.0-rc.1', 1],
    ['1.0.0-rc.2', '1.0.0-rc.10', -1],
    ['1.0.0-alpha', '1.0.0-1', 1],
    ['1.0.0+a', '1.0.0+b', 0],
  ])('compare %s %s = %d', (a, b, expected) => {
    expect(compareSemver(parseSemver(a), parseSemver(b))).toBe(expected);
  });
});
