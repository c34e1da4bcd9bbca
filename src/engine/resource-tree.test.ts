import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.ts';
import { compareResource } from '../diff/index.ts';
import type { AppComparison } from './compare-app.ts';
import { buildResourceTree } from './resource-tree.ts';

const now = new Date('2026-01-01T00:00:00Z');

function object(apiVersion: string, kind: string, name: string, uid: string, owner?: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: 'web', uid, ...(owner && { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Owner', name: 'o', uid: owner, controller: true }] }) },
    ...extra,
  };
}

const deployment = object('apps/v1', 'Deployment', 'guestbook', 'd1', undefined, { spec: { replicas: 2 }, status: { readyReplicas: 1 } });
const replicaSet = object('apps/v1', 'ReplicaSet', 'guestbook-abc', 'r1', 'd1', { spec: { replicas: 2 } });
const pods = ['p1', 'p2'].map((uid) => object('v1', 'Pod', `guestbook-abc-${uid}`, uid, 'r1', { spec: { nodeName: 'node-1', containers: [{ image: 'nginx:1.27' }] }, status: { phase: 'Running' } }));
const stranger = object('v1', 'Pod', 'other', 'x1', 'nobody');

function comparisonOf(resources: { live?: KubeObject; desired?: KubeObject; status: 'Synced' | 'Missing' }[]): AppComparison {
  return {
    syncStatus: 'OutOfSync',
    health: { status: 'Progressing' },
    reasons: [],
    resources: resources.map((r) => {
      const source = (r.live ?? r.desired) as KubeObject;
      return { key: { group: source.apiVersion.includes('/') ? source.apiVersion.split('/')[0] ?? '' : '', kind: source.kind, namespace: 'web', name: source.metadata.name ?? '' }, apiVersion: source.apiVersion, status: r.status, diff: compareResource(r.desired, r.live), ...(r.live && { live: r.live }), ...(r.desired && { desired: r.desired }) };
    }),
  };
}

describe('buildResourceTree', () => {
  it('hangs ReplicaSets and Pods under their Deployment through ownerReferences', () => {
    const tree = buildResourceTree(comparisonOf([{ live: deployment, desired: deployment, status: 'Synced' }]), [deployment, replicaSet, ...pods, stranger], now);
    expect(tree).toHaveLength(1);
    const [root] = tree;
    expect(root).toMatchObject({ kind: 'Deployment', name: 'guestbook', status: 'Synced', info: [{ name: 'Replicas', value: '1/2' }] });
    expect(root?.children.map((c) => c.name)).toEqual(['guestbook-abc']);
    expect(root?.children[0]?.children.map((c) => [c.kind, c.name, c.status])).toEqual([
      ['Pod', 'guestbook-abc-p1', undefined],
      ['Pod', 'guestbook-abc-p2', undefined],
    ]);
    expect(root?.children[0]?.children[0]?.info).toEqual([
      { name: 'Status', value: 'Running' },
      { name: 'Node', value: 'node-1' },
      { name: 'Images', value: 'nginx:1.27' },
    ]);
  });

  it('lists a resource missing from the cluster without children', () => {
    const tree = buildResourceTree(comparisonOf([{ desired: deployment, status: 'Missing' }]), [replicaSet], now);
    expect(tree).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'web', name: 'guestbook', status: 'Missing', info: [], children: [] }]);
  });

  it('is empty before the first comparison', () => {
    expect(buildResourceTree(undefined, [deployment], now)).toEqual([]);
  });

  it('stops at a cycle of owner references', () => {
    const a = object('v1', 'ConfigMap', 'a', 'a1', 'b1');
    const b = object('v1', 'ConfigMap', 'b', 'b1', 'a1');
    const tree = buildResourceTree(comparisonOf([{ live: a, desired: a, status: 'Synced' }]), [a, b], now);
    let depth = 0;
    for (let level = tree[0]; level; level = level.children[0]) depth++;
    // The root and five levels below it: the cut, not an endless recursion.
    expect(depth).toBe(6);
  });
});
