import { describe, expect, it } from 'vitest';
import { isFerryError, MemoryFileTree, type FileTree } from '../../core/index.ts';
import type { DirectoryOptions } from '../types.ts';
import { renderPlainDirectory } from './render-plain.ts';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

const repo = new MemoryFileTree({
  'app/b-service.yaml': cm('b-service'),
  'app/a-deploy.yml': cm('a-deploy'),
  'app/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c-json' } }),
  'app/README.md': '# not a manifest',
  'app/notes.txt': 'apiVersion: nope',
  'app/UPPER.YAML': cm('upper'),
  'app/sub/d.yaml': cm('sub-d'),
  'app/sub/deeper/e.yaml': cm('deep-e'),
  'app/env-usw2/f.yaml': cm('usw2-f'),
  'other/g.yaml': cm('other-g'),
});

function names(tree: FileTree, path: string, options?: DirectoryOptions): string[] {
  return renderPlainDirectory(tree, path, options).map(({ object }) => object.metadata.name ?? '');
}

function caught(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('renderPlainDirectory', () => {
  it.each([
    ['the top level only by default, files in path order', 'app', {}, ['a-deploy', 'b-service', 'c-json']],
    ['every level with recurse', 'app', { recurse: true }, ['a-deploy', 'b-service', 'c-json', 'usw2-f', 'sub-d', 'deep-e']],
    ['files the include glob matches (`*` crosses directories)', 'app', { recurse: true, include: '*.yaml' }, ['b-service', 'usw2-f', 'sub-d', 'deep-e']],
    ['include with alternatives', 'app', { include: '{*.yml,*.json}' }, ['a-deploy', 'c-json']],
    ['all but the excluded files', 'app', { recurse: true, exclude: '{c.json,env-usw2/*}' }, ['a-deploy', 'b-service', 'sub-d', 'deep-e']],
    ['exclude winning over include', 'app', { recurse: true, include: 'sub/*', exclude: 'sub/deeper/*' }, ['sub-d']],
    ['a path given as ./app/', './app/', {}, ['a-deploy', 'b-service', 'c-json']],
    ['the root of the tree', '', {}, []],
    ['the root of the tree, recursively', '.', { recurse: true, include: '{app/sub/d.yaml,other/*}' }, ['sub-d', 'other-g']],
  ])('reads %s', (_name, path, options, expected) => {
    expect(names(repo, path, options)).toEqual(expected);
  });

  it('keeps each object’s origin as its path in the repository', () => {
    const objects = renderPlainDirectory(repo, 'app', { recurse: true, include: 'sub/*' });
    expect(objects.map(({ origin }) => origin)).toEqual([
      { file: 'app/sub/d.yaml', document: 0, line: 1 },
      { file: 'app/sub/deeper/e.yaml', document: 0, line: 1 },
    ]);
  });

  it('refuses a directory that is not in the tree', () => {
    const error = caught(() => renderPlainDirectory(repo, 'nope/app'));
    expect(isFerryError(error, 'RENDER_PATH_NOT_FOUND')).toBe(true);
    expect(error.message).toBe('directory nope/app not found');
  });

  it('refuses a path that leaves the tree', () => {
    expect(isFerryError(caught(() => renderPlainDirectory(repo, 'app/../../etc')), 'PATH_OUTSIDE_TREE')).toBe(true);
  });

  it('names the file of a malformed manifest by its path in the repository', () => {
    const tree = new MemoryFileTree({ 'app/ok.yaml': cm('ok'), 'app/bad.yaml': `${cm('bad')}data:\n  a: [1,\n` });
    const error = caught(() => renderPlainDirectory(tree, 'app'));
    expect(isFerryError(error, 'MANIFEST_YAML_INVALID')).toBe(true);
    expect(error.message).toMatch(/^app\/bad\.yaml:7:1: malformed YAML: /);
  });

  it('refuses a Jsonnet file, unless excluded', () => {
    const tree = new MemoryFileTree({ 'app/a.yaml': cm('a'), 'app/lib/x.jsonnet': '{}' });
    expect(names(tree, 'app', { recurse: true, exclude: '*.jsonnet' })).toEqual(['a']);
    const error = caught(() => renderPlainDirectory(tree, 'app', { recurse: true }));
    expect(isFerryError(error, 'RENDER_JSONNET_UNSUPPORTED')).toBe(true);
    expect(error.message).toBe('app/lib/x.jsonnet: Jsonnet is not supported; exclude the file or render it to YAML');
  });

  it('refuses a malformed glob', () => {
    expect(isFerryError(caught(() => renderPlainDirectory(repo, 'app', { include: '{a' })), 'RENDER_GLOB_INVALID')).toBe(true);
  });

  it('refuses a 100 MB file without reading it', () => {
    const huge = 'app/huge.yaml';
    const reads: string[] = [];
    const inner = new MemoryFileTree({ 'app/a.yaml': cm('a'), [huge]: cm('huge') });
    const tree: FileTree = {
      files: () => inner.files(),
      hasFile: (path) => inner.hasFile(path),
      hasDirectory: (path) => inner.hasDirectory(path),
      size: (path) => (path === huge ? 100 * 1024 * 1024 : inner.size(path)),
      read: (path) => {
        reads.push(path);
        return inner.read(path);
      },
    };
    const error = caught(() => renderPlainDirectory(tree, 'app'));
    expect(isFerryError(error, 'MANIFEST_TOO_LARGE')).toBe(true);
    expect(error.message).toBe('app/huge.yaml is 100 MiB, larger than the 10 MiB a manifest file may have');
    expect(reads).not.toContain(huge);
  });
});
