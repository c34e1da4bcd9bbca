import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import { normaliseSourcePath } from './source-path.ts';

describe('normaliseSourcePath', () => {
  it.each([
    ['', ''],
    ['.', ''],
    ['./', ''],
    ['/', ''],
    ['apps/web', 'apps/web'],
    ['./apps/web/', 'apps/web'],
    ['/apps//web', 'apps/web'],
    ['apps/../common', 'common'],
  ])('reads %j as the folder %j', (given, expected) => {
    expect(normaliseSourcePath(given, 'repository r')).toBe(expected);
  });

  it.each(['..', '../x', 'apps/../../x'])('refuses %j, which leaves the repository', (given) => {
    let caught: unknown;
    try {
      normaliseSourcePath(given, 'repository r');
    } catch (error) {
      caught = error;
    }
    expect(isFerryError(caught, 'SOURCE_PATH_INVALID')).toBe(true);
    expect((caught as Error).message).toBe(`path ${given} leads outside repository r`);
  });
});
