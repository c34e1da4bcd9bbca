import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import { classifyRevision, matchRef, refCandidates, type AdvertisedRef } from './revision.ts';

describe('classifyRevision', () => {
  it.each([
    ['HEAD', { kind: 'head' }],
    ['', { kind: 'head' }],
    ['  ', { kind: 'head' }],
    ['0123456789ABCDEF0123456789abcdef01234567', { kind: 'commit', sha: '0123456789abcdef0123456789abcdef01234567' }],
    ['deadbee', { kind: 'name-or-sha', name: 'deadbee', prefix: 'deadbee' }],
    ['CAFE', { kind: 'name-or-sha', name: 'CAFE', prefix: 'cafe' }],
    ['abc', { kind: 'name', name: 'abc' }],
    ['main', { kind: 'name', name: 'main' }],
    ['release/1.2', { kind: 'name', name: 'release/1.2' }],
    ['v1.0.0', { kind: 'name', name: 'v1.0.0' }],
    ['refs/heads/main', { kind: 'name', name: 'refs/heads/main' }],
  ])('classifies %j', (revision, expected) => {
    expect(classifyRevision(revision)).toEqual(expected);
  });

  it.each(['a..b', 'with space', 'a~1', 'HEAD^', 'x:y', 'a*', 'feature/', '/x', 'a//b', '-x', 'x.lock', '.hidden', 'x@{1}', 'end.'])(
    'refuses the malformed revision %j',
    (revision) => {
      let caught: unknown;
      try {
        classifyRevision(revision);
      } catch (error) {
        caught = error;
      }
      expect(isFerryError(caught, 'SOURCE_REVISION_INVALID')).toBe(true);
      expect((caught as Error).message).toContain(JSON.stringify(revision));
    },
  );
});

describe('matchRef', () => {
  const refs = new Map<string, AdvertisedRef>(
    [
      { name: 'HEAD', oid: '1'.repeat(40), target: 'refs/heads/main' },
      { name: 'refs/heads/main', oid: '1'.repeat(40) },
      { name: 'refs/heads/v2', oid: '2'.repeat(40) },
      { name: 'refs/tags/v2', oid: '3'.repeat(40), peeled: '4'.repeat(40) },
      { name: 'refs/heads/feature/x', oid: '5'.repeat(40) },
    ].map((ref) => [ref.name, ref]),
  );

  it.each([
    ['main', 'refs/heads/main'],
    ['v2', 'refs/tags/v2'],
    ['heads/v2', 'refs/heads/v2'],
    ['refs/heads/v2', 'refs/heads/v2'],
    ['feature/x', 'refs/heads/feature/x'],
  ])('resolves %s to %s (tags before branches, as git does)', (name, expected) => {
    expect(matchRef(refs, name)?.name).toBe(expected);
  });

  it('finds nothing for an unknown name', () => {
    expect(matchRef(refs, 'gone')).toBeUndefined();
    expect(refCandidates('refs/tags/x')).toEqual(['refs/tags/x']);
  });
});
