import { FerryError, isFerryError, isPlainObject } from '../core/index.ts';

/** A `metav1.Status` cause: which field failed and why. */
export interface StatusCause {
  readonly reason?: string;
  readonly type?: string;
  readonly message?: string;
  readonly field?: string;
}

/** `metav1.Status` as the API server words failures (and some successes). */
export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, unknown>;
  readonly status: 'Failure' | 'Success';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly uid?: string;
    readonly causes?: readonly StatusCause[];
    readonly retryAfterSeconds?: number;
  };
  readonly code: number;
}

/** `NotFound` → `CLUSTER_NOT_FOUND`; an unknown or missing reason → `CLUSTER_ERROR`. */
export function clusterErrorCode(reason: string | undefined): string {
  if (!reason) return 'CLUSTER_ERROR';
  return `CLUSTER_${reason.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** The reason the API server uses for an HTTP status when it gives none. */
const REASON_BY_CODE: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonForCode(code: number): string {
  return REASON_BY_CODE[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

export function makeStatus(
  code: number,
  message: string,
  reason: string = reasonForCode(code),
  details?: KubeStatus['details'],
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** The FerryError that carries a failed Status; its message is the Status message. */
export function clusterErrorFromStatus(status: KubeStatus): FerryError {
  return new FerryError(clusterErrorCode(status.reason), status.message ?? `request failed with HTTP ${status.code}`, {
    httpStatus: status.code,
    details: { status },
  });
}

/** The Status a cluster error carries, or undefined for any other error. */
export function statusOfClusterError(error: unknown): KubeStatus | undefined {
  if (!isFerryError(error)) return undefined;
  const status = error.details?.status;
  return isKubeStatus(status) ? status : undefined;
}

export function isKubeStatus(value: unknown): value is KubeStatus {
  return isPlainObject(value) && value.kind === 'Status' && typeof value.code === 'number';
}

/** True when `error` is the cluster saying the object does not exist. */
export function isNotFound(error: unknown): boolean {
  return isFerryError(error, 'CLUSTER_NOT_FOUND');
}

export function isConflict(error: unknown): boolean {
  return isFerryError(error, 'CLUSTER_CONFLICT');
}
