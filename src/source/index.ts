/**
 * source: the Git port and pure helpers. The isomorphic-git adapter lives in `git/` and the
 * local-directory reader in `local/`; only compose.ts and tests import those.
 */
export type {
  SourceSpec,
  RepoCredentials,
  CommitInfo,
  SourceSnapshot,
  SourceRequestOptions,
  GitSource,
} from './types.ts';
