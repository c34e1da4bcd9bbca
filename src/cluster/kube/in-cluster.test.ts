/**
 * The in-cluster KubeConfig against the embedded cluster's HTTPS API server: a fake service
 * account folder (the server's generated certificate as ca.crt, its bearer token as token)
 * plays the pod, so TLS verification with the CA file and the token are both real.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.ts';
import { createSelfSignedCertificate, serveEmbeddedCluster, type ServedCluster } from '../sim/index.ts';
import { inClusterKubeConfig } from './in-cluster.ts';
import { KubeCluster } from './kube-cluster.ts';

let scratch: string;
let served: ServedCluster;

/** A service account folder: the real CA and token unless replaced. */
function serviceAccount(name: string, files: { token?: string | null; ca?: string | null; namespace?: string } = {}): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  if (files.token !== null) writeFileSync(path.join(dir, 'token'), files.token ?? `${served.token}\n`);
  if (files.ca !== null) {
    if (files.ca === undefined) cpSync(path.join(scratch, 'cluster', 'tls.crt'), path.join(dir, 'ca.crt'));
    else writeFileSync(path.join(dir, 'ca.crt'), files.ca);
  }
  if (files.namespace !== undefined) writeFileSync(path.join(dir, 'namespace'), files.namespace);
  return dir;
}

function clientFor(dir: string): KubeCluster {
  return new KubeCluster({ kubeConfig: inClusterKubeConfig({ server: served.url, serviceAccountDir: dir }) });
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ferry-in-cluster-'));
  served = await serveEmbeddedCluster({ dataDir: path.join(scratch, 'cluster'), tls: true, clock: systemClock, controllers: 'off' });
});

afterAll(async () => {
  await served.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('inClusterKubeConfig', () => {
  it('reaches the API server over verified HTTPS with the service account token', async () => {
    expect(served.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const dir = serviceAccount('good', { namespace: 'ferry\n' });
    const kubeConfig = inClusterKubeConfig({ server: served.url, serviceAccountDir: dir });
    expect(kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace).toBe('ferry');
    const client = new KubeCluster({ kubeConfig });
    expect((await client.version()).major).toBe('1');
    const list = await client.list({ apiVersion: 'v1', kind: 'Namespace' });
    expect(list.items.map((item) => item.metadata.name)).toContain('default');
  });

  it('refuses a server whose certificate the CA file did not sign', async () => {
    const other = createSelfSignedCertificate({ notBefore: new Date(systemClock.now().getTime() - 3_600_000) });
    const client = clientFor(serviceAccount('wrong-ca', { ca: other.cert }));
    await expect(client.version()).rejects.toMatchObject({
      code: 'CLUSTER_UNREACHABLE',
      message: expect.stringMatching(/^GET https:\/\/127\.0\.0\.1:\d+\/version: fetch failed: self-signed certificate.* \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/),
    });
  });

  it('is refused by the server with a token that is not the service account one', async () => {
    const client = clientFor(serviceAccount('wrong-token', { token: 'not-the-token' }));
    await expect(client.list({ apiVersion: 'v1', kind: 'Namespace' })).rejects.toMatchObject({ httpStatus: 401 });
  });

  it.each([
    ['no token', { token: null }, /cannot read the token .*no-token\/token: no such file/],
    ['no CA certificate', { ca: null }, /cannot read the CA certificate .*no-ca-certificate\/ca\.crt: no such file/],
    ['an empty token', { token: '\n' }, /the token .*an-empty-token\/token is empty/],
  ])('fails at start, naming the file, with %s', (name, files, message) => {
    const dir = serviceAccount(name.replaceAll(' ', '-').toLowerCase(), files);
    expect(() => inClusterKubeConfig({ server: served.url, serviceAccountDir: dir })).toThrow(expect.objectContaining({ code: 'CLUSTER_CONFIG_INVALID', message: expect.stringMatching(message) }));
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable token (skipped as root, which reads any file)', () => {
    const dir = serviceAccount('unreadable');
    chmodSync(path.join(dir, 'token'), 0o000);
    expect(() => inClusterKubeConfig({ server: served.url, serviceAccountDir: dir })).toThrow(/permission denied/);
  });
});
