/**
 * One error class for the whole project. `code` is a stable machine-readable name
 * (`SOURCE_REVISION_NOT_FOUND`), `httpStatus` is what the API answers with, and the message
 * says what failed and where, in one line, so the CLI can print it as is.
 *
 * Drift, degraded health and a resource that failed to apply are results, not errors:
 * throw only for bad input, infrastructure failures, bugs and cancellation.
 */
export interface FerryErrorOptions {
  httpStatus?: number;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class FerryError extends Error {
  override readonly name = 'FerryError';
  readonly code: string;
  readonly httpStatus: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: FerryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.httpStatus = options.httpStatus ?? 500;
    this.details = options.details;
  }
}

export function isFerryError(error: unknown, code?: string): error is FerryError {
  return error instanceof FerryError && (code === undefined || error.code === code);
}

/** The message of anything thrown, for wrapping causes into a one-line message. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** True when `error` is the rejection of an aborted operation (ours or the platform's). */
export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) ||
    isFerryError(error, 'ABORTED')
  );
}
