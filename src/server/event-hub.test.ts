import { describe, expect, it } from 'vitest';
import { EventHub } from './event-hub.ts';

describe('EventHub', () => {
  it('numbers messages and replays those after an id', () => {
    const hub = new EventHub(10);
    const seen: number[] = [];
    hub.subscribe((m) => seen.push(m.id));
    for (const app of ['a', 'b', 'c']) hub.publish('application', app, {});
    expect(seen).toEqual([1, 2, 3]);
    expect(hub.since(1)?.map((m) => m.app)).toEqual(['b', 'c']);
    expect(hub.since(3)).toEqual([]);
    expect(hub.since(0)?.length).toBe(3);
  });

  it.each([
    ['an id the ring no longer holds', 1],
    ['an id from the future (a restart)', 99],
    ['a negative id', -1],
  ])('refuses to replay from %s', (_name, id) => {
    const hub = new EventHub(3);
    for (let i = 0; i < 6; i++) hub.publish('event', 'a', i);
    expect(hub.since(id)).toBeUndefined();
  });

  it('replays from the oldest id it still holds', () => {
    const hub = new EventHub(3);
    for (let i = 0; i < 6; i++) hub.publish('event', 'a', i);
    expect(hub.since(3)?.map((m) => m.data)).toEqual([3, 4, 5]);
  });
});
