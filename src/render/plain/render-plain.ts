/**
 * The plain renderer: the `.yaml`, `.yml` and `.json` files of a directory, as Argo CD's
 * directory-type application reads them (`spec.source.directory`): subdirectories only with
 * `recurse`, `include` / `exclude` globs matched against the path relative to the directory,
 * exclude winning. Files are read in code-point order of their paths, so the output is the
 * same on every machine.
 */
import { FerryError, readText, resolveTreePath, type FileTree } from '../../core/index.ts';
import { checkManifestSize, DEFAULT_MAX_MANIFEST_BYTES, parseManifests, type ParseOptions } from '../../manifest/index.ts';
import type { DirectoryOptions, RenderedObject } from '../types.ts';
import { compileGlob, type GlobMatcher } from './glob.ts';

const MANIFEST_FILE = /\.(?:yaml|yml|json)$/;

/** Paths of the manifest files the options select, relative to the tree's root. */
export function selectManifestFiles(tree: FileTree, directory: string, options: DirectoryOptions = {}): string[] {
  const dir = resolveTreePath('', directory);
  if (dir !== '' && !tree.hasDirectory(dir)) {
    throw new FerryError('RENDER_PATH_NOT_FOUND', `directory ${dir} not found`, { httpStatus: 404 });
  }
  const prefix = dir === '' ? '' : `${dir}/`;
  const include: GlobMatcher | undefined = options.include ? compileGlob(options.include) : undefined;
  const exclude: GlobMatcher | undefined = options.exclude ? compileGlob(options.exclude) : undefined;
  const selected: string[] = [];
  for (const file of tree.files()) {
    if (!file.startsWith(prefix)) continue;
    const relative = file.slice(prefix.length);
    if (!options.recurse && relative.includes('/')) continue;
    const isJsonnet = relative.endsWith('.jsonnet');
    if (!MANIFEST_FILE.test(relative) && !isJsonnet) continue;
    if (exclude?.(relative)) continue;
    if (include && !include(relative)) continue;
    if (isJsonnet) {
      // Argo CD would evaluate it; skipping it silently would drop (and later prune) its objects.
      throw new FerryError('RENDER_JSONNET_UNSUPPORTED', `${file}: Jsonnet is not supported; exclude the file or render it to YAML`, {
        httpStatus: 400,
      });
    }
    selected.push(file);
  }
  return selected;
}

/** The objects of the manifest files of `directory` in `tree`, each with its origin. */
export function renderPlainDirectory(
  tree: FileTree,
  directory: string,
  options: DirectoryOptions = {},
  limits: ParseOptions = {},
): RenderedObject[] {
  const maxFileBytes = limits.maxFileBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  return selectManifestFiles(tree, directory, options).flatMap((file) => {
    // Size first: a 100 MB file is refused without being read.
    checkManifestSize(file, tree.size(file), maxFileBytes);
    return parseManifests(file, readText(tree, file), limits);
  });
}
