import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import { normaliseRepoURL, parseRepoLocation, redactRepoURL } from './repo-url.ts';

describe('normaliseRepoURL', () => {
  it.each([
    ['https://git.example.com/team/apps.git', 'https://git.example.com/team/apps'],
    ['HTTPS://Git.Example.COM:443/team/apps.git/', 'https://git.example.com/team/apps'],
    ['http://git.example.com:80/team/apps', 'http://git.example.com/team/apps'],
    ['http://127.0.0.1:8080/Team/Apps.git', 'http://127.0.0.1:8080/Team/Apps'],
    ['https://user:secret@git.example.com/team/apps.git?x=1#frag', 'https://git.example.com/team/apps'],
  ])('keys %s as %s', (url, key) => {
    expect(normaliseRepoURL(url)).toBe(key);
  });
});

describe('parseRepoLocation', () => {
  it('splits credentials out of an https URL', () => {
    const location = parseRepoLocation('https://bot:t%40ken@git.example.com/team/apps.git/');
    expect(location).toEqual({
      kind: 'remote',
      url: 'https://git.example.com/team/apps.git',
      host: 'git.example.com',
      key: 'https://git.example.com/team/apps',
      credentials: { username: 'bot', password: 't@ken' },
    });
  });

  it.each([
    ['/srv/repos/apps', '/srv/repos/apps'],
    ['./apps', './apps'],
    ['../apps.git', '../apps.git'],
    ['apps', 'apps'],
    ['file:///srv/repos/my%20apps', '/srv/repos/my apps'],
    ['file://localhost/srv/apps', '/srv/apps'],
  ])('reads %s as the local path %s', (url, expected) => {
    expect(parseRepoLocation(url)).toEqual({ kind: 'local', path: expected });
  });

  it.each([
    ['', 'empty'],
    ['git@github.com:org/repo.git', 'SSH repositories are not supported'],
    ['ssh://git@github.com/org/repo.git', 'ssh:// transport is not supported'],
    ['git://github.com/org/repo.git', 'git:// transport is not supported'],
    ['file://server/share/repo', 'not the host server'],
    ['https://', 'not a valid URL'],
  ])('refuses %j (%s)', (url, message) => {
    let caught: unknown;
    try {
      parseRepoLocation(url);
    } catch (error) {
      caught = error;
    }
    expect(isFerryError(caught, 'SOURCE_REPO_URL_INVALID')).toBe(true);
    expect((caught as Error).message).toContain(message);
  });

  it('never repeats a password in its errors', () => {
    expect(() => parseRepoLocation('ssh://bob:hunter2@host/repo')).toThrow(/ssh:\/\/bob:\*\*\*@host\/repo/);
    expect(redactRepoURL('https://tok3n@host/r')).toBe('https://***@host/r');
  });
});
