/**
 * `ferry cluster serve`: runs the embedded Kubernetes cluster (API server and controllers) in
 * the foreground until interrupted, and prints the `export KUBECONFIG=…` line that points
 * kubectl at it. The data directory keeps the cluster between runs.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { FerryError } from '../../core/index.ts';
import type { CliDeps, ClusterServeRequest } from '../deps.ts';

interface ServeFlags {
  readonly nodes: string;
  readonly data: string;
  readonly port: string;
  readonly host: string;
  readonly tls?: boolean;
  readonly nodeCpu: string;
  readonly nodeMemory: string;
  readonly nodePods: string;
}

function usage(message: string): FerryError {
  return new FerryError('CLI_USAGE', message, { httpStatus: 400 });
}

function integerFlag(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw usage(`--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function quantityFlag(flag: string, value: string): string {
  if (!/^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(value)) {
    throw usage(`--${flag} must be a Kubernetes quantity such as 4, 500m, 8Gi; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The request the flags describe (exported for tests). */
export function serveRequestOf(flags: ServeFlags, cwd: string): ClusterServeRequest {
  if (flags.host.trim() === '') throw usage('--host must not be empty');
  return {
    dataDir: path.resolve(cwd, flags.data),
    host: flags.host,
    port: integerFlag('port', flags.port, 0, 65535),
    tls: flags.tls === true,
    nodes: {
      count: integerFlag('nodes', flags.nodes, 0, 5000),
      cpu: quantityFlag('node-cpu', flags.nodeCpu),
      memory: quantityFlag('node-memory', flags.nodeMemory),
      pods: String(integerFlag('node-pods', flags.nodePods, 1, 1000)),
    },
  };
}

async function serve(flags: ServeFlags, deps: CliDeps): Promise<void> {
  const request = serveRequestOf(flags, deps.io.cwd);
  if (!deps.serveCluster || !deps.waitForShutdown) {
    throw new FerryError('CLUSTER_UNAVAILABLE', 'the embedded cluster is not available in this build', { httpStatus: 501 });
  }
  const running = await deps.serveCluster(request);
  const plural = request.nodes.count === 1 ? 'node' : 'nodes';
  deps.io.writeOut(`Embedded cluster serving at ${running.url} (${request.nodes.count} ${plural}, data in ${request.dataDir})\n`);
  deps.io.writeOut(`export KUBECONFIG=${running.kubeconfigPath}\n`);
  await deps.waitForShutdown();
  await running.close();
  deps.io.writeOut('Embedded cluster stopped\n');
}

export function registerClusterCommand(program: Command, deps: CliDeps): void {
  const cluster = program.command('cluster').description('the embedded Kubernetes cluster');
  cluster
    .command('serve')
    .description('run the embedded cluster until interrupted and write a kubeconfig for it')
    .option('--nodes <N>', 'how many nodes the cluster has', '3')
    .option('--data <DIR>', 'data directory (kept between runs)', '.ferry/cluster')
    .option('--port <P>', 'API server port (0: any free port)', '6443')
    .option('--host <ADDRESS>', 'address to listen on; any non-loopback address serves HTTPS with a token', '127.0.0.1')
    .option('--tls', 'serve HTTPS with a token even on loopback')
    .option('--node-cpu <CPU>', 'CPU capacity of each node', '4')
    .option('--node-memory <MEMORY>', 'memory capacity of each node', '8Gi')
    .option('--node-pods <N>', 'pod capacity of each node', '110')
    .action((flags: ServeFlags) => serve(flags, deps));
}
