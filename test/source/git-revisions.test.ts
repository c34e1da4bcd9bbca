/**
 * Revisions of a remote repository served by `git http-backend`: branches, lightweight and
 * annotated tags, full and short SHAs, HEAD, and the errors for what does not exist.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText } from '../../src/core/index.ts';
import { createGitSource } from '../../src/source/git/index.ts';
import type { GitSource } from '../../src/source/index.ts';
import type { GitTestRepo } from '../support/git-repo.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { caught } from './caught.ts';

let server: GitServer;
let repo: GitTestRepo;
let cacheDir: string;
let source: GitSource;
const sha: Record<string, string> = {};

beforeAll(async () => {
  server = await startGitServer();
  repo = server.createRepo('team/apps');
  sha.first = repo.commit({ 'app/deploy.yaml': 'replicas: 1', 'README.md': 'apps' }, { message: 'first\n\nwith a body' });
  sha.second = repo.commit({ 'app/deploy.yaml': 'replicas: 2', 'app/svc.yaml': 'kind: Service' }, { message: 'second' });
  sha.feature = repo.commit({ 'app/feature.yaml': 'on: true' }, { branch: 'feature', parent: sha.first, message: 'feature' });
  repo.tag('light', sha.first);
  repo.tag('v1.0.0', sha.second, { message: 'release 1.0.0' });
  // A tag and a branch of one name: git resolves the tag.
  repo.branch('both', sha.first);
  repo.tag('both', sha.second);
  // A branch whose name looks like an abbreviated SHA.
  repo.branch('cafe', sha.feature);
  // A tag of a tree, not a commit.
  repo.git(['tag', 'tree-tag', `${sha.second}^{tree}`]);
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'ferry-git-revisions-'));
  source = createGitSource({ cacheDir, timeoutMs: 10_000 });
});

afterAll(async () => {
  await server?.close();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

describe('resolving revisions of a remote repository', () => {
  it.each([
    ['main', 'second'],
    ['feature', 'feature'],
    ['refs/heads/feature', 'feature'],
    ['heads/feature', 'feature'],
    ['light', 'first'],
    ['v1.0.0', 'second'],
    ['refs/tags/v1.0.0', 'second'],
    ['both', 'second'],
    ['cafe', 'feature'],
    ['HEAD', 'second'],
    ['', 'second'],
  ])('resolves %j to the %s commit', async (revision, expected) => {
    expect(await source.resolveRevision(repo.url, revision)).toBe(sha[expected]);
  });

  it('resolves full and abbreviated SHAs, in any case', async () => {
    expect(await source.resolveRevision(repo.url, sha.feature as string)).toBe(sha.feature);
    expect(await source.resolveRevision(repo.url, (sha.first as string).slice(0, 7))).toBe(sha.first);
    expect(await source.resolveRevision(repo.url, (sha.second as string).slice(0, 10).toUpperCase())).toBe(sha.second);
  });

  it('follows the default branch the server advertises', async () => {
    const other = server.createRepo('trunk-first', { defaultBranch: 'trunk' });
    const trunk = other.commit({ 'a.yaml': 'a' }, { branch: 'trunk' });
    other.commit({ 'a.yaml': 'b' }, { branch: 'main' });
    expect(await source.resolveRevision(other.url, 'HEAD')).toBe(trunk);
  });

  it('returns the commit and the whole repository at that commit', async () => {
    const snapshot = await source.checkout({ repoURL: repo.url, targetRevision: 'v1.0.0', path: 'app' });
    expect(snapshot.commit).toEqual({
      sha: sha.second,
      message: 'second',
      author: { name: 'Ferry Test', email: 'test@ferry.invalid' },
      date: '2026-01-01T00:02:00+00:00',
    });
    expect(snapshot.tree.files()).toEqual(['README.md', 'app/deploy.yaml', 'app/svc.yaml']);
    expect(readText(snapshot.tree, 'app/deploy.yaml')).toBe('replicas: 2');
    expect(snapshot.tree.size('app/svc.yaml')).toBe(13);
    const first = await source.checkout({ repoURL: repo.url, targetRevision: 'light', path: './app/' });
    expect(first.commit.message).toBe('first\n\nwith a body');
    expect(first.tree.files()).toEqual(['README.md', 'app/deploy.yaml']);
    // The listing of a commit is built once.
    const again = await source.checkout({ repoURL: repo.url, targetRevision: sha.first as string, path: '' });
    expect(again.tree).toBe(first.tree);
  });
});

describe('revisions and paths that do not exist', () => {
  it.each([
    ['no-such-branch', 'revision no-such-branch not found in REPO: no branch or tag named no-such-branch'],
    ['0123456789abcdef0123456789abcdef01234567', 'revision 0123456789abcdef0123456789abcdef01234567 not found in REPO: no such commit on any branch or tag'],
    ['abcdef12', 'revision abcdef12 not found in REPO: no such commit on any branch or tag'],
    ['tree-tag', 'revision tree-tag not found in REPO: it names a tree, not a commit'],
  ])('refuses %j, naming revision and repository', async (revision, message) => {
    const error = await caught(source.resolveRevision(repo.url, revision));
    expect(error.code).toBe('SOURCE_REVISION_NOT_FOUND');
    expect(error.httpStatus).toBe(404);
    expect(error.message).toBe(message.replace('REPO', repo.url));
  });

  it('refuses a malformed revision before asking the server', async () => {
    server.resetRequests();
    const error = await caught(source.resolveRevision(repo.url, 'main..feature'));
    expect(error.code).toBe('SOURCE_REVISION_INVALID');
    expect(server.count()).toBe(0);
  });

  it.each([
    ['missing', 'SOURCE_PATH_NOT_FOUND', 'path missing in repository REPO at main (SHORT) does not exist'],
    ['app/deploy.yaml', 'SOURCE_PATH_NOT_FOUND', 'path app/deploy.yaml in repository REPO at main (SHORT) is a file, not a directory'],
    ['../outside', 'SOURCE_PATH_INVALID', 'path ../outside leads outside repository REPO'],
  ])('refuses the path %j', async (folder, code, message) => {
    const error = await caught(source.checkout({ repoURL: repo.url, targetRevision: 'main', path: folder }));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message.replace('REPO', repo.url).replace('SHORT', (sha.second as string).slice(0, 8)));
  });

  it('tells a repository that does not exist', async () => {
    const error = await caught(source.resolveRevision(server.repoURL('nope'), 'main'));
    expect(error.code).toBe('SOURCE_REPO_NOT_FOUND');
    expect(error.message).toBe(`repository ${server.repoURL('nope')} not found (HTTP 404 from ${new URL(server.url).host})`);
  });

  it('tells an empty repository', async () => {
    const empty = server.createRepo('empty');
    const error = await caught(source.resolveRevision(empty.url, 'HEAD'));
    expect(error.code).toBe('SOURCE_REVISION_NOT_FOUND');
    expect(error.message).toContain('the repository is empty');
  });
});
