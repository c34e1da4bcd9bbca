import { describe, expect, it } from 'vitest';
import { builtinSchemaLookup, kyamlMerge } from './index.ts';

const pod = builtinSchemaLookup('Pod');

function ports(dest: unknown[], patch: unknown[]): unknown {
  const result = kyamlMerge(
    { spec: { containers: [{ name: 'c', ports: structuredClone(dest) }] } },
    { spec: { containers: [{ name: 'c', ports: patch }] } },
    pod,
  ) as { spec: { containers: { ports: unknown[] }[] } };
  return result.spec.containers[0]?.ports;
}

const A = { containerPort: 53, protocol: 'TCP', name: 'a' };
const B = { containerPort: 53, protocol: 'UDP', name: 'b' };
const C = { containerPort: 8080, name: 'c' };

// Each expectation is what kubectl kustomize v5.7 printed for the same patch.
describe('kyamlMerge: lists merged on containerPort and protocol, as kustomize merges them', () => {
  it.each([
    ['an element matching both keys is merged in place', [{ containerPort: 53, protocol: 'UDP', name: 'b2' }], [A, { ...B, name: 'b2' }, C]],
    ['new elements go first, in the patch order', [{ containerPort: 9090, name: 'n' }, { containerPort: 9091, name: 'm' }], [{ containerPort: 9090, name: 'n' }, { containerPort: 9091, name: 'm' }, A, B, C]],
    ['a tuple missing the protocol merges with one that also lacks it', [{ containerPort: 8080, name: 'c2' }], [A, B, { ...C, name: 'c2' }]],
    ['a port missing the protocol where others have one is dropped', [{ containerPort: 53, name: 'x' }], [A, B, C]],
    ['$patch: delete removes the element', [{ containerPort: 53, protocol: 'UDP', $patch: 'delete' }], [A, C]],
  ])('%s', (_name, patch, expected) => {
    expect(ports([A, B, C], patch)).toEqual(expected);
  });

  it('merges lists with one key patch elements first, then the rest', () => {
    expect(ports([{ containerPort: 80, name: 'a' }, { containerPort: 81, name: 'b' }], [{ containerPort: 81, name: 'b2' }, { containerPort: 82, name: 'c' }])).toEqual([
      { containerPort: 81, name: 'b2' },
      { containerPort: 82, name: 'c' },
      { containerPort: 80, name: 'a' },
    ]);
  });
});

describe('kyamlMerge: maps, scalars and replaced lists', () => {
  it('changes the destination in place, keeping the identity of merged maps', () => {
    const labels = { app: 'x' };
    const dest = { metadata: { name: 'd', labels }, spec: { tolerations: [{ key: 'a' }] } };
    const result = kyamlMerge(dest, { metadata: { labels: { env: 'prod' } }, spec: { tolerations: [{ key: 'b', $patch: 'delete' }] } }) as typeof dest;
    expect(result).toBe(dest);
    expect(result.metadata.labels).toBe(labels);
    expect(labels).toEqual({ app: 'x', env: 'prod' });
    // A list without a merge strategy is replaced verbatim, directives included.
    expect(result.spec.tolerations).toEqual([{ key: 'b', $patch: 'delete' }]);
  });

  it('drops fields written without a value, keeps explicit nulls, and obeys $patch on maps', () => {
    const dest = { a: undefined, b: null, c: { x: 1 }, d: { y: 2 }, e: 1 };
    expect(kyamlMerge(dest, { c: { $patch: 'replace', z: 3 }, d: { $patch: 'delete' }, e: null })).toEqual({ b: null, c: { z: 3 } });
  });

  it('refuses a map patched with a scalar and an unknown directive', () => {
    expect(() => kyamlMerge({ a: { b: 1 } }, { a: 'x' })).toThrow(/wrong node kind/);
    expect(() => kyamlMerge({ a: {} }, { a: { $patch: 'explode' } })).toThrow(/unknown \$patch directive "explode"/);
  });

  it('deletes the whole object with a top-level $patch: delete', () => {
    expect(kyamlMerge({ kind: 'Pod' }, { $patch: 'delete' })).toBeUndefined();
  });
});
