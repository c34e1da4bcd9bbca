/**
 * @kubernetes/client-node 2.0's own API surface against the embedded cluster's HTTP API:
 * KubernetesObjectApi with every patch type, typed APIs (their JSON-patch default, subresources),
 * Watch and makeInformer — the requests client-node makes, recorded in k8s-api.md §12.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/index.ts';
import { EmbeddedCluster } from '../../src/cluster/sim/index.ts';

let cluster: EmbeddedCluster;
let kc: k8s.KubeConfig;
const NS = 'cn';

function deployment(replicas: number): k8s.KubernetesObject & Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cn', namespace: NS, labels: { app: 'cn' } },
    spec: { replicas, selector: { matchLabels: { app: 'cn' } }, template: { metadata: { labels: { app: 'cn' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  };
}

beforeAll(async () => {
  cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'off' });
  const { url } = await cluster.serve();
  kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: url, skipTLSVerify: true }],
    users: [{ name: 'sim' }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
    currentContext: 'sim',
  });
  await kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
});

afterAll(async () => {
  await cluster?.close();
});

describe('client-node KubernetesObjectApi', () => {
  it('creates, reads, lists, patches with every strategy, replaces and deletes', async () => {
    const api = k8s.KubernetesObjectApi.makeApiClient(kc);
    const created = await api.create(deployment(1));
    expect(created.metadata?.uid).toBeTruthy();
    expect((await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cn', namespace: NS } })).metadata?.name).toBe('cn');
    const list = await api.list('apps/v1', 'Deployment', NS);
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['cn']);
    const pods = await api.list('v1', 'Pod', NS, undefined, undefined, undefined, undefined, 'app=cn');
    expect(pods.items).toEqual([]);

    const strategic = (await api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cn', namespace: NS }, spec: { replicas: 2 } } as k8s.KubernetesObject)) as { spec: { replicas: number } };
    expect(strategic.spec.replicas).toBe(2);
    const merged = await api.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cn', namespace: NS, labels: { m: '1' } } } as k8s.KubernetesObject,
      undefined, undefined, undefined, undefined, k8s.PatchStrategy.MergePatch,
    );
    expect(merged.metadata?.labels).toEqual({ app: 'cn', m: '1' });
    const applied = (await api.patch(deployment(4), undefined, undefined, 'my-manager', true, k8s.PatchStrategy.ServerSideApply)) as { spec: { replicas: number }; metadata: { managedFields: { manager: string }[] } };
    expect(applied.spec.replicas).toBe(4);
    expect(applied.metadata.managedFields.map((m) => m.manager)).toContain('my-manager');

    const current = await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cn', namespace: NS } });
    const replaced = (await api.replace({ ...current, spec: { ...(current as { spec: object }).spec, replicas: 3 } } as k8s.KubernetesObject)) as { spec: { replicas: number } };
    expect(replaced.spec.replicas).toBe(3);
    await expect(api.replace({ ...deployment(1), metadata: { ...deployment(1).metadata, resourceVersion: '1' } })).rejects.toMatchObject({ code: 409 });
    await expect(api.create(deployment(1))).rejects.toMatchObject({ code: 409 });
    await expect(api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nope', namespace: NS } })).rejects.toMatchObject({ code: 404 });
    const deleted = await api.delete({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cn', namespace: NS } });
    expect(deleted.status).toBe('Success');
    await expect(api.delete({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cn', namespace: NS } })).rejects.toMatchObject({ code: 404 });
  });
});

describe('client-node typed APIs', () => {
  it('patches with the JSON-patch default and other content types, and uses status and scale', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: NS, body: deployment(1) as k8s.V1Deployment });
    const json = await apps.patchNamespacedDeployment({ name: 'cn', namespace: NS, body: [{ op: 'replace', path: '/spec/replicas', value: 2 }] });
    expect(json.spec?.replicas).toBe(2);
    const merge = await apps.patchNamespacedDeployment(
      { name: 'cn', namespace: NS, body: { spec: { replicas: 1 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(merge.spec?.replicas).toBe(1);
    const status = await apps.readNamespacedDeploymentStatus({ name: 'cn', namespace: NS });
    expect(status.metadata?.name).toBe('cn');
    const scale = await apps.replaceNamespacedDeploymentScale({ name: 'cn', namespace: NS, body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'cn', namespace: NS }, spec: { replicas: 5 } } });
    expect(scale.spec?.replicas).toBe(5);
    expect((await apps.readNamespacedDeployment({ name: 'cn', namespace: NS })).spec?.replicas).toBe(5);
    await apps.deleteNamespacedDeployment({ name: 'cn', namespace: NS });
  });
});

describe('client-node Watch and informer', () => {
  it('streams watch events with bookmarks allowed', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const events: string[] = [];
    let done: (value: unknown) => void = () => undefined;
    const finished = new Promise((resolve) => (done = resolve));
    const watch = new k8s.Watch(kc);
    const request = await watch.watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { allowWatchBookmarks: true },
      (type, object: k8s.V1ConfigMap) => {
        events.push(`${type} ${object.metadata?.name}`);
        if (events.length === 2) done(undefined);
      },
      () => done(undefined),
    );
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'w1' }, data: { a: '1' } } });
    await core.patchNamespacedConfigMap({ name: 'w1', namespace: NS, body: { data: { a: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await finished;
    request.abort();
    expect(events).toEqual(['ADDED w1', 'MODIFIED w1']);
  });

  it('keeps an informer in step: add, update and delete', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${NS}/secrets`, () => core.listNamespacedSecret({ namespace: NS }));
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    await informer.start();
    try {
      await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 's1' }, stringData: { k: 'v' } } });
      await core.replaceNamespacedSecret({ name: 's1', namespace: NS, body: { metadata: { name: 's1' }, data: { k: Buffer.from('w').toString('base64') } } });
      await core.deleteNamespacedSecret({ name: 's1', namespace: NS });
      for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual(['add s1', 'update s1', 'delete s1']);
      expect(informer.list()).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});
