import { describe, expect, it } from 'vitest';
import { isFerryError } from '../../core/index.ts';
import { compileGlob, matchGlob } from './glob.ts';

describe('matchGlob', () => {
  it.each([
    // `*` and `**` cross directories: Argo CD compiles these globs without separators.
    ['*.yaml', 'deploy.yaml', true],
    ['*.yaml', 'sub/deploy.yaml', true],
    ['*.yaml', 'deploy.yml', false],
    ['**/*.yaml', 'a/b/c.yaml', true],
    ['**/*.yaml', 'c.yaml', false],
    ['sub/*', 'sub/a/b.yaml', true],
    ['{config.json,env-usw2/*}', 'config.json', true],
    ['{config.json,env-usw2/*}', 'env-usw2/app.yaml', true],
    ['{config.json,env-usw2/*}', 'env-use1/app.yaml', false],
    ['{*.yml,*.yaml}', 'x.yml', true],
    ['{*.yml,*.yaml}', 'x.json', false],
    ['{a,b{c,d}}.yaml', 'bd.yaml', true],
    ['{a,b{c,d}}.yaml', 'b.yaml', false],
    ['x{,-extra}.yaml', 'x.yaml', true],
    ['x{,-extra}.yaml', 'x-extra.yaml', true],
    ['?.yaml', 'a.yaml', true],
    ['?.yaml', 'ab.yaml', false],
    ['a?b', 'a/b', true],
    ['[abc].yaml', 'b.yaml', true],
    ['[abc].yaml', 'd.yaml', false],
    ['[!abc].yaml', 'd.yaml', true],
    ['[!abc].yaml', 'a.yaml', false],
    ['v[0-9].yaml', 'v7.yaml', true],
    ['v[0-9].yaml', 'vx.yaml', false],
    ['\\*.yaml', '*.yaml', true],
    ['\\*.yaml', 'a.yaml', false],
    ['deploy.yaml', 'deploy.yaml', true],
    ['deploy.yaml', 'sub/deploy.yaml', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['*a*a*a*a*a*a*a*a*b', 'a'.repeat(300), false],
    ['caf?.yaml', 'café.yaml', true],
  ])('%j against %j is %s', (pattern, path, expected) => {
    expect(matchGlob(pattern, path)).toBe(expected);
  });

  it.each([
    ['{a,b', 'has a { without its closing }'],
    ['[ab', 'has a [ without its closing ]'],
    ['[]', 'has an empty character set []'],
    ['[z-a]', 'has the reversed range z-a'],
    ['a\\', 'ends with an unfinished escape \\'],
  ])('refuses the malformed pattern %j', (pattern, problem) => {
    let error: unknown;
    try {
      compileGlob(pattern);
    } catch (caught) {
      error = caught;
    }
    expect(isFerryError(error, 'RENDER_GLOB_INVALID')).toBe(true);
    expect((error as Error).message).toBe(`glob ${JSON.stringify(pattern)}: ${problem}`);
  });
});
