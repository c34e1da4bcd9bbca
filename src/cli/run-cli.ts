import { Command, CommanderError } from 'commander';
import { isFerryError, messageOf } from '../core/index.ts';
import { registerRenderCommand } from './commands/render.ts';
import { registerKustomizeCommand } from './commands/kustomize.ts';
import { registerClusterCommand } from './commands/cluster.ts';
import { registerTemplateCommand } from './commands/template.ts';
import type { CliDeps } from './deps.ts';

const START_PLAN = `ferry start: the Ferry server is not built yet. When it is, this command will
  1. start the embedded Kubernetes cluster (3 nodes) with its data in ./.ferry,
  2. create a demo Git repository there from examples/ and register a demo Application,
  3. serve the API and web UI on http://127.0.0.1:8080 and print the admin token,
  4. print the kubeconfig path, so kubectl works against the embedded cluster.
Today, try: ferry render examples/guestbook
`;

/** Commander's own errors ("error: unknown option '--x'\n(Did you mean ...?)") as one line. */
function oneLine(text: string): string {
  return `ferry: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`;
}

function buildProgram(deps: CliDeps): Command {
  const program = new Command('ferry')
    .description('GitOps continuous delivery for Kubernetes')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.io.writeOut(s),
      writeErr: (s) => deps.io.writeErr(s),
      outputError: (s, write) => write(oneLine(s)),
    });
  program
    .command('start')
    .description('run Ferry on the embedded cluster with a demo application')
    .action(() => deps.io.writeOut(START_PLAN));
  // Each command lives in commands/<name>.ts and registers itself here, one line each.
  registerRenderCommand(program, deps);
  registerKustomizeCommand(program, deps);
  registerClusterCommand(program, deps);
  registerTemplateCommand(program, deps);
  return program;
}

/** Runs the CLI and returns the process exit code; never throws for bad input. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Help and version exit 0; commander's usage errors exit 2, like ours.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const prefix = isFerryError(error) ? '' : 'internal error: ';
    deps.io.writeErr(`ferry: ${prefix}${oneLineMessage(messageOf(error))}\n`);
    return isFerryError(error) && error.httpStatus < 500 ? 2 : 1;
  }
}

/** A message is one line by contract; this keeps the promise for errors from libraries. */
function oneLineMessage(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ');
}
