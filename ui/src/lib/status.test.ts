import { describe, expect, it } from 'vitest';
import type { ResourceNode } from '../api/types.ts';
import { countBy, describeKinds, pluralKind, foldChildren, HEALTH_LOOK, healthLook, OPERATION_LOOK, SYNC_LOOK, syncLook, worstHealth } from './status.ts';

function node(kind: string, name: string, health?: string, children: ResourceNode[] = []): ResourceNode {
  return { group: '', version: 'v1', kind, namespace: 'default', name, info: [], children, ...(health && { health: { status: health as 'Healthy' } }) };
}

describe('status looks', () => {
  it.each([
    ['health', HEALTH_LOOK],
    ['sync', SYNC_LOOK],
    ['operation', OPERATION_LOOK],
  ])('every %s status has its own icon and a word, so colour is never the only cue', (_name, table) => {
    const looks = Object.values(table);
    expect(new Set(looks.map((l) => l.icon)).size).toBe(looks.length);
    for (const look of looks) expect(look.label.length).toBeGreaterThan(0);
  });

  it('falls back to Unknown for words it does not know', () => {
    expect(healthLook('Exploded').label).toBe('Unknown');
    expect(syncLook(undefined).label).toBe('Unknown');
  });
});

describe('worstHealth', () => {
  it.each([
    [['Healthy', 'Progressing'], 'Progressing'],
    [['Healthy', 'Degraded', 'Missing'], 'Degraded'],
    [['Suspended', 'Healthy'], 'Suspended'],
    [['Healthy', 'Unknown'], 'Unknown'],
    [['Healthy', 'Something'], 'Unknown'],
    [[undefined, 'Healthy'], 'Healthy'],
    [[], undefined],
  ])('%j -> %s', (statuses, worst) => expect(worstHealth(statuses)).toBe(worst));
});

describe('foldChildren', () => {
  it('counts every hidden descendant by kind and health and keeps the worst', () => {
    const deployment = node('Deployment', 'web', 'Progressing', [
      node('ReplicaSet', 'web-1', 'Healthy', [node('Pod', 'web-1-a', 'Healthy'), node('Pod', 'web-1-b', 'Degraded')]),
      node('ReplicaSet', 'web-0', undefined, []),
    ]);
    const fold = foldChildren(deployment);
    expect(fold.count).toBe(4);
    expect(Object.fromEntries(fold.kinds)).toEqual({ ReplicaSet: 2, Pod: 2 });
    expect(Object.fromEntries(fold.health)).toEqual({ Healthy: 2, Degraded: 1 });
    expect(fold.worst).toBe('Degraded');
    expect(describeKinds(fold.kinds)).toBe('2 ReplicaSets, 2 Pods');
  });

  it('has nothing to fold for a leaf', () => {
    expect(foldChildren(node('Service', 'web'))).toEqual({ count: 0, health: new Map(), kinds: new Map() });
  });
});

describe('countBy', () => {
  it('skips items without a value', () => {
    expect(Object.fromEntries(countBy(['a', 'b', 'a', ''], (x) => x || undefined))).toEqual({ a: 2, b: 1 });
  });
});

describe('pluralKind', () => {
  it.each([
    ['Pod', 'Pods'],
    ['Ingress', 'Ingresses'],
    ['NetworkPolicy', 'NetworkPolicies'],
    ['Endpoints', 'Endpoints'],
    ['Gateway', 'Gateways'],
  ])('%s -> %s', (kind, plural) => expect(pluralKind(kind)).toBe(plural));
});
