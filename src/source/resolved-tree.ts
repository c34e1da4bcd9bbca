import { FerryError, compareCodePoints, type FileTree } from '../core/index.ts';
import { MAX_LINK_HOPS, resolveLinkTarget } from './symlink.ts';

/** One entry of a raw listing (a Git tree or a folder on disk) before links are followed. */
export type TreeNode =
  | { readonly kind: 'file'; size(): number; read(): Uint8Array }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'dir' };

/** A path of the tree that exists but cannot be read, and why. */
export interface TreeProblem {
  readonly path: string;
  readonly error: FerryError;
}

/** A FileTree whose links are resolved, which also reports the links it refused. */
export interface ResolvedFileTree extends FileTree {
  /** Links that escape the tree, loop, or dangle, at the paths a reader would meet them. */
  problems(): readonly TreeProblem[];
}

export interface ResolvedTreeOptions {
  /** Reading a larger file throws SOURCE_FILE_TOO_LARGE; `size()` still answers. */
  readonly maxFileBytes: number;
  /** Links to folders multiply paths; past this many files the tree is refused. */
  readonly maxEntries: number;
  /** Names the tree in messages: `repository https://… at 1a2b3c4d`, `directory /srv/app`. */
  readonly where: string;
}

export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_TREE_ENTRIES = 1_000_000;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

type FileNode = Extract<TreeNode, { kind: 'file' }>;
type Entry = { readonly file: FileNode } | { readonly error: FerryError };
type Followed = { kind: 'file'; node: FileNode } | { kind: 'dir'; path: string } | { kind: 'missing' };

