import { describe, expect, it } from 'vitest';
import type { ResourceNode } from '../api/types.ts';
import { branchIds, countNodes, findNode, flattenTree } from './tree.ts';

function node(kind: string, name: string, extra: Partial<ResourceNode> = {}, children: ResourceNode[] = []): ResourceNode {
  return { group: kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps' : '', version: 'v1', kind, namespace: 'default', name, info: [], children, ...extra };
}

const tree: ResourceNode[] = [
  node('Deployment', 'web', { status: 'OutOfSync', health: { status: 'Progressing' } }, [
    node('ReplicaSet', 'web-1', { health: { status: 'Healthy' } }, [node('Pod', 'web-1-a', { health: { status: 'Healthy' } }), node('Pod', 'web-1-b', { health: { status: 'Progressing' } })]),
  ]),
  node('Service', 'web', { status: 'Synced', health: { status: 'Healthy' } }),
  node('ConfigMap', 'settings', { status: 'Synced' }),
];

const shape = (rows: ReturnType<typeof flattenTree>) => rows.map((r) => `${'  '.repeat(r.depth)}${r.node.kind}/${r.node.name}${r.hasChildren ? (r.expanded ? ' -' : ` + (${r.folded?.count})`) : ''}`);

describe('flattenTree', () => {
  it('lists resources depth first with their children, all open by default', () => {
    expect(shape(flattenTree(tree, { collapsed: new Set() }))).toEqual([
      'Deployment/web -',
      '  ReplicaSet/web-1 -',
      '    Pod/web-1-a',
      '    Pod/web-1-b',
      'Service/web',
      'ConfigMap/settings',
    ]);
  });

  it('hides what a collapsed node holds and summarises it', () => {
    const rows = flattenTree(tree, { collapsed: new Set(['apps/Deployment/default/web']) });
    expect(shape(rows)).toEqual(['Deployment/web + (3)', 'Service/web', 'ConfigMap/settings']);
    expect(rows[0]?.folded?.worst).toBe('Progressing');
  });

  it('gives nested rows ids that include their parents, and each row its own reference', () => {
    const rows = flattenTree(tree, { collapsed: new Set() });
    expect(rows[2]).toMatchObject({ id: 'apps/Deployment/default/web>apps/ReplicaSet/default/web-1>/Pod/default/web-1-a', ref: '/Pod/default/web-1-a', parentId: 'apps/Deployment/default/web>apps/ReplicaSet/default/web-1' });
  });

  it('keeps matches of a filter with the path to them, open even where collapsed', () => {
    const rows = flattenTree(tree, { collapsed: new Set(['apps/Deployment/default/web']), filter: 'WEB-1-B' });
    expect(shape(rows)).toEqual(['Deployment/web -', '  ReplicaSet/web-1 -', '    Pod/web-1-b']);
  });

  it('keeps the whole subtree of a matching node', () => {
    expect(shape(flattenTree(tree, { collapsed: new Set(), filter: 'replicaset/' }))).toEqual(['Deployment/web -', '  ReplicaSet/web-1 -', '    Pod/web-1-a', '    Pod/web-1-b']);
  });

  it('shows only the resources that differ from Git', () => {
    expect(shape(flattenTree(tree, { collapsed: new Set(['apps/Deployment/default/web']), onlyChanged: true }))).toEqual(['Deployment/web + (3)']);
  });

  it('flattens 1,500 resources with their ReplicaSets and Pods into one row each', () => {
    const big = Array.from({ length: 1500 }, (_, i) => node('Deployment', `d${i}`, { status: 'Synced' }, [node('ReplicaSet', `d${i}-rs`, {}, [node('Pod', `d${i}-a`), node('Pod', `d${i}-b`)])]));
    const rows = flattenTree(big, { collapsed: new Set() });
    expect(rows).toHaveLength(6000);
    expect(countNodes(big)).toBe(6000);
  });
});

describe('branchIds and findNode', () => {
  it('lists every node with children and finds any node by reference', () => {
    expect(branchIds(tree)).toEqual(['apps/Deployment/default/web', 'apps/Deployment/default/web>apps/ReplicaSet/default/web-1']);
    expect(findNode(tree, { group: '', kind: 'Pod', namespace: 'default', name: 'web-1-b' })?.health?.status).toBe('Progressing');
    expect(findNode(tree, { group: '', kind: 'Pod', namespace: 'default', name: 'nope' })).toBeUndefined();
  });
});
