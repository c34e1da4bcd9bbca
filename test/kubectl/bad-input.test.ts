/**
 * Bad input, each case its own test: the API server answers a proper Status with the right
 * code, reason and message (checked on the wire and, where kubectl can send it, as kubectl
 * prints it), and keeps serving afterwards.
 */
import { request as httpsRequest } from 'node:https';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../src/cluster/sim/index.ts';
import { EmbeddedCluster } from '../../src/cluster/sim/index.ts';
import { systemClock } from '../../src/core/index.ts';
import { runKubectl, startKubectlCluster, type KubectlCluster } from '../support/kubectl.ts';

let k: KubectlCluster;
const HISTORY = 50;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON read loosely by the assertions
type Loose = any;

interface Answer {
  readonly status: number;
  readonly body: Record<string, Loose>;
  readonly text: string;
}

async function call(method: string, url: string, body?: string | Buffer, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(k.url + url, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'Content-Type': contentType } } : {}),
  });
  const text = await response.text();
  let parsed: Record<string, Loose> = {};
  try {
    parsed = JSON.parse(text) as Record<string, Loose>;
  } catch {
    parsed = {};
  }
  return { status: response.status, body: parsed, text };
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
}

beforeAll(async () => {
  // No controllers: a deleted namespace stays Terminating, which one case needs.
  k = await startKubectlCluster({ controllers: 'off', historyLimit: HISTORY });
  const created = await call('POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bad' } }));
  expect(created.status).toBe(201);
});

afterEach(async () => {
  // Whatever a case sent, the server is still up.
  expect((await call('GET', '/version')).status).toBe(200);
});

afterAll(async () => {
  await k?.close();
});

const CM = '/api/v1/namespaces/bad/configmaps';

