import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, splitLines, splitRows, toHunks, unifiedRows, unifiedText, type LineEdit } from './diff-lines.ts';

/** Length of the longest common subsequence, by dynamic programming: the minimal script keeps exactly this many lines. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const line of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = line === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] as number);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

function sides(edits: readonly LineEdit[]): { before: string[]; after: string[] } {
  return { before: edits.filter((e) => e.kind !== 'add').map((e) => e.text), after: edits.filter((e) => e.kind !== 'del').map((e) => e.text) };
}

/** A seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('diffLines', () => {
  it.each([
    ['equal', ['a', 'b'], ['a', 'b'], '  a|  b'],
    ['empty to lines', [], ['a', 'b'], '+ a|+ b'],
    ['lines to empty', ['a'], [], '- a'],
    ['one changed line', ['a', 'b', 'c'], ['a', 'x', 'c'], '  a|- b|+ x|  c'],
    ['insert in the middle', ['a', 'c'], ['a', 'b', 'c'], '  a|+ b|  c'],
  ])('%s', (_name, before, after, expected) => {
    const sign = { same: ' ', del: '-', add: '+' };
    expect(diffLines(before, after).map((e) => `${sign[e.kind]} ${e.text}`).join('|')).toBe(expected);
  });

  it('numbers lines on both sides', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'same', text: 'c', oldNo: 3, newNo: 2 },
      { kind: 'add', text: 'd', newNo: 3 },
    ]);
  });

  it('finds a minimal script that rebuilds both texts (random cases against an LCS by dynamic programming)', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const alphabet = 1 + Math.floor(next() * 5);
      const make = () => Array.from({ length: Math.floor(next() * 25) }, () => String.fromCharCode(97 + Math.floor(next() * alphabet)));
      const before = make();
      const after = make();
      const edits = diffLines(before, after);
      expect(sides(edits)).toEqual({ before, after });
      expect(edits.filter((e) => e.kind === 'same').length).toBe(lcsLength(before, after));
    }
  });

  it('replaces the middle wholesale when the texts differ too much for an exact script', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `old ${i}`);
    const after = Array.from({ length: 3000 }, (_, i) => `new ${i}`);
    const edits = diffLines(['same', ...before, 'end'], ['same', ...after, 'end']);
    expect(sides(edits)).toEqual({ before: ['same', ...before, 'end'], after: ['same', ...after, 'end'] });
    expect(diffStats(edits)).toEqual({ added: 3000, removed: 3000 });
  });
});

describe('splitLines', () => {
  it.each([
    ['', []],
    ['a\n', ['a']],
    ['a\nb', ['a', 'b']],
    ['a\n\n', ['a', '']],
  ])('%j', (text, lines) => expect(splitLines(text)).toEqual(lines));
});

describe('hunks', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
  const after = before.map((line, i) => (i === 2 || i === 16 ? `${line} changed` : line));
  const edits = diffLines(before, after);

  it('keeps three lines of context and separates distant changes', () => {
    const hunks = toHunks(edits);
    expect(hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines, h.skippedBefore])).toEqual([
      [1, 6, 1, 6, 0],
      [14, 7, 14, 7, 7],
    ]);
  });

  it('merges changes closer than twice the context', () => {
    expect(toHunks(edits, 7)).toHaveLength(1);
  });

  it('prints what diff -u prints', () => {
    expect(unifiedText(diffLines(['a', 'b', 'c', 'd'], ['a', 'B', 'c', 'd', 'e']), 1)).toBe(['@@ -1,4 +1,5 @@', ' a', '-b', '+B', ' c', ' d', '+e'].join('\n'));
    expect(unifiedText(diffLines([], ['x']))).toBe(['@@ -0,0 +1,1 @@', '+x'].join('\n'));
    expect(unifiedText(diffLines(['x'], []))).toBe(['@@ -1,1 +0,0 @@', '-x'].join('\n'));
  });

  it('has no hunks when nothing changed', () => {
    expect(unifiedRows(diffLines(['a'], ['a']))).toEqual([]);
  });
});

describe('splitRows', () => {
  it('pairs removed lines with the lines that replace them and leaves the rest one-sided', () => {
    const rows = splitRows(diffLines(['keep', 'old 1', 'old 2', 'tail'], ['keep', 'new 1', 'tail', 'more']));
    expect(rows).toEqual([
      { kind: 'hunk', text: '@@ -1,4 +1,4 @@', skipped: 0 },
      { kind: 'line', left: { no: 1, text: 'keep', kind: 'same' }, right: { no: 1, text: 'keep', kind: 'same' } },
      { kind: 'line', left: { no: 2, text: 'old 1', kind: 'del' }, right: { no: 2, text: 'new 1', kind: 'add' } },
      { kind: 'line', left: { no: 3, text: 'old 2', kind: 'del' } },
      { kind: 'line', left: { no: 4, text: 'tail', kind: 'same' }, right: { no: 3, text: 'tail', kind: 'same' } },
      { kind: 'line', right: { no: 4, text: 'more', kind: 'add' } },
    ]);
  });
});
