import { describe, expect, it } from 'vitest';
import { MemoryFileTree, readText, resolveTreePath, subTree } from './file-tree.ts';
import { isFerryError } from './errors.ts';

describe('resolveTreePath', () => {
  it.each([
    ['', 'a/b.yaml', 'a/b.yaml'],
    ['charts/web', '../common/x.yaml', 'charts/common/x.yaml'],
    ['a', './b/./c', 'a/b/c'],
    ['a/b', '../..', ''],
  ])('resolves %j + %j to %j', (base, relative, expected) => {
    expect(resolveTreePath(base, relative)).toBe(expected);
  });

  it.each([
    ['', '../etc/passwd'],
    ['a', '../../x'],
    ['a', '/etc/passwd'],
  ])('refuses %j + %j, which leaves the tree', (base, relative) => {
    let caught: unknown;
    try {
      resolveTreePath(base, relative);
    } catch (error) {
      caught = error;
    }
    expect(isFerryError(caught, 'PATH_OUTSIDE_TREE')).toBe(true);
  });
});

describe('MemoryFileTree', () => {
  const tree = new MemoryFileTree({ 'b.yaml': 'b', 'app/a.yaml': 'kind: A', 'app/sub/c.json': '{}' });

  it('lists files sorted and reads them', () => {
    expect(tree.files()).toEqual(['app/a.yaml', 'app/sub/c.json', 'b.yaml']);
    expect(readText(tree, 'app/a.yaml')).toBe('kind: A');
    expect(tree.size('b.yaml')).toBe(1);
    expect(tree.hasDirectory('app/sub')).toBe(true);
    expect(tree.hasDirectory('ap')).toBe(false);
  });

  it('gives a sub-tree with paths relative to it', () => {
    const app = subTree(tree, 'app');
    expect(app.files()).toEqual(['a.yaml', 'sub/c.json']);
    expect(readText(app, 'a.yaml')).toBe('kind: A');
    expect(app.hasDirectory('sub')).toBe(true);
  });

  it('names the missing file', () => {
    expect(() => tree.read('nope.yaml')).toThrow('file nope.yaml not found');
  });
});
