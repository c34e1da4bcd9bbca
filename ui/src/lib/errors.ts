/**
 * API failures in plain words: what went wrong, from the server's one-line message, and what
 * the person can do about it.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** A sentence for a person: what happened and what to do. */
  readonly advice: string;
  constructor(status: number, code: string, message: string, advice: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.advice = advice;
  }
}

const ADVICE: readonly { readonly when: (status: number, code: string) => boolean; readonly advice: string }[] = [
  { when: (s) => s === 0, advice: 'Ferry did not answer. Check that the server is running and reachable, then retry.' },
  { when: (_s, c) => c === 'AUTH_TOKEN_EXPIRED', advice: 'Your token has expired. Log in with a new one (ferry token create).' },
  { when: (s) => s === 401, advice: 'Ferry did not accept your token. Log in again with a valid token.' },
  { when: (s) => s === 403, advice: 'Your token may only read. Ask for an admin token to change things.' },
  { when: (s) => s === 404, advice: 'It may have been deleted or renamed. Go back to the list and reload.' },
  { when: (_s, c) => c === 'APP_OPERATION_RUNNING', advice: 'Another operation is running on this application. Wait for it to finish, or terminate it.' },
  { when: (s) => s === 409, advice: 'Something changed meanwhile. Reload and try again.' },
  { when: (s) => s === 429, advice: 'Too many attempts. Wait a minute before trying again.' },
  { when: (s) => s >= 500, advice: 'Ferry failed to do this. The server log has the details; try again shortly.' },
  { when: (s) => s >= 400, advice: 'Ferry refused the request. Check the values and try again.' },
];

export function adviceFor(status: number, code: string): string {
  return ADVICE.find((a) => a.when(status, code))?.advice ?? 'Something went wrong.';
}

/** An error from a response: the API's `{code, message}` body when there is one. */
export function apiErrorOf(status: number, body: unknown, what: string): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof record.code === 'string' ? record.code : `HTTP_${status}`;
  const message = typeof record.message === 'string' && record.message ? record.message : `${what} failed with HTTP ${status}`;
  return new ApiError(status, code, message, adviceFor(status, code));
}

export function networkError(what: string, cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, 'NETWORK', `${what}: could not reach Ferry (${detail})`, adviceFor(0, 'NETWORK'));
}

/** Any thrown value as a title and advice for an error box. */
export function describeError(error: unknown): { readonly message: string; readonly advice: string } {
  if (error instanceof ApiError) return { message: error.message, advice: error.advice };
  if (error instanceof Error) return { message: error.message, advice: 'Something unexpected happened in the page; reload it.' };
  return { message: String(error), advice: 'Something unexpected happened in the page; reload it.' };
}
