import { Command, CommanderError } from 'commander';
import { isFerryError, messageOf } from '../core/index.ts';
import type { CliDeps } from './deps.ts';

const START_PLAN = `ferry start: the Ferry server is not built yet. When it is, this command will
  1. start the embedded Kubernetes cluster (3 nodes) with its data in ./.ferry,
  2. create a demo Git repository there from examples/ and register a demo Application,
  3. serve the API and web UI on http://127.0.0.1:8080 and print the admin token,
  4. print the kubeconfig path, so kubectl works against the embedded cluster.
Today, try: ferry render examples/guestbook
`;

function buildProgram(deps: CliDeps): Command {
  const program = new Command('ferry')
    .description('GitOps continuous delivery for Kubernetes')
    .exitOverride()
    .configureOutput({ writeOut: (s) => deps.io.writeOut(s), writeErr: (s) => deps.io.writeErr(s) });
  program
    .command('start')
    .description('run Ferry on the embedded cluster with a demo application')
    .action(() => deps.io.writeOut(START_PLAN));
  return program;
}

/** Runs the CLI and returns the process exit code; never throws for bad input. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const prefix = isFerryError(error) ? '' : 'internal error: ';
    deps.io.writeErr(`ferry: ${prefix}${messageOf(error)}\n`);
    return isFerryError(error) && error.httpStatus < 500 ? 2 : 1;
  }
}
