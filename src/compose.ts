/**
 * The composition root: the one place that picks implementations (which cluster, which
 * store, which logger) and hands them to the CLI and the server.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, type CliDeps, type CliIO } from './cli/index.ts';
import { clientConfigPath, readClientConfig, readCliEnvironment, resolveClientConfig, type CliEnvironment } from './config/index.ts';
import { FerryError, messageOf, systemClock } from './core/index.ts';
import type { GitSource } from './source/index.ts';
import { createGitSource } from './source/git/index.ts';
import { createLocalFileTree } from './source/local/index.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function projectVersion(): string {
  try {
    return String((JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** The first SIGINT or SIGTERM; later ones are absorbed, so a second Ctrl-C cannot cut a graceful stop short. */
export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: string) => {
      if (received) return;
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function readTextFile(file: string, cwd: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FerryError('CLI_FILE_UNREADABLE', `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : messageOf(error)}`, { httpStatus: 400 });
  }
}

export function composeCliDeps(): CliDeps {
  // Read lazily: a bad variable fails only the commands that need it, as a one-line error.
  let environment: CliEnvironment | undefined;
  const settings = () => (environment ??= readCliEnvironment(process.env, os.homedir()));
  let gitSource: GitSource | undefined;
  const io: CliIO = {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
  return {
    io,
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
    waitForShutdown: () => waitForSignal().then(() => undefined),
    version: projectVersion(),
    connectApi: (flags) => {
      const stored = readClientConfig(clientConfigPath(process.env, os.homedir()));
      const resolved = resolveClientConfig({ env: process.env, ...(stored && { stored }), ...flags });
      return new ApiClient({ ...resolved, fetch: globalThis.fetch });
    },
    saveLogin: (login) => {
      const file = clientConfigPath(process.env, os.homedir());
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify({ server: login.server, token: login.token }, null, 2)}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      return file;
    },
    readTextFile: (file) => readTextFile(file, io.cwd),
    // The server, the engine and the Kubernetes client load only for the commands that use them.
    runServer: async (request) => (await import('./compose-server.ts')).runServer(request, io),
    createLocalToken: async (request) => (await import('./compose-server.ts')).createLocalToken(request),
    sleep: (ms) => systemClock.sleep(ms),
  };
}
