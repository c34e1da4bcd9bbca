/**
 * `ferry render`: renders an application's source and prints the objects. The source is a
 * local directory (DIR) or a path in a Git repository at a revision (--repo, --revision,
 * --path); the renderer is --type or detected from the files. Flags of a renderer other than
 * the one used are refused, so a typo never renders something else silently.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FerryError, isFerryError, type FileTree } from '../../core/index.ts';
import { printJsonArray, printYamlDocuments } from '../../manifest/index.ts';
import {
  detectRendererType,
  renderManifests,
  type HelmOptions,
  type RendererType,
  type RenderRequest,
} from '../../render/index.ts';
import type { CliDeps } from '../deps.ts';

interface RenderFlags {
  readonly repo?: string;
  readonly revision?: string;
  readonly path?: string;
  readonly output: 'yaml' | 'json';
  readonly type?: RendererType;
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly values: string[];
  readonly set: string[];
  readonly kubeVersion?: string;
  readonly recurse?: boolean;
  readonly include?: string;
  readonly exclude?: string;
}

interface Source {
  readonly tree: FileTree;
  readonly path: string;
  /** The commit rendered, for a repository. */
  readonly sha?: string;
  /** How messages name the source's directory. */
  readonly label: string;
}

/** Which renderers each renderer-specific flag applies to. */
const FLAG_RENDERERS: readonly { flag: string; given: (flags: RenderFlags) => boolean; types: readonly RendererType[] }[] = [
  { flag: '--release-name', given: (flags) => flags.releaseName !== undefined, types: ['helm'] },
  { flag: '--values', given: (flags) => flags.values.length > 0, types: ['helm'] },
  { flag: '--set', given: (flags) => flags.set.length > 0, types: ['helm'] },
  { flag: '--kube-version', given: (flags) => flags.kubeVersion !== undefined, types: ['helm'] },
  { flag: '--namespace', given: (flags) => flags.namespace !== undefined, types: ['helm', 'kustomize'] },
  { flag: '--recurse', given: (flags) => flags.recurse === true, types: ['plain'] },
  { flag: '--include', given: (flags) => flags.include !== undefined, types: ['plain'] },
  { flag: '--exclude', given: (flags) => flags.exclude !== undefined, types: ['plain'] },
];

function usage(message: string): FerryError {
  return new FerryError('CLI_USAGE', message, { httpStatus: 400 });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A URL (`https://`, `file://`...) as is; anything else is a local repository path. */
function repoLocation(repo: string, cwd: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) ? repo : path.resolve(cwd, repo);
}

async function openSource(dir: string | undefined, flags: RenderFlags, deps: CliDeps): Promise<Source> {
  if (flags.repo === undefined) {
    if (flags.revision !== undefined) throw usage('--revision needs --repo');
    const directory = path.resolve(deps.io.cwd, dir ?? '.');
    const tree = await deps.openLocalTree(directory);
    const sourcePath = flags.path ?? '.';
    return { tree, path: sourcePath, label: path.join(dir ?? '.', sourcePath) };
  }
  if (dir !== undefined) throw usage(`give either a directory (${dir}) or --repo, not both`);
  const sourcePath = flags.path ?? '.';
  const credentials = deps.gitCredentials();
  try {
    const snapshot = await deps.openGitSource().checkout(
      { repoURL: repoLocation(flags.repo, deps.io.cwd), targetRevision: flags.revision ?? 'HEAD', path: sourcePath },
      credentials === undefined ? {} : { credentials },
    );
    return { tree: snapshot.tree, path: sourcePath, sha: snapshot.commit.sha, label: sourcePath };
  } catch (error) {
    throw withCredentialsHint(error);
  }
}

/** An authentication failure says where the CLI takes credentials from. */
function withCredentialsHint(error: unknown): unknown {
  if (!isFerryError(error, 'SOURCE_AUTH_FAILED')) return error;
  return new FerryError(error.code, `${error.message} (ferry render reads FERRY_GIT_USERNAME and FERRY_GIT_PASSWORD, or FERRY_GIT_TOKEN)`, {
    httpStatus: error.httpStatus,
    cause: error,
  });
}

