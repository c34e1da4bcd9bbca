/**
 * The ClusterClient contract: every adapter must pass these cases the same way. Run by
 * sim.test.ts (in process) and kube-over-http.test.ts (client-node against the sim's API).
 * The cluster runs without controllers, so what is checked is the API's own behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFerryError, type KubeObject } from '../../src/core/index.ts';
import { INITIAL_EVENTS_END_ANNOTATION, statusOfClusterError, WatchCache, type ClusterClient, type WatchEvent } from '../../src/cluster/index.ts';
import { systemClock } from '../../src/core/index.ts';

export interface ContractTarget {
  readonly client: ClusterClient;
  /** How many watch events the server keeps for replay (to provoke 410 Expired). */
  readonly historyLimit: number;
  close(): Promise<void>;
}

async function failure(work: () => Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await work();
  } catch (error) {
    if (isFerryError(error)) return { code: error.code, status: error.httpStatus, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

function configMap(name: string, namespace: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(labels ? { labels } : {}) }, data };
}

function deployment(name: string, namespace: string, replicas = 1, image = 'nginx:1.27'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

/** Collects watch events until `count` arrived (or the timeout), then stops the watch. */
async function collect(iterable: AsyncIterable<WatchEvent>, count: number, controller: AbortController, timeoutMs = 5000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const event of iterable) {
      events.push(event);
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

export function describeClusterContract(name: string, open: () => Promise<ContractTarget>): void {
  describe(`ClusterClient contract: ${name}`, () => {
    let target: ContractTarget;
    let client: ClusterClient;
    let counter = 0;
    const namespace = (): string => `contract-${++counter}`;
    const makeNamespace = async (): Promise<string> => {
      const ns = namespace();
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      return ns;
    };

    beforeAll(async () => {
      target = await open();
      client = target.client;
    });
    afterAll(async () => {
      await target?.close();
    });

    it('reports a 1.35 server version', async () => {
      const version = await client.version();
      expect(version.major).toBe('1');
      expect(version.minor).toBe('35');
      expect(version.gitVersion).toMatch(/^v1\.35\./);
    });

    it('discovers the built-in kinds with their names and subresources', async () => {
      const types = await client.discover();
      const deployments = types.find((t) => t.group === 'apps' && t.kind === 'Deployment');
      expect(deployments).toMatchObject({ version: 'v1', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'] });
      expect(deployments?.subresources.map((s) => s.name).sort()).toEqual(['scale', 'status']);
      expect(types.find((t) => t.kind === 'Namespace')?.namespaced).toBe(false);
      expect(await client.resourceFor('v1', 'Pod')).toMatchObject({ plural: 'pods', shortNames: ['po'] });
      expect(await client.resourceFor('example.com/v1', 'Widget')).toBeUndefined();
    });

    it('creates, reads and lists objects with server-owned metadata filled in', async () => {
      const ns = await makeNamespace();
      const created = await client.create(configMap('one', ns, { a: '1' }));
      expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const read = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'one' });
      expect(read).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' }, metadata: { uid: created.metadata.uid } });
      expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'missing' })).toBeUndefined();
      const list = await client.list({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: ns });
      expect(list.items.map((i) => [i.apiVersion, i.kind, i.metadata.name])).toEqual([['v1', 'ConfigMap', 'one']]);
      expect(Number(list.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata.resourceVersion));
    });

    it('applies the API server defaults to built-in kinds', async () => {
      const ns = await makeNamespace();
      const created = await client.create(deployment('web', ns));
      const spec = created.spec as Record<string, unknown>;
      expect(spec).toMatchObject({ revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
      expect(created.metadata.generation).toBe(1);
      const container = ((spec.template as { spec: { containers: Record<string, unknown>[] } }).spec.containers)[0];
      expect(container).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' });
    });

    it('refuses a second object of the same name (409 AlreadyExists)', async () => {
      const ns = await makeNamespace();
      await client.create(configMap('dup', ns));
      expect(await failure(() => client.create(configMap('dup', ns)))).toEqual({
        code: 'CLUSTER_ALREADY_EXISTS', status: 409, message: 'configmaps "dup" already exists',
      });
    });

    it('refuses an object in a namespace that does not exist (404)', async () => {
      expect(await failure(() => client.create(configMap('x', 'no-such-namespace')))).toMatchObject({
        code: 'CLUSTER_NOT_FOUND', status: 404, message: 'namespaces "no-such-namespace" not found',
      });
    });

    it('refuses an invalid name (422 Invalid) and unknown fields under strict validation (400)', async () => {
      const ns = await makeNamespace();
      const invalid = await failure(() => client.create(configMap('Not_A_Name', ns)));
      expect(invalid).toMatchObject({ code: 'CLUSTER_INVALID', status: 422 });
      expect(invalid.message).toMatch(/^ConfigMap "Not_A_Name" is invalid: metadata.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain/);
      const strict = await failure(() => client.create({ ...configMap('ok', ns), bogus: true }));
      expect(strict).toEqual({
        code: 'CLUSTER_BAD_REQUEST',
        status: 400,
        message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
      });
    });

    it('answers an unknown kind with 404', async () => {
      const result = await failure(() => client.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } }));
      expect(result).toMatchObject({ code: 'CLUSTER_NOT_FOUND', status: 404 });
    });

    it('selects by label and field, and pages with limit and continue', async () => {
      const ns = await makeNamespace();
      for (const [name, tier] of [['a', 'web'], ['b', 'db'], ['c', 'web'], ['d', 'web']] as const) {
        await client.create(configMap(name, ns, {}, { tier }));
      }
      const type = { apiVersion: 'v1', kind: 'ConfigMap' };
      const web = await client.list(type, { namespace: ns, labelSelector: 'tier=web' });
      expect(web.items.map((i) => i.metadata.name)).toEqual(['a', 'c', 'd']);
      const notWeb = await client.list(type, { namespace: ns, labelSelector: 'tier notin (web)' });
      expect(notWeb.items.map((i) => i.metadata.name)).toEqual(['b']);
      const named = await client.list(type, { namespace: ns, fieldSelector: 'metadata.name=c' });
      expect(named.items.map((i) => i.metadata.name)).toEqual(['c']);
      const page1 = await client.list(type, { namespace: ns, limit: 3 });
      expect(page1.items.map((i) => i.metadata.name)).toEqual(['a', 'b', 'c']);
      expect(page1.continue).toBeTruthy();
      const page2 = await client.list(type, { namespace: ns, limit: 3, continue: page1.continue });
      expect(page2.items.map((i) => i.metadata.name)).toEqual(['d']);
      expect(page2.continue).toBeUndefined();
      expect(await failure(() => client.list(type, { namespace: ns, fieldSelector: 'spec.bogus=1' }))).toEqual({
        code: 'CLUSTER_BAD_REQUEST', status: 400, message: 'field label not supported: spec.bogus',
      });
      expect(await failure(() => client.list(type, { namespace: ns, labelSelector: 'tier in (web' }))).toMatchObject({ code: 'CLUSTER_BAD_REQUEST', status: 400 });
    });

    it('updates with optimistic concurrency: a stale resourceVersion is 409 Conflict', async () => {
      const ns = await makeNamespace();
      const created = await client.create(configMap('cm', ns, { v: '1' }));
      const updated = await client.update({ ...created, data: { v: '2' } });
      expect(updated.data).toEqual({ v: '2' });
      expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      const stale = await failure(() => client.update({ ...created, data: { v: '3' } }));
      expect(stale).toEqual({
        code: 'CLUSTER_CONFLICT',
        status: 409,
        message: 'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
      });
    });

    it('bumps generation on spec changes only, and keeps status out of main-resource writes', async () => {
      const ns = await makeNamespace();
      const created = await client.create(deployment('gen', ns));
      const relabelled = await client.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'gen' }, { type: 'merge', patch: { metadata: { labels: { extra: 'yes' } } } });
      expect(relabelled.metadata.generation).toBe(1);
      const scaled = await client.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'gen' }, { type: 'merge', patch: { spec: { replicas: 3 }, status: { replicas: 99 } } });
      expect(scaled.metadata.generation).toBe(2);
      expect((scaled.status as Record<string, unknown>).replicas).toBeUndefined();
      const status = await client.update({ ...scaled, status: { replicas: 3, observedGeneration: 2 } }, { subresource: 'status' });
      expect(status.status).toMatchObject({ replicas: 3 });
      expect(status.metadata.generation).toBe(2);
      expect(created.metadata.uid).toBe(status.metadata.uid);
    });

    it('patches with JSON patch, merge patch and strategic merge patch', async () => {
      const ns = await makeNamespace();
      await client.create(deployment('p', ns));
      const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'p' };
      const json = await client.patch(ref, { type: 'json', operations: [{ op: 'replace', path: '/spec/replicas', value: 2 }] });
      expect((json.spec as Record<string, unknown>).replicas).toBe(2);
      const strategic = await client.patch(ref, {
        type: 'strategic',
        patch: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } },
      });
      const containers = ((strategic.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers).map((c) => c.name);
      expect(containers).toEqual(['app', 'sidecar']);
      const merge = await client.patch(ref, { type: 'merge', patch: { spec: { template: { spec: { containers: [{ name: 'only', image: 'busybox:1.36' }] } } } } });
      expect(((merge.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers).map((c) => c.name)).toEqual(['only']);
      const badOp = await failure(() => client.patch(ref, { type: 'json', operations: [{ op: 'replace', path: '/spec/nothing', value: 1 }] }));
      expect(badOp).toMatchObject({ code: 'CLUSTER_INVALID', status: 422 });
      const missing = await failure(() => client.patch({ ...ref, name: 'nope' }, { type: 'merge', patch: {} }));
      expect(missing).toEqual({ code: 'CLUSTER_NOT_FOUND', status: 404, message: 'deployments.apps "nope" not found' });
    });

    it('applies server-side: creates, shares equal fields, reports conflicts, and forces', async () => {
      const ns = await makeNamespace();
      const applied = await client.apply(deployment('ssa', ns, 2), { fieldManager: 'team-a' });
      expect(applied.metadata.managedFields).toEqual([
        expect.objectContaining({ manager: 'team-a', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' }),
      ]);
      const same = await client.apply(deployment('ssa', ns, 2), { fieldManager: 'team-b' });
      expect((same.metadata.managedFields as { manager: string }[]).map((m) => m.manager).sort()).toEqual(['team-a', 'team-b']);
      const conflict = await failure(() => client.apply(deployment('ssa', ns, 5), { fieldManager: 'team-c' }));
      expect(conflict.code).toBe('CLUSTER_CONFLICT');
      expect(conflict.message).toMatch(/^Apply failed with 2 conflicts: conflicts with "team-a":\n- \.spec\.replicas\nconflicts with "team-b":\n- \.spec\.replicas$/);
      const forced = await client.apply(deployment('ssa', ns, 5), { fieldManager: 'team-c', force: true });
      expect((forced.spec as Record<string, unknown>).replicas).toBe(5);
      // team-a stops asking for the container image field: it stays, owned by the others.
      const trimmed = deployment('ssa', ns, 5);
      const after = await client.apply(trimmed, { fieldManager: 'team-a', force: true });
      expect((after.spec as Record<string, unknown>).replicas).toBe(5);
    });

    it('removes fields a manager stops applying when nobody else owns them', async () => {
      const ns = await makeNamespace();
      const withLabel = configMap('owned', ns, { keep: '1', drop: '2' });
      await client.apply(withLabel, { fieldManager: 'solo' });
      const after = await client.apply(configMap('owned', ns, { keep: '1' }), { fieldManager: 'solo' });
      expect(after.data).toEqual({ keep: '1' });
    });

    it('requires a field manager name for apply and rejects unknown fields in applied configs', async () => {
      const ns = await makeNamespace();
      const unknown = await failure(() => client.apply({ ...configMap('u', ns), bogus: 1 }, { fieldManager: 'x' }));
      expect(unknown).toMatchObject({ code: 'CLUSTER_BAD_REQUEST', status: 400 });
      expect(unknown.message).toContain('.bogus: field not declared in schema');
    });

    it('persists nothing on a dry run', async () => {
      const ns = await makeNamespace();
      const dry = await client.create(configMap('dry', ns, { a: '1' }), { dryRun: true });
      expect(dry.metadata.name).toBe('dry');
      expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'dry' })).toBeUndefined();
      await client.create(configMap('real', ns, { a: '1' }));
      const dryApply = await client.apply(configMap('real', ns, { a: '2' }), { fieldManager: 'x', dryRun: true, force: true });
      expect(dryApply.data).toEqual({ a: '2' });
      expect((await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'real' }))?.data).toEqual({ a: '1' });
    });

    it('deletes: at once, or pending on finalizers and propagation', async () => {
      const ns = await makeNamespace();
      await client.create(configMap('gone', ns));
      expect(await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'gone' })).toBeUndefined();
      expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'gone' })).toBeUndefined();
      expect(await failure(() => client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'gone' }))).toMatchObject({ code: 'CLUSTER_NOT_FOUND', status: 404 });
      await client.create({ ...configMap('held', ns), metadata: { name: 'held', namespace: ns, finalizers: ['example.com/hold'] } });
      const pending = await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'held' });
      expect(pending?.metadata.deletionTimestamp).toBeTruthy();
      const held = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'held' });
      await client.update({ ...(held as KubeObject), metadata: { ...(held as KubeObject).metadata, finalizers: [] } });
      expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'held' })).toBeUndefined();
      await client.create(deployment('fg', ns));
      const foreground = await client.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'fg' }, { propagationPolicy: 'Foreground' });
      expect(foreground?.metadata.finalizers).toEqual(['foregroundDeletion']);
      await client.create(deployment('orphan', ns));
      const orphan = await client.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'orphan' }, { propagationPolicy: 'Orphan' });
      expect(orphan?.metadata.finalizers).toEqual(['orphan']);
    });

    it('serves the scale subresource', async () => {
      const ns = await makeNamespace();
      await client.create(deployment('sc', ns, 2));
      const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'sc' };
      const scale = await client.patch(ref, { type: 'merge', patch: { spec: { replicas: 4 } } }, { subresource: 'scale' });
      expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 4 }, status: { selector: 'app=sc' } });
      expect(((await client.get(ref))?.spec as Record<string, unknown>).replicas).toBe(4);
    });

    it('watches from a resourceVersion, in order, and as a WatchList with the end bookmark', async () => {
      const ns = await makeNamespace();
      const type = { apiVersion: 'v1', kind: 'ConfigMap' };
      const first = await client.create(configMap('w1', ns));
      const from = first.metadata.resourceVersion as string;
      const controller = new AbortController();
      const events = collect(client.watch(type, { namespace: ns, resourceVersion: from, signal: controller.signal }), 3, controller);
      const updated = await client.update({ ...first, data: { x: 'y' } });
      await client.create(configMap('w2', ns));
      await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'w1' });
      const seen = await events;
      expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['MODIFIED w1', 'ADDED w2', 'DELETED w1']);
      expect(seen[0]?.object.metadata.resourceVersion).toBe(updated.metadata.resourceVersion);
      expect(seen.every((e) => e.object.kind === 'ConfigMap' && e.object.apiVersion === 'v1')).toBe(true);

      const listController = new AbortController();
      const initial = await collect(client.watch(type, { namespace: ns, sendInitialEvents: true, allowBookmarks: true, signal: listController.signal }), 2, listController);
      expect(initial.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
      expect(initial[1]?.object.metadata.annotations).toEqual({ [INITIAL_EVENTS_END_ANNOTATION]: 'true' });
    });

    it('answers a watch from a resourceVersion older than its history with 410 Expired', async () => {
      const ns = await makeNamespace();
      const first = await client.create(configMap('old', ns));
      for (let i = 0; i < target.historyLimit + 20; i++) await client.update({ ...first, metadata: { ...first.metadata, resourceVersion: undefined }, data: { i: String(i) } });
      const controller = new AbortController();
      let caught: unknown;
      try {
        for await (const _event of client.watch({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: ns, resourceVersion: first.metadata.resourceVersion, signal: controller.signal })) {
          break;
        }
      } catch (error) {
        caught = error;
      } finally {
        controller.abort();
      }
      expect(statusOfClusterError(caught)).toMatchObject({ code: 410, reason: 'Expired', message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/) });
    });

    it('serves custom resources once their CRD exists, validated by its schema', async () => {
      const group = `${namespace()}.example.com`;
      await client.create({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `widgets.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
          versions: [{
            name: 'v1', served: true, storage: true, subresources: { status: {} },
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } }, status: { type: 'object', properties: { ready: { type: 'boolean' } } } } } },
          }],
        },
      });
      const ns = await makeNamespace();
      const apiVersion = `${group}/v1`;
      expect(await client.resourceFor(apiVersion, 'Widget')).toMatchObject({ plural: 'widgets', shortNames: ['wd'], namespaced: true });
      const widget = await client.create({ apiVersion, kind: 'Widget', metadata: { name: 'w', namespace: ns }, spec: { size: 3 } });
      expect(widget.metadata.generation).toBe(1);
      const invalid = await failure(() => client.create({ apiVersion, kind: 'Widget', metadata: { name: 'bad', namespace: ns }, spec: { size: 0 } }));
      expect(invalid).toMatchObject({ code: 'CLUSTER_INVALID', status: 422 });
      expect(invalid.message).toContain('spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1');
      const missing = await failure(() => client.create({ apiVersion, kind: 'Widget', metadata: { name: 'bad', namespace: ns }, spec: {} }));
      expect(missing.message).toContain('spec.size: Required value');
      const status = await client.update({ ...widget, status: { ready: true } }, { subresource: 'status' });
      expect(status.status).toEqual({ ready: true });
      const strategic = await failure(() => client.patch({ apiVersion, kind: 'Widget', namespace: ns, name: 'w' }, { type: 'strategic', patch: { spec: { size: 4 } } }));
      expect(strategic).toMatchObject({ code: 'CLUSTER_UNSUPPORTED_MEDIA_TYPE', status: 415 });
      const list = await client.list({ apiVersion, kind: 'Widget' }, { namespace: ns });
      expect(list.items.map((i) => i.metadata.name)).toEqual(['w']);
    });

    it('keeps a list/watch cache of one kind in step with the cluster', async () => {
      const ns = await makeNamespace();
      await client.create(configMap('a', ns, { v: '1' }));
      await client.create(configMap('b', ns, { v: '1' }));
      const cache = new WatchCache(client, { type: { apiVersion: 'v1', kind: 'ConfigMap' }, namespace: ns, clock: systemClock, pageSize: 1 });
      const seen: string[] = [];
      cache.subscribe((event) => seen.push(`${event.type} ${event.object.metadata.name}`));
      const controller = new AbortController();
      await cache.start(controller.signal);
      try {
        expect(cache.list().map((o) => o.metadata.name).sort()).toEqual(['a', 'b']);
        const a = cache.get(ns, 'a') as KubeObject;
        await client.update({ ...a, data: { v: '2' } });
        await client.create(configMap('c', ns));
        await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'b' });
        for (let i = 0; i < 100 && cache.get(ns, 'b'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(cache.list().map((o) => o.metadata.name).sort()).toEqual(['a', 'c']);
        expect(cache.get(ns, 'a')?.data).toEqual({ v: '2' });
        expect(seen).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'ADDED c', 'DELETED b']);
      } finally {
        controller.abort();
        await cache.stopped();
      }
    });
  });
}
