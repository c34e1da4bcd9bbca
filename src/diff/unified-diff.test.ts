import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from './unified-diff.ts';

describe('diffLines', () => {
  it.each([
    [[], [], ''],
    [['a'], ['a'], '=a'],
    [['a', 'b', 'c'], ['a', 'x', 'c'], '=a -b +x =c'],
    [['a', 'b'], [], '-a -b'],
    [[], ['a'], '+a'],
    [['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'e'], '-a =b =c =d +e'],
  ])('%j → %j gives %s', (before, after, expected) => {
    const rendered = diffLines(before, after).map((e) => `${e.op === 'same' ? '=' : e.op === 'add' ? '+' : '-'}${e.line}`).join(' ');
    expect(rendered).toBe(expected);
  });

  it('is minimal on a large, nearly equal input', () => {
    const before = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[2500] = 'changed';
    const edits = diffLines(before, after);
    expect(edits.filter((e) => e.op !== 'same')).toEqual([
      { op: 'remove', line: 'line 2500' },
      { op: 'add', line: 'changed' },
    ]);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('prints hunks with three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n');
    expect(unifiedDiff(before, after)).toBe(['--- live', '+++ desired', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n'));
  });

  it('numbers a pure addition to an empty text as git does', () => {
    expect(unifiedDiff('', 'a\n')).toBe('--- live\n+++ desired\n@@ -0,0 +1,1 @@\n+a\n');
  });
});
