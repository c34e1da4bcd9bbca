/**
 * `bin/ferry.js` as a real process, started by the system's `node` (older than 24 on most
 * machines): it must hand over to the project's Node 24, read its settings from the
 * environment, and report failures as one line on stderr with a non-zero exit code and no
 * stack trace.
 */
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { repoRoot } from '../support/oracles.ts';

/** The first `node` on PATH outside node_modules: what a user's shell would run. */
function systemNode(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue;
    const candidate = path.join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  // No Node outside the project: the project's own still exercises bin/ferry.js.
  return process.execPath;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-bin-test-'));
const cache = path.join(scratch, 'cache');
let server: GitServer;
let sha: string;

beforeAll(async () => {
  server = await startGitServer();
  const repo = server.createRepo('x');
  sha = repo.commit({ 'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-git\n' });
  server.protect('x', { username: 'ferry', password: 'pw' });

  mkdirSync(path.join(scratch, 'broken'));
  writeFileSync(path.join(scratch, 'broken', 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n');
});

afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the command asynchronously: the Git server answering it lives in this process. */
function ferry(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      systemNode(),
      [path.join(repoRoot, 'bin', 'ferry.js'), ...args],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: scratch, XDG_CACHE_HOME: cache, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('bin/ferry.js', () => {
  it('runs on Node 24 when started by the system node, and renders the example application', async () => {
    const version = spawnSync(systemNode(), ['--version'], { encoding: 'utf8' }).stdout.trim();
    const run = await ferry(['render', 'examples/guestbook']);
    expect(run.code, `${version}: ${run.stderr}`).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.match(/^kind: \w+$/gm)).toEqual(['kind: ConfigMap', 'kind: Deployment', 'kind: Service']);
  });

  it('renders a repository with credentials from the environment, the commit on stderr, the cache under XDG_CACHE_HOME', async () => {
    const run = await ferry(['render', '--repo', server.repoURL('x'), '--revision', 'main', '--path', 'app', '-o', 'json'], {
      FERRY_GIT_USERNAME: 'ferry',
      FERRY_GIT_PASSWORD: 'pw',
    });
    expect(run.stderr).toBe(`${sha}\n`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-git' } }]);
    expect(existsSync(path.join(cache, 'ferry', 'git'))).toBe(true);
  });

  // The other bad inputs are covered in-process (render.test.ts, render-local.test.ts): one
  // process start costs seconds on a busy machine.
  it('fails on malformed YAML with one line, exit code 2, no stack', async () => {
    const run = await ferry(['render', path.join(scratch, 'broken')]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ferry: x.yaml:5:7: malformed YAML: bad indentation of a mapping entry\n' });
  });
});
