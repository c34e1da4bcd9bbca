/**
 * Git repositories for tests, made with the git CLI (plumbing only, no work tree): commits
 * through `git fast-import` (one process per commit, any file mode, symlinks included),
 * branches, annotated and lightweight tags, force-moves and deletions of refs, and hand-made
 * tree objects a porcelain command would refuse (`..` entries).
 *
 * Moving a branch to a commit that does not descend from its old tip is, seen from a client,
 * exactly a force-push; deleting a ref is a deleted branch or tag.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What a path holds in a commit: text or bytes, a link, an executable, an existing blob, or nothing (deleted). */
export type FileContent =
  | string
  | Uint8Array
  | { symlink: string }
  | { executable: string | Uint8Array }
  | { blob: string; mode?: string }
  | { gitlink: string }
  | null;

export interface CommitOptions {
  /** Branch to commit on (created if missing); default `main`. */
  branch?: string;
  message?: string;
  /** Parent commit; default the branch tip. `null` makes a root commit (what a force-push often brings). */
  parent?: string | null;
  /** Start from an empty tree instead of the parent's. */
  replace?: boolean;
}

export function gitEnvironment(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Ferry Test',
    GIT_AUTHOR_EMAIL: 'test@ferry.invalid',
    GIT_COMMITTER_NAME: 'Ferry Test',
    GIT_COMMITTER_EMAIL: 'test@ferry.invalid',
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
  };
}

