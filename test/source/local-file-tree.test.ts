/**
 * The FileTree over a local folder (`ferry render DIR`): lazy reads, links inside followed,
 * links out of the folder refused, nothing read outside it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readText } from '../../src/core/index.ts';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { caught } from './caught.ts';

let root: string;
let app: string;

function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
  writeFileSync(path.join(app, file), content);
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'ferry-local-tree-'));
  app = path.join(root, 'app');
  mkdirSync(app);
  writeFileSync(path.join(root, 'secret.txt'), 'outside');
  write('deploy.yaml', 'kind: Deployment');
  write('nested/deeper/svc.yaml', 'kind: Service');
  write('.git/config', 'not a manifest');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('createLocalFileTree', () => {
  it('lists files (skipping .git) and reads them when asked', () => {
    symlinkSync('deploy.yaml', path.join(app, 'alias.yaml'));
    symlinkSync('nested/deeper', path.join(app, 'shortcut'));
    const tree = createLocalFileTree(app);
    expect(tree.files()).toEqual(['alias.yaml', 'deploy.yaml', 'nested/deeper/svc.yaml', 'shortcut/svc.yaml']);
    expect(readText(tree, 'alias.yaml')).toBe('kind: Deployment');
    expect(readText(tree, 'shortcut/svc.yaml')).toBe('kind: Service');
    expect(tree.hasDirectory('nested')).toBe(true);
    expect(tree.size('deploy.yaml')).toBe(16);
    // Read lazily: a change after listing is what a read returns.
    write('deploy.yaml', 'kind: StatefulSet');
    expect(readText(tree, 'deploy.yaml')).toBe('kind: StatefulSet');
  });

  it.each([
    ['a relative link out of the folder', '../../secret.txt', 'SOURCE_SYMLINK_ESCAPE', 'points outside it'],
    ['an absolute link', '/etc/passwd', 'SOURCE_SYMLINK_ESCAPE', 'is absolute'],
    ['an absolute link back into the folder', '', 'SOURCE_SYMLINK_ESCAPE', 'is absolute'],
    ['a link to its own folder', '.', 'SOURCE_SYMLINK_LOOP', 'loops'],
  ])('refuses %s, naming the link and its target', async (_name, target, code, why) => {
    const linkTarget = target === '' ? path.join(app, 'deploy.yaml') : target;
    symlinkSync(linkTarget, path.join(app, 'nested', 'bad'));
    const error = await caught(() => createLocalFileTree(app));
    expect(error.code).toBe(code);
    expect(error.message).toContain(code === 'SOURCE_SYMLINK_LOOP' ? 'symlink nested/bad in directory' : `symlink nested/bad -> ${linkTarget} in directory ${app} ${why}`);
  });

  it('skips special files and lists a dangling link that fails when read', async () => {
    execFileSync('mkfifo', [path.join(app, 'pipe')]);
    symlinkSync('missing.yaml', path.join(app, 'dangling.yaml'));
    const tree = createLocalFileTree(app);
    expect(tree.files()).toEqual(['dangling.yaml', 'deploy.yaml', 'nested/deeper/svc.yaml']);
    expect((await caught(() => tree.read('dangling.yaml'))).code).toBe('SOURCE_SYMLINK_BROKEN');
  });

  it('refuses to read a file over the limit, telling its size', async () => {
    write('big.yaml', '');
    truncateSync(path.join(app, 'big.yaml'), 100 * 1024 * 1024);
    const tree = createLocalFileTree(app);
    expect(tree.size('big.yaml')).toBe(104_857_600);
    const error = await caught(() => tree.read('big.yaml'));
    expect(error.code).toBe('SOURCE_FILE_TOO_LARGE');
    expect(error.message).toBe(
      `file big.yaml in directory ${app} is 104857600 bytes (100 MiB), over the limit of 16777216 bytes (16 MiB)`,
    );
    // A file that grew past the limit after it was listed is refused too.
    const small = createLocalFileTree(app, { maxFileBytes: 20 });
    write('deploy.yaml', 'x'.repeat(50));
    expect((await caught(() => small.read('deploy.yaml'))).code).toBe('SOURCE_FILE_TOO_LARGE');
  });

  it.each([
    ['a missing folder', () => path.join(root, 'nope'), 'directory ROOT/nope does not exist'],
    ['a file', () => path.join(app, 'deploy.yaml'), 'ROOT/app/deploy.yaml is not a directory'],
  ])('refuses %s', async (_name, where, message) => {
    const error = await caught(() => createLocalFileTree(where()));
    expect(error.code).toBe('SOURCE_PATH_NOT_FOUND');
    expect(error.message).toBe(message.replace('ROOT', root));
  });
});
