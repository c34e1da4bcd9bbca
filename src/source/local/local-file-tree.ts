/**
 * A FileTree over a folder of this machine (`ferry render DIR`). The folder is listed once
 * (names and link targets only); sizes and contents are read when asked. Symlinks follow
 * the rules of Git trees: a link to a file or folder inside the directory is followed, a
 * link that is absolute, climbs out of the directory, or loops is refused when the tree is
 * made, naming the link and its target. Files are opened with O_NOFOLLOW at the path the
 * listing resolved, so nothing outside the directory is read. `.git` folders and special
 * files (sockets, FIFOs, devices) are skipped.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { FerryError } from '../../core/index.ts';
import {
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_TREE_ENTRIES,
  buildResolvedTree,
  formatBytes,
  refusedLinksUnder,
  type ResolvedFileTree,
  type TreeNode,
} from '../resolved-tree.ts';
import { MAX_LINK_TARGET_BYTES } from '../symlink.ts';

export interface LocalFileTreeOptions {
  /** Reading a larger file throws SOURCE_FILE_TOO_LARGE; default 16 MiB. */
  readonly maxFileBytes?: number;
  /** Most files listed (links to folders included); default 1,000,000. */
  readonly maxEntries?: number;
}

function fileNode(absolute: string, relative: string, where: string, maxFileBytes: number): TreeNode {
  let size: number | undefined;
  return {
    kind: 'file',
    size() {
      size ??= lstatSync(absolute).size;
      return size;
    },
    read() {
      const fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) throw new FerryError('FILE_NOT_FOUND', `${relative} in ${where} is no longer a regular file`, { httpStatus: 404 });
        // The file may have grown since it was listed.
        if (stat.size > maxFileBytes) {
          throw new FerryError(
            'SOURCE_FILE_TOO_LARGE',
            `file ${relative} in ${where} is ${stat.size} bytes (${formatBytes(stat.size)}), over the limit of ${maxFileBytes} bytes (${formatBytes(maxFileBytes)})`,
            { httpStatus: 413, details: { path: relative, size: stat.size, limit: maxFileBytes } },
          );
        }
        const buffer = Buffer.allocUnsafe(stat.size);
        let done = 0;
        while (done < stat.size) {
          const n = readSync(fd, buffer, done, stat.size - done, done);
          if (n === 0) break;
          done += n;
        }
        return done === stat.size ? buffer : buffer.subarray(0, done);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Lists `directory` and returns its read-only tree; refuses escaping or looping links. */
export function createLocalFileTree(directory: string, options: LocalFileTreeOptions = {}): ResolvedFileTree {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_TREE_ENTRIES;
  const where = `directory ${directory}`;
  let root: string;
  try {
    root = realpathSync(directory);
    if (!statSync(root).isDirectory()) {
      throw new FerryError('SOURCE_PATH_NOT_FOUND', `${directory} is not a directory`, { httpStatus: 404 });
    }
  } catch (error) {
    if (error instanceof FerryError) throw error;
    throw new FerryError('SOURCE_PATH_NOT_FOUND', `directory ${directory} does not exist`, { httpStatus: 404 });
  }

  const nodes = new Map<string, TreeNode>();
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    const absolute = relative === '' ? root : path.join(root, relative);
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = path.join(absolute, entry.name);
      if (entry.isSymbolicLink()) {
        const target = readlinkSync(full);
        if (Buffer.byteLength(target) > MAX_LINK_TARGET_BYTES) continue;
        nodes.set(child, { kind: 'symlink', target });
      } else if (entry.isDirectory()) {
        nodes.set(child, { kind: 'dir' });
        pending.push(child);
      } else if (entry.isFile()) {
        nodes.set(child, fileNode(full, child, where, maxFileBytes));
      } else {
        continue;
      }
      if (nodes.size > maxEntries) {
        throw new FerryError('SOURCE_TREE_TOO_LARGE', `${where} has more than ${maxEntries} entries`, { httpStatus: 413 });
      }
    }
  }

  const tree = buildResolvedTree(nodes, { maxFileBytes, maxEntries, where });
  const refused = refusedLinksUnder(tree, '');
  if (refused.length > 0) throw (refused[0] as (typeof refused)[number]).error;
  return tree;
}
