/**
 * The composition root: the one place that picks implementations (which cluster, which
 * store, which logger) and hands them to the CLI and the server.
 */
import os from 'node:os';
import type { CliDeps } from './cli/index.ts';
import { readCliEnvironment, type CliEnvironment } from './config/index.ts';
import { systemClock } from './core/index.ts';
import type { GitSource } from './source/index.ts';
import { createGitSource } from './source/git/index.ts';
import { createLocalFileTree } from './source/local/index.ts';

export function composeCliDeps(): CliDeps {
  // Read lazily: a bad variable fails only the commands that need it, as a one-line error.
  let environment: CliEnvironment | undefined;
  const settings = () => (environment ??= readCliEnvironment(process.env, os.homedir()));
  let gitSource: GitSource | undefined;
  return {
    io: {
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
    },
    openGitSource: () => (gitSource ??= createGitSource({ cacheDir: settings().gitCacheDir })),
    openLocalTree: (directory) => createLocalFileTree(directory),
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
