import { describe, expect, it } from 'vitest';
import { applyDelta, deltaSizes, formatGitDate, parseCommit, parseTag, parseTree } from './git-objects.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A delta: base size, result size, then instructions. */
function delta(baseSize: number, resultSize: number, ...ops: number[][]): Uint8Array {
  return new Uint8Array([baseSize, resultSize, ...ops.flat()]);
}

describe('applyDelta', () => {
  it('copies ranges of the base and inserts new bytes', () => {
    const base = bytes('hello world');
    // copy offset 6 size 5 ("world"), insert ", ", copy offset 0 size 5 ("hello")
    const result = applyDelta(base, delta(11, 12, [0x80 | 0x01 | 0x10, 6, 5], [2, 0x2c, 0x20], [0x80 | 0x10, 5]));
    expect(new TextDecoder().decode(result)).toBe('world, hello');
    expect(deltaSizes(delta(11, 12))).toEqual({ base: 11, result: 12 });
  });

  it.each([
    ['a base of the wrong size', delta(10, 1, [1, 0x41])],
    ['a copy past the base', delta(11, 5, [0x80 | 0x01 | 0x10, 9, 5])],
    ['a result shorter than announced', delta(11, 3, [1, 0x41])],
    ['the reserved opcode', delta(11, 1, [0])],
  ])('refuses %s', (_name, bad) => {
    expect(() => applyDelta(bytes('hello world'), bad)).toThrow();
  });
});

describe('object parsers', () => {
  it('reads a commit with a signature header and a multi-line message', () => {
    const commit = parseCommit(
      bytes(
        'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n' +
          'parent 1111111111111111111111111111111111111111\n' +
          'author Ada Lovelace <ada@example.com> 1767225600 +0130\n' +
          'committer Bot <bot@example.com> 1767225700 +0000\n' +
          'gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n' +
          '\nFix the thing\n\nLonger text.\n',
      ),
      'c0ffee',
    );
    expect(commit).toEqual({
      tree: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      parents: ['1111111111111111111111111111111111111111'],
      author: { name: 'Ada Lovelace', email: 'ada@example.com', date: '2026-01-01T01:30:00+01:30' },
      message: 'Fix the thing\n\nLonger text.',
    });
  });

  it.each([
    [1767225600, '+', 0, 0, '2026-01-01T00:00:00+00:00'],
    [1767225600, '-', 5, 0, '2025-12-31T19:00:00-05:00'],
    [1767225600, '+', 5, 45, '2026-01-01T05:45:00+05:45'],
  ])('formats %d %s%d:%d as %s', (seconds, sign, hours, minutes, expected) => {
    expect(formatGitDate(seconds, sign, hours, minutes)).toBe(expected);
  });

  it('reads tree entries and tags', () => {
    const oid = Buffer.from('aa'.repeat(20), 'hex');
    const tree = Buffer.concat([Buffer.from('100644 a.yaml\0'), oid, Buffer.from('40000 dir\0'), oid]);
    expect(parseTree(tree, 't')).toEqual([
      { mode: '100644', name: 'a.yaml', oid: 'aa'.repeat(20) },
      { mode: '40000', name: 'dir', oid: 'aa'.repeat(20) },
    ]);
    expect(() => parseTree(tree.subarray(0, tree.length - 3), 't')).toThrow('git tree t is malformed');
    expect(parseTag(bytes(`object ${'b'.repeat(40)}\ntype commit\ntag v1\ntagger X <x@y> 1 +0000\n\nrelease\n`), 'g')).toEqual({
      object: 'b'.repeat(40),
      type: 'commit',
      tag: 'v1',
    });
  });
});
