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
export type { RepoLocation, RemoteRepoLocation, LocalRepoLocation } from './repo-url.ts';
export { parseRepoLocation, normaliseRepoURL, redactRepoURL } from './repo-url.ts';
export type { Revision, AdvertisedRef } from './revision.ts';
export { classifyRevision, refCandidates, matchRef, refNameProblem } from './revision.ts';
export { resolveLinkTarget, checkEntryName } from './symlink.ts';
export { normaliseSourcePath } from './source-path.ts';
export type { ResolvedFileTree, TreeNode, TreeProblem, ResolvedTreeOptions } from './resolved-tree.ts';
export {
  buildResolvedTree,
  refusedLinksUnder,
  formatBytes,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_TREE_ENTRIES,
} from './resolved-tree.ts';
