import { isFerryError, resolveTreePath, type FileTree } from '../../core/index.ts';
import { kustomizeError, OUTSIDE_TREE } from './resource.ts';

export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** Files larger than this are refused, so a hostile repository cannot exhaust memory. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git::|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/|ssh:|oci:\/\/)/i;

/** True for a resource, base or component that names a remote location. */
export function looksRemote(entry: string): boolean {
  return REMOTE.test(entry) || /^[a-z0-9.-]+\.[a-z]{2,}\/[^/]+\/[^/]+.*(?:\?ref=|\/\/)/i.test(entry);
}

const decoder = new TextDecoder('utf-8');

/**
 * Reads files for one kustomization root, as kustomize's file loader: paths are relative to
 * the root; with LoadRestrictionsRootOnly a file must lie in or below the root (directories,
 * that is other kustomizations, may be anywhere in the tree).
 */
export class Loader {
  readonly tree: FileTree;
  readonly root: string;
  readonly restrictor: LoadRestrictor;

  constructor(tree: FileTree, root: string, restrictor: LoadRestrictor) {
    this.tree = tree;
    this.root = root;
    this.restrictor = restrictor;
  }

  /** Shown in messages: the root as the user named it. */
  get label(): string {
    return this.root === '' ? '.' : this.root;
  }

  resolve(relative: string, what: string): string {
    if (looksRemote(relative)) {
      throw kustomizeError(`kustomization ${this.label}: ${what} ${relative} is a remote location; Ferry does not fetch remote bases or URLs`, 400);
    }
    try {
      return resolveTreePath(this.root, relative);
    } catch (error) {
      if (isFerryError(error, 'PATH_OUTSIDE_TREE')) {
        throw kustomizeError(`kustomization ${this.label}: ${what} ${relative} leads outside the repository`, 400, { reason: OUTSIDE_TREE });
      }
      throw error;
    }
  }

  isFile(path: string): boolean {
    return this.tree.hasFile(path);
  }

  isDirectory(path: string): boolean {
    return this.tree.hasDirectory(path);
  }

  /** Reads a file named relative to the root, enforcing the load restrictions. */
  readFile(relative: string, what: string): { path: string; bytes: Uint8Array } {
    const path = this.resolve(relative, what);
    if (this.restrictor === 'LoadRestrictionsRootOnly' && this.root !== '' && path !== this.root && !path.startsWith(`${this.root}/`)) {
      throw kustomizeError(
        `kustomization ${this.label}: ${what} ${relative}: security; file ${path} is not in or below ${this.root} (use --load-restrictor LoadRestrictionsNone to allow it)`,
        400,
      );
    }
    if (!this.tree.hasFile(path)) {
      if (this.tree.hasDirectory(path)) throw kustomizeError(`kustomization ${this.label}: ${what} ${relative} is a directory, not a file`);
      throw kustomizeError(`kustomization ${this.label}: ${what} ${relative}: no such file (${path})`, 404);
    }
    const size = this.tree.size(path);
    if (size > MAX_FILE_BYTES) {
      throw kustomizeError(`kustomization ${this.label}: ${what} ${relative} is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit`, 413);
    }
    return { path, bytes: this.tree.read(path) };
  }

  readText(relative: string, what: string): { path: string; text: string } {
    const { path, bytes } = this.readFile(relative, what);
    return { path, text: decoder.decode(bytes) };
  }

  /** The kustomization file of a directory, or undefined. */
  kustomizationFile(dir: string): string | undefined {
    const found = KUSTOMIZATION_FILE_NAMES.map((name) => (dir ? `${dir}/${name}` : name)).filter((p) => this.tree.hasFile(p));
    if (found.length > 1) {
      throw kustomizeError(`kustomization ${dir || '.'}: found multiple kustomization files: ${found.map((f) => f.split('/').pop()).join(', ')}`);
    }
    return found[0];
  }
}
