import { describe, expect, it } from 'vitest';
import { goJson, hashResource } from './hash.ts';

describe('hashResource', () => {
  // Suffixes kubectl kustomize v5.7 gave these generated objects.
  it.each([
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p-cm' }, data: { a: '1', b: 'two' } }, '5m9tg7g54f'],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p-cm2' } }, '6ct58987ht'],
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p-s' }, type: 'Opaque', data: { k: 'dg==' } }, 'ftgtgc4t9f'],
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p-s2' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eQ==' } }, 'f4c6k54dt5'],
  ])('hashes %j as kustomize does', (obj, hash) => {
    expect(hashResource(obj)).toBe(hash);
  });

  it('does not depend on the name (kustomize hashes an empty one)', () => {
    const data = { a: 'b' };
    expect(hashResource({ kind: 'ConfigMap', metadata: { name: 'x' }, data })).toBe(hashResource({ kind: 'ConfigMap', metadata: { name: 'y' }, data }));
  });

  it('encodes JSON as Go does: sorted keys, HTML-safe escapes', () => {
    expect(goJson({ b: '<&>', a: [1, null] })).toBe('{"a":[1,null],"b":"\\u003c\\u0026\\u003e"}');
  });
});
