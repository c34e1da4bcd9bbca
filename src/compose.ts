/**
 * The composition root: the one place that picks implementations (which cluster, which
 * store, which logger) and hands them to the CLI and the server.
 */
import type { CliDeps } from './cli/index.ts';

export function composeCliDeps(): CliDeps {
  return {
    io: {
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
    },
  };
}
