import { describe, expect, it } from 'vitest';
import { FerryError } from '../core/index.ts';
import { toApiError } from './errors.ts';

describe('toApiError', () => {
  it('keeps a 4xx FerryError whole, with Retry-After when it says', () => {
    const error = new FerryError('AUTH_RATE_LIMITED', 'too many', { httpStatus: 429, details: { retryAfterSeconds: 7 } });
    expect(toApiError(error)).toEqual({ status: 429, body: { code: 'AUTH_RATE_LIMITED', message: 'too many', details: { retryAfterSeconds: 7 } }, retryAfterSeconds: 7 });
  });

  it('does not repeat what an unexpected error says', () => {
    expect(toApiError(new TypeError('cannot read x of undefined at /srv/secret/path'))).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'internal error; the server log has the details' } });
  });

  it('lists every schema problem with its field', () => {
    const error = { validationContext: 'body', validation: [{ instancePath: '/resources/0', params: { missingProperty: 'name' }, message: "must have required property 'name'" }, { instancePath: '', params: { additionalProperty: 'extra' }, message: 'must NOT have additional properties' }] };
    expect(toApiError(error)).toEqual({
      status: 400,
      body: {
        code: 'REQUEST_INVALID',
        message: "invalid body: body.resources.0.name: must have required property 'name'; body.extra: unknown field",
        details: { problems: [{ field: 'body.resources.0.name', message: "must have required property 'name'" }, { field: 'body.extra', message: 'unknown field' }] },
      },
    });
  });
});