function parseSet(assignment: string): { name: string; value: string } {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw usage(`--set expects KEY=VALUE, got ${JSON.stringify(assignment)}`);
  return { name: assignment.slice(0, equals), value: assignment.slice(equals + 1) };
}

function checkFlagsFit(flags: RenderFlags, type: RendererType, source: Source): void {
  for (const { flag, given, types } of FLAG_RENDERERS) {
    if (given(flags) && !types.includes(type)) {
      const how = flags.type === undefined ? `${source.label} renders as ${type}` : `--type is ${type}`;
      throw usage(`${flag} applies only to ${types.join(' and ')}, and ${how}`);
    }
  }
}

function buildRequest(source: Source, type: RendererType, flags: RenderFlags): RenderRequest {
  const base = { tree: source.tree, path: source.path, type };
  if (type === 'plain') {
    return { ...base, directory: { recurse: flags.recurse === true, include: flags.include, exclude: flags.exclude } };
  }
  if (type === 'kustomize') return { ...base, kustomize: { namespace: flags.namespace } };
  const helm: HelmOptions = {
    releaseName: flags.releaseName,
    namespace: flags.namespace,
    valueFiles: flags.values.length > 0 ? flags.values : undefined,
    parameters: flags.set.length > 0 ? flags.set.map(parseSet) : undefined,
    kubeVersion: flags.kubeVersion,
  };
  return { ...base, helm };
}

async function render(dir: string | undefined, flags: RenderFlags, deps: CliDeps): Promise<void> {
  // Malformed flags are refused before anything is fetched.
  flags.set.forEach(parseSet);
  const source = await openSource(dir, flags, deps);
  const type = flags.type ?? detectRendererType(source.tree, source.path);
  checkFlagsFit(flags, type, source);
  const result = renderManifests(buildRequest(source, type, flags));
  const objects = result.objects.map(({ object }) => object);
  deps.io.writeOut(flags.output === 'json' ? printJsonArray(objects) : printYamlDocuments(objects));
  if (source.sha !== undefined) deps.io.writeErr(`${source.sha}\n`);
}

export function registerRenderCommand(program: Command, deps: CliDeps): void {
  program
    .command('render')
    .description('render an application source and print its objects (the commit rendered goes to stderr)')
    .argument('[DIR]', 'a local directory to render (default: the current directory)')
    .option('--repo <URL>', 'a Git repository: https://, http://, file:// or a local path')
    .option('--revision <REV>', 'branch, tag, commit SHA or HEAD (with --repo; default HEAD)')
    .option('--path <P>', 'the application directory inside the repository or DIR', undefined)
    .addOption(new Option('-o, --output <FORMAT>', 'yaml (multi-document) or json (an array)').choices(['yaml', 'json']).default('yaml'))
    .addOption(new Option('--type <TYPE>', 'renderer; detected from Chart.yaml / kustomization.yaml when absent').choices(['plain', 'helm', 'kustomize']))
    .option('--recurse', 'plain: include subdirectories')
    .option('--include <GLOB>', 'plain: only files matching the glob (relative to the directory)')
    .option('--exclude <GLOB>', 'plain: skip files matching the glob; wins over --include')
    .option('--release-name <NAME>', 'helm: the release name')
    .option('--namespace <NS>', 'helm, kustomize: the namespace to render into')
    .option('--values <FILE>', 'helm: a values file, relative to the chart directory (repeatable)', collect, [])
    .option('--set <KEY=VALUE>', 'helm: a value (repeatable)', collect, [])
    .option('--kube-version <VERSION>', 'helm: the Kubernetes version templates see')
    .action((dir: string | undefined, flags: RenderFlags) => render(dir, flags, deps));
}
