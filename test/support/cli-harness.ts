/**
 * Runs the `ferry` CLI in-process with captured output, for CLI tests: `runFerry(argv, deps)`
 * gives the exit code, stdout and stderr. Missing deps refuse clearly, so a test supplies only
 * what its command uses.
 */
import type { CliDeps } from '../../src/cli/index.ts';
import { runCli } from '../../src/cli/index.ts';

export interface FerryRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runFerry(argv: readonly string[], deps: Partial<Omit<CliDeps, 'io'>> & { cwd?: string } = {}): Promise<FerryRun> {
  let stdout = '';
  let stderr = '';
  const missing = (name: string) => () => {
    throw new Error(`the test gave no ${name}`);
  };
  const { cwd: _cwd, ...given } = deps;
  const code = await runCli(argv, {
    // Whatever else the test gives (connectApi, sleep...) passes through as is.
    ...given,
    io: {
      writeOut: (text) => {
        stdout += text;
      },
      writeErr: (text) => {
        stderr += text;
      },
      cwd: deps.cwd ?? '/work',
    },
    openGitSource: deps.openGitSource ?? missing('openGitSource'),
    openLocalTree: deps.openLocalTree ?? missing('openLocalTree'),
    gitCredentials: deps.gitCredentials ?? (() => undefined),
    ...(deps.serveCluster ? { serveCluster: deps.serveCluster } : {}),
    ...(deps.waitForShutdown ? { waitForShutdown: deps.waitForShutdown } : {}),
  });
  return { code, stdout, stderr };
}
