import { FerryError, isFerryError, resolveTreePath } from '../core/index.ts';

/**
 * The folder a SourceSpec's `path` names, as a tree path: `''`, `.`, `./` and `/` are the
 * root; `./apps/web/` is `apps/web`. A path climbing above the root (`../x`) is refused:
 * an application cannot take its manifests from outside its repository.
 */
export function normaliseSourcePath(path: string, where: string): string {
  const trimmed = path.trim().replace(/^\/+/, '');
  try {
    return resolveTreePath('', trimmed);
  } catch (error) {
    if (!isFerryError(error, 'PATH_OUTSIDE_TREE')) throw error;
    throw new FerryError('SOURCE_PATH_INVALID', `path ${path} leads outside ${where}`, { httpStatus: 400 });
  }
}
