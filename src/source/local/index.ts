/**
 * source/local: a FileTree over a folder of this machine, for `ferry render DIR`. Only
 * compose.ts (and tests) import it.
 */
export type { LocalFileTreeOptions } from './local-file-tree.ts';
export { createLocalFileTree } from './local-file-tree.ts';
