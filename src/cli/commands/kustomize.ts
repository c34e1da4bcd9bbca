/**
 * `ferry kustomize DIR`: a drop-in for `kubectl kustomize DIR` and `kustomize build DIR`,
 * built by Ferry's own kustomize renderer and printed byte for byte as kubectl prints it.
 * `ferry kubectl kustomize ...` is the same command, so a script that runs
 * `kubectl kustomize` can be pointed at Ferry by replacing the word `kubectl`.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FerryError, isFerryError } from '../../core/index.ts';
import { buildKustomization, OUTSIDE_TREE, printKustomizeOutput, type LoadRestrictor } from '../../render/kustomize/index.ts';
import type { CliDeps } from '../deps.ts';

interface KustomizeFlags {
  readonly loadRestrictor: LoadRestrictor;
  readonly enableHelm?: boolean;
}

/** How far above the target directory a build may reach for `../` bases. */
export const MAX_LEVELS_UP = 6;

/**
 * The directories the tree is opened at, in turn: the target itself, then each parent while
 * a base lies above (`../base`), up to MAX_LEVELS_UP and never the filesystem root. Starting
 * low keeps the listing small (a working directory may hold node_modules).
 */
export function treeRootsFor(target: string): string[] {
  const roots = [target];
  let current = target;
  for (let i = 0; i < MAX_LEVELS_UP; i++) {
    const parent = path.dirname(current);
    if (parent === current || path.dirname(parent) === parent) break;
    roots.push(parent);
    current = parent;
  }
  return roots;
}

function climbsOut(error: unknown): boolean {
  return isFerryError(error) && error.details?.reason === OUTSIDE_TREE;
}

async function runKustomize(args: readonly string[], flags: KustomizeFlags, deps: CliDeps): Promise<void> {
  const rest = args[0] === 'build' ? args.slice(1) : [...args];
  if (rest.length > 1) {
    throw new FerryError('CLI_USAGE', `kustomize takes one directory, got ${rest.join(' ')}`, { httpStatus: 400 });
  }
  const target = path.resolve(deps.io.cwd, rest[0] ?? '.');
  const roots = treeRootsFor(target);
  for (const [index, root] of roots.entries()) {
    const tree = await deps.openLocalTree(root);
    try {
      const result = buildKustomization({
        tree,
        path: path.relative(root, target).split(path.sep).join('/'),
        loadRestrictor: flags.loadRestrictor,
        enableHelm: flags.enableHelm === true,
      });
      deps.io.writeOut(printKustomizeOutput(result.objects.map((o) => o.object)));
      return;
    } catch (error) {
      if (!climbsOut(error) || index === roots.length - 1) throw error;
    }
  }
}

function defineKustomize(command: Command, deps: CliDeps): Command {
  return command
    .description("build a kustomization as kubectl kustomize does, with Ferry's renderer")
    .argument('[DIR...]', 'the kustomization directory (default: the current directory); `build DIR` is accepted too')
    .addOption(
      new Option('--load-restrictor <RESTRICTOR>', 'whether files outside a kustomization root may be read')
        .choices(['LoadRestrictionsRootOnly', 'LoadRestrictionsNone'])
        .default('LoadRestrictionsRootOnly'),
    )
    .option('--enable-helm', "inflate helmCharts (local charts, rendered by Ferry's Helm renderer)")
    .action((args: string[], flags: KustomizeFlags) => runKustomize(args, flags, deps));
}

export function registerKustomizeCommand(program: Command, deps: CliDeps): void {
  defineKustomize(program.command('kustomize'), deps);
  const kubectl = program.command('kubectl').description('the kubectl commands Ferry implements itself');
  defineKustomize(kubectl.command('kustomize'), deps);
}
