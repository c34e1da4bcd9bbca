/**
 * `ferry kustomize DIR`: a drop-in for `kubectl kustomize DIR` and `kustomize build DIR`,
 * built by Ferry's own kustomize renderer and printed byte for byte as kubectl prints it.
 * `ferry kubectl kustomize ...` is the same command, so a script that runs
 * `kubectl kustomize` can be pointed at Ferry by replacing the word `kubectl`.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FerryError } from '../../core/index.ts';
import { buildKustomization, printKustomizeOutput, type LoadRestrictor } from '../../render/kustomize/index.ts';
import type { CliDeps } from '../deps.ts';

interface KustomizeFlags {
  readonly loadRestrictor: LoadRestrictor;
}

/**
 * The directory the tree is opened at: the current directory when the target lies below it,
 * so that `../base` references resolve as they do for kustomize; else the target's parent.
 */
export function treeRootFor(cwd: string, target: string): string {
  const relative = path.relative(cwd, target);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return cwd;
  return path.dirname(target);
}

async function runKustomize(args: readonly string[], flags: KustomizeFlags, deps: CliDeps): Promise<void> {
  const rest = args[0] === 'build' ? args.slice(1) : [...args];
  if (rest.length > 1) {
    throw new FerryError('CLI_USAGE', `kustomize takes one directory, got ${rest.join(' ')}`, { httpStatus: 400 });
  }
  const dir = rest[0] ?? '.';
  const target = path.resolve(deps.io.cwd, dir);
  const root = treeRootFor(deps.io.cwd, target);
  const tree = await deps.openLocalTree(root);
  const result = buildKustomization({
    tree,
    path: path.relative(root, target).split(path.sep).join('/'),
    loadRestrictor: flags.loadRestrictor,
  });
  deps.io.writeOut(printKustomizeOutput(result.objects.map((o) => o.object)));
}

function defineKustomize(command: Command, deps: CliDeps): Command {
  return command
    .description('build a kustomization as kubectl kustomize does, with Ferry\'s renderer')
    .argument('[DIR...]', 'the kustomization directory (default: the current directory); `build DIR` is accepted too')
    .addOption(
      new Option('--load-restrictor <RESTRICTOR>', 'whether files outside a kustomization root may be read')
        .choices(['LoadRestrictionsRootOnly', 'LoadRestrictionsNone'])
        .default('LoadRestrictionsRootOnly'),
    )
    .action((args: string[], flags: KustomizeFlags) => runKustomize(args, flags, deps));
}

export function registerKustomizeCommand(program: Command, deps: CliDeps): void {
  defineKustomize(program.command('kustomize'), deps);
  const kubectl = program.command('kubectl').description('the kubectl commands Ferry implements itself');
  defineKustomize(kubectl.command('kustomize'), deps);
}
