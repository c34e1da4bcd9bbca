import type { FileTree } from '../core/index.ts';

/** Where an application's manifests come from: a path in a Git repository at a revision. */
export interface SourceSpec {
  /** `https://…`, `http://…`, `file://…` or a local filesystem path to a repository. */
  readonly repoURL: string;
  /** A branch, a tag, a full or short commit SHA, or `HEAD`. */
  readonly targetRevision: string;
  /** Directory inside the repository; `''` or `.` for its root. */
  readonly path: string;
}

export interface RepoCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly bearerToken?: string;
}

export interface CommitInfo {
  readonly sha: string;
  readonly message: string;
  readonly author: { readonly name: string; readonly email: string };
  /** ISO 8601 author date. */
  readonly date: string;
}

/** A repository at the commit `spec.targetRevision` resolved to. */
export interface SourceSnapshot {
  readonly spec: SourceSpec;
  readonly commit: CommitInfo;
  /**
   * The whole repository at that commit (read lazily), not only `spec.path`: Helm value files
   * and Kustomize bases may live elsewhere in the repo. `checkout` has checked that `spec.path`
   * is a directory of it.
   */
  readonly tree: FileTree;
}

export interface SourceRequestOptions {
  readonly credentials?: RepoCredentials;
  readonly signal?: AbortSignal;
}

/**
 * The Git port. One instance serves every application: it keeps one cache per repository URL,
 * fetches incrementally, asks the remote for its refs before fetching, and coalesces
 * concurrent requests for the same repository.
 */
export interface GitSource {
  /** Resolves a revision to a full commit SHA, fetching only when the remote moved. */
  resolveRevision(repoURL: string, revision: string, options?: SourceRequestOptions): Promise<string>;
  /** Resolves the revision and returns the read-only tree at `spec.path` of that commit. */
  checkout(spec: SourceSpec, options?: SourceRequestOptions): Promise<SourceSnapshot>;
}
