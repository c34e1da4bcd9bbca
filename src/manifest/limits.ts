import { FerryError } from '../core/index.ts';

/**
 * Largest manifest file Ferry reads: far above any real manifest (Argo CD's repo server
 * defaults to 10M for a whole directory), low enough that a stray data file or a hostile repo
 * cannot make the parser hold hundreds of megabytes.
 */
export const DEFAULT_MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}

/** Refuses a file larger than `limit`; call it with the size from the tree, before reading. */
export function checkManifestSize(file: string, bytes: number, limit: number = DEFAULT_MAX_MANIFEST_BYTES): void {
  if (bytes > limit) {
    throw new FerryError(
      'MANIFEST_TOO_LARGE',
      `${file} is ${formatBytes(bytes)}, larger than the ${formatBytes(limit)} a manifest file may have`,
      { httpStatus: 413 },
    );
  }
}