export function runGit(env: NodeJS.ProcessEnv, cwd: string, args: string[], input?: string | Uint8Array): string {
  return execFileSync('git', args, {
    cwd,
    env,
    input,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
    .toString('utf8')
    .trim();
}

/** C-style quoting for fast-import paths, so any name (spaces, quotes, newlines) is safe. */
function quotePath(file: string): string {
  return `"${file.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function dataBlock(content: string | Uint8Array): Buffer[] {
  const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  return [Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n')];
}

/** fast-import commands that set `file` to `content` in the commit being written. */
export function fileCommands(file: string, content: FileContent): Buffer[] {
  const quoted = quotePath(file);
  if (content === null) return [Buffer.from(`D ${quoted}\n`)];
  if (typeof content === 'string' || content instanceof Uint8Array) {
    return [Buffer.from(`M 100644 inline ${quoted}\n`), ...dataBlock(content)];
  }
  if ('symlink' in content) return [Buffer.from(`M 120000 inline ${quoted}\n`), ...dataBlock(content.symlink)];
  if ('executable' in content) return [Buffer.from(`M 100755 inline ${quoted}\n`), ...dataBlock(content.executable)];
  if ('gitlink' in content) return [Buffer.from(`M 160000 ${content.gitlink} ${quoted}\n`)];
  return [Buffer.from(`M ${content.mode ?? '100644'} ${content.blob} ${quoted}\n`)];
}

export interface FastImportCommit {
  ref: string;
  message: string;
  /** Seconds since the epoch (UTC). */
  time: number;
  from?: string;
  deleteAll?: boolean;
  files: Iterable<[string, FileContent]>;
}

/** The fast-import stream of one commit. */
export function fastImportCommit(commit: FastImportCommit): Buffer[] {
  const who = `Ferry Test <test@ferry.invalid> ${commit.time} +0000`;
  const parts: Buffer[] = [
    Buffer.from(`commit ${commit.ref}\nauthor ${who}\ncommitter ${who}\n`),
    ...dataBlock(commit.message),
  ];
  if (commit.from) parts.push(Buffer.from(`from ${commit.from}\n`));
  if (commit.deleteAll) parts.push(Buffer.from('deleteall\n'));
  for (const [file, content] of commit.files) parts.push(...fileCommands(file, content));
  parts.push(Buffer.from('\n'));
  return parts;
}

export class GitTestRepo {
  /** The bare repository on disk. */
  readonly dir: string;
  /** Its HTTP URL on the test server (or a file path for `createLocalRepo`). */
  readonly url: string;
  private readonly env: NodeJS.ProcessEnv;
  private clock = 1767225600; // 2026-01-01T00:00:00Z; every commit one minute later

  constructor(dir: string, url: string, env: NodeJS.ProcessEnv) {
    this.dir = dir;
    this.url = url;
    this.env = env;
  }

  git(args: string[], input?: string | Uint8Array): string {
    return runGit(this.env, this.dir, ['--git-dir', this.dir, ...args], input);
  }

  /** The commit SHA a revision names, or undefined. */
  rev(revision: string): string | undefined {
    try {
      return this.git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
    } catch {
      return undefined;
    }
  }

  /** Writes one commit on `branch` with the given file changes and returns its SHA. */
  commit(files: Record<string, FileContent>, options: CommitOptions = {}): string {
    const branch = options.branch ?? 'main';
    const parent = options.parent === undefined ? this.rev(`refs/heads/${branch}`) : (options.parent ?? undefined);
    this.clock += 60;
    const stream = fastImportCommit({
      ref: `refs/heads/${branch}`,
      message: options.message ?? `change ${Object.keys(files).join(', ')}`,
      time: this.clock,
      from: parent,
      deleteAll: options.replace === true || parent === undefined,
      files: Object.entries(files),
    });
    this.importStream(Buffer.concat(stream));
    return this.rev(`refs/heads/${branch}`)!;
  }

  /** Runs `git fast-import` on a whole stream (many commits at once, for big fixtures). */
  importStream(stream: Buffer): void {
    this.git(['fast-import', '--quiet', '--force', '--done'], Buffer.concat([stream, Buffer.from('done\n')]));
  }

  /** Creates or moves a branch (moving it to a non-descendant is what a force-push does). */
  branch(name: string, revision: string): void {
    this.git(['update-ref', `refs/heads/${name}`, this.rev(revision) ?? revision]);
  }

  /** Creates or moves a tag: annotated when a message is given, lightweight otherwise. */
  tag(name: string, revision: string, options: { message?: string } = {}): string {
    if (options.message === undefined) this.git(['tag', '--force', name, revision]);
    else this.git(['tag', '--force', '--annotate', '--message', options.message, name, revision]);
    return this.git(['rev-parse', `refs/tags/${name}`]);
  }

  /** Deletes `refs/heads/<name>` (or any full ref name given as `refs/...`). */
  deleteRef(name: string): void {
    this.git(['update-ref', '-d', name.startsWith('refs/') ? name : `refs/heads/${name}`]);
  }

  /** Points HEAD (the default branch clients see) at a branch. */
  setHead(branch: string): void {
    this.git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  /** Stores a blob and returns its id. */
  blob(content: string | Uint8Array): string {
    return this.git(['hash-object', '-w', '--stdin'], content);
  }

  /**
   * Stores a blob of `size` zero bytes without holding it in memory: `git hash-object` reads
   * a sparse file. The loose object it writes is small, since zeros compress well.
   */
  sparseBlob(size: number): string {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-blob-'));
    try {
      const file = path.join(scratch, 'big');
      writeFileSync(file, '');
      truncateSync(file, size);
      return this.git(['-c', 'core.looseCompression=1', 'hash-object', '-w', file]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /**
   * Stores a tree object built byte by byte, without the checks `git mktree` or
   * `update-index` make, so a test can serve entries named `..` or `a/b`.
   */
  rawTree(entries: readonly { mode: string; name: string; oid: string }[]): string {
    const body = Buffer.concat(
      entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.oid, 'hex')])),
    );
    return this.git(['hash-object', '-t', 'tree', '-w', '--literally', '--stdin'], body);
  }

  /** Commits a tree object on `branch` (parent: the branch tip) and returns the commit SHA. */
  commitTree(tree: string, options: { branch?: string; message?: string } = {}): string {
    const branch = options.branch ?? 'main';
    const parent = this.rev(`refs/heads/${branch}`);
    const args = ['commit-tree', tree, '-m', options.message ?? 'hand-made tree'];
    if (parent) args.push('-p', parent);
    const sha = this.git(args);
    this.git(['update-ref', `refs/heads/${branch}`, sha]);
    return sha;
  }

  /** Repacks everything into one pack with deltas (what a server's `git gc` leaves). */
  gc(): void {
    this.git(['gc', '--quiet', '--aggressive', '--prune=now']);
  }
}

/** A bare repository in a fresh temporary folder, not served: for `file://` and path tests. */
export function createLocalRepo(options: { defaultBranch?: string } = {}): { repo: GitTestRepo; cleanup(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ferry-local-repo-'));
  const env = gitEnvironment(root);
  const dir = path.join(root, 'repo.git');
  runGit(env, root, ['init', '--quiet', '--bare', `--initial-branch=${options.defaultBranch ?? 'main'}`, dir]);
  return { repo: new GitTestRepo(dir, dir, env), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
