import { describe, expect, it } from 'vitest';
import { ManualClock, isFerryError } from '../../src/core/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import { createAuthenticator, ensureAdminToken, hashToken, issueToken } from '../../src/server/auth.ts';
import { RateLimiter } from '../../src/server/rate-limit.ts';

function store() {
  return openSqliteStore(':memory:', { clock: new ManualClock() });
}

describe('ensureAdminToken', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('creates an admin token at first start only, stored as a hash', () => {
    const tokens = store().tokens;
    const first = ensureAdminToken(tokens, { now });
    expect(first.kind).toBe('created');
    const token = first.kind === 'created' ? first.token : '';
    expect(tokens.list()).toEqual([expect.objectContaining({ name: 'admin', role: 'admin', hash: hashToken(token) })]);
    expect(JSON.stringify(tokens.list())).not.toContain(token);
    expect(ensureAdminToken(tokens, { now })).toEqual({ kind: 'existing' });
    expect(tokens.list()).toHaveLength(1);
  });

  it('makes a preset token valid, once', () => {
    const tokens = store().tokens;
    const preset = 'preset-admin-token-0123456789';
    expect(ensureAdminToken(tokens, { now, preset })).toEqual({ kind: 'preset' });
    expect(ensureAdminToken(tokens, { now, preset })).toEqual({ kind: 'preset' });
    expect(tokens.findByHash(hashToken(preset))).toMatchObject({ role: 'admin' });
    expect(tokens.list()).toHaveLength(1);
  });

  it('refuses a short preset', () => {
    expect(() => ensureAdminToken(store().tokens, { now, preset: 'short' })).toThrow('FERRY_ADMIN_TOKEN (auth.adminToken) is too short: use at least 16 characters');
  });

  it('creates a new admin token when every admin token has expired', () => {
    const tokens = store().tokens;
    issueToken(tokens, { name: 'admin', role: 'admin', expiresAt: '2025-01-01T00:00:00Z' });
    expect(ensureAdminToken(tokens, { now }).kind).toBe('created');
  });
});

describe('createAuthenticator', () => {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const tokens = store().tokens;
  const admin = issueToken(tokens, { name: 'admin', role: 'admin' }).token;
  const viewer = issueToken(tokens, { name: 'viewer', role: 'readonly', expiresAt: '2026-01-01T01:00:00Z' }).token;
  const auth = createAuthenticator({ enabled: true, tokens, clock, failures: new RateLimiter({ perMinute: 100, clock }) });
  const call = (authorization: string | undefined, access: 'public' | 'read' | 'write') => {
    try {
      return auth.authenticate({ ...(authorization && { authorization }), ip: '10.0.0.1', access, route: 'POST /x' });
    } catch (error) {
      return isFerryError(error) ? `${error.httpStatus} ${error.code}` : error;
    }
  };

  it.each([
    [undefined, 'public', undefined],
    [undefined, 'read', '401 AUTH_REQUIRED'],
    ['Basic abc', 'read', '401 AUTH_REQUIRED'],
    ['Bearer nope', 'read', '401 AUTH_TOKEN_UNKNOWN'],
    ['bearer ADMIN', 'write', { name: 'admin', role: 'admin' }],
    ['Bearer VIEWER', 'read', { name: 'viewer', role: 'readonly' }],
    ['Bearer VIEWER', 'write', '403 AUTH_FORBIDDEN'],
  ])('%s asking for %s: %j', (header, access, expected) => {
    const authorization = header?.replace('ADMIN', admin).replace('VIEWER', viewer);
    const result = call(authorization, access as 'read');
    if (typeof expected === 'object' && expected) expect(result).toMatchObject(expected);
    else expect(result).toEqual(expected);
  });

  it('refuses a token once it has expired', () => {
    clock.advance(3_600_000);
    expect(call(`Bearer ${viewer}`, 'read')).toBe('401 AUTH_TOKEN_EXPIRED');
  });
});
