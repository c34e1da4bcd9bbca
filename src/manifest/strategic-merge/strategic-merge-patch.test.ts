import { describe, expect, it } from 'vitest';
import { builtinSchemaLookup, strategicMergePatch } from './index.ts';

const deployment = builtinSchemaLookup('apps/Deployment');

const original = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', finalizers: ['x', 'y'] },
  spec: {
    template: {
      spec: {
        nodeSelector: { a: 'b' },
        containers: [
          { name: 'a', image: 'a', args: ['x', 'y'], env: [{ name: 'E', value: '1' }] },
          { name: 'b', image: 'b' },
        ],
        volumes: [{ name: 'v1', emptyDir: {} }, { name: 'v2', emptyDir: {} }],
      },
    },
  },
};

describe('strategicMergePatch, API server flavour', () => {
  it('merges lists by their merge keys and appends new elements', () => {
    const result = strategicMergePatch(original, { spec: { template: { spec: { containers: [{ name: 'b', image: 'b2' }, { name: 'c', image: 'c' }] } } } }, deployment) as typeof original;
    expect(result.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['a=a', 'b=b2', 'c=c']);
  });

  it('honours $patch delete and replace, null deletions and $retainKeys', () => {
    const result = strategicMergePatch(
      original,
      {
        spec: {
          template: {
            spec: {
              volumes: [{ name: 'v1', $patch: 'delete' }],
              nodeSelector: { $patch: 'replace', c: 'd' },
              containers: [{ name: 'a', env: null }],
              $retainKeys: ['volumes', 'nodeSelector', 'containers'],
            },
          },
        },
      },
      deployment,
    ) as typeof original;
    const spec = result.spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'v2', emptyDir: {} }]);
    expect(spec.nodeSelector).toEqual({ c: 'd' });
    expect(spec.containers[0]).toEqual({ name: 'a', image: 'a', args: ['x', 'y'] });
  });

  it('applies $setElementOrder and $deleteFromPrimitiveList', () => {
    const result = strategicMergePatch(
      original,
      {
        metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] },
        spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } } },
      },
      deployment,
    ) as typeof original;
    expect(result.metadata.finalizers).toEqual(['y']);
    expect(result.spec.template.spec.containers.map((c) => c.name)).toEqual(['b', 'a']);
  });

  it('deletes the object with a top-level $patch: delete and leaves the original alone', () => {
    expect(strategicMergePatch(original, { $patch: 'delete' }, deployment)).toBeUndefined();
    expect(original.spec.template.spec.containers).toHaveLength(2);
  });

  it('replaces lists of kinds it has no schema for', () => {
    const result = strategicMergePatch({ spec: { items: [{ name: 'a' }, { name: 'b' }] } }, { spec: { items: [{ name: 'c' }] } });
    expect(result).toEqual({ spec: { items: [{ name: 'c' }] } });
  });

  it('refuses an unknown directive', () => {
    expect(() => strategicMergePatch({}, { $patch: 'explode' })).toThrow(/unknown \$patch directive "explode"/);
  });
});

describe('strategicMergePatch, kustomize flavour', () => {
  it('puts patched and new elements first and copies other $ keys through', () => {
    const result = strategicMergePatch(
      original,
      {
        metadata: { finalizers: ['z'] },
        spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }], containers: [{ name: 'b', image: 'new' }, { name: 'z', image: 'z' }] } } },
      },
      deployment,
      { flavour: 'kustomize' },
    ) as typeof original & { spec: { template: { spec: Record<string, unknown> } } };
    expect(result.metadata.finalizers).toEqual(['z', 'x', 'y']);
    expect(result.spec.template.spec.containers.map((c) => c.name)).toEqual(['b', 'z', 'a']);
    expect(result.spec.template.spec['$setElementOrder/containers']).toEqual([{ name: 'b' }]);
  });
});
