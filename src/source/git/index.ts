/**
 * source/git: the isomorphic-git adapter of the GitSource port. Only compose.ts (and tests)
 * import it.
 */
export type { GitSourceOptions } from './git-source.ts';
export { createGitSource, DEFAULT_GIT_TIMEOUT_MS } from './git-source.ts';
export type { HttpClient } from './http-client.ts';
export { createFetchHttpClient } from './http-client.ts';
export { cacheDirName } from './remote-cache.ts';
