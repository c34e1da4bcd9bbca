/** `ferry template` (and `ferry helm template`) on charts in real folders. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { runFerry } from '../support/cli-harness.ts';

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';
const TEMPLATE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n';

let dir: string;
const write = (name: string, content: string) => {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), content);
};
const ferry = (argv: string[]) => runFerry(argv, { cwd: dir, openLocalTree: (d) => createLocalFileTree(d) });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ferry-template-cli-'));
  write('web/Chart.yaml', CHART);
  write('web/values.yaml', 'greeting: hi\n');
  write('web/templates/cm.yaml', TEMPLATE);
  write('env/prod.yaml', 'greeting: hello from prod\n');
  // A chart with a link out of it, in a folder of its own (-f reads list the values file's folder).
  write('charts/linked/Chart.yaml', CHART);
  write('charts/secret.txt', 'secret');
  mkdirSync(path.join(dir, 'charts', 'linked', 'templates'));
  symlinkSync(path.join(dir, 'charts', 'secret.txt'), path.join(dir, 'charts', 'linked', 'templates', 'leak.yaml'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ferry template', () => {
  it.each([
    [['template', 'rel', 'web', '-n', 'ns', '-f', 'env/prod.yaml']],
    [['helm', 'template', 'rel', 'web', '--namespace', 'ns', '--values', 'env/prod.yaml']],
  ])('%j prints what helm template prints', async (argv) => {
    const run = await ferry(argv);
    expect(run).toEqual({
      code: 0,
      stdout: '---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rel\n  namespace: ns\ndata:\n  greeting: "hello from prod"\n',
      stderr: '',
    });
  });

  it('names the release release-name without NAME, or from --name-template', async () => {
    expect((await ferry(['template', 'web'])).stdout).toContain('name: release-name\n');
    expect((await ferry(['template', 'web', '--name-template', '{{ "X" | lower }}-{{ printf "%d" 7 }}'])).stdout).toContain('name: x-7\n');
  });

  it.each([
    [['template', 'rel', 'charts/linked'], /^ferry: .*leak\.yaml/],
    [['template', 'rel', 'missing'], /^ferry: .*missing/],
    [['template', 'rel', 'web', '-f', 'env/nope.yaml'], /^ferry: open env\/nope\.yaml: no such file\n$/],
    [['template', 'rel', 'web', '--output-dir', 'out'], /^ferry: --output-dir is not supported by ferry template\n$/],
    [['template', 'rel', 'web', '--set', 'a[x]=1'], /^ferry: failed parsing --set data "a\[x\]=1": error parsing index/],
    [['template', 'rel', 'web', '--show-only', 'templates/none.yaml'], /^ferry: could not find template templates\/none\.yaml in chart\n$/],
    [['template', 'a', 'b', 'c'], /^ferry: expected at most two arguments/],
  ])('%j fails clearly', async (argv, stderr) => {
    const run = await ferry(argv);
    expect(run.code).toBeGreaterThan(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(stderr);
  });
});

describe('ferry template takes the helm flags that change nothing in the output', () => {
  it('renders the same with waiting, client and credential flags', async () => {
    const plain = await ferry(['template', 'rel', 'web']);
    const noisy = await ferry(['template', 'rel', 'web', '--wait', '--timeout', '5m', '--devel', '--atomic', '--kube-context', 'prod', '--labels', 'a=b', '--enable-dns', '--hide-notes']);
    expect(noisy).toEqual(plain);
    expect(plain.code).toBe(0);
  });
});
