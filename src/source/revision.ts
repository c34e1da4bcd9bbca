import { FerryError } from '../core/index.ts';

/**
 * What a targetRevision can mean before any repository is asked:
 * - `head`: `HEAD` (or empty, as in Argo CD): the remote's default branch;
 * - `commit`: a full 40-hex SHA-1;
 * - `name-or-sha`: 4 to 39 hex digits: a branch or tag of that name if the repository has
 *   one (git gives refs precedence over abbreviated SHAs), else an abbreviated SHA;
 * - `name`: a branch, a tag, or a full ref name (`refs/heads/main`).
 */
export type Revision =
  | { readonly kind: 'head' }
  | { readonly kind: 'commit'; readonly sha: string }
  | { readonly kind: 'name-or-sha'; readonly name: string; readonly prefix: string }
  | { readonly kind: 'name'; readonly name: string };

const FULL_SHA = /^[0-9a-f]{40}$/i;
const SHORT_SHA = /^[0-9a-f]{4,39}$/i;
// The characters and sequences `git check-ref-format` refuses.
const BAD_REF_CHARS = /[\x00-\x20\x7f~^:?*[\\]/;

/** Why `name` is not a valid ref name, or undefined when it is (rules of git check-ref-format). */
export function refNameProblem(name: string): string | undefined {
  if (BAD_REF_CHARS.test(name)) return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name === '@') return 'is "@"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'has an empty path component';
  if (name.startsWith('-')) return 'starts with "-"';
  if (name.endsWith('.')) return 'ends with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'has a component starting with "."';
    if (part.endsWith('.lock')) return 'has a component ending with ".lock"';
  }
  return undefined;
}

export function classifyRevision(revision: string): Revision {
  const text = revision.trim();
  if (text === '' || text === 'HEAD') return { kind: 'head' };
  if (FULL_SHA.test(text)) return { kind: 'commit', sha: text.toLowerCase() };
  const problem = refNameProblem(text);
  if (problem !== undefined) {
    throw new FerryError(
      'SOURCE_REVISION_INVALID',
      `revision ${JSON.stringify(revision)} is not a branch, tag or commit SHA: it ${problem}`,
      { httpStatus: 400 },
    );
  }
  if (SHORT_SHA.test(text)) return { kind: 'name-or-sha', name: text, prefix: text.toLowerCase() };
  return { kind: 'name', name: text };
}

/**
 * The full ref names a short name may stand for, in git's order of precedence (git
 * rev-parse: `refs/<name>`, then tags, then branches, then remote-tracking refs): a tag and a
 * branch of the same name resolve to the tag, as they do for `git checkout`.
 */
export function refCandidates(name: string): string[] {
  if (name.startsWith('refs/')) return [name];
  return [`refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
}

/** One ref as a server advertises it. */
export interface AdvertisedRef {
  readonly name: string;
  /** What the ref points at: a commit, or an annotated tag object. */
  readonly oid: string;
  /** For an annotated tag: the commit it peels to (the `^{}` line of the advertisement). */
  readonly peeled?: string;
  /** For a symbolic ref (HEAD): the ref it points at. */
  readonly target?: string;
}

/** The advertised ref `name` stands for, following refCandidates' precedence. */
export function matchRef(refs: ReadonlyMap<string, AdvertisedRef>, name: string): AdvertisedRef | undefined {
  for (const candidate of refCandidates(name)) {
    const ref = refs.get(candidate);
    if (ref) return ref;
  }
  return undefined;
}

/** The commit-ish a ref leads to: the peeled commit of an annotated tag, else the ref's own object. */
export function refCommitish(ref: AdvertisedRef): string {
  return ref.peeled ?? ref.oid;
}
