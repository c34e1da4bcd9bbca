/**
 * The composition root: the one place that picks implementations (which cluster, which
 * store, which logger) and hands them to the CLI and the server.
 */
import os from 'node:os';
import type { CliDeps } from './cli/index.ts';
import { readCliEnvironment, type CliEnvironment } from './config/index.ts';
import { FerryError, systemClock } from './core/index.ts';

export function composeCliDeps(): CliDeps {
  // Read lazily: a bad variable fails only the commands that need it, as a one-line error.
  let environment: CliEnvironment | undefined;
  const settings = () => (environment ??= readCliEnvironment(process.env, os.homedir()));
  return {
    io: {
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
    },
    openGitSource: () => {
      settings();
      throw new FerryError('SOURCE_UNAVAILABLE', 'Git repositories (--repo) are not available yet', { httpStatus: 501 });
    },
    openLocalTree: () => {
      throw new FerryError('SOURCE_UNAVAILABLE', 'local directories are not available yet', { httpStatus: 501 });
    },
    gitCredentials: () => settings().gitCredentials,
    serveCluster: async (request) => {
      // Loaded on demand: the other commands never pay for the embedded cluster.
      const { serveEmbeddedCluster } = await import('./cluster/sim/index.ts');
      return serveEmbeddedCluster({
        clock: systemClock,
        dataDir: request.dataDir,
        host: request.host,
        port: request.port,
        tls: request.tls,
        nodes: { count: request.nodes.count, cpu: request.nodes.cpu, memory: request.nodes.memory, pods: request.nodes.pods },
      });
    },
    waitForShutdown: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}
