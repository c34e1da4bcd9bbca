import { describe, expect, it } from 'vitest';
import { diffManifestSets, objectRef } from './manifest-diff.ts';

const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
const deployment = (image: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: 'web', image }] } } } });

describe('diffManifestSets', () => {
  it('matches objects by reference and lists changed, added, removed, then unchanged ones', () => {
    const diffs = diffManifestSets([deployment('web:2'), configMap('gone', { a: '1' }), configMap('same', { a: '1' })], [deployment('web:1'), configMap('same', { a: '1' }), configMap('new', { b: '2' })]);
    expect(diffs.map((d) => `${d.change} ${d.kind}/${d.name} +${d.stats.added} -${d.stats.removed}`)).toEqual([
      'changed Deployment/web +1 -1',
      'added ConfigMap/new +7 -0',
      'removed ConfigMap/gone +0 -7',
      'unchanged ConfigMap/same +0 -0',
    ]);
    expect(diffs[0]?.edits.filter((e) => e.kind !== 'same').map((e) => `${e.kind} ${e.text.trim()}`)).toEqual(['del image: web:2', 'add image: web:1']);
  });

  it('names objects with their API group', () => {
    expect(objectRef(deployment('x'))).toBe('apps/Deployment/default/web');
    expect(objectRef({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } })).toBe('/Namespace//prod');
  });
});
