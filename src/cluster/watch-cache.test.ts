import { describe, expect, it } from 'vitest';
import { ManualClock, type KubeObject } from '../core/index.ts';
import { clusterErrorFromStatus, makeStatus } from './errors.ts';
import type { ClusterClient, ObjectList, WatchEvent } from './types.ts';
import { WatchCache } from './watch-cache.ts';

function cm(name: string, rv: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: rv } };
}

/**
 * A scripted cluster: each list returns the next snapshot, each watch the next script (events,
 * then an error or the end of the stream). Only list and watch are used by the cache.
 */
function scriptedCluster(lists: ObjectList[], watches: { events: WatchEvent[]; error?: Error }[]) {
  const calls: string[] = [];
  const client = {
    list: async () => {
      calls.push('list');
      const next = lists.shift();
      if (!next) throw new Error('no more lists');
      return next;
    },
    watch: (_type: unknown, options: { resourceVersion?: string; signal: AbortSignal }) => ({
      async *[Symbol.asyncIterator]() {
        calls.push(`watch from ${options.resourceVersion}`);
        const script = watches.shift();
        if (!script) {
          await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
          return;
        }
        for (const event of script.events) yield event;
        if (script.error) throw script.error;
      },
    }),
  } as unknown as ClusterClient;
  return { client, calls };
}

describe('WatchCache', () => {
  it('re-watches from the last resourceVersion when a stream ends, and relists after 410 Expired', async () => {
    const expired = clusterErrorFromStatus(makeStatus(410, 'too old resource version: 5 (9)', 'Expired'));
    const { client, calls } = scriptedCluster(
      [
        { items: [cm('a', '3'), cm('b', '4')], resourceVersion: '5' },
        { items: [cm('a', '3'), cm('c', '12')], resourceVersion: '12' },
      ],
      [
        { events: [{ type: 'MODIFIED', object: cm('b', '6') }, { type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '7' } } }] },
        { events: [], error: expired },
      ],
    );
    const cache = new WatchCache(client, { type: { apiVersion: 'v1', kind: 'ConfigMap' }, clock: new ManualClock() });
    const seen: string[] = [];
    cache.subscribe((event) => seen.push(`${event.type} ${event.object.metadata.name}@${event.object.metadata.resourceVersion}`));
    const controller = new AbortController();
    await cache.start(controller.signal);
    for (let i = 0; i < 50 && cache.resourceVersion !== '12'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await cache.stopped();
    expect(calls).toEqual(['list', 'watch from 5', 'watch from 7', 'list', 'watch from 12']);
    expect(seen).toEqual(['ADDED a@3', 'ADDED b@4', 'MODIFIED b@6', 'DELETED b@6', 'ADDED c@12']);
    expect(cache.list().map((o) => o.metadata.name)).toEqual(['a', 'c']);
  });

  it('backs off and retries a failed list, and fails the start for a kind the server does not serve', async () => {
    const clock = new ManualClock();
    const unreachable = Object.assign(new Error('connection refused'), {});
    const { client, calls } = scriptedCluster([], []);
    let attempts = 0;
    const flaky = {
      ...client,
      list: async () => {
        attempts++;
        if (attempts === 1) throw unreachable;
        return { items: [cm('a', '1')], resourceVersion: '1' };
      },
    } as ClusterClient;
    const cache = new WatchCache(flaky, { type: { apiVersion: 'v1', kind: 'ConfigMap' }, clock });
    const controller = new AbortController();
    const started = cache.start(controller.signal);
    for (let i = 0; i < 50 && clock.nextWakeAt() === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(clock.nextWakeAt()?.getTime()).toBe(clock.now().getTime() + 1000);
    clock.advance(1000);
    await started;
    expect(cache.get('ns', 'a')).toBeDefined();
    controller.abort();
    await cache.stopped();
    expect(calls).toEqual(['watch from 1']);

    const notServed = clusterErrorFromStatus(makeStatus(404, 'the server could not find the requested resource', 'NotFound'));
    const missing = new WatchCache({ ...client, list: async () => { throw notServed; } } as ClusterClient, { type: { apiVersion: 'x/v1', kind: 'X' }, clock });
    await expect(missing.start(new AbortController().signal)).rejects.toThrow('the server could not find the requested resource');
  });
});
