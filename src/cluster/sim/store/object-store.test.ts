import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isFerryError, ManualClock, type KubeObject } from '../../../core/index.ts';
import { statusOfClusterError } from '../../errors.ts';
import { SimObjectStore } from './object-store.ts';
import type { StoreOptions, StoreResource, StoreWatchEvent } from './types.ts';

const CONFIGMAPS: StoreResource = {
  key: 'configmaps', group: '', plural: 'configmaps', apiVersion: 'v1', kind: 'ConfigMap', namespaced: true, generation: 'none',
};
const DEPLOYMENTS: StoreResource = {
  key: 'apps/deployments', group: 'apps', plural: 'deployments', apiVersion: 'apps/v1', kind: 'Deployment',
  namespaced: true, generation: 'spec-and-annotations',
};
const NODES: StoreResource = {
  key: 'nodes', group: '', plural: 'nodes', apiVersion: 'v1', kind: 'Node', namespaced: false, generation: 'none',
};

const dirs: string[] = [];
const stores: SimObjectStore[] = [];

function openStore(options: Partial<StoreOptions> = {}): SimObjectStore {
  let uidCounter = 0;
  const store = new SimObjectStore({
    clock: new ManualClock('2026-03-01T10:00:00Z'),
    newUid: () => `uid-${++uidCounter}`,
    random: () => 0,
    ...options,
  });
  for (const resource of [CONFIGMAPS, DEPLOYMENTS, NODES]) store.defineResource(resource);
  stores.push(store);
  return store;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferry-store-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cm(name: string, data: Record<string, string> = {}, namespace = 'default', labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(labels ? { labels } : {}) }, data };
}

function deploy(name: string, replicas: number, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { replicas },
  };
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return isFerryError(error) ? `${error.httpStatus} ${error.code}: ${error.message}` : String(error);
  }
  return undefined;
}

describe('SimObjectStore writes', () => {
  it('fills server-owned metadata on create and bumps one global resourceVersion', () => {
    const store = openStore();
    const a = store.create('configmaps', cm('a'));
    const n = store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'ignored' } });
    expect(a.metadata).toMatchObject({
      name: 'a', namespace: 'default', uid: 'uid-1', resourceVersion: '1', creationTimestamp: '2026-03-01T10:00:00Z',
    });
    expect(a.metadata.generation).toBeUndefined();
    expect(n.metadata.resourceVersion).toBe('2');
    expect(n.metadata.namespace).toBeUndefined();
    expect(store.resourceVersion()).toBe('2');
    expect(Object.isFrozen(a.metadata)).toBe(true);
  });

  it('names objects from generateName with the API server alphabet', () => {
    const draws = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.99];
    const store = openStore({ random: () => draws.shift() ?? 0.5 });
    const made = store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-', namespace: 'default' } });
    expect(made.metadata.name).toBe('web-bbbbb');
    const second = store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-', namespace: 'default' } });
    expect(second.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(second.metadata.name).not.toBe('web-bbbbb');
  });

  it('refuses a second object of the same name with 409 AlreadyExists', () => {
    const store = openStore();
    store.create('apps/deployments', deploy('web', 1));
    expect(codeOf(() => store.create('apps/deployments', deploy('web', 2)))).toBe(
      '409 CLUSTER_ALREADY_EXISTS: deployments.apps "web" already exists',
    );
  });

  it('bumps generation on spec changes (and Deployment annotations), not on status or labels', () => {
    const store = openStore();
    const created = store.create('apps/deployments', deploy('web', 1));
    expect(created.metadata.generation).toBe(1);
    const scaled = store.update('apps/deployments', deploy('web', 3));
    expect(scaled.metadata.generation).toBe(2);
    const status = store.update('apps/deployments', { ...deploy('web', 3), status: { replicas: 3 } });
    expect(status.metadata.generation).toBe(2);
    const labelled = store.update('apps/deployments', {
      ...deploy('web', 3), metadata: { name: 'web', namespace: 'default', labels: { a: 'b' } }, status: { replicas: 3 },
    });
    expect(labelled.metadata.generation).toBe(2);
    const annotated = store.update('apps/deployments', { ...deploy('web', 3, { note: 'x' }), status: { replicas: 3 } });
    expect(annotated.metadata.generation).toBe(3);
  });

  it('rejects a stale resourceVersion with 409 Conflict and keeps the stored object', () => {
    const store = openStore();
    const first = store.create('configmaps', cm('a', { k: '1' }));
    store.update('configmaps', cm('a', { k: '2' }));
    const stale = { ...cm('a', { k: '3' }), metadata: { ...cm('a').metadata, resourceVersion: first.metadata.resourceVersion } };
    expect(codeOf(() => store.update('configmaps', stale))).toBe(
      '409 CLUSTER_CONFLICT: Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(store.get('configmaps', 'default', 'a')?.data).toEqual({ k: '2' });
  });

  it('treats a write that changes nothing as a no-op: same resourceVersion, no event', () => {
    const store = openStore();
    const created = store.create('configmaps', cm('a', { k: '1' }));
    const events: StoreWatchEvent[] = [];
    store.watch('configmaps', { resourceVersion: store.resourceVersion() }, (event) => events.push(event));
    const same = store.update('configmaps', { kind: 'ConfigMap', apiVersion: 'v1', data: { k: '1' }, metadata: { namespace: 'default', name: 'a' } });
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(events).toEqual([]);
  });

  it('answers 404 for a missing object with the resource named as the API server does', () => {
    const store = openStore();
    expect(codeOf(() => store.update('apps/deployments', deploy('nope', 1)))).toBe(
      '404 CLUSTER_NOT_FOUND: deployments.apps "nope" not found',
    );
    expect(codeOf(() => store.delete('configmaps', 'default', 'nope'))).toBe('404 CLUSTER_NOT_FOUND: configmaps "nope" not found');
  });
});

