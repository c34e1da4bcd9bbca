/**
 * Drives the real kubectl (the oracle from install-oracles.sh) against an embedded cluster
 * served in this process on loopback. kubectl runs as a child process without blocking the
 * event loop (the API server answers it from this same process).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/core/index.ts';
import { EmbeddedCluster, type ControllerMode } from '../../src/cluster/sim/index.ts';
import { kubectlPath } from './oracles.ts';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlCluster {
  readonly cluster: EmbeddedCluster;
  readonly url: string;
  readonly dir: string;
  /** Runs kubectl with the cluster's kubeconfig; `stdin` is piped in. */
  kubectl(args: readonly string[], options?: { stdin?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Writes a file in the test's temporary directory and returns its path. */
  file(name: string, content: string): string;
  close(): Promise<void>;
}

export function runKubectl(args: readonly string[], env: NodeJS.ProcessEnv, options: { stdin?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      kubectlPath(),
      [...args],
      { env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    else child.stdin?.end();
  });
}

export async function startKubectlCluster(options: { controllers?: ControllerMode; historyLimit?: number } = {}): Promise<KubectlCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferry-kubectl-'));
  const cluster = new EmbeddedCluster({
    clock: systemClock,
    controllers: options.controllers ?? 'running',
    ...(options.historyLimit ? { historyLimit: options.historyLimit } : {}),
  });
  const { url } = await cluster.serve();
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: ferry, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]
users: [{name: ferry, user: {}}]
contexts: [{name: ferry, context: {cluster: ferry, user: ferry, namespace: default}}]
current-context: ferry
`,
  );
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(dir, 'cache') };
  return {
    cluster,
    url,
    dir,
    kubectl: (args, runOptions) => runKubectl(args, env, runOptions),
    file: (name, content) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    close: async () => {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
