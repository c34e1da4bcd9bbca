import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import { readCliEnvironment } from './cli-environment.ts';

describe('readCliEnvironment', () => {
  it.each([
    ['no credentials', { HOME: '/home/u' }, undefined],
    ['basic credentials', { HOME: '/h', FERRY_GIT_USERNAME: 'bot', FERRY_GIT_PASSWORD: 's3cret' }, { username: 'bot', password: 's3cret' }],
    ['a bearer token', { HOME: '/h', FERRY_GIT_TOKEN: 'tok' }, { bearerToken: 'tok' }],
    ['empty variables, as unset', { HOME: '/h', FERRY_GIT_USERNAME: '', FERRY_GIT_PASSWORD: '', FERRY_GIT_TOKEN: '' }, undefined],
  ])('reads %s', (_name, env, credentials) => {
    expect(readCliEnvironment(env).gitCredentials).toEqual(credentials);
  });

  it.each([
    ['$XDG_CACHE_HOME/ferry/git', { XDG_CACHE_HOME: '/xdg', HOME: '/home/u' }, undefined, '/xdg/ferry/git'],
    ['~/.cache/ferry/git', { HOME: '/home/u' }, undefined, '/home/u/.cache/ferry/git'],
    ['~/.cache/ferry/git when XDG_CACHE_HOME is relative', { XDG_CACHE_HOME: 'cache', HOME: '/home/u' }, undefined, '/home/u/.cache/ferry/git'],
    ['the given home directory when HOME is unset', {}, '/fallback', '/fallback/.cache/ferry/git'],
  ])('puts the Git cache in %s', (_name, env, homeDir, expected) => {
    expect(readCliEnvironment(env, homeDir).gitCacheDir).toBe(expected);
  });

  it.each([
    ['a username without a password', { HOME: '/h', FERRY_GIT_USERNAME: 'bot' }, 'FERRY_GIT_USERNAME is set but FERRY_GIT_PASSWORD is not'],
    ['a password without a username', { HOME: '/h', FERRY_GIT_PASSWORD: 'x' }, 'FERRY_GIT_PASSWORD is set but FERRY_GIT_USERNAME is not'],
    ['a token and a password', { HOME: '/h', FERRY_GIT_TOKEN: 't', FERRY_GIT_USERNAME: 'u', FERRY_GIT_PASSWORD: 'p' }, 'set either FERRY_GIT_TOKEN or FERRY_GIT_USERNAME and FERRY_GIT_PASSWORD, not both'],
    ['no home at all', {}, 'cannot place the Git cache: set XDG_CACHE_HOME or HOME'],
  ])('refuses %s', (_name, env, message) => {
    let error: unknown;
    try {
      readCliEnvironment(env);
    } catch (caught) {
      error = caught;
    }
    expect(isFerryError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toBe(message);
  });

  it('returns a frozen value', () => {
    const environment = readCliEnvironment({ HOME: '/h', FERRY_GIT_TOKEN: 't' });
    expect(Object.isFrozen(environment)).toBe(true);
    expect(Object.isFrozen(environment.gitCredentials)).toBe(true);
  });
});
