import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import { checkEntryName, resolveLinkTarget } from './symlink.ts';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isFerryError(error) ? error.code : 'not a FerryError';
  }
  return undefined;
}

describe('resolveLinkTarget', () => {
  it.each([
    ['link', 'target.yaml', 'target.yaml'],
    ['app/link', 'values.yaml', 'app/values.yaml'],
    ['app/link', '../common/values.yaml', 'common/values.yaml'],
    ['a/b/c/link', '../../x/./y', 'a/x/y'],
    ['app/link', '..', ''],
    ['app/link', 'sub/', 'app/sub'],
  ])('resolves %s -> %s to %j', (link, target, expected) => {
    expect(resolveLinkTarget(link, target)).toBe(expected);
  });

  it.each([
    ['app/passwd', '../../etc/passwd', 'points outside it'],
    ['passwd', '/etc/passwd', 'is absolute'],
    ['link', '..', 'points outside it'],
    ['a/b/link', '../../../x', 'points outside it'],
    ['link', '', 'points outside it'],
  ])('refuses %s -> %j, naming link and target', (link, target, why) => {
    expect(codeOf(() => resolveLinkTarget(link, target))).toBe('SOURCE_SYMLINK_ESCAPE');
    expect(() => resolveLinkTarget(link, target)).toThrow(`symlink ${link} -> ${target} in the repository ${why}`);
  });
});

describe('checkEntryName', () => {
  it.each(['..', '.', '', 'a/b', 'nul\0'])('refuses the entry name %j', (name) => {
    expect(codeOf(() => checkEntryName(name, 'app', 'repo x'))).toBe('SOURCE_INVALID_ENTRY');
  });
  it.each(['...', '.hidden', 'a..b', 'values.yaml'])('accepts %j', (name) => {
    expect(codeOf(() => checkEntryName(name, '', 'repo x'))).toBeUndefined();
  });
});
