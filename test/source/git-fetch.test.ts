/**
 * The cache of a remote repository: incremental fetches, the one-request no-change check,
 * coalescing, and what force-pushes, deleted branches and moved tags do.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readText } from '../../src/core/index.ts';
import { cacheDirName, createGitSource } from '../../src/source/git/index.ts';
import { normaliseRepoURL, type GitSource } from '../../src/source/index.ts';
import type { GitTestRepo } from '../support/git-repo.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { caught } from './caught.ts';

let server: GitServer;
let scratch: string;

beforeAll(async () => {
  server = await startGitServer();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-git-fetch-'));
});

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function freshSource(): { source: GitSource; cacheDir: string } {
  counter += 1;
  const cacheDir = path.join(scratch, `cache-${counter}`);
  return { source: createGitSource({ cacheDir, timeoutMs: 10_000 }), cacheDir };
}

/** Files in ten folders, each a kilobyte of hex that neither compresses nor deltifies. */
function manyFiles(count: number, salt: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    let text = '';
    for (let line = 0; line < 16; line++) text += `${createHash('sha256').update(`${salt}/${i}/${line}`).digest('hex')}\n`;
    files[`app/dir-${i % 10}/file-${i}.yaml`] = text;
  }
  return files;
}

describe('incremental fetches', () => {
  let repo: GitTestRepo;
  beforeEach(() => {
    counter += 1;
    repo = server.createRepo(`incremental-${counter}`);
    repo.commit(manyFiles(300, 'base'));
  });

  it('fetches only the new objects after a new commit, into the same cache', async () => {
    const { source, cacheDir } = freshSource();
    server.resetRequests();
    await source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    const firstPack = server.bytes({ kind: 'upload-pack' });
    expect(server.count({ kind: 'upload-pack' })).toBe(1);
    const [cache] = readdirSync(cacheDir);
    const cachePath = path.join(cacheDir, cache as string);
    const created = statSync(cachePath).birthtimeMs;

    const next = repo.commit({ 'app/dir-7/file-7.yaml': 'changed' });
    server.resetRequests();
    const snapshot = await source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    expect(snapshot.commit.sha).toBe(next);
    expect(readText(snapshot.tree, 'app/dir-7/file-7.yaml')).toBe('changed');
    expect(snapshot.tree.files()).toHaveLength(300);
    // One listing, one upload-pack request, a small pack.
    expect(server.count({ kind: 'info-refs' })).toBe(1);
    expect(server.count({ kind: 'upload-pack' })).toBe(1);
    expect(firstPack).toBeGreaterThan(150_000);
    expect(server.bytes({ kind: 'upload-pack' })).toBeLessThan(firstPack / 20);
    // Never a re-clone: the same cache folder, now holding two packs.
    expect(readdirSync(cacheDir)).toEqual([cache]);
    expect(statSync(cachePath).birthtimeMs).toBe(created);
    expect(readdirSync(path.join(cachePath, 'objects', 'pack')).filter((f) => f.endsWith('.pack'))).toHaveLength(2);
    // The cache is a repository git itself reads: packs, indexes and refs are sound.
    execFileSync('git', ['--git-dir', cachePath, 'fsck', '--strict', '--no-dangling'], { stdio: 'pipe' });
    expect(execFileSync('git', ['--git-dir', cachePath, 'rev-parse', 'refs/remotes/origin/main']).toString().trim()).toBe(next);
  });

  it('checks for changes with one refs request and no pack download', async () => {
    const { source } = freshSource();
    const head = await source.resolveRevision(repo.url, 'main');
    server.resetRequests();
    expect(await source.resolveRevision(repo.url, 'main')).toBe(head);
    await source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    expect(server.requests.map((r) => r.kind)).toEqual(['info-refs', 'info-refs']);
    // A full SHA already cached needs no request at all.
    server.resetRequests();
    expect(await source.resolveRevision(repo.url, head)).toBe(head);
    expect(server.count()).toBe(0);
  });

  it('coalesces concurrent checkouts of one repository into one listing and one fetch', async () => {
    const { source } = freshSource();
    server.resetRequests();
    const snapshots = await Promise.all(
      Array.from({ length: 8 }, () => source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' })),
    );
    expect(new Set(snapshots.map((s) => s.commit.sha)).size).toBe(1);
    expect(server.count({ kind: 'upload-pack' })).toBe(1);
    expect(server.count({ kind: 'info-refs' })).toBe(1);
  });

  it('shares one cache between spellings of one URL', async () => {
    const { source, cacheDir } = freshSource();
    await source.resolveRevision(repo.url, 'main');
    server.resetRequests();
    await source.resolveRevision(`${repo.url}/`, 'main');
    await source.resolveRevision(repo.url.replace(/\.git$/, ''), 'main');
    expect(server.count({ kind: 'upload-pack' })).toBe(0);
    expect(readdirSync(cacheDir)).toEqual([cacheDirName(normaliseRepoURL(repo.url))]);
  });

  it('fetches a commit that only a non-default branch reaches, asked for by SHA', async () => {
    const side = repo.commit({ 'side.yaml': 'side' }, { branch: 'side' });
    const { source } = freshSource();
    expect(await source.resolveRevision(repo.url, side)).toBe(side);
    expect(await source.resolveRevision(repo.url, side.slice(0, 9))).toBe(side);
  });
});

describe('refs that move or vanish', () => {
  let repo: GitTestRepo;
  let source: GitSource;
  beforeEach(() => {
    counter += 1;
    repo = server.createRepo(`moving-${counter}`);
    ({ source } = freshSource());
  });

  it('follows a force-pushed branch to its new commit', async () => {
    const base = repo.commit({ 'app/a.yaml': 'base' });
    const old = repo.commit({ 'app/a.yaml': 'old' });
    expect(await source.resolveRevision(repo.url, 'main')).toBe(old);
    const rewritten = repo.commit({ 'app/a.yaml': 'rewritten' }, { parent: base });
    const snapshot = await source.checkout({ repoURL: repo.url, targetRevision: 'main', path: 'app' });
    expect(snapshot.commit.sha).toBe(rewritten);
    expect(readText(snapshot.tree, 'app/a.yaml')).toBe('rewritten');
    // Forced back to a commit the cache already holds: no download.
    repo.branch('main', old);
    server.resetRequests();
    expect(await source.resolveRevision(repo.url, 'main')).toBe(old);
    expect(server.count({ kind: 'upload-pack' })).toBe(0);
  });

  it('refuses a deleted branch although the cache still holds its commits', async () => {
    repo.commit({ 'a.yaml': 'a' });
    const gone = repo.commit({ 'b.yaml': 'b' }, { branch: 'short-lived' });
    expect(await source.resolveRevision(repo.url, 'short-lived')).toBe(gone);
    repo.deleteRef('short-lived');
    server.resetRequests();
    const error = await caught(source.resolveRevision(repo.url, 'short-lived'));
    expect(error.code).toBe('SOURCE_REVISION_NOT_FOUND');
    expect(error.message).toBe(`revision short-lived not found in ${repo.url}: no branch or tag named short-lived`);
    expect(server.count({ kind: 'upload-pack' })).toBe(0);
  });

  it('follows a tag moved to another commit, lightweight or annotated', async () => {
    const one = repo.commit({ 'a.yaml': '1' });
    repo.tag('stable', one);
    repo.tag('release', one, { message: 'release one' });
    expect(await source.resolveRevision(repo.url, 'stable')).toBe(one);
    expect(await source.resolveRevision(repo.url, 'release')).toBe(one);
    const two = repo.commit({ 'a.yaml': '2' });
    repo.tag('stable', two);
    repo.tag('release', two, { message: 'release two' });
    expect(await source.resolveRevision(repo.url, 'stable')).toBe(two);
    expect(await source.resolveRevision(repo.url, 'release')).toBe(two);
    repo.deleteRef('refs/tags/stable');
    expect((await caught(source.resolveRevision(repo.url, 'stable'))).code).toBe('SOURCE_REVISION_NOT_FOUND');
  });
});
