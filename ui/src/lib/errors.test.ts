import { describe, expect, it } from 'vitest';
import { apiErrorOf, describeError, networkError } from './errors.ts';

describe('API errors in plain words', () => {
  it.each([
    [401, { code: 'AUTH_TOKEN_UNKNOWN', message: 'the token is not valid (unknown or deleted)' }, 'Log in again'],
    [401, { code: 'AUTH_TOKEN_EXPIRED', message: 'the token x expired at ...' }, 'expired'],
    [403, { code: 'AUTH_FORBIDDEN', message: 'token ci is readonly: POST /sync needs an admin token' }, 'admin token'],
    [409, { code: 'APP_OPERATION_RUNNING', message: 'application web already has an operation running (3)' }, 'Wait for it to finish'],
    [404, { code: 'APP_NOT_FOUND', message: 'application web not found' }, 'deleted'],
    [500, { code: 'INTERNAL', message: 'internal error; the server log has the details' }, 'server log'],
  ])('%d %j', (status, body, advice) => {
    const error = apiErrorOf(status, body, 'GET x');
    expect(error.message).toBe(body.message);
    expect(error.code).toBe(body.code);
    expect(error.advice).toContain(advice);
  });

  it('names the request when the body says nothing', () => {
    expect(apiErrorOf(502, '<html>bad gateway</html>', 'GET /api/v1/applications').message).toBe('GET /api/v1/applications failed with HTTP 502');
  });

  it('explains a server that does not answer', () => {
    const error = networkError('GET /api/v1/applications', new TypeError('Failed to fetch'));
    expect(describeError(error)).toEqual({ message: 'GET /api/v1/applications: could not reach Ferry (Failed to fetch)', advice: expect.stringContaining('running') });
  });
});
