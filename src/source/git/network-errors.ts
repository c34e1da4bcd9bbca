/**
 * Turns what a network operation threw (isomorphic-git errors, `fetch` failures, aborts,
 * deadlines) into one FerryError naming the repository, the host and the cause. Messages
 * carry the display URL (credentials removed) and are scrubbed of any secret.
 */
import { FerryError, messageOf } from '../../core/index.ts';
import { DeadlineExceeded } from './coalesce.ts';

export interface NetworkContext {
  /** `list the refs of` or `fetch`. */
  readonly action: string;
  /** Repository URL without credentials. */
  readonly display: string;
  readonly host: string;
  readonly hadCredentials: boolean;
  /** Secrets that must never appear in a message (passwords, tokens, their base64 forms). */
  readonly secrets: readonly string[];
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
};

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('***');
  return out;
}

/** The first `code` found along the `cause` chain of an error (undici nests them). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== 'HttpError') return code;
    current = (current as Error & { cause?: unknown }).cause;
    if (current && typeof current === 'object' && !(current instanceof Error) && 'code' in current) {
      return String((current as { code: unknown }).code);
    }
  }
  return undefined;
}

export function abortedError(context: NetworkContext, reason: unknown): FerryError {
  return new FerryError('ABORTED', `${context.action} ${context.display} was cancelled`, {
    httpStatus: 499,
    cause: reason,
  });
}

export function toSourceError(error: unknown, context: NetworkContext): FerryError {
  if (error instanceof FerryError) return error;
  const { action, display, host, hadCredentials, secrets } = context;
  if (error instanceof DeadlineExceeded) {
    return new FerryError(
      'SOURCE_UNREACHABLE',
      `cannot ${action} ${display}: ${host} did not answer within ${error.timeoutMs} ms`,
      { httpStatus: 504, details: { host, timeoutMs: error.timeoutMs } },
    );
  }
  const named = error as { code?: string; data?: { statusCode?: number; statusMessage?: string } };
  if (named?.code === 'HttpError' && named.data?.statusCode !== undefined) {
    const status = named.data.statusCode;
    if (status === 401 || status === 403 || status === 203) {
      const message = hadCredentials
        ? `authentication to ${display} failed (HTTP ${status}): the server refused the username/password or token`
        : `${display} requires credentials (HTTP ${status}): give a username/password or a token`;
      return new FerryError('SOURCE_AUTH_FAILED', message, { httpStatus: 403, details: { host, status } });
    }
    if (status === 404) {
      return new FerryError('SOURCE_REPO_NOT_FOUND', `repository ${display} not found (HTTP 404 from ${host})`, {
        httpStatus: 404,
        details: { host, status },
      });
    }
    return new FerryError(
      'SOURCE_FETCH_FAILED',
      `cannot ${action} ${display}: ${host} answered HTTP ${status} ${scrub(named.data.statusMessage ?? '', secrets)}`.trim(),
      { httpStatus: 502, details: { host, status } },
    );
  }
  if (['SmartHttpError', 'ParseError', 'EmptyServerResponseError', 'UnknownTransportError'].includes(named?.code ?? '')) {
    return new FerryError(
      'SOURCE_FETCH_FAILED',
      `cannot ${action} ${display}: ${host} did not answer as a Git smart-HTTP server (${scrub(messageOf(error), secrets).split('\n')[0]})`,
      { httpStatus: 502, details: { host } },
    );
  }
  const code = networkCode(error);
  if (code !== undefined && (NETWORK_CAUSES[code] !== undefined || /^E[A-Z]+$/.test(code) || code.startsWith('UND_ERR'))) {
    const why = NETWORK_CAUSES[code] ?? 'network error';
    return new FerryError('SOURCE_UNREACHABLE', `cannot reach ${host} to ${action} ${display}: ${why} (${code})`, {
      httpStatus: 502,
      details: { host, code },
    });
  }
  return new FerryError(
    'SOURCE_FETCH_FAILED',
    `cannot ${action} ${display}: ${scrub(messageOf(error), secrets).split('\n')[0]}`,
    { httpStatus: 502, details: { host } },
  );
}
