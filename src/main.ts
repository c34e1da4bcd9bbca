/**
 * Process entry: wires the real implementations (compose.ts) into the CLI and runs it.
 * Returns the exit code instead of exiting, so tests can call it in-process.
 */
import { runCli } from './cli/index.ts';
import { composeCliDeps } from './compose.ts';

export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, composeCliDeps());
}
