/**
 * `bin/ferry.js` as a real process, started by the system's `node` (older than 24 on most
 * machines): it must hand over to the project's Node 24, and failures must come out as one
 * line on stderr with a non-zero exit code and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

const cache = mkdtempSync(path.join(os.tmpdir(), 'ferry-bin-test-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function ferry(args: string[]) {
  const child = spawnSync(systemNode(), [path.join(repoRoot, 'bin', 'ferry.js'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: cache, XDG_CACHE_HOME: cache },
    timeout: 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('bin/ferry.js', () => {
  it('runs on Node 24 when started by the system node', () => {
    const version = spawnSync(systemNode(), ['--version'], { encoding: 'utf8' }).stdout.trim();
    const run = ferry(['render', '--help']);
    expect(run.code, `${version}: ${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('--kube-version');
  });

  it.each([
    [['render', '--zzzzzz'], "ferry: unknown option '--zzzzzz'\n"],
    [['render', '--revision', 'main'], 'ferry: --revision needs --repo\n'],
    [['render', '--set', 'novalue'], 'ferry: --set expects KEY=VALUE, got "novalue"\n'],
  ])('fails on %j with one line, exit code 2, no stack', (args, stderr) => {
    const run = ferry(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr });
  });
});
