/**
 * `ferry render DIR` in-process over the real local-directory tree: the example application,
 * and bad files on disk, each a one-line error.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { runFerry } from '../support/cli-harness.ts';
import { repoRoot } from '../support/oracles.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-render-local-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function render(args: string[], cwd = repoRoot) {
  return runFerry(['render', ...args], { cwd, openLocalTree: (directory) => createLocalFileTree(directory) });
}

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('ferry render DIR (local directory)', () => {
  it('renders the example application', async () => {
    const run = await render(['examples/guestbook']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.match(/^kind: \w+$/gm)).toEqual(['kind: ConfigMap', 'kind: Deployment', 'kind: Service']);
    expect(run.stdout).toContain('defaultMode: 420');
  });

  it('renders --path inside DIR, relative paths against the working directory', async () => {
    const dir = folder('nested', { 'apps/web/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n' });
    const run = await render(['nested', '--path', 'apps/web', '-o', 'json'], scratch);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' } }]);
    expect(dir).toBe(path.join(scratch, 'nested'));
  });

  it('refuses a 100 MB file without reading it', async () => {
    const dir = folder('huge', { 'small.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n', 'big.yaml': '' });
    // Sparse: no disk used; reading it would take 100 MB of memory.
    truncateSync(path.join(dir, 'big.yaml'), 100 * 1024 * 1024);
    const run = await render([dir]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ferry: big.yaml is 100 MiB, larger than the 10 MiB a manifest file may have\n' });
  });

  it('refuses an alias bomb quickly', async () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  l0: &l0 "lol"\n';
    for (let level = 1; level <= 12; level += 1) {
      bomb += `  l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]\n`;
    }
    const dir = folder('bomb', { 'lol.yaml': bomb });
    const run = await render([dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'ferry: lol.yaml:1: document 0: the file expands to more than 16777216 nodes and characters through YAML aliases (an alias bomb?)\n',
    );
  });

  it.each([
    ['malformed YAML', { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n' }, /^ferry: a\.yaml:5:1: malformed YAML: /],
    ['an object without a name', { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' }, /^ferry: a\.yaml:1 \(document 0\): ConfigMap has no metadata\.name\n$/],
    ['the same object twice', { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', 'b.yaml': '# again\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }, /^ferry: ConfigMap\/x is defined twice: at a\.yaml:1 and at b\.yaml:2\n$/],
  ])('refuses %s with one line', async (name, files, stderr) => {
    const run = await render([folder(name.replace(/\W/g, '-'), files)]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(stderr);
  });

  it('refuses a directory that does not exist', async () => {
    const run = await render(['no/such/dir']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `ferry: directory ${path.join(repoRoot, 'no/such/dir')} does not exist\n` });
  });

  it('refuses a link that leaves the directory, naming it', async () => {
    const dir = folder('escape', { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' });
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.yaml'));
    const run = await render([dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ferry: [^\n]*passwd\.yaml[^\n]*\n$/);
  });
});
