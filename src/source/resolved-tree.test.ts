import { describe, expect, it } from 'vitest';
import { isFerryError, readText } from '../core/index.ts';
import { buildResolvedTree, refusedLinksUnder, type TreeNode } from './resolved-tree.ts';

const encoder = new TextEncoder();

/** A raw listing: strings are files, `{ link }` symlinks, `{}` folders. */
function listing(entries: Record<string, string | { link: string } | Record<string, never>>, reads: string[] = []) {
  const nodes = new Map<string, TreeNode>();
  for (const [path, value] of Object.entries(entries)) {
    if (typeof value === 'string') {
      nodes.set(path, {
        kind: 'file',
        size: () => encoder.encode(value).length,
        read: () => {
          reads.push(path);
          return encoder.encode(value);
        },
      });
    } else if ('link' in value) nodes.set(path, { kind: 'symlink', target: value.link });
    else nodes.set(path, { kind: 'dir' });
  }
  return nodes;
}

const options = { maxFileBytes: 100, maxEntries: 1000, where: 'repository r at main' };

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isFerryError(error) ? error.code : String(error);
  }
  return undefined;
}

describe('buildResolvedTree', () => {
  const tree = buildResolvedTree(
    listing({
      app: {},
      'app/deploy.yaml': 'kind: Deployment',
      'app/values.yaml': { link: '../common/values.yaml' },
      'app/shared': { link: '../common' },
      common: {},
      'common/values.yaml': 'replicas: 2',
      'common/nested': {},
      'common/nested/x.yaml': 'x: 1',
      'top.yaml': { link: 'app/deploy.yaml' },
      'chain.yaml': { link: 'top.yaml' },
    }),
    options,
  );

  it('follows links to files and folders inside the tree', () => {
    expect(tree.files()).toEqual([
      'app/deploy.yaml',
      'app/shared/nested/x.yaml',
      'app/shared/values.yaml',
      'app/values.yaml',
      'chain.yaml',
      'common/nested/x.yaml',
      'common/values.yaml',
      'top.yaml',
    ]);
    expect(readText(tree, 'app/values.yaml')).toBe('replicas: 2');
    expect(readText(tree, 'app/shared/nested/x.yaml')).toBe('x: 1');
    expect(readText(tree, 'chain.yaml')).toBe('kind: Deployment');
    expect(tree.hasDirectory('app/shared/nested')).toBe(true);
    expect(tree.hasDirectory('app/deploy.yaml')).toBe(false);
    expect(tree.problems()).toEqual([]);
  });

  it.each([
    ['an absolute link', { 'app/passwd': { link: '/etc/passwd' } }, 'SOURCE_SYMLINK_ESCAPE', 'symlink app/passwd -> /etc/passwd in repository r at main is absolute'],
    ['a link climbing out', { 'app/passwd': { link: '../../etc/passwd' } }, 'SOURCE_SYMLINK_ESCAPE', 'symlink app/passwd -> ../../etc/passwd in repository r at main points outside it'],
    ['a link to its own folder', { 'app/loop': { link: '.' } }, 'SOURCE_SYMLINK_LOOP', 'symlink app/loop in repository r at main loops'],
    ['two links to each other', { 'app/a': { link: 'b' }, 'app/b': { link: 'a' } }, 'SOURCE_SYMLINK_LOOP', 'loops (more than 40 links deep)'],
    ['a dangling link', { 'app/gone': { link: 'nothing.yaml' } }, 'SOURCE_SYMLINK_BROKEN', 'points at nothing'],
    ['a link through a file', { 'app/f': 'x', 'app/l': { link: 'f/x' } }, 'SOURCE_SYMLINK_BROKEN', 'points at nothing'],
  ])('keeps %s as a path whose reading throws', (_name, entries, code, message) => {
    const bad = buildResolvedTree(listing({ app: {}, 'app/ok.yaml': 'ok', ...entries } as never), options);
    const problem = bad.problems()[0];
    expect(problem?.error.code).toBe(code);
    expect(problem?.error.message).toContain(message);
    expect(bad.hasFile(problem?.path ?? '')).toBe(true);
    expect(errorCode(() => bad.read(problem?.path ?? ''))).toBe(code);
    expect(readText(bad, 'app/ok.yaml')).toBe('ok');
  });

  it('names the path a reader meets when a bad link is reached through a folder link', () => {
    const bad = buildResolvedTree(
      listing({ app: {}, 'app/lib': { link: '../lib' }, lib: {}, 'lib/secret': { link: '/etc/shadow' } }),
      options,
    );
    expect(bad.problems().map((p) => p.path)).toEqual(['app/lib/secret', 'lib/secret']);
    expect(bad.problems()[0]?.error.message).toBe(
      'app/lib/secret: symlink lib/secret -> /etc/shadow in repository r at main is absolute; only relative links to files inside it are allowed',
    );
    expect(refusedLinksUnder(bad, 'app').map((p) => p.path)).toEqual(['app/lib/secret']);
    expect(refusedLinksUnder(bad, 'other')).toEqual([]);
  });

  it('refuses to read a file over the size limit but still tells its size, without reading it', () => {
    const reads: string[] = [];
    const big = buildResolvedTree(listing({ 'big.yaml': 'x'.repeat(101), 'small.yaml': 'y' }, reads), options);
    expect(big.size('big.yaml')).toBe(101);
    expect(() => big.read('big.yaml')).toThrow('file big.yaml in repository r at main is 101 bytes (101 B), over the limit of 100 bytes (100 B)');
    expect(errorCode(() => big.read('big.yaml'))).toBe('SOURCE_FILE_TOO_LARGE');
    expect(reads).toEqual([]);
    expect(errorCode(() => big.read('missing.yaml'))).toBe('FILE_NOT_FOUND');
  });

  it('refuses a tree whose folder links multiply past the entry limit', () => {
    const entries: Record<string, string | { link: string } | Record<string, never>> = { d0: {}, 'd0/f': 'x' };
    for (let level = 1; level <= 12; level++) {
      entries[`d${level}`] = {};
      entries[`d${level}/a`] = { link: `../d${level - 1}` };
      entries[`d${level}/b`] = { link: `../d${level - 1}` };
    }
    expect(errorCode(() => buildResolvedTree(listing(entries), options))).toBe('SOURCE_TREE_TOO_LARGE');
  });
});
