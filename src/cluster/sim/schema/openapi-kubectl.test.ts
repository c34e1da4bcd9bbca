import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlPath } from '../../../../test/support/oracles.ts';
import type { OpenApiResource } from './openapi.ts';
import { openApiV3Document, openApiV3Paths } from './openapi.ts';

/**
 * The real kubectl 1.35 reads these documents: a loopback server with legacy discovery and
 * the `/openapi/v3` endpoints built here, and `kubectl explain` / `kubectl apply --dry-run`
 * against it. This is the check that the schemas are what kubectl expects, not just JSON.
 */
const run = promisify(execFile);

const RESOURCES: OpenApiResource[] = [
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, subresources: [{ name: 'status' }, { name: 'scale' }] },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
];

function resourceList(groupVersion: string): unknown {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: RESOURCES.filter((r) => (r.group === '' ? r.version : `${r.group}/${r.version}`) === groupVersion).map((r) => ({
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    })),
  };
}

let server: ReturnType<typeof createServer>;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname;
    if (p === '/api') return send({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
    if (p === '/apis') return send({ kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }] });
    if (p === '/api/v1') return send(resourceList('v1'));
    if (p === '/apis/apps/v1') return send(resourceList('apps/v1'));
    if (p === '/openapi/v3') return send(openApiV3Paths(RESOURCES));
    if (p.startsWith('/openapi/v3/')) {
      const gv = p.slice('/openapi/v3/'.length).replace(/^apis\//, '').replace(/^api\//, '');
      return send(openApiV3Document(gv, RESOURCES));
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  dir = mkdtempSync(path.join(tmpdir(), 'ferry-explain-'));
  kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user: {}\ncurrent-context: c\n`,
  );
});

afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(kubectlPath(), ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), ...args], { timeout: 20_000 });
  return stdout;
}

describe('kubectl 1.35 against the generated OpenAPI', () => {
  it('explains a Deployment field', async () => {
    const out = await kubectl('explain', 'deployment.spec.replicas');
    expect(out).toContain('KIND:       Deployment');
    expect(out).toContain('FIELD: replicas <integer>');
    expect(out).toMatch(/Number of desired pods\. This is a pointer to distinguish between explicit\s+zero and not specified\. Defaults to 1\./);
  });

  it('explains nested types through references', async () => {
    const out = await kubectl('explain', 'deployment.spec.template.spec.containers.ports');
    expect(out).toContain('FIELD: ports <[]ContainerPort>');
    expect(out).toContain('containerPort\t<integer> -required-');
  });

  it('explains a core kind with its fields listed', async () => {
    const out = await kubectl('explain', 'namespace');
    expect(out).toContain('VERSION:    v1');
    expect(out).toContain('Namespace provides a scope for Names.');
    expect(out).toContain('spec\t<NamespaceSpec>');
  });
});
