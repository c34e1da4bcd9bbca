import { FerryError } from '../../core/index.ts';

/**
 * The codes of the Helm renderer's errors. Messages read
 * `render helm chart <dir>: <what failed, where>` so the CLI and the UI can show them as is.
 */
export type HelmErrorCode =
  | 'RENDER_HELM_CHART_INVALID'
  | 'RENDER_HELM_DEPENDENCY_MISSING'
  | 'RENDER_HELM_VALUES_INVALID'
  | 'RENDER_HELM_SCHEMA_MISMATCH'
  | 'RENDER_TEMPLATE_FAILED'
  | 'RENDER_HELM_OUTPUT_INVALID'
  | 'RENDER_HELM_OPTIONS_INVALID'
  | 'PATH_OUTSIDE_TREE'
  | 'FILE_NOT_FOUND';

export function helmError(code: HelmErrorCode, message: string, cause?: unknown): FerryError {
  return new FerryError(code, message, { httpStatus: 422, cause });
}
