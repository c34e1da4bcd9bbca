import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FerryError, messageOf, silentLogger, type Clock, type Logger } from '../../core/index.ts';
import type { NodeConfig } from './controllers/index.ts';
import { EmbeddedCluster, type ControllerMode } from './embedded-cluster.ts';
import { createSelfSignedCertificate } from './tls/self-signed.ts';

/**
 * `ferry cluster serve`: the embedded cluster on a port, with its data, TLS material, token and
 * a kubeconfig in one data directory, so a restart on the same directory resumes the cluster
 * and the kubeconfig written before keeps working.
 *
 * On a loopback address the API is plain HTTP without authentication: kubectl (client-go)
 * never sends a bearer token over plain HTTP, and nothing off the machine can connect. On any
 * other address (or with `tls`) it is HTTPS with a generated certificate and a bearer token.
 */
export interface ServeClusterOptions {
  readonly dataDir: string;
  readonly host?: string;
  readonly port?: number;
  /** Serve HTTPS with a token even on loopback. */
  readonly tls?: boolean;
  readonly nodes?: NodeConfig;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly controllers?: ControllerMode;
  /** Where to write the kubeconfig (default `<dataDir>/kubeconfig`). */
  readonly kubeconfigPath?: string;
}

export interface ServedCluster {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly kubeconfig: string;
  /** The bearer token (HTTPS only). */
  readonly token: string | undefined;
  readonly cluster: EmbeddedCluster;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

function readOrCreate(file: string, create: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const value = create();
  writeFileSync(file, value, { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

function kubeconfigText(server: string, tls: { cert: string } | undefined, token: string | undefined): string {
  const cluster = tls
    ? `    certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}\n`
    : // client-node refuses plain HTTP unless TLS verification is off (there is none to skip).
      '    insecure-skip-tls-verify: true\n';
  const user = token ? `    token: ${token}\n` : '    {}\n';
  return `apiVersion: v1
kind: Config
clusters:
- name: ferry
  cluster:
    server: ${server}
${cluster}users:
- name: ferry-admin
  user:
${user}contexts:
- name: ferry
  context:
    cluster: ferry
    user: ferry-admin
    namespace: default
current-context: ferry
preferences: {}
`;
}

export async function serveEmbeddedCluster(options: ServeClusterOptions): Promise<ServedCluster> {
  const host = options.host ?? '127.0.0.1';
  const useTls = options.tls === true || !isLoopbackHost(host);
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (error) {
    throw new FerryError('CLUSTER_DATA_DIR', `cluster data directory ${options.dataDir}: ${messageOf(error)}`, { httpStatus: 400 });
  }
  let tls: { key: string; cert: string } | undefined;
  let token: string | undefined;
  if (useTls) {
    const connectHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const certFile = path.join(options.dataDir, 'tls.crt');
    const keyFile = path.join(options.dataDir, 'tls.key');
    if (!existsSync(certFile) || !existsSync(keyFile)) {
      const generated = createSelfSignedCertificate({ notBefore: new Date(options.clock.now().getTime() - 3_600_000), hosts: [connectHost] });
      writeFileSync(keyFile, generated.key, { mode: 0o600 });
      writeFileSync(certFile, generated.cert);
    }
    tls = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    token = readOrCreate(path.join(options.dataDir, 'token'), () => randomBytes(24).toString('base64url')).trim();
  }
  const cluster = new EmbeddedCluster({
    clock: options.clock,
    dataDir: options.dataDir,
    logger: options.logger ?? silentLogger,
    controllers: options.controllers ?? 'running',
    ...(options.nodes ? { nodes: options.nodes } : {}),
  });
  let url: string;
  try {
    ({ url } = await cluster.serve({ host, ...(options.port !== undefined ? { port: options.port } : {}), ...(tls ? { tls, token } : {}) }));
  } catch (error) {
    await cluster.close();
    throw new FerryError('CLUSTER_LISTEN_FAILED', `cluster API server on ${host}:${options.port ?? 0}: ${messageOf(error)}`, { httpStatus: 400 });
  }
  const server = url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//127.0.0.1:');
  const kubeconfig = kubeconfigText(server, tls, token);
  const kubeconfigPath = options.kubeconfigPath ?? path.join(options.dataDir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  return { url: server, kubeconfigPath, kubeconfig, token, cluster, close: () => cluster.close() };
}
