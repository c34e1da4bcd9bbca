import { FerryError } from '../core/index.ts';
import type { RepoCredentials } from './types.ts';

/** Where a repository lives: an HTTP(S) server, or a folder of this machine read in place. */
export type RepoLocation = RemoteRepoLocation | LocalRepoLocation;

export interface RemoteRepoLocation {
  readonly kind: 'remote';
  /** The URL requests go to: credentials, query and fragment removed, no trailing slash. */
  readonly url: string;
  readonly host: string;
  /** The cache key: the same repository spelled differently shares one cache (see normaliseRepoURL). */
  readonly key: string;
  /** Credentials written into the URL (`https://user:token@host/…`), if any. */
  readonly credentials?: RepoCredentials;
}

export interface LocalRepoLocation {
  readonly kind: 'local';
  /** A filesystem path, as given (relative paths are the caller's to resolve). */
  readonly path: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// `git@host:org/repo.git` and `host:path`: the scp-like syntax git uses for SSH.
const SCP_LIKE = /^(?:[^@/\s]+@)?[a-z0-9.-]+:(?!\/\/)/i;

function invalid(repoURL: string, why: string): FerryError {
  return new FerryError('SOURCE_REPO_URL_INVALID', `repository ${redactRepoURL(repoURL)}: ${why}`, { httpStatus: 400 });
}

/** `repoURL` with any password or token in it replaced by `***`: safe for messages and logs. */
export function redactRepoURL(repoURL: string): string {
  return repoURL.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_match, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0] ?? '';
    return userinfo.includes(':') ? `${scheme}${user}:***@` : `${scheme}***@`;
  });
}

/**
 * The cache key of a remote repository URL. Lower-cases scheme and host, drops the default
 * port, credentials, query, fragment, trailing slashes and a trailing `.git`, so
 * `https://Git.Example.com:443/team/apps.git/` and `https://git.example.com/team/apps` share
 * one cache (the same rule Argo CD applies). The path keeps its case: servers may be
 * case-sensitive.
 */
export function normaliseRepoURL(repoURL: string): string {
  let url: URL;
  try {
    url = new URL(repoURL.trim());
  } catch {
    throw invalid(repoURL, 'is not a valid URL');
  }
  const scheme = url.protocol.toLowerCase();
  const defaultPort = (scheme === 'https:' && url.port === '443') || (scheme === 'http:' && url.port === '80');
  const port = url.port && !defaultPort ? `:${url.port}` : '';
  const pathname = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return `${scheme}//${url.hostname.toLowerCase()}${port}${pathname}`;
}

function decodeUserinfo(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Tells a remote HTTP(S) URL from a local path or `file://` URL; refuses SSH and other transports. */
export function parseRepoLocation(repoURL: string): RepoLocation {
  const text = repoURL.trim();
  if (text === '') throw invalid(repoURL, 'the repository URL is empty');
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (SCP_LIKE.test(text) && !text.startsWith('/') && !text.startsWith('.')) {
      throw invalid(repoURL, 'SSH repositories are not supported; use an https:// URL');
    }
    return { kind: 'local', path: text };
  }
  if (scheme === 'file') {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalid(repoURL, 'is not a valid file:// URL');
    }
    if (url.hostname !== '' && url.hostname !== 'localhost') {
      throw invalid(repoURL, `file:// URLs must name a local path, not the host ${url.hostname}`);
    }
    return { kind: 'local', path: decodeURIComponent(url.pathname) };
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw invalid(repoURL, `the ${scheme}:// transport is not supported; use https://, http://, file:// or a path`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(repoURL, 'is not a valid URL');
  }
  if (url.hostname === '') throw invalid(repoURL, 'the URL names no host');
  const credentials: RepoCredentials | undefined =
    url.username || url.password
      ? { username: decodeUserinfo(url.username), password: decodeUserinfo(url.password) }
      : undefined;
  url.username = '';
  url.password = '';
  url.hash = '';
  url.search = '';
  const clean = url.toString().replace(/\/+$/, '');
  return {
    kind: 'remote',
    url: clean,
    host: url.host,
    key: normaliseRepoURL(clean),
    ...(credentials ? { credentials } : {}),
  };
}
