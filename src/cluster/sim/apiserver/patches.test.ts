/* eslint-disable @typescript-eslint/no-explicit-any -- table rows pick fields out of patched JSON */
import { describe, expect, it } from 'vitest';
import { statusOfClusterError } from '../../errors.ts';
import { applyJsonPatch, applyMergePatch, checkJsonPatch } from './patches.ts';

function statusOf(work: () => unknown) {
  try {
    work();
  } catch (error) {
    return statusOfClusterError(error);
  }
  throw new Error('expected a failure');
}

const doc = { metadata: { name: 'x', labels: { a: '1' } }, spec: { list: [1, 2, 3], 'a/b': { '~t': true } } };

describe('applyJsonPatch (RFC 6902)', () => {
  it.each([
    [[{ op: 'add', path: '/metadata/labels/b', value: '2' }], (d: any) => d.metadata.labels, { a: '1', b: '2' }],
    [[{ op: 'add', path: '/spec/list/1', value: 9 }], (d: any) => d.spec.list, [1, 9, 2, 3]],
    [[{ op: 'add', path: '/spec/list/-', value: 4 }], (d: any) => d.spec.list, [1, 2, 3, 4]],
    [[{ op: 'remove', path: '/spec/list/0' }], (d: any) => d.spec.list, [2, 3]],
    [[{ op: 'replace', path: '/metadata/name', value: 'y' }], (d: any) => d.metadata.name, 'y'],
    [[{ op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/c' }], (d: any) => d.metadata.labels, { c: '1' }],
    [[{ op: 'copy', from: '/spec/list', path: '/spec/copy' }], (d: any) => d.spec.copy, [1, 2, 3]],
    [[{ op: 'test', path: '/spec/a~1b/~0t', value: true }], (d: any) => d.spec['a/b'], { '~t': true }],
  ])('applies %j', (operations, pick, expected) => {
    expect(pick(applyJsonPatch(doc, operations))).toEqual(expected);
    expect(doc.spec.list).toEqual([1, 2, 3]);
  });

  it.each([
    [[{ op: 'replace', path: '/spec/none', value: 1 }], 'replace operation does not apply: doc is missing key: /spec/none: missing value'],
    [[{ op: 'remove', path: '/spec/none' }], 'remove operation does not apply: doc is missing path: "/spec/none": missing value'],
    [[{ op: 'add', path: '/none/deeper', value: 1 }], 'add operation does not apply: doc is missing path: "/none/deeper": missing value'],
    [[{ op: 'add', path: '/spec/list/7', value: 1 }], 'add operation does not apply: doc is missing path: "/spec/list/7": index out of bounds'],
    [[{ op: 'test', path: '/metadata/name', value: 'other' }], 'testing value /metadata/name failed: test failed'],
    [[{ op: 'frob', path: '/x' }], 'Unexpected kind: frob'],
    [[{ op: 'move', path: '/x' }], 'move operation missing from'],
  ])('refuses %j with 422 and the reason as a cause', (operations, message) => {
    expect(statusOf(() => applyJsonPatch(doc, operations as never))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: { causes: [{ message }] },
    });
  });

  it('refuses a body that is not a list of operations with 400', () => {
    expect(statusOf(() => checkJsonPatch({ op: 'add' }))).toMatchObject({ code: 400, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
    expect(statusOf(() => checkJsonPatch(['add']))).toMatchObject({ code: 400 });
  });
});

describe('applyMergePatch (RFC 7386)', () => {
  it.each([
    [{ metadata: { labels: { b: '2' } } }, { name: 'x', labels: { a: '1', b: '2' } }],
    [{ metadata: { labels: null } }, { name: 'x' }],
    [{ metadata: { labels: { a: null } } }, { name: 'x', labels: {} }],
  ])('merges %j into metadata', (patch, metadata) => {
    expect((applyMergePatch(doc, patch) as typeof doc).metadata).toEqual(metadata);
  });

  it('replaces lists wholesale and non-objects entirely', () => {
    expect((applyMergePatch(doc, { spec: { list: [7] } }) as typeof doc).spec.list).toEqual([7]);
    expect(applyMergePatch(doc, [1])).toEqual([1]);
  });
});
