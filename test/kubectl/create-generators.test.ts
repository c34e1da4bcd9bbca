/**
 * `kubectl create <generator>` sends protobuf: for every generator, the object the server
 * decodes (seen through `--dry-run=server -o json`, so defaulted too) must hold every field of
 * the object kubectl builds (`--dry-run=client -o json`), and a real create must succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubectlCluster, type KubectlCluster } from '../support/kubectl.ts';

let k: KubectlCluster;

beforeAll(async () => {
  k = await startKubectlCluster({ controllers: 'off' });
});

afterAll(async () => {
  await k?.close();
});

/** Paths where `sent` and `stored` disagree (`stored` may have more: the server's defaults). */
function differences(sent: unknown, stored: unknown, path = ''): string[] {
  if (sent === null || typeof sent !== 'object') return Object.is(sent, stored) ? [] : [`${path}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`];
  if (stored === null || typeof stored !== 'object') return [`${path}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`];
  if (Array.isArray(sent)) {
    if (!Array.isArray(stored) || stored.length !== sent.length) return [`${path}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`];
    return sent.flatMap((item, i) => differences(item, stored[i], `${path}[${i}]`));
  }
  return Object.entries(sent as Record<string, unknown>).flatMap(([key, value]) =>
    differences(value, (stored as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`),
  );
}

const GENERATORS: [string, string[]][] = [
  ['namespace', ['namespace', 'team-a']],
  ['configmap', ['configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3']],
  ['secret generic', ['secret', 'generic', 'creds', '--from-literal=user=admin', '--from-literal=password=s3cret']],
  ['secret docker-registry', ['secret', 'docker-registry', 'pull', '--docker-server=registry.example', '--docker-username=u', '--docker-password=p']],
  ['serviceaccount', ['serviceaccount', 'robot']],
  ['service clusterip', ['service', 'clusterip', 'web', '--tcp=80:8080', '--tcp=443:8443']],
  ['service nodeport', ['service', 'nodeport', 'edge', '--tcp=8080:80', '--node-port=30080']],
  ['service loadbalancer', ['service', 'loadbalancer', 'lb', '--tcp=80:80']],
  ['service externalname', ['service', 'externalname', 'ext', '--external-name=example.com']],
  ['deployment', ['deployment', 'web', '--image=nginx:1.27', '--port=80', '--replicas=3']],
  ['job', ['job', 'once', '--image=busybox:1.36', '--', 'echo', 'hello']],
  ['cronjob', ['cronjob', 'nightly', '--image=busybox:1.36', '--schedule=0 3 * * *', '--restart=OnFailure', '--', 'date']],
  ['role', ['role', 'reader', '--verb=get,list,watch', '--resource=pods,deployments.apps', '--resource-name=one']],
  ['rolebinding', ['rolebinding', 'read', '--role=reader', '--user=alice', '--group=devs', '--serviceaccount=default:robot']],
  ['clusterrole', ['clusterrole', 'logs', '--verb=get', '--non-resource-url=/logs/*']],
  ['clusterrolebinding', ['clusterrolebinding', 'logs', '--clusterrole=logs', '--user=bob']],
  ['priorityclass', ['priorityclass', 'high', '--value=1000', '--description=important', '--preemption-policy=Never']],
  ['poddisruptionbudget', ['poddisruptionbudget', 'web', '--selector=app=web', '--min-available=50%']],
  ['quota', ['quota', 'small', '--hard=cpu=1,memory=1Gi,pods=2', '--scopes=BestEffort']],
  ['ingress', ['ingress', 'site', '--class=nginx', '--rule=foo.com/bar*=svc:8080,tls=my-cert', '--default-backend=fallback:80']],
];

describe('kubectl create <generator> (protobuf request bodies)', () => {
  it.each(GENERATORS)('%s: the server reads every field kubectl sends', async (_name, all) => {
    // Flags go before `--`: what follows it is the container's command.
    const dash = all.indexOf('--');
    const withFlags = (...flags: string[]) => (dash < 0 ? [...all, ...flags] : [...all.slice(0, dash), ...flags, ...all.slice(dash)]);
    const args = withFlags();
    const client = await k.kubectl(['create', ...withFlags('--dry-run=client', '-o', 'json')]);
    expect(client.code).toBe(0);
    const server = await k.kubectl(['create', ...withFlags('--dry-run=server', '-o', 'json')]);
    expect(server.stderr).toBe('');
    const sent = JSON.parse(client.stdout) as Record<string, unknown>;
    const stored = JSON.parse(server.stdout) as Record<string, unknown>;
    expect(differences(sent, stored)).toEqual([]);
    const created = await k.kubectl(['create', ...args]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/ created\n$/);
  });

  it('refuses a protobuf body it cannot read with 415, naming the way out', async () => {
    const response = await fetch(`${k.url}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
      // k8s\0 + Unknown{typeMeta{apiVersion v1, kind Pod}, raw {}}
      body: new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x09, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x03, 0x50, 0x6f, 0x64, 0x12, 0x00]),
    });
    expect(response.status).toBe(415);
    const status = (await response.json()) as { reason: string; message: string };
    expect(status.reason).toBe('UnsupportedMediaType');
    expect(status.message).toContain("the embedded cluster reads protobuf for kubectl's generator kinds only, not Pod v1; send JSON");
  });

  it('refuses a truncated protobuf body with 400', async () => {
    const response = await fetch(`${k.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
      body: new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x40, 0x0a]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^the protobuf body of the request could not be decoded: truncated field 1/);
  });
});
