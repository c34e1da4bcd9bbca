import { describe, expect, it } from 'vitest';
import { clientConfigPath, parseClientConfig, resolveClientConfig } from './client-config.ts';

describe('client configuration', () => {
  it.each([
    [{ FERRY_CLIENT_CONFIG: '/etc/ferry.json', HOME: '/h' }, '/etc/ferry.json'],
    [{ XDG_CONFIG_HOME: '/xdg', HOME: '/h' }, '/xdg/ferry/config.json'],
    [{ XDG_CONFIG_HOME: 'relative', HOME: '/h' }, '/h/.config/ferry/config.json'],
    [{ HOME: '/h' }, '/h/.config/ferry/config.json'],
  ])('lives at the path %j gives', (env, expected) => {
    expect(clientConfigPath(env)).toBe(expected);
  });

  it('prefers flags, then the environment, then the stored file', () => {
    const stored = { server: 'http://stored:8080', token: 'stored-token' };
    expect(resolveClientConfig({ env: {}, stored })).toEqual(stored);
    expect(resolveClientConfig({ env: { FERRY_TOKEN: 'env-token' }, stored })).toEqual({ server: 'http://stored:8080', token: 'env-token' });
    expect(resolveClientConfig({ env: {}, stored, token: 'flag' })).toEqual({ server: 'http://stored:8080', token: 'flag' });
    expect(resolveClientConfig({ env: {} })).toEqual({ server: 'http://127.0.0.1:8080' });
  });

  it('never sends the stored token to another server', () => {
    const stored = { server: 'http://stored:8080', token: 'stored-token' };
    expect(resolveClientConfig({ env: {}, stored, server: 'http://other:8080/' })).toEqual({ server: 'http://other:8080' });
    expect(resolveClientConfig({ env: { FERRY_SERVER: 'http://other:1' }, stored })).toEqual({ server: 'http://other:1' });
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /expected \{"server"/],
    ['{"server": "ftp://x"}', /is not an http\(s\) URL/],
    ['{"server": "http://u:p@x"}', /put the token in --token/],
    ['{"server": "http://x", "token": 3}', /token must be a string/],
  ])('refuses the stored file %s', (text, pattern) => {
    expect(() => parseClientConfig(text, '/h/.config/ferry/config.json')).toThrow(pattern);
  });

  it('refuses a server flag that is not a URL', () => {
    expect(() => resolveClientConfig({ env: {}, server: 'localhost:8080' })).toThrow('--server: localhost:8080 is not an http(s) URL');
  });
});
