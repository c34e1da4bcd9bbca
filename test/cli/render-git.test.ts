/**
 * `ferry render --repo` against a real Git server (`git http-backend` on loopback) through the
 * real Git source, in-process: the objects on stdout, the commit on stderr, and each bad
 * source a one-line error with a non-zero exit code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitSource } from '../../src/source/git/index.ts';
import type { GitSource, RepoCredentials } from '../../src/source/index.ts';
import { runFerry } from '../support/cli-harness.ts';
import { closedPort, startGitServer, type GitServer } from '../support/git-server.ts';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

let server: GitServer;
let cacheDir: string;
let source: GitSource;
let mainSha: string;
let tagSha: string;

beforeAll(async () => {
  server = await startGitServer();
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'ferry-render-git-'));
  source = createGitSource({ cacheDir, timeoutMs: 10_000 });
  const repo = server.createRepo('x');
  tagSha = repo.commit({ 'app/a.yaml': cm('a-v1'), 'other/c.yaml': cm('c') });
  repo.tag('v1', tagSha);
  mainSha = repo.commit({ 'app/a.yaml': cm('a'), 'app/b.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }) });
  repo.commit({ 'broken/x.yaml': `${cm('x')}data:\n  k: [1,\n`, 'huge/a.yaml': { blob: repo.sparseBlob(100 * 1024 * 1024) } }, { branch: 'bad' });
  const secret = server.createRepo('private');
  secret.commit({ 'app/s.yaml': cm('secret') });
  server.protect('private', { username: 'ferry', password: 'right' });
});

afterAll(async () => {
  await server?.close();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

function render(argv: string[], credentials?: RepoCredentials) {
  return runFerry(['render', ...argv], { openGitSource: () => source, gitCredentials: () => credentials });
}

describe('ferry render --repo (git http-backend)', () => {
  it('prints the objects of --path at --revision as JSON, and the commit on stderr', async () => {
    const run = await render(['--repo', server.repoURL('x'), '--revision', 'main', '--path', 'app', '-o', 'json']);
    expect(run.stderr).toBe(`${mainSha}\n`);
    expect(run.code).toBe(0);
    const objects = JSON.parse(run.stdout) as { kind: string; metadata: { name: string } }[];
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['ConfigMap/a', 'Service/b']);
  });

  it('renders a tag, and HEAD by default', async () => {
    const tagged = await render(['--repo', server.repoURL('x'), '--revision', 'v1', '--path', 'app']);
    expect(tagged).toMatchObject({ code: 0, stderr: `${tagSha}\n` });
    expect(tagged.stdout).toContain('name: a-v1');
    const head = await render(['--repo', server.repoURL('x'), '--path', 'app']);
    expect(head).toMatchObject({ code: 0, stderr: `${mainSha}\n` });
  });

  it('reads a protected repository with the right credentials', async () => {
    const run = await render(['--repo', server.repoURL('private'), '--path', 'app'], { username: 'ferry', password: 'right' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('name: secret');
  });
});

describe('ferry render --repo: bad sources', () => {
  async function expectOneLineFailure(argv: string[], pattern: RegExp, credentials?: RepoCredentials) {
    const run = await render(argv, credentials);
    expect(run.stdout).toBe('');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^ferry: [^\n]+\n$/);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    return run;
  }

  it('an unknown revision', async () => {
    await expectOneLineFailure(['--repo', server.repoURL('x'), '--revision', 'no-such-branch'], /no-such-branch/);
  });

  it('an unknown commit SHA', async () => {
    await expectOneLineFailure(['--repo', server.repoURL('x'), '--revision', 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef'], /deadbeef/);
  });

  it('a --path that is not in the repository', async () => {
    await expectOneLineFailure(['--repo', server.repoURL('x'), '--revision', 'main', '--path', 'nowhere'], /nowhere/);
  });

  it('an unreachable repository', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/x.git`;
    await expectOneLineFailure(['--repo', url], /127\.0\.0\.1/);
  });

  it('a repository that does not exist on the server', async () => {
    await expectOneLineFailure(['--repo', server.repoURL('missing')], /missing/);
  });

  it('wrong credentials, and none, pointing at the variables to set', async () => {
    const hint = /\(ferry render reads FERRY_GIT_USERNAME and FERRY_GIT_PASSWORD, or FERRY_GIT_TOKEN\)\n$/;
    await expectOneLineFailure(['--repo', server.repoURL('private')], hint);
    const run = await expectOneLineFailure(['--repo', server.repoURL('private')], hint, { username: 'ferry', password: 'wrong' });
    expect(run.stderr).toContain('private.git');
    expect(run.stderr).not.toContain('wrong');
  });

  it('malformed YAML in the repository, naming file and line', async () => {
    const run = await expectOneLineFailure(['--repo', server.repoURL('x'), '--revision', 'bad', '--path', 'broken'], /malformed YAML/);
    expect(run.stderr).toBe('ferry: broken/x.yaml:7:1: malformed YAML: unexpected end of the stream within a flow collection\n');
  });

  it('a 100 MB file in the repository, refused without reading it', async () => {
    const run = await expectOneLineFailure(['--repo', server.repoURL('x'), '--revision', 'bad', '--path', 'huge'], /100 MiB/);
    expect(run.stderr).toBe('ferry: huge/a.yaml is 100 MiB, larger than the 10 MiB a manifest file may have\n');
  });
});
