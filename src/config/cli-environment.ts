/**
 * What the CLI takes from the environment: Git credentials for `--repo` and where the Git
 * cache lives. Read once, validated, frozen; nothing else in Ferry reads process.env.
 */
import path from 'node:path';
import { FerryError } from '../core/index.ts';

/** Same shape as the source layer's RepoCredentials. */
export interface GitCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly bearerToken?: string;
}

export interface CliEnvironment {
  /** From FERRY_GIT_USERNAME + FERRY_GIT_PASSWORD, or FERRY_GIT_TOKEN; absent when unset. */
  readonly gitCredentials: GitCredentials | undefined;
  /** `$XDG_CACHE_HOME/ferry/git`, else `~/.cache/ferry/git`. */
  readonly gitCacheDir: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

function invalid(message: string): FerryError {
  return new FerryError('CONFIG_INVALID', message, { httpStatus: 400 });
}

/** An empty variable counts as unset, as shells make it easy to export one by mistake. */
function read(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function readGitCredentials(env: Environment): GitCredentials | undefined {
  const username = read(env, 'FERRY_GIT_USERNAME');
  const password = read(env, 'FERRY_GIT_PASSWORD');
  const bearerToken = read(env, 'FERRY_GIT_TOKEN');
  if (bearerToken !== undefined && (username !== undefined || password !== undefined)) {
    throw invalid('set either FERRY_GIT_TOKEN or FERRY_GIT_USERNAME and FERRY_GIT_PASSWORD, not both');
  }
  if (bearerToken !== undefined) return Object.freeze({ bearerToken });
  if (username !== undefined && password === undefined) throw invalid('FERRY_GIT_USERNAME is set but FERRY_GIT_PASSWORD is not');
  if (password !== undefined && username === undefined) throw invalid('FERRY_GIT_PASSWORD is set but FERRY_GIT_USERNAME is not');
  if (username !== undefined && password !== undefined) return Object.freeze({ username, password });
  return undefined;
}

function readGitCacheDir(env: Environment, homeDir: string | undefined): string {
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = read(env, 'XDG_CACHE_HOME');
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'ferry', 'git');
  const home = read(env, 'HOME') ?? homeDir;
  if (home === undefined || home === '') throw invalid('cannot place the Git cache: set XDG_CACHE_HOME or HOME');
  return path.join(home, '.cache', 'ferry', 'git');
}

/** `homeDir` is the fallback when HOME is unset (compose.ts passes os.homedir()). */
export function readCliEnvironment(env: Environment, homeDir?: string): CliEnvironment {
  return Object.freeze({
    gitCredentials: readGitCredentials(env),
    gitCacheDir: readGitCacheDir(env, homeDir),
  });
}
