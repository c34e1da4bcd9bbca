import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { FerryError, messageOf } from '../../core/index.ts';

/**
 * The KubeConfig of a pod's own cluster: the API server the kubelet announces
 * (KUBERNETES_SERVICE_HOST and _PORT, given here as a URL by the config layer), verified with
 * the service account's CA, authenticated with its token. The shapes are client-node's
 * `loadFromCluster()` ones, in particular the `tokenFile` auth provider, which re-reads the
 * token every minute: projected service account tokens are rotated by the kubelet (hourly), so
 * a token read once at start would expire under a long-running Ferry.
 *
 * Unlike `loadFromCluster()`, the directory is a parameter (the default one is
 * /var/run/secrets/kubernetes.io/serviceaccount), and missing pieces fail here, at start, with
 * the file named, instead of as a TLS or 401 error at the first request.
 */
export interface InClusterOptions {
  /** `https://10.96.0.1:443`. */
  readonly server: string;
  /** Holds `token`, `ca.crt` and (optionally) `namespace`. */
  readonly serviceAccountDir: string;
}

export const IN_CLUSTER_CONTEXT = 'inClusterContext';

function requireReadable(file: string, what: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : messageOf(error);
    throw new FerryError('CLUSTER_CONFIG_INVALID', `in-cluster service account: cannot read the ${what} ${file}: ${why} (is a service account token mounted?)`, {
      httpStatus: 400,
    });
  }
}

export function inClusterKubeConfig(options: InClusterOptions): KubeConfig {
  const tokenFile = path.join(options.serviceAccountDir, 'token');
  const caFile = path.join(options.serviceAccountDir, 'ca.crt');
  requireReadable(tokenFile, 'token');
  requireReadable(caFile, 'CA certificate');
  if (readFileSync(tokenFile, 'utf8').trim() === '') {
    throw new FerryError('CLUSTER_CONFIG_INVALID', `in-cluster service account: the token ${tokenFile} is empty`, { httpStatus: 400 });
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(path.join(options.serviceAccountDir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    // The namespace file is optional: it only sets the context's default namespace.
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'inCluster', server: options.server, caFile, skipTLSVerify: false }],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [{ name: IN_CLUSTER_CONTEXT, cluster: 'inCluster', user: 'inClusterUser', ...(namespace && { namespace }) }],
    currentContext: IN_CLUSTER_CONTEXT,
  });
  return kubeConfig;
}
