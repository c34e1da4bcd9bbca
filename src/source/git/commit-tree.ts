/**
 * The raw listing of a commit's whole tree, read from the object store: every file, link and
 * folder with its blob id. Only tree objects and link targets are read here; file contents
 * and sizes are read when asked for.
 */
import { FerryError } from '../../core/index.ts';
import type { TreeNode } from '../resolved-tree.ts';
import { MAX_LINK_TARGET_BYTES, checkEntryName } from '../symlink.ts';
import { parseTree } from './git-objects.ts';
import type { ObjectStore } from './object-store.ts';

const FILE_MODE = /^100[0-7]{3}$/;
const DIR_MODES = new Set(['40000', '040000']);
const LINK_MODE = '120000';
const GITLINK_MODE = '160000';

function invalidEntry(where: string, path: string, why: string): FerryError {
  return new FerryError('SOURCE_INVALID_ENTRY', `${where}: entry ${path} ${why}`, { httpStatus: 422, details: { path } });
}

function blobNode(store: ObjectStore, oid: string): TreeNode {
  let size: number | undefined;
  return {
    kind: 'file',
    size() {
      size ??= store.info(oid).size;
      return size;
    },
    read() {
      const object = store.read(oid);
      if (object.type !== 'blob') throw new FerryError('SOURCE_OBJECT_CORRUPT', `git object ${oid} is a ${object.type}, not a file`);
      return object.data;
    },
  };
}

/**
 * Lists the tree `treeOid` recursively. Refuses entries that are not one path component
 * (`..`, `.`, `a/b`), duplicate names and unknown modes; skips submodules (gitlinks), whose
 * commits live in another repository.
 */
export function listCommitTree(store: ObjectStore, treeOid: string, where: string): Map<string, TreeNode> {
  const nodes = new Map<string, TreeNode>();
  const pending: { oid: string; path: string }[] = [{ oid: treeOid, path: '' }];
  while (pending.length > 0) {
    const { oid, path } = pending.pop() as { oid: string; path: string };
    const object = store.read(oid);
    if (object.type !== 'tree') {
      throw new FerryError('SOURCE_OBJECT_CORRUPT', `${where}: ${path || 'the root'} should be a tree but is a ${object.type}`);
    }
    const seen = new Set<string>();
    for (const entry of parseTree(object.data, oid)) {
      checkEntryName(entry.name, path, where);
      const child = path === '' ? entry.name : `${path}/${entry.name}`;
      if (seen.has(entry.name)) throw invalidEntry(where, child, 'appears twice in its folder');
      seen.add(entry.name);
      if (DIR_MODES.has(entry.mode)) {
        nodes.set(child, { kind: 'dir' });
        pending.push({ oid: entry.oid, path: child });
      } else if (FILE_MODE.test(entry.mode)) {
        nodes.set(child, blobNode(store, entry.oid));
      } else if (entry.mode === LINK_MODE) {
        const info = store.info(entry.oid);
        if (info.size > MAX_LINK_TARGET_BYTES) {
          throw invalidEntry(where, child, `is a symlink with a ${info.size}-byte target (longer than a path can be)`);
        }
        nodes.set(child, { kind: 'symlink', target: Buffer.from(store.read(entry.oid).data).toString('utf8') });
      } else if (entry.mode !== GITLINK_MODE) {
        throw invalidEntry(where, child, `has the unknown mode ${entry.mode}`);
      }
    }
  }
  return nodes;
}
