import { describe, expect, it } from 'vitest';
import { FerryError, MemoryFileTree, type FileTree } from '../../core/index.ts';
import { parseManifests } from '../../manifest/index.ts';
import type { GitSource, SourceRequestOptions, SourceSpec } from '../../source/index.ts';
import { runFerry } from '../../../test/support/cli-harness.ts';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

const local = new MemoryFileTree({
  'a.yaml': `${cm('a')}data:\n  mode: "0644"\n`,
  'b.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }),
  'sub/c.yaml': cm('c'),
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'kust/kustomization.yaml': 'resources: []\n',
  'broken/x.yaml': `${cm('x')}data:\n  k: [1,\n`,
});

function localTrees(trees: Record<string, FileTree>) {
  const opened: string[] = [];
  return {
    opened,
    openLocalTree: (directory: string) => {
      opened.push(directory);
      const tree = trees[directory];
      if (!tree) throw new FerryError('SOURCE_PATH_NOT_FOUND', `directory ${directory} not found`, { httpStatus: 404 });
      return tree;
    },
  };
}

const SHA = '0123456789abcdef0123456789abcdef01234567';

/** A Git source over in-memory trees, recording what it was asked. */
function fakeGit(tree: FileTree) {
  const checkouts: { spec: SourceSpec; options: SourceRequestOptions | undefined }[] = [];
  const source: GitSource = {
    resolveRevision: () => Promise.resolve(SHA),
    checkout: (spec, options) => {
      checkouts.push({ spec, options });
      if (spec.targetRevision === 'missing') {
        return Promise.reject(new FerryError('SOURCE_REVISION_NOT_FOUND', `revision missing not found in ${spec.repoURL}`, { httpStatus: 404 }));
      }
      return Promise.resolve({
        spec,
        commit: { sha: SHA, message: 'm', author: { name: 'a', email: 'a@b' }, date: '2026-01-01T00:00:00Z' },
        tree,
      });
    },
  };
  return { checkouts, openGitSource: () => source };
}

function objectNames(yaml: string): string[] {
  return parseManifests('stdout.yaml', yaml).map(({ object }) => `${object.kind}/${object.metadata.name}`);
}

describe('ferry render DIR', () => {
  it('prints the objects of a local directory as multi-document YAML, nothing on stderr', async () => {
    const trees = localTrees({ '/work/app': local });
    const run = await runFerry(['render', 'app'], { cwd: '/work', ...trees });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(trees.opened).toEqual(['/work/app']);
    expect(objectNames(run.stdout)).toEqual(['ConfigMap/a', 'Service/b']);
    expect(run.stdout).toContain('  mode: "0644"\n');
  });

  it('renders the current directory without DIR, and prints JSON with -o json', async () => {
    const trees = localTrees({ '/work/app': local });
    const run = await runFerry(['render', '-o', 'json', '--recurse', '--exclude', '{broken,chart,kust}/*'], { cwd: '/work/app', ...trees });
    expect(run.code).toBe(0);
    const objects = JSON.parse(run.stdout) as { metadata: { name: string } }[];
    expect(objects.map((object) => object.metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('renders --path inside DIR', async () => {
    const run = await runFerry(['render', '/abs', '--path', 'sub'], localTrees({ '/abs': local }));
    expect(objectNames(run.stdout)).toEqual(['ConfigMap/c']);
  });

  it('applies --include', async () => {
    const run = await runFerry(['render', '/abs', '--include', '*.json'], localTrees({ '/abs': local }));
    expect(objectNames(run.stdout)).toEqual(['Service/b']);
  });
});

describe('ferry render: renderer flags', () => {
  const chart = new MemoryFileTree({
    'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'web/values.yaml': 'replicas: 1\ncolor: blue\n',
    'web/values-prod.yaml': 'color: red\n',
    'web/templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-web\n  namespace: {{ .Release.Namespace }}\ndata:\n  replicas: {{ .Values.replicas | quote }}\n  color: {{ .Values.color }}\n  kube: {{ .Capabilities.KubeVersion.Version }}\n',
    'overlay/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'overlay/cm.yaml': cm('k'),
  });

  it('passes --release-name, --namespace, --values, --set and --kube-version to the helm renderer', async () => {
    const run = await runFerry(
      ['render', '/repo', '--path', 'web', '--release-name', 'prod', '--namespace', 'shop', '--values', 'values-prod.yaml', '--set', 'replicas=3', '--kube-version', '1.31.0', '-o', 'json'],
      localTrees({ '/repo': chart }),
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'prod-web', namespace: 'shop' }, data: { replicas: '3', color: 'red', kube: 'v1.31.0' } },
    ]);
  });

  it('passes --namespace to the kustomize renderer', async () => {
    const run = await runFerry(['render', '/repo', '--path', 'overlay', '--namespace', 'shop', '-o', 'json'], localTrees({ '/repo': chart }));
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'k', namespace: 'shop' } }]);
  });
});

