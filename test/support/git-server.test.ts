/**
 * The test Git server itself, driven by the git CLI: clone and fetch (upload-pack), push
 * (receive-pack), per-repository basic auth, and the request counts tests rely on.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitEnvironment } from './git-repo.ts';
import { startBlackholeServer, startGitServer, type GitServer } from './git-server.ts';

const run = promisify(execFile);
let server: GitServer;
let scratch: string;
let env: NodeJS.ProcessEnv;

// The server runs in this process: the git CLI must be called asynchronously.
const git = (args: string[], cwd = scratch) => run('git', args, { cwd, env }).then((r) => r.stdout.trim());

beforeAll(async () => {
  server = await startGitServer();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-git-server-test-'));
  env = gitEnvironment(scratch);
});

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('startGitServer', () => {
  it('serves clones and counts refs requests apart from pack downloads', async () => {
    const repo = server.createRepo('team/apps');
    const sha = repo.commit({ 'a.yaml': 'a' });
    server.resetRequests();
    await git(['-c', 'protocol.version=0', 'clone', '--quiet', '--bare', repo.url, 'clone.git']);
    expect(server.requests.map((r) => [r.repo, r.kind, r.status])).toEqual([
      ['team/apps', 'info-refs', 200],
      ['team/apps', 'upload-pack', 200],
    ]);
    expect(server.bytes({ kind: 'upload-pack' })).toBeGreaterThan(100);
    expect(await git(['--git-dir', 'clone.git', 'rev-parse', 'main'])).toBe(sha);
  });

  it('takes pushes, and pushed commits are served', async () => {
    const repo = server.createRepo('pushed');
    repo.commit({ 'a.yaml': 'a' });
    const work = path.join(scratch, 'work');
    await git(['clone', '--quiet', repo.url, work]);
    writeFileSync(path.join(work, 'b.yaml'), 'b');
    await git(['add', 'b.yaml'], work);
    await git(['commit', '--quiet', '-m', 'pushed over HTTP'], work);
    server.resetRequests();
    await git(['push', '--quiet', 'origin', 'HEAD:main'], work);
    expect(server.count({ kind: 'receive-pack' })).toBe(1);
    expect(repo.rev('main')).toBe(await git(['rev-parse', 'HEAD'], work));
  });

  it('protects a repository with basic auth', async () => {
    const repo = server.createRepo('locked');
    const sha = repo.commit({ 'a.yaml': 'a' });
    server.protect('locked', { username: 'u', password: 'p' });
    await expect(git(['-c', 'credential.helper=', 'ls-remote', repo.url])).rejects.toThrow(/Authentication failed|could not read Username/);
    expect(server.requests.at(-1)?.status).toBe(401);
    expect(await git(['ls-remote', repo.url.replace('http://', 'http://u:p@'), 'refs/heads/main'])).toBe(`${sha}\trefs/heads/main`);
  });

  it('answers 404 for a repository that does not exist', async () => {
    await expect(git(['ls-remote', server.repoURL('nope')])).rejects.toThrow();
    expect(server.requests.at(-1)).toMatchObject({ repo: 'nope', kind: 'info-refs', status: 404 });
  });
});

describe('startBlackholeServer', () => {
  it('accepts a connection and never answers', async () => {
    const blackhole = await startBlackholeServer();
    const controller = new AbortController();
    const request = fetch(blackhole.url, { signal: controller.signal });
    while (blackhole.connections() === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(request).rejects.toThrow();
    await blackhole.close();
  });
});
