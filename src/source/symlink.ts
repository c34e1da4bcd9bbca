import { FerryError } from '../core/index.ts';

/** Symlinks deeper than this are a loop, as for the kernel (ELOOP after 40 hops). */
export const MAX_LINK_HOPS = 40;

/** The longest link target accepted; a longer one is not a path anyone means. */
export const MAX_LINK_TARGET_BYTES = 4096;

export function symlinkEscape(link: string, target: string, where: string): FerryError {
  const why = target.startsWith('/') ? 'is absolute' : 'points outside it';
  return new FerryError(
    'SOURCE_SYMLINK_ESCAPE',
    `symlink ${link} -> ${target} in ${where} ${why}; only relative links to files inside it are allowed`,
    { httpStatus: 422, details: { link, target } },
  );
}

/**
 * The path inside the tree a symlink at `linkPath` (a path inside the tree) points at.
 * Relative targets resolve against the link's folder; an absolute target, or one climbing
 * above the root, is refused with SOURCE_SYMLINK_ESCAPE naming the link and its target
 * (`where` says which tree: "the repository", "the directory /srv/app").
 */
export function resolveLinkTarget(linkPath: string, target: string, where = 'the repository'): string {
  if (target === '' || target.startsWith('/') || target.includes('\0') || /^[a-zA-Z]:[\\/]/.test(target)) {
    throw symlinkEscape(linkPath, target, where);
  }
  const parts = linkPath.split('/').filter((part) => part !== '');
  parts.pop();
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) throw symlinkEscape(linkPath, target, where);
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join('/');
}

/**
 * Refuses a tree entry name that is not a single path component: `.`, `..`, empty, or one
 * containing `/` or NUL. Git's own fsck rejects these; a crafted tree could otherwise make a
 * path that climbs out of the checkout or aliases another file.
 */
export function checkEntryName(name: string, folder: string, where: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    const at = folder === '' ? 'the root folder' : `folder ${folder}`;
    throw new FerryError(
      'SOURCE_INVALID_ENTRY',
      `${where}: ${at} has an entry named ${JSON.stringify(name)}, which is not a valid file name`,
      { httpStatus: 422, details: { folder, name } },
    );
  }
}