describe('names', () => {
  it('refuses an object with no name (422 Invalid)', async () => {
    const answer = await call('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      ...status(422, 'Invalid', 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required'),
      details: { kind: 'ConfigMap', causes: [{ reason: 'FieldValueRequired', field: 'metadata.name' }] },
    });
  });

  it('refuses a name that is not a DNS-1123 subdomain (422 Invalid), as kubectl prints it', async () => {
    const run = await k.kubectl(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Not_Valid, namespace: bad}\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'The ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n',
    );
  });

  it('refuses an invalid spec with every field error (422 Invalid), as kubectl prints it', async () => {
    const run = await k.kubectl(['create', '-f', '-'], {
      stdin: `apiVersion: apps/v1
kind: Deployment
metadata: {name: invalid, namespace: bad}
spec:
  replicas: -1
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: b}}
    spec: {containers: [{name: web, image: "nginx:1.25"}]}
`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'The Deployment "invalid" is invalid: \n' +
        '* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' +
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`\n',
    );
  });

  it('refuses a Service name that is not a DNS-1035 label', async () => {
    const answer = await call('POST', '/api/v1/namespaces/bad/services', JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } }));
    expect(answer.status).toBe(422);
    expect(answer.body.message).toContain('Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters');
  });
});

describe('kinds and versions', () => {
  it('answers an unknown kind with 404 NotFound', async () => {
    const answer = await call('POST', '/apis/example.com/v1/namespaces/bad/widgets', JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }));
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(status(404, 'NotFound', 'the server could not find the requested resource'));
    const run = await k.kubectl(['apply', '-f', '-'], { stdin: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: bad}\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no matches for kind "Widget" in version "example.com/v1"');
  });

  it('answers an unknown version of a known group with 404 NotFound', async () => {
    const answer = await call('GET', '/apis/apps/v2/namespaces/bad/deployments');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(status(404, 'NotFound', 'the server could not find the requested resource'));
  });

  it('refuses a body whose kind does not belong to the URL (400 BadRequest)', async () => {
    const answer = await call('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }));
    expect(answer.status).toBe(400);
    expect(answer.body.reason).toBe('BadRequest');
    expect(answer.body.message).toContain('Secret in version "v1" cannot be handled as a ConfigMap');
  });
});

describe('bodies', () => {
  it('refuses unknown fields under strict validation (400 BadRequest), as kubectl prints it', async () => {
    const run = await k.kubectl(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: strict, namespace: bad}\ndatta: {a: b}\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"\n');
    const warned = await call('POST', `${CM}?fieldValidation=Warn`, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'warned' }, datta: {} }));
    expect(warned.status).toBe(201);
    expect(warned.body.datta).toBeUndefined();
  });

  it('refuses a body over 3 MiB (413 RequestEntityTooLarge)', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(3 * 1024 * 1024) } });
    const answer = await call('POST', CM, big);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual(status(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
  });

  it('refuses malformed JSON (400 BadRequest)', async () => {
    const answer = await call('POST', CM, '{"apiVersion": "v1", "kind": ');
    expect(answer.status).toBe(400);
    expect(answer.body.reason).toBe('BadRequest');
    expect(answer.body.message).toMatch(/^couldn't get version\/kind; json parse error: /);
  });

  it('accepts YAML bodies and refuses malformed YAML (400 BadRequest)', async () => {
    const good = await call('POST', CM, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: "1"\n', 'application/yaml');
    expect(good.status).toBe(201);
    expect(good.body.data).toEqual({ a: '1' });
    const answer = await call('POST', CM, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n', 'application/yaml');
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^error converting YAML to JSON: yaml: /);
  });

  it('refuses a body in a format it does not read (415 UnsupportedMediaType)', async () => {
    const answer = await call('POST', CM, Buffer.from([0x6b, 0x38, 0x73, 0x00]), 'application/vnd.kubernetes.protobuf');
    expect(answer.status).toBe(415);
    expect(answer.body.reason).toBe('UnsupportedMediaType');
    const patch = await call('PATCH', `${CM}/from-yaml`, '{}', 'text/plain');
    expect(patch.status).toBe(415);
    expect(patch.body.message).toBe('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json');
  });
});

describe('patches and writes', () => {
  it('refuses invalid JSON patch operations', async () => {
    const unknownOp = await call('PATCH', `${CM}/from-yaml`, '[{"op":"frobnicate","path":"/data/a"}]', 'application/json-patch+json');
    expect(unknownOp.status).toBe(422);
    expect(unknownOp.body).toMatchObject({ reason: 'Invalid', details: { causes: [{ message: 'Unexpected kind: frobnicate' }] } });
    const notAList = await call('PATCH', `${CM}/from-yaml`, '{"op":"add"}', 'application/json-patch+json');
    expect(notAList.status).toBe(400);
    expect(notAList.body.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    const run = await k.kubectl(['patch', 'cm', 'from-yaml', '-n', 'bad', '--type=json', '-p', '[{"op":"remove","path":"/data/missing"}]']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('remove operation does not apply: doc is missing path: "/data/missing": missing value');
  });

  it('answers a patch of a missing object with 404 NotFound', async () => {
    const run = await k.kubectl(['patch', 'cm', 'ghost', '-n', 'bad', '-p', '{"data":{"a":"1"}}']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Error from server (NotFound): configmaps "ghost" not found\n');
  });

  it('answers a stale resourceVersion with 409 Conflict', async () => {
    const current = await call('GET', `${CM}/from-yaml`);
    await call('PUT', `${CM}/from-yaml`, JSON.stringify({ ...current.body, data: { a: '2' } }));
    const stale = await call('PUT', `${CM}/from-yaml`, JSON.stringify({ ...current.body, data: { a: '3' } }));
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      ...status(409, 'Conflict', 'Operation cannot be fulfilled on configmaps "from-yaml": the object has been modified; please apply your changes to the latest version and try again'),
      details: { name: 'from-yaml', kind: 'configmaps' },
    });
  });

  it('refuses new content in a terminating namespace (403 Forbidden)', async () => {
    expect((await call('POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'closing' } }))).status).toBe(201);
    const deleted = await call('DELETE', '/api/v1/namespaces/closing');
    expect(deleted.body.status).toEqual({ phase: 'Terminating' });
    const answer = await call('POST', '/api/v1/namespaces/closing/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } }));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject(status(403, 'Forbidden', 'configmaps "late" is forbidden: unable to create new content in namespace closing because it is being terminated'));
  });

  it('refuses a method the resource does not have (405 MethodNotAllowed)', async () => {
    const answer = await call('PUT', CM, '{}');
    expect(answer.status).toBe(405);
    expect(answer.body).toEqual(status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
  });
});

describe('watches', () => {
  it('answers a watch from a too-old resourceVersion with 410 Expired', async () => {
    const first = await call('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'churn' }, data: { i: '0' } }));
    for (let i = 1; i <= HISTORY + 10; i++) {
      await call('PATCH', `${CM}/churn`, JSON.stringify({ data: { i: String(i) } }), 'application/merge-patch+json');
    }
    const answer = await call('GET', `${CM}?watch=true&resourceVersion=${first.body.metadata.resourceVersion}`);
    expect(answer.status).toBe(200);
    const event = JSON.parse(answer.text.trim()) as { type: string; object: Record<string, unknown> };
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired', message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/) });
  });

  it('refuses a WatchList without resourceVersionMatch (422 Invalid)', async () => {
    const answer = await call('GET', `${CM}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true`);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  });
});

describe('authentication', () => {
  it('answers a missing or wrong token with 401 over HTTPS, and serves the right one', async () => {
    const { cert, key } = createSelfSignedCertificate({ notBefore: new Date(Date.now() - 60_000) });
    const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'off' });
    const { url } = await cluster.serve({ tls: { cert, key }, token: 's3cret' });
    try {
      const get = (token: string | undefined) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = httpsRequest(`${url}/api/v1/namespaces`, { ca: cert, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
            let body = '';
            res.on('data', (chunk) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          request.on('error', reject);
          request.end();
        });
      const missing = await get(undefined);
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.body)).toEqual(status(401, 'Unauthorized', 'Unauthorized'));
      expect((await get('wrong')).status).toBe(401);
      expect((await get('s3cret')).status).toBe(200);
      const kubeconfig = path.join(k.dir, 'tls-kubeconfig');
      const config = (token: string) => `apiVersion: v1
kind: Config
clusters: [{name: tls, cluster: {server: "${url}", certificate-authority-data: ${Buffer.from(cert).toString('base64')}}}]
users: [{name: tls, user: {token: ${token}}}]
contexts: [{name: tls, context: {cluster: tls, user: tls}}]
current-context: tls
`;
      writeFileSync(kubeconfig, config('wrong'));
      const env = { PATH: process.env.PATH ?? '', HOME: k.dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(k.dir, 'tls-cache') };
      const denied = await runKubectl(['get', 'ns'], env);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain('error: You must be logged in to the server');
      writeFileSync(kubeconfig, config('s3cret'));
      const allowed = await runKubectl(['get', 'ns', '-o', 'name'], env);
      expect(allowed.stdout).toContain('namespace/default\n');
    } finally {
      await cluster.close();
    }
  });
});
