/**
 * Every failure leaves the API as `{code, message, details}` with the right status: Ferry's own
 * errors carry both; fastify's (bad JSON, wrong content type, too large a body, a request that
 * fails its schema) are translated to Ferry codes here. 5xx answers do not repeat internal
 * messages, which could carry anything; the log has them.
 */
import { isFerryError } from '../core/index.ts';

export interface ApiError {
  readonly status: number;
  readonly body: { readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };
  readonly retryAfterSeconds?: number;
}

interface FastifyLikeError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
  readonly validation?: readonly { readonly instancePath?: string; readonly message?: string; readonly params?: Record<string, unknown> }[];
  readonly validationContext?: string;
}

const FASTIFY_CODES: Readonly<Record<string, { status: number; code: string; message: (e: FastifyLikeError) => string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'REQUEST_CONTENT_TYPE_UNSUPPORTED',
    message: (e) => `unsupported content type: ${e.message?.replace(/^Unsupported Media Type:?\s*/i, '') || 'none'}; send application/json (or application/yaml for applications)`,
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'REQUEST_BODY_TOO_LARGE', message: () => 'request body too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'REQUEST_BODY_INVALID', message: () => 'request body is empty but the content type is application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'REQUEST_BODY_INVALID', message: (e) => `request body is not valid JSON: ${e.message}` },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'REQUEST_BODY_INVALID', message: () => 'request body length does not match its Content-Length' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, code: 'REQUEST_CONTENT_TYPE_UNSUPPORTED', message: () => 'the Content-Type header is empty' },
};

function describeValidation(error: FastifyLikeError): ApiError {
  const where = error.validationContext ?? 'request';
  const problems = (error.validation ?? []).map((item) => {
    const missing = item.params?.missingProperty;
    const extra = item.params?.additionalProperty;
    const path = `${where}${(item.instancePath ?? '').replace(/\//g, '.')}${typeof missing === 'string' ? `.${missing}` : ''}${typeof extra === 'string' ? `.${extra}` : ''}`;
    const message = typeof extra === 'string' ? 'unknown field' : (item.message ?? 'is invalid');
    return { field: path, message };
  });
  const listing = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return { status: 400, body: { code: 'REQUEST_INVALID', message: `invalid ${where}: ${listing}`, details: { problems } } };
}

export function toApiError(error: unknown): ApiError {
  if (isFerryError(error)) {
    const retry = error.details?.retryAfterSeconds;
    return {
      status: error.httpStatus,
      body: error.httpStatus >= 500 ? { code: error.code, message: error.message } : { code: error.code, message: error.message, ...(error.details && { details: error.details }) },
      ...(typeof retry === 'number' && { retryAfterSeconds: retry }),
    };
  }
  const fastify = (error ?? {}) as FastifyLikeError;
  if (fastify.validation) return describeValidation(fastify);
  const known = fastify.code ? FASTIFY_CODES[fastify.code] : undefined;
  if (known) return { status: known.status, body: { code: known.code, message: known.message(fastify) } };
  if (error instanceof SyntaxError || (fastify.statusCode === 400 && /JSON/i.test(fastify.message ?? ''))) {
    return { status: 400, body: { code: 'REQUEST_BODY_INVALID', message: `request body is not valid JSON: ${fastify.message ?? ''}`.trim() } };
  }
  if (fastify.statusCode !== undefined && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { status: fastify.statusCode, body: { code: 'REQUEST_INVALID', message: fastify.message ?? 'bad request' } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error; the server log has the details' } };
}
