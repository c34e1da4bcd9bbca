import { describe, expect, it } from 'vitest';
import { FerryError, MemoryFileTree, subTree, type FileTree } from '../../core/index.ts';
import { runFerry } from '../../../test/support/cli-harness.ts';
import { treeRootsFor } from './kustomize.ts';

const tree = new MemoryFileTree({
  'repo/base/kustomization.yaml': 'resources:\n- cm.yaml\n',
  'repo/base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  enabled: "yes"\n',
  'repo/overlay/kustomization.yaml': 'namePrefix: prod-\nresources:\n- ../base\n',
  'repo/outside/kustomization.yaml': 'resources:\n- ../base/cm.yaml\n',
});

/** Opens sub-trees of `root` (mounted at `prefix`), recording which directories were opened. */
function openAt(root: FileTree, prefix: string) {
  const opened: string[] = [];
  return {
    opened,
    openLocalTree: (directory: string) => {
      opened.push(directory);
      if (directory !== prefix && !directory.startsWith(`${prefix}/`)) {
        throw new FerryError('SOURCE_PATH_NOT_FOUND', `no tree at ${directory}`, { httpStatus: 404 });
      }
      return subTree(root, directory.slice(prefix.length + 1));
    },
  };
}

const expected = 'apiVersion: v1\ndata:\n  enabled: "yes"\nkind: ConfigMap\nmetadata:\n  name: prod-settings\n';

describe('ferry kustomize', () => {
  it.each([
    [['kustomize', 'repo/overlay']],
    [['kubectl', 'kustomize', 'repo/overlay']],
    [['kustomize', 'build', 'repo/overlay']],
  ])('%j builds, opening the tree one level higher when ../base lies above', async (argv) => {
    const fs = openAt(tree, '/work');
    const run = await runFerry(argv, { cwd: '/work', openLocalTree: fs.openLocalTree });
    expect(run).toEqual({ code: 0, stdout: expected, stderr: '' });
    expect(fs.opened).toEqual(['/work/repo/overlay', '/work/repo']);
  });

  it('builds the current directory with a base above it', async () => {
    const fs = openAt(tree, '/work');
    const run = await runFerry(['kubectl', 'kustomize', '.'], { cwd: '/work/repo/overlay', openLocalTree: fs.openLocalTree });
    expect(run.stdout).toBe(expected);
  });

  it('refuses a file outside the kustomization root unless told otherwise', async () => {
    const fs = openAt(tree, '/work');
    const refused = await runFerry(['kustomize', 'repo/outside'], { cwd: '/work', openLocalTree: fs.openLocalTree });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^ferry: kustomization outside: resource \.\.\/base\/cm\.yaml: security; file base\/cm\.yaml is not in or below outside/);
    const allowed = await runFerry(['kustomize', '--load-restrictor', 'LoadRestrictionsNone', 'repo/outside'], {
      cwd: '/work',
      openLocalTree: fs.openLocalTree,
    });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('name: settings');
  });

  it('refuses an unknown load restrictor and a second directory', async () => {
    const fs = openAt(tree, '/work');
    expect((await runFerry(['kustomize', '--load-restrictor', 'Sometimes', 'repo/overlay'], { cwd: '/work', openLocalTree: fs.openLocalTree })).code).toBe(2);
    const two = await runFerry(['kustomize', 'a', 'b'], { cwd: '/work', openLocalTree: fs.openLocalTree });
    expect(two).toMatchObject({ code: 2, stderr: 'ferry: kustomize takes one directory, got a b\n' });
  });

  it('climbs a bounded number of levels and never to the filesystem root', () => {
    expect(treeRootsFor('/a/b/c')).toEqual(['/a/b/c', '/a/b', '/a']);
    expect(treeRootsFor('/a/b/c/d/e/f/g/h/i')).toHaveLength(7);
  });
});