describe('SimObjectStore deletion', () => {
  it('deletes at once without finalizers; the DELETED event carries the deletion RV', () => {
    const store = openStore();
    store.create('configmaps', cm('a'));
    const events: StoreWatchEvent[] = [];
    store.watch('configmaps', { resourceVersion: store.resourceVersion() }, (event) => events.push(event));
    const result = store.delete('configmaps', 'default', 'a');
    expect(result.deleted).toBe(true);
    expect(store.get('configmaps', 'default', 'a')).toBeUndefined();
    expect(events.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([['DELETED', '2']]);
  });

  it('keeps an object with finalizers until the write that removes the last one', () => {
    const store = openStore();
    store.create('configmaps', { ...cm('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['x/one', 'x/two'] } });
    const pending = store.delete('configmaps', 'default', 'a');
    expect(pending.deleted).toBe(false);
    expect(pending.object.metadata.deletionTimestamp).toBe('2026-03-01T10:00:00Z');
    const one = store.update('configmaps', { ...pending.object, metadata: { ...pending.object.metadata, finalizers: ['x/two'] } });
    expect(store.get('configmaps', 'default', 'a')?.metadata.finalizers).toEqual(['x/two']);
    store.update('configmaps', { ...one, metadata: { ...one.metadata, finalizers: [] } });
    expect(store.get('configmaps', 'default', 'a')).toBeUndefined();
  });

  it('adds the foreground finalizer when asked and does not let updates clear deletionTimestamp', () => {
    const store = openStore();
    store.create('apps/deployments', deploy('web', 1));
    const pending = store.delete('apps/deployments', 'default', 'web', { addFinalizers: ['foregroundDeletion'] });
    expect(pending.object.metadata.finalizers).toEqual(['foregroundDeletion']);
    const { deletionTimestamp: _gone, ...withoutDeletion } = pending.object.metadata;
    const updated = store.update('apps/deployments', { ...pending.object, metadata: withoutDeletion });
    expect(updated.metadata.deletionTimestamp).toBe('2026-03-01T10:00:00Z');
  });

  it('deletes gracefully: deletionTimestamp in the future until a delete with grace 0', () => {
    const store = openStore();
    store.create('configmaps', cm('a'));
    const graceful = store.delete('configmaps', 'default', 'a', { gracePeriodSeconds: 30 });
    expect(graceful.deleted).toBe(false);
    expect(graceful.object.metadata).toMatchObject({ deletionTimestamp: '2026-03-01T10:00:30Z', deletionGracePeriodSeconds: 30 });
    expect(store.delete('configmaps', 'default', 'a', { gracePeriodSeconds: 0 }).deleted).toBe(true);
  });

  it('checks uid and resourceVersion preconditions', () => {
    const store = openStore();
    store.create('configmaps', cm('a'));
    expect(codeOf(() => store.delete('configmaps', 'default', 'a', { preconditions: { uid: 'other' } }))).toBe(
      '409 CLUSTER_CONFLICT: Operation cannot be fulfilled on configmaps "a": Precondition failed: UID in precondition: other, UID in object meta: uid-1',
    );
  });

  it('dry runs change nothing', () => {
    const store = openStore();
    store.create('configmaps', cm('a'), { dryRun: true });
    expect(store.get('configmaps', 'default', 'a')).toBeUndefined();
    store.create('configmaps', cm('a'));
    store.delete('configmaps', 'default', 'a', { dryRun: true });
    expect(store.get('configmaps', 'default', 'a')).toBeDefined();
    expect(store.resourceVersion()).toBe('1');
  });
});

describe('SimObjectStore list', () => {
  it('lists in key order, filters and pages with continue tokens', () => {
    const store = openStore();
    for (const name of ['c', 'a', 'b', 'e', 'd']) store.create('configmaps', cm(name, {}, 'default', { odd: String('ace'.includes(name)) }));
    store.create('configmaps', cm('z', {}, 'other'));
    const all = store.list('configmaps');
    expect(all.items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
    const page1 = store.list('configmaps', { namespace: 'default', limit: 2 });
    expect(page1.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(page1.remainingItemCount).toBe(3);
    const page2 = store.list('configmaps', { namespace: 'default', limit: 2, continue: page1.continue });
    expect(page2.items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
    const page3 = store.list('configmaps', { namespace: 'default', limit: 2, continue: page2.continue });
    expect(page3.items.map((o) => o.metadata.name)).toEqual(['e']);
    expect(page3.continue).toBeUndefined();
    expect(page3.resourceVersion).toBe(page1.resourceVersion);
    const odd = store.list('configmaps', { filter: (o) => o.metadata.labels?.odd === 'true' });
    expect(odd.items.map((o) => o.metadata.name)).toEqual(['a', 'c', 'e']);
    expect(codeOf(() => store.list('configmaps', { continue: 'garbage!' }))).toMatch(/^400 CLUSTER_BAD_REQUEST: continue key is not valid/);
  });
});

describe('SimObjectStore watch', () => {
  it('replays events after a resourceVersion, then delivers live ones in order', () => {
    const store = openStore();
    store.create('configmaps', cm('a'));
    const from = store.resourceVersion();
    store.update('configmaps', cm('a', { k: 'v' }));
    store.create('configmaps', cm('b'));
    const events: string[] = [];
    const watch = store.watch('configmaps', { resourceVersion: from }, (e) => events.push(`${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`));
    store.delete('configmaps', 'default', 'a');
    watch.stop();
    store.create('configmaps', cm('c'));
    expect(events).toEqual(['MODIFIED a 2', 'ADDED b 3', 'DELETED a 4']);
  });

  it('sends synthetic ADDED events for a watch without resourceVersion', () => {
    const store = openStore();
    store.create('configmaps', cm('a'));
    store.create('configmaps', cm('b', {}, 'other'));
    const events: string[] = [];
    store.watch('configmaps', { namespace: 'default' }, (e) => events.push(`${e.type} ${e.object.metadata.name}`));
    expect(events).toEqual(['ADDED a']);
  });

  it('answers WatchList with the initial objects and the initial-events-end bookmark', () => {
    const store = openStore();
    store.create('configmaps', cm('a'));
    const events: StoreWatchEvent[] = [];
    store.watch('configmaps', { sendInitialEvents: true, allowBookmarks: true, resourceVersion: '1' }, (e) => events.push(e));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(events[1]?.object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1', creationTimestamp: null, annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
  });

  it('turns filter transitions into ADDED and DELETED, as the watch cache does', () => {
    const store = openStore();
    store.create('configmaps', cm('a', {}, 'default', { app: 'web' }));
    const events: string[] = [];
    store.watch(
      'configmaps',
      { resourceVersion: store.resourceVersion(), filter: (o) => o.metadata.labels?.app === 'web' },
      (e) => events.push(`${e.type} ${e.object.metadata.labels?.app}`),
    );
    store.update('configmaps', cm('a', {}, 'default', { app: 'db' }));
    store.update('configmaps', cm('a', {}, 'default', { app: 'web' }));
    store.update('configmaps', cm('a', { x: '1' }, 'default', { app: 'web' }));
    expect(events).toEqual(['DELETED db', 'ADDED web', 'MODIFIED web']);
  });

  it('answers 410 Expired for a resourceVersion older than the history kept', () => {
    const store = openStore({ historyLimit: 3 });
    for (let i = 0; i < 10; i++) store.create('configmaps', cm(`c${i}`));
    const error = (() => {
      try {
        store.watch('configmaps', { resourceVersion: '1' }, () => undefined);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(statusOfClusterError(error)).toMatchObject({ code: 410, reason: 'Expired', message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/) });
    const events: string[] = [];
    store.watch('configmaps', { resourceVersion: '8' }, (e) => events.push(e.object.metadata.name ?? ''));
    expect(events).toEqual(['c8', 'c9']);
  });
});

describe('SimObjectStore batches and persistence', () => {
  it('commits a batch as one and publishes its events after the commit', () => {
    const store = openStore();
    const seen: string[] = [];
    store.watch('configmaps', {}, (e) => seen.push(`${e.type} ${e.object.metadata.name} rv-now=${store.resourceVersion()}`));
    store.batch(() => {
      store.create('configmaps', cm('a'));
      store.create('configmaps', cm('b'));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['ADDED a rv-now=2', 'ADDED b rv-now=2']);
  });

  it('rolls a failed batch back entirely', () => {
    const store = openStore({ dataDir: tempDir() });
    store.create('configmaps', cm('keep'));
    expect(() =>
      store.batch(() => {
        store.create('configmaps', cm('a'));
        store.update('configmaps', cm('keep', { changed: 'yes' }));
        store.create('configmaps', cm('a'));
      }),
    ).toThrow('already exists');
    expect(store.get('configmaps', 'default', 'a')).toBeUndefined();
    expect(store.get('configmaps', 'default', 'keep')?.data).toEqual({});
    expect(store.resourceVersion()).toBe('1');
  });

  it('resumes from its data directory: objects and the resourceVersion counter', () => {
    const dataDir = tempDir();
    const first = openStore({ dataDir });
    first.create('configmaps', cm('a', { k: 'v' }));
    first.create('apps/deployments', deploy('web', 2));
    first.create('configmaps', cm('gone'));
    first.delete('configmaps', 'default', 'gone');
    first.close();
    const second = openStore({ dataDir });
    expect(second.resourceVersion()).toBe('4');
    expect(second.get('configmaps', 'default', 'a')?.data).toEqual({ k: 'v' });
    expect(second.get('configmaps', 'default', 'gone')).toBeUndefined();
    expect(second.create('configmaps', cm('b')).metadata.resourceVersion).toBe('5');
    expect(second.list('apps/deployments').items.map((o) => o.metadata.generation)).toEqual([1]);
  });
});
