import { FerryError } from './errors.ts';

/**
 * A read-only tree of files: what a source yields at one commit (or a local directory) and
 * what every renderer reads. Paths are POSIX, relative to the tree's root, without `./`,
 * never containing `..`. Links have been resolved (or refused) by whoever built the tree,
 * so a renderer cannot reach outside it.
 */
export interface FileTree {
  /** Every file path in the tree, sorted by code point. */
  files(): readonly string[];
  hasFile(path: string): boolean;
  /** True when some file lies below `path` (the root `''` included). */
  hasDirectory(path: string): boolean;
  /** Size in bytes; throws FILE_NOT_FOUND. */
  size(path: string): number;
  /** Contents; throws FILE_NOT_FOUND. */
  read(path: string): Uint8Array;
}

const textDecoder = new TextDecoder('utf-8');

export function readText(tree: FileTree, path: string): string {
  return textDecoder.decode(tree.read(path));
}

/**
 * Normalises a path given relative to `base` inside a tree: resolves `.` and `..`, and refuses
 * one that climbs above the root, since that would read outside the repository or chart.
 */
export function resolveTreePath(base: string, relative: string): string {
  if (relative.startsWith('/')) {
    throw new FerryError('PATH_OUTSIDE_TREE', `path ${relative} is absolute; only paths inside the tree are allowed`, {
      httpStatus: 400,
    });
  }
  const parts: string[] = [];
  for (const part of `${base}/${relative}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) {
        throw new FerryError('PATH_OUTSIDE_TREE', `path ${relative} (from ${base || '/'}) leads outside the tree`, {
          httpStatus: 400,
        });
      }
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join('/');
}

function fileNotFound(path: string): FerryError {
  return new FerryError('FILE_NOT_FOUND', `file ${path} not found`, { httpStatus: 404 });
}

/** A FileTree held in memory: for tests, generated files and trees assembled by renderers. */
export class MemoryFileTree implements FileTree {
  private readonly entries: Map<string, Uint8Array>;
  private readonly sorted: string[];

  constructor(files: Record<string, string | Uint8Array> | Map<string, Uint8Array>) {
    const encoder = new TextEncoder();
    this.entries = new Map();
    const source = files instanceof Map ? files.entries() : Object.entries(files);
    for (const [path, content] of source) {
      const clean = resolveTreePath('', path);
      this.entries.set(clean, typeof content === 'string' ? encoder.encode(content) : content);
    }
    this.sorted = [...this.entries.keys()].sort(compareCodePoints);
  }

  files(): readonly string[] {
    return this.sorted;
  }

  hasFile(path: string): boolean {
    return this.entries.has(path);
  }

  hasDirectory(path: string): boolean {
    if (path === '') return this.sorted.length > 0;
    const prefix = `${path}/`;
    return this.sorted.some((file) => file.startsWith(prefix));
  }

  size(path: string): number {
    return this.read(path).byteLength;
  }

  read(path: string): Uint8Array {
    const content = this.entries.get(path);
    if (!content) throw fileNotFound(path);
    return content;
  }
}

/** The part of `tree` below `directory`, with paths relative to it. */
export function subTree(tree: FileTree, directory: string): FileTree {
  if (directory === '' || directory === '.') return tree;
  const prefix = `${directory.replace(/\/+$/, '')}/`;
  const files = tree.files().filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
  return {
    files: () => files,
    hasFile: (path) => tree.hasFile(prefix + path),
    hasDirectory: (path) => tree.hasDirectory(path === '' ? prefix.slice(0, -1) : prefix + path),
    size: (path) => tree.size(prefix + path),
    read: (path) => tree.read(prefix + path),
  };
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