function join(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/**
 * Builds the read-only view of a raw listing: symlinks inside the tree are replaced by what
 * they point at (a link to a folder shows that folder's files under the link's path), and
 * links that escape, loop or dangle stay as paths whose reading throws a clear error.
 * Nothing here touches a disk: reading goes through the nodes' own `read`.
 */
export function buildResolvedTree(nodes: ReadonlyMap<string, TreeNode>, options: ResolvedTreeOptions): ResolvedFileTree {
  const { where, maxFileBytes, maxEntries } = options;
  const children = new Map<string, string[]>();
  for (const path of nodes.keys()) {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    const list = children.get(parent);
    if (list) list.push(path.slice(slash + 1));
    else children.set(parent, [path.slice(slash + 1)]);
  }

  /** Follows every link along `realPath` (a path of the raw listing) to what it finally names. */
  function follow(realPath: string): Followed {
    let pending = realPath.split('/').filter((part) => part !== '');
    let resolved: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const name = pending.shift() as string;
      const candidate = join(resolved.join('/'), name);
      const node = nodes.get(candidate);
      if (!node) return { kind: 'missing' };
      if (node.kind === 'symlink') {
        hops += 1;
        if (hops > MAX_LINK_HOPS) throw loopError(realPath, `more than ${MAX_LINK_HOPS} links deep`);
        const target = resolveLinkTarget(candidate, node.target, where);
        pending = [...target.split('/').filter((part) => part !== ''), ...pending];
        resolved = [];
        continue;
      }
      if (node.kind === 'file' && pending.length > 0) return { kind: 'missing' };
      resolved.push(name);
    }
    const path = resolved.join('/');
    const node = path === '' ? ({ kind: 'dir' } as const) : nodes.get(path);
    if (!node) return { kind: 'missing' };
    if (node.kind === 'file') return { kind: 'file', node };
    return { kind: 'dir', path };
  }

  function loopError(path: string, why: string): FerryError {
    return new FerryError('SOURCE_SYMLINK_LOOP', `symlink ${path} in ${where} loops (${why})`, {
      httpStatus: 422,
      details: { link: path },
    });
  }

  const entries = new Map<string, Entry>();
  function add(path: string, entry: Entry): void {
    entries.set(path, entry);
    if (entries.size > maxEntries) {
      throw new FerryError(
        'SOURCE_TREE_TOO_LARGE',
        `${where} has more than ${maxEntries} files once symlinks to folders are followed`,
        { httpStatus: 413 },
      );
    }
  }

  // Depth-first over the view; `ancestors` are the real folders being expanded, so a link
  // back to one of them (a loop that would list files forever) is caught.
  const stack: { real: string; view: string; ancestors: readonly string[] }[] = [{ real: '', view: '', ancestors: [''] }];
  while (stack.length > 0) {
    const { real, view, ancestors } = stack.pop() as (typeof stack)[number];
    for (const name of children.get(real) ?? []) {
      const realChild = join(real, name);
      const viewChild = join(view, name);
      const node = nodes.get(realChild) as TreeNode;
      if (node.kind === 'file') {
        add(viewChild, { file: node });
        continue;
      }
      if (node.kind === 'dir') {
        stack.push({ real: realChild, view: viewChild, ancestors: [...ancestors, realChild] });
        continue;
      }
      let followed: Followed;
      try {
        followed = follow(realChild);
      } catch (error) {
        if (!(error instanceof FerryError)) throw error;
        const named = error.message.startsWith(`symlink ${viewChild} `)
          ? error
          : new FerryError(error.code, `${viewChild}: ${error.message}`, { httpStatus: error.httpStatus, details: error.details ?? {} });
        add(viewChild, { error: named });
        continue;
      }
      if (followed.kind === 'missing') {
        add(viewChild, {
          error: new FerryError(
            'SOURCE_SYMLINK_BROKEN',
            `symlink ${viewChild} -> ${node.target} in ${where} points at nothing`,
            { httpStatus: 422, details: { link: viewChild, target: node.target } },
          ),
        });
      } else if (followed.kind === 'file') {
        add(viewChild, { file: followed.node });
      } else if (ancestors.includes(followed.path)) {
        add(viewChild, { error: loopError(viewChild, `-> ${node.target} is a folder containing the link`) });
      } else {
        stack.push({ real: followed.path, view: viewChild, ancestors: [...ancestors, followed.path] });
      }
    }
  }

  const files = [...entries.keys()].sort(compareCodePoints);
  const folders = new Set<string>();
  for (const file of files) {
    for (let slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) folders.add(file.slice(0, slash));
  }
  const problems: TreeProblem[] = [];
  for (const file of files) {
    const entry = entries.get(file) as Entry;
    if ('error' in entry) problems.push({ path: file, error: entry.error });
  }

  function fileAt(path: string): FileNode {
    const entry = entries.get(path);
    if (!entry) throw new FerryError('FILE_NOT_FOUND', `file ${path} not found in ${where}`, { httpStatus: 404 });
    if ('error' in entry) throw entry.error;
    return entry.file;
  }

  return {
    files: () => files,
    hasFile: (path) => entries.has(path),
    hasDirectory: (path) => (path === '' ? files.length > 0 : folders.has(path)),
    size: (path) => fileAt(path).size(),
    read(path) {
      const file = fileAt(path);
      const size = file.size();
      if (size > maxFileBytes) {
        throw new FerryError(
          'SOURCE_FILE_TOO_LARGE',
          `file ${path} in ${where} is ${size} bytes (${formatBytes(size)}), over the limit of ${maxFileBytes} bytes (${formatBytes(maxFileBytes)})`,
          { httpStatus: 413, details: { path, size, limit: maxFileBytes } },
        );
      }
      return file.read();
    },
    problems: () => problems,
  };
}

/**
 * The problems a checkout of `folder` must refuse: links under it that escape the tree or
 * loop. (Dangling links are left to the reader: they escape nothing.)
 */
export function refusedLinksUnder(tree: ResolvedFileTree, folder: string): TreeProblem[] {
  const prefix = folder === '' ? '' : `${folder}/`;
  return tree
    .problems()
    .filter((p) => p.path.startsWith(prefix) && p.error.code !== 'SOURCE_SYMLINK_BROKEN');
}
