/**
 * What a commit's tree may hold and how the snapshot treats it: symlinks inside and outside
 * the repository, entries named `..`, submodules, very large files; and local repositories
 * read in place (a path or a file:// URL).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText } from '../../src/core/index.ts';
import { createGitSource } from '../../src/source/git/index.ts';
import type { GitSource } from '../../src/source/index.ts';
import { createLocalRepo, type GitTestRepo } from '../support/git-repo.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { caught } from './caught.ts';

let server: GitServer;
let scratch: string;
let cacheDir: string;
let source: GitSource;

beforeAll(async () => {
  server = await startGitServer();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-git-trees-'));
  cacheDir = path.join(scratch, 'cache');
  source = createGitSource({ cacheDir, timeoutMs: 10_000 });
});

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('symlinks', () => {
  let repo: GitTestRepo;
  beforeAll(() => {
    repo = server.createRepo('links');
    repo.commit({
      'common/values.yaml': 'replicas: 3',
      'common/base/cm.yaml': 'kind: ConfigMap',
      'app/deploy.yaml': 'kind: Deployment',
      'app/values.yaml': { symlink: '../common/values.yaml' },
      'app/base': { symlink: '../common/base' },
      'escape-rel/passwd': { symlink: '../../etc/passwd' },
      'escape-abs/passwd': { symlink: '/etc/passwd' },
      'escape-abs/ok.yaml': 'ok',
      'loop/self': { symlink: '.' },
    });
  });

  it('follows links to files and folders inside the repository', async () => {
    const snapshot = await source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    expect(snapshot.tree.files().filter((f) => f.startsWith('app/'))).toEqual([
      'app/base/cm.yaml',
      'app/deploy.yaml',
      'app/values.yaml',
    ]);
    expect(readText(snapshot.tree, 'app/values.yaml')).toBe('replicas: 3');
    expect(readText(snapshot.tree, 'app/base/cm.yaml')).toBe('kind: ConfigMap');
  });

  it.each([
    ['escape-rel', 'symlink escape-rel/passwd -> ../../etc/passwd in repository URL at SHORT points outside it; only relative links to files inside it are allowed'],
    ['escape-abs', 'symlink escape-abs/passwd -> /etc/passwd in repository URL at SHORT is absolute; only relative links to files inside it are allowed'],
  ])('refuses a checkout of %s, whose link leaves the repository', async (folder, message) => {
    const error = await caught(source.checkout({ repoURL: repo.url, targetRevision: 'main', path: folder }));
    expect(error.code).toBe('SOURCE_SYMLINK_ESCAPE');
    expect(error.message).toBe(message.replace('URL', repo.url).replace('SHORT', (repo.rev('main') as string).slice(0, 8)));
  });

  it('refuses a link looping back to its folder', async () => {
    const error = await caught(source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'loop' }));
    expect(error.code).toBe('SOURCE_SYMLINK_LOOP');
    expect(error.message).toContain('symlink loop/self in repository');
  });

  it('leaves links elsewhere in the repository to fail when read', async () => {
    const snapshot = await source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    expect(snapshot.tree.hasFile('escape-abs/passwd')).toBe(true);
    expect((await caught(() => snapshot.tree.read('escape-abs/passwd'))).code).toBe('SOURCE_SYMLINK_ESCAPE');
    expect((await caught(() => snapshot.tree.read('escape-rel/passwd'))).code).toBe('SOURCE_SYMLINK_ESCAPE');
    expect((await caught(() => snapshot.tree.size('escape-rel/passwd'))).code).toBe('SOURCE_SYMLINK_ESCAPE');
  });
});

describe('hand-made trees', () => {
  let repo: GitTestRepo;
  beforeAll(() => {
    repo = server.createRepo('crafted');
    repo.commit({ 'app/a.yaml': 'a' });
  });

  it.each([
    ['..', 'the root folder has an entry named ".."'],
    ['.', 'the root folder has an entry named "."'],
    ['a/b', 'the root folder has an entry named "a/b"'],
  ])('refuses a tree with an entry named %j', async (name, message) => {
    const blob = repo.blob('evil');
    const app = repo.git(['rev-parse', 'main:app']);
    const tree = repo.rawTree([
      { mode: '100644', name, oid: blob },
      { mode: '40000', name: 'app', oid: app },
    ]);
    const branch = `crafted-${Buffer.from(name).toString('hex')}`;
    repo.commitTree(tree, { branch });
    const error = await caught(source.checkout({ repoURL: repo.url, targetRevision: branch, path: 'app' }));
    expect(error.code).toBe('SOURCE_INVALID_ENTRY');
    expect(error.message).toContain(message);
    expect(error.message).toContain(repo.url);
  });

  it('refuses a `..` entry hidden in a sub-folder', async () => {
    const blob = repo.blob('evil');
    const inner = repo.rawTree([{ mode: '100644', name: '..', oid: blob }]);
    const tree = repo.rawTree([{ mode: '40000', name: 'app', oid: inner }]);
    repo.commitTree(tree, { branch: 'nested-dotdot' });
    const error = await caught(source.checkout({ repoURL: repo.url, targetRevision: 'nested-dotdot', path: '' }));
    expect(error.code).toBe('SOURCE_INVALID_ENTRY');
    expect(error.message).toContain('folder app has an entry named ".."');
  });

  it('skips submodules and keeps executables', async () => {
    const sha = repo.commit(
      { 'app/vendor': { gitlink: '1'.repeat(40) }, 'app/run.sh': { executable: '#!/bin/sh\n' } },
      { branch: 'with-submodule', parent: repo.rev('main') ?? null },
    );
    const snapshot = await source.checkout({ repoURL: repo.url, targetRevision: 'with-submodule', path: 'app' });
    expect(snapshot.commit.sha).toBe(sha);
    expect(snapshot.tree.files()).toEqual(['app/a.yaml', 'app/run.sh']);
    expect(readText(snapshot.tree, 'app/run.sh')).toBe('#!/bin/sh\n');
  });
});

describe('large files', () => {
  it('tells the size of a 100 MB file without loading it, and refuses to read it', async () => {
    const local = createLocalRepo();
    try {
      const blob = local.repo.sparseBlob(100 * 1024 * 1024);
      local.repo.commit({ 'app/deploy.yaml': 'kind: Deployment', 'app/huge.yaml': { blob } });
      const snapshot = await source.checkout({ repoURL: local.repo.dir, targetRevision: 'main', path: 'app' });
      const before = process.memoryUsage().arrayBuffers;
      expect(snapshot.tree.size('app/huge.yaml')).toBe(104_857_600);
      const error = await caught(() => snapshot.tree.read('app/huge.yaml'));
      expect(error.code).toBe('SOURCE_FILE_TOO_LARGE');
      expect(error.message).toBe(
        `file app/huge.yaml in repository ${local.repo.dir} at ${snapshot.commit.sha.slice(0, 8)} is 104857600 bytes (100 MiB), over the limit of 16777216 bytes (16 MiB)`,
      );
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(10 * 1024 * 1024);
      expect(readText(snapshot.tree, 'app/deploy.yaml')).toBe('kind: Deployment');
    } finally {
      local.cleanup();
    }
  });

  it('applies the limit to files fetched over HTTP, and a raised limit reads them', async () => {
    const repo = server.createRepo('big');
    const blob = repo.sparseBlob(17 * 1024 * 1024);
    repo.commit({ 'app/big.bin': { blob } });
    const snapshot = await source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    expect(snapshot.tree.size('app/big.bin')).toBe(17 * 1024 * 1024);
    expect((await caught(() => snapshot.tree.read('app/big.bin'))).code).toBe('SOURCE_FILE_TOO_LARGE');
    const roomy = createGitSource({ cacheDir, maxFileBytes: 32 * 1024 * 1024 });
    const again = await roomy.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    const bytes = again.tree.read('app/big.bin');
    expect(bytes.length).toBe(17 * 1024 * 1024);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });
});

describe('local repositories, read in place', () => {
  let local: ReturnType<typeof createLocalRepo>;
  let work: string;
  const sha: Record<string, string> = {};
  beforeAll(() => {
    local = createLocalRepo();
    sha.one = local.repo.commit({ 'app/a.yaml': 'one', 'app/link.yaml': { symlink: 'a.yaml' } });
    local.repo.tag('v1', sha.one, { message: 'v1' });
    sha.two = local.repo.commit({ 'app/a.yaml': 'two' });
    sha.side = local.repo.commit({ 'app/a.yaml': 'side' }, { branch: 'side', parent: sha.one });
    local.repo.gc();
    // A work tree clone of it (with its own .git folder and remote-tracking refs).
    work = path.join(scratch, 'work');
    execFileSync('git', ['clone', '--quiet', local.repo.dir, work]);
  });
  afterAll(() => local?.cleanup());

  it.each([
    ['main', 'two'],
    ['HEAD', 'two'],
    ['v1', 'one'],
    ['side', 'side'],
  ])('resolves %s in a bare repository given as a path', async (revision, expected) => {
    expect(await source.resolveRevision(local.repo.dir, revision)).toBe(sha[expected]);
  });

  it('resolves SHAs and reads files of a file:// URL', async () => {
    const url = pathToFileURL(local.repo.dir).href;
    expect(await source.resolveRevision(url, (sha.one as string).slice(0, 8))).toBe(sha.one);
    const snapshot = await source.checkout({ repoURL: url, targetRevision: sha.one as string, path: 'app' });
    expect(readText(snapshot.tree, 'app/a.yaml')).toBe('one');
    expect(readText(snapshot.tree, 'app/link.yaml')).toBe('one');
  });

  it('reads a work tree clone through its .git folder, committed content only', async () => {
    expect(await source.resolveRevision(work, 'HEAD')).toBe(sha.two);
    expect(await source.resolveRevision(work, 'origin/side')).toBe(sha.side);
    const snapshot = await source.checkout({ repoURL: `${work}/`, targetRevision: 'main', path: 'app' });
    expect(readText(snapshot.tree, 'app/a.yaml')).toBe('two');
  });

  it('creates no cache for local repositories', async () => {
    const fresh = path.join(scratch, 'untouched-cache');
    await createGitSource({ cacheDir: fresh }).resolveRevision(local.repo.dir, 'main');
    expect(existsSync(fresh)).toBe(false);
  });

  it.each([
    ['a missing folder', () => path.join(scratch, 'nope'), 'SOURCE_REPO_NOT_FOUND', 'no such directory'],
    ['a folder that is no repository', () => scratch, 'SOURCE_REPO_NOT_FOUND', 'not a Git repository'],
  ])('refuses %s', async (_name, where, code, message) => {
    const error = await caught(source.resolveRevision(where(), 'main'));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('refuses an unknown revision, naming it and the repository', async () => {
    const error = await caught(source.resolveRevision(local.repo.dir, 'nope'));
    expect(error.code).toBe('SOURCE_REVISION_NOT_FOUND');
    expect(error.message).toBe(`revision nope not found in ${local.repo.dir}: no branch or tag of that name`);
  });

  it('keeps only one remote cache folder per URL in the cache directory', () => {
    expect(readdirSync(cacheDir).every((name) => !name.startsWith('.creating-'))).toBe(true);
  });
});
