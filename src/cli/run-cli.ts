import { Command, CommanderError } from 'commander';
import { isFerryError, messageOf } from '../core/index.ts';
import { registerRenderCommand } from './commands/render.ts';
import { registerKustomizeCommand } from './commands/kustomize.ts';
import { registerClusterCommand } from './commands/cluster.ts';
import { registerTemplateCommand } from './commands/template.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerLoginCommands } from './commands/login.ts';
import { registerAppCommand } from './commands/app.ts';
import { registerTokenCommand } from './commands/token.ts';
import type { CliDeps } from './deps.ts';
import { CliExit } from './exit.ts';

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
  // Each command lives in commands/<name>.ts and registers itself here, one line each.
  registerRenderCommand(program, deps);
  registerKustomizeCommand(program, deps);
  registerClusterCommand(program, deps);
  registerServeCommands(program, deps);
  registerLoginCommands(program, deps);
  registerAppCommand(program, deps);
  registerTokenCommand(program, deps);
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
    if (error instanceof CliExit) {
      if (error.reason !== undefined) deps.io.writeErr(`ferry: ${oneLineMessage(error.reason)}\n`);
      return error.exitCode;
    }
    const prefix = isFerryError(error) ? '' : 'internal error: ';
    deps.io.writeErr(`ferry: ${prefix}${oneLineMessage(messageOf(error))}\n`);
    return isFerryError(error) && error.httpStatus < 500 ? 2 : 1;
  }
}

/** A message is one line by contract; this keeps the promise for errors from libraries. */
function oneLineMessage(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ');
}