describe('ferry render --repo', () => {
  it('prints the objects on stdout and the commit SHA on stderr', async () => {
    const repo = new MemoryFileTree({ 'app/a.yaml': cm('from-git'), 'other/b.yaml': cm('elsewhere') });
    const git = fakeGit(repo);
    const credentials = { username: 'bot', password: 'pw' };
    const run = await runFerry(['render', '--repo', 'https://git.example.com/apps.git', '--revision', 'main', '--path', 'app'], {
      ...git,
      gitCredentials: () => credentials,
    });
    expect(run.code).toBe(0);
    expect(objectNames(run.stdout)).toEqual(['ConfigMap/from-git']);
    expect(run.stderr).toBe(`${SHA}\n`);
    expect(git.checkouts).toEqual([
      { spec: { repoURL: 'https://git.example.com/apps.git', targetRevision: 'main', path: 'app' }, options: { credentials } },
    ]);
  });

  it('defaults to HEAD and the repository root, and resolves a local repository path against the working directory', async () => {
    const git = fakeGit(new MemoryFileTree({ 'a.yaml': cm('root') }));
    const run = await runFerry(['render', '--repo', '../repos/apps'], { cwd: '/work/here', ...git });
    expect(run.code).toBe(0);
    expect(git.checkouts[0]?.spec).toEqual({ repoURL: '/work/repos/apps', targetRevision: 'HEAD', path: '.' });
    expect(git.checkouts[0]?.options).toEqual({});
  });
});

describe('ferry render: bad input', () => {
  const trees = () => localTrees({ '/work': local });

  it.each([
    ['malformed YAML, naming file and line', ['render', '--path', 'broken'], 2, /^ferry: broken\/x\.yaml:7:1: malformed YAML: unexpected end of the stream within a flow collection\n$/],
    ['a directory that does not exist', ['render', 'nope'], 2, /^ferry: directory \/work\/nope not found\n$/],
    ['a --path that is not in the directory', ['render', '--path', 'nope'], 2, /^ferry: directory nope not found\n$/],
    ['a --path that leaves the directory', ['render', '--path', '../etc'], 2, /^ferry: path \.\.\/etc .*leads outside the tree\n$/],
    ['an unknown option', ['render', '--zzzzzz'], 2, /^ferry: unknown option '--zzzzzz'\n$/],
    ['a misspelt option, with commander’s suggestion on the same line', ['render', '--recurce'], 2, /^ferry: unknown option '--recurce' \(Did you mean --recurse\?\)\n$/],
    ['an unknown output format', ['render', '-o', 'xml'], 2, /^ferry: option '-o, --output <FORMAT>' argument 'xml' is invalid\. Allowed choices are yaml, json\.\n$/],
    ['an unknown renderer type', ['render', '--type', 'jsonnet'], 2, /^ferry: option '--type <TYPE>' argument 'jsonnet' is invalid/],
    ['an unknown command', ['rendr'], 2, /^ferry: unknown command 'rendr'/],
    ['both DIR and --repo', ['render', 'app', '--repo', 'https://x/y.git'], 2, /^ferry: give either a directory \(app\) or --repo, not both\n$/],
    ['--revision without --repo', ['render', '--revision', 'main'], 2, /^ferry: --revision needs --repo\n$/],
    ['--set without =', ['render', '--set', 'replicas'], 2, /^ferry: --set expects KEY=VALUE, got "replicas"\n$/],
    ['a helm flag on a plain directory', ['render', '--values', 'v.yaml'], 2, /^ferry: --values applies only to helm, and \. renders as plain\n$/],
    ['--namespace on a plain directory', ['render', '--namespace', 'x'], 2, /^ferry: --namespace applies only to helm and kustomize, and \. renders as plain\n$/],
    ['a plain flag on a chart', ['render', '--path', 'chart', '--recurse'], 2, /^ferry: --recurse applies only to plain, and chart renders as helm\n$/],
    ['a helm flag with another --type', ['render', '--type', 'kustomize', '--set', 'a=b'], 2, /^ferry: --set applies only to helm, and --type is kustomize\n$/],
  ])('refuses %s with one line and a non-zero exit', async (_name, argv, code, stderr) => {
    const run = await runFerry(argv, trees());
    expect(run.stdout).toBe('');
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(stderr);
  });

  it('reports a source error as one line', async () => {
    const run = await runFerry(['render', '--repo', 'https://x/y.git', '--revision', 'missing'], fakeGit(local));
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ferry: revision missing not found in https://x/y.git\n' });
  });

  it('reports an unexpected failure as an internal error, on one line, without a stack', async () => {
    const run = await runFerry(['render'], {
      openLocalTree: () => {
        throw new TypeError('boom\n    at somewhere (file.ts:1:1)');
      },
    });
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'ferry: internal error: boom at somewhere (file.ts:1:1)\n' });
  });
});

describe('ferry render --help', () => {
  it('lists every flag, the renderer flags included', async () => {
    const run = await runFerry(['render', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--repo', '--revision', '--path', '--output', '--type', '--release-name', '--namespace', '--values', '--set', '--kube-version', '--recurse', '--include', '--exclude']) {
      expect(run.stdout).toContain(flag);
    }
  });
});
