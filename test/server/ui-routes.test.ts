/**
 * The routes the web UI adds to the API: counts for the application list, a cluster's nodes
 * with their pods and the node operations (cordon, uncordon, drain), and the cluster's events
 * about one resource — against the embedded cluster and its controllers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationManifest, DEPLOYMENT, startServerWorld, type ServerWorld } from './harness.ts';

let world: ServerWorld;

beforeAll(async () => {
  world = await startServerWorld({ 'guestbook/deployment.yaml': DEPLOYMENT });
  for (const [name, namespace] of [['web', 'guestbook'], ['api', 'guestbook'], ['other', 'elsewhere']] as const) {
    const manifest = applicationManifest(name, world.repo.url, 'guestbook');
    const spec = manifest.spec as { destination: { namespace: string }; project: string };
    spec.destination.namespace = namespace;
    if (name === 'other') spec.project = 'team-b';
    expect((await world.request('POST', '/api/v1/applications', { body: manifest })).statusCode).toBe(201);
  }
  await world.request('POST', '/api/v1/applications/web/sync', { body: {} });
  await world.waitFor('web', (a) => a.status.sync.status === 'Synced' && a.status.health.status === 'Healthy', 'web to be Synced and Healthy', 30_000);
  for (const name of ['api', 'other']) await world.waitFor(name, (a) => a.status.sync.status !== 'Unknown', `${name} to be compared`);
});
afterAll(async () => world?.close());

describe('GET /api/v1/application-summary', () => {
  it('counts every application by sync and health and lists the values of each filter', async () => {
    const response = await world.request('GET', '/api/v1/application-summary');
    expect(response.statusCode).toBe(200);
    const summary = response.json();
    expect(summary.total).toBe(3);
    expect(summary.sync).toEqual({ Synced: 1, OutOfSync: 2 });
    expect(summary.health.Healthy).toBe(1);
    expect(summary.projects).toEqual(['default', 'team-b']);
    expect(summary.namespaces).toEqual(['elsewhere', 'guestbook']);
    expect(summary.repos).toEqual([world.repo.url]);
    expect(summary.clusters).toEqual(['https://kubernetes.default.svc']);
  });

  it('counts only what the filters select, as the list does', async () => {
    const summary = (await world.request('GET', '/api/v1/application-summary?namespace=guestbook&sync=OutOfSync')).json();
    const list = (await world.request('GET', '/api/v1/applications?namespace=guestbook&sync=OutOfSync')).json();
    expect(summary.total).toBe(1);
    expect(list.items.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual(['api']);
    expect(summary.projects).toEqual(['default', 'team-b']);
  });

  it('refuses paging parameters and bad status words', async () => {
    expect((await world.request('GET', '/api/v1/application-summary?limit=5')).json().code).toBe('REQUEST_INVALID');
    expect((await world.request('GET', '/api/v1/application-summary?sync=Sideways')).statusCode).toBe(400);
  });

  it('needs a token', async () => {
    expect((await world.request('GET', '/api/v1/application-summary', { token: null })).statusCode).toBe(401);
  });
});

describe('cluster nodes', () => {
  it('lists nodes with capacity, requests and the pods on each', async () => {
    const response = await world.request('GET', '/api/v1/clusters/in-cluster/nodes');
    expect(response.statusCode).toBe(200);
    const nodes = response.json().items as { name: string; ready: boolean; unschedulable: boolean; capacity: Record<string, string>; pods: { namespace: string; name: string; phase: string; owner?: string }[] }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.ready && !n.unschedulable && n.capacity.cpu)).toBe(true);
    const pods = nodes.flatMap((n) => n.pods).filter((p) => p.namespace === 'guestbook');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.owner === 'ReplicaSet' && p.phase === 'Running')).toBe(true);
  });

  it('cordons and uncordons a node', async () => {
    const name = (await world.request('GET', '/api/v1/clusters/in-cluster/nodes')).json().items[0].name as string;
    const cordoned = await world.request('POST', `/api/v1/clusters/in-cluster/nodes/${name}/cordon`);
    expect(cordoned.statusCode).toBe(200);
    expect(cordoned.json().unschedulable).toBe(true);
    const uncordoned = await world.request('POST', `/api/v1/clusters/in-cluster/nodes/${name}/uncordon`);
    expect(uncordoned.json().unschedulable).toBe(false);
  });

  it('drains a node: cordons it and moves its pods to the other nodes', async () => {
    const nodes = (await world.request('GET', '/api/v1/clusters/in-cluster/nodes')).json().items as { name: string; pods: { namespace: string; name: string }[] }[];
    const busy = nodes.find((n) => n.pods.some((p) => p.namespace === 'guestbook'));
    expect(busy).toBeDefined();
    const drained = await world.request('POST', `/api/v1/clusters/in-cluster/nodes/${busy?.name}/drain`);
    expect(drained.statusCode).toBe(200);
    const result = drained.json();
    const moved = busy?.pods.filter((p) => p.namespace === 'guestbook').map((p) => `${p.namespace}/${p.name}`) ?? [];
    expect(result.evicted).toEqual(expect.arrayContaining(moved));
    type NodeView = { name: string; unschedulable: boolean; pods: { namespace: string; terminating?: boolean }[] };
    const running = (nodes: NodeView[], here: boolean) => nodes.filter((n) => (n.name === busy?.name) === here).flatMap((n) => n.pods).filter((p) => p.namespace === 'guestbook' && !p.terminating);
    // The ReplicaSet replaces the deleted pods; the scheduler puts them on the other nodes.
    let after: NodeView[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      after = (await world.request('GET', '/api/v1/clusters/in-cluster/nodes')).json().items;
      if (running(after, false).length === 2) break;
    }
    expect(after.find((n) => n.name === busy?.name)?.unschedulable).toBe(true);
    expect(running(after, true)).toEqual([]);
    expect(running(after, false)).toHaveLength(2);
    await world.request('POST', `/api/v1/clusters/in-cluster/nodes/${busy?.name}/uncordon`);
  });

  it.each([
    ['GET', '/api/v1/clusters/elsewhere/nodes', 404, 'CLUSTER_UNKNOWN'],
    ['POST', '/api/v1/clusters/in-cluster/nodes/no-such-node/cordon', 404, 'CLUSTER_NODE_NOT_FOUND'],
    ['POST', '/api/v1/clusters/in-cluster/nodes/no-such-node/drain', 404, 'CLUSTER_NODE_NOT_FOUND'],
  ] as const)('%s %s answers %d %s', async (method, url, status, code) => {
    const response = await world.request(method, url);
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  it('lets a read-only token look but not cordon', async () => {
    expect((await world.request('GET', '/api/v1/clusters/in-cluster/nodes', { token: world.tokens.readonly })).statusCode).toBe(200);
    const name = (await world.request('GET', '/api/v1/clusters/in-cluster/nodes')).json().items[0].name as string;
    expect((await world.request('POST', `/api/v1/clusters/in-cluster/nodes/${name}/cordon`, { token: world.tokens.readonly })).statusCode).toBe(403);
  });
});

describe('GET /api/v1/applications/:name/resource/events', () => {
  it("lists the cluster's events about one object, newest first", async () => {
    const response = await world.request('GET', '/api/v1/applications/web/resource/events?group=apps&kind=Deployment&namespace=guestbook&name=guestbook-ui');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { type: string; reason: string; message: string; lastTimestamp: string }[];
    expect(items.some((e) => e.reason === 'ScalingReplicaSet' && /guestbook-ui/.test(e.message))).toBe(true);
    expect([...items].sort((a, b) => b.lastTimestamp.localeCompare(a.lastTimestamp))).toEqual(items);
  });

  it('has none for an object nothing happened to, and names a missing application', async () => {
    expect((await world.request('GET', '/api/v1/applications/web/resource/events?group=&kind=ConfigMap&namespace=guestbook&name=nothing')).json().items).toEqual([]);
    expect((await world.request('GET', '/api/v1/applications/nope/resource/events?group=&kind=Pod&namespace=x&name=y')).json().code).toBe('APP_NOT_FOUND');
  });
});

describe('GET /api/v1/applications/:name/resource/live', () => {
  it('serves the live manifest of an object the cluster made for the application, such as a Pod', async () => {
    const tree = (await world.request('GET', '/api/v1/applications/web/resource-tree')).json().nodes as { kind: string; children: { kind: string; name: string; children: { kind: string; name: string; namespace: string }[] }[] }[];
    const pod = tree.find((n) => n.kind === 'Deployment')?.children[0]?.children[0];
    expect(pod?.kind).toBe('Pod');
    const response = await world.request('GET', `/api/v1/applications/web/resource/live?group=&kind=Pod&namespace=guestbook&name=${pod?.name}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().live).toMatchObject({ kind: 'Pod', metadata: { name: pod?.name, namespace: 'guestbook' }, spec: { containers: [{ image: 'nginx:1.27' }] } });
  });

  it("refuses objects outside the application's tree, even ones the cluster has", async () => {
    const nodes = (await world.request('GET', '/api/v1/clusters/in-cluster/nodes')).json().items as { name: string }[];
    const response = await world.request('GET', `/api/v1/applications/web/resource/live?group=&kind=Node&namespace=&name=${nodes[0]?.name}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe(`application web has no object Node/${nodes[0]?.name} in its resource tree`);
  });
});

describe('GET /api/v1/applications/:name/diff for one resource', () => {
  it.each([
    ['?group=apps&kind=Deployment&namespace=guestbook&name=guestbook-ui', ['Deployment/guestbook-ui']],
    ['?kind=Deployment', ['Deployment/guestbook-ui']],
    ['?kind=ConfigMap', []],
    ['?group=&kind=Deployment&namespace=guestbook&name=guestbook-ui', []],
    ['', ['Deployment/guestbook-ui']],
  ])('%s', async (query, names) => {
    const response = await world.request('GET', `/api/v1/applications/web/diff${query}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().resources.map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`)).toEqual(names);
  });

  it('refuses parameters it does not know', async () => {
    const response = await world.request('GET', '/api/v1/applications/web/diff?resource=x');
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('querystring.resource: unknown field');
  });
});
