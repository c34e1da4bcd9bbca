/**
 * Bearer tokens: random, shown once, stored as a SHA-256 hash. Two roles: `admin` may do
 * everything, `readonly` may only read. Every route declares what it needs (`public`, `read`,
 * `write`); failed attempts are rate limited per client address.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FerryError, type Clock } from '../core/index.ts';
import type { StoredToken, TokenRepository, TokenRole } from '../store/index.ts';
import type { RateLimiter } from './rate-limit.ts';

export type Access = 'public' | 'read' | 'write';

export interface Principal {
  readonly name: string;
  readonly role: TokenRole;
  readonly tokenId?: number;
  readonly expiresAt?: string;
}

export const TOKEN_PREFIX = 'ferry_';
const MIN_PRESET_LENGTH = 16;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Creates a token; the returned `token` is the only time its text exists outside the caller. */
export function issueToken(tokens: TokenRepository, input: { readonly name: string; readonly role: TokenRole; readonly expiresAt?: string }): { readonly token: string; readonly stored: StoredToken } {
  const token = generateToken();
  const stored = tokens.create({ name: input.name, role: input.role, hash: hashToken(token), ...(input.expiresAt && { expiresAt: input.expiresAt }) });
  return { token, stored };
}

export type AdminTokenOutcome =
  | { readonly kind: 'created'; readonly token: string }
  | { readonly kind: 'preset' }
  | { readonly kind: 'existing' };

/**
 * At start: a preset admin token (FERRY_ADMIN_TOKEN) is made valid; otherwise, when no admin
 * token exists yet, one is generated and returned to be printed once.
 */
export function ensureAdminToken(tokens: TokenRepository, options: { readonly preset?: string; readonly now: Date }): AdminTokenOutcome {
  if (options.preset !== undefined) {
    if (options.preset.length < MIN_PRESET_LENGTH) {
      throw new FerryError('CONFIG_INVALID', `FERRY_ADMIN_TOKEN (auth.adminToken) is too short: use at least ${MIN_PRESET_LENGTH} characters`, { httpStatus: 400 });
    }
    if (!tokens.findByHash(hashToken(options.preset))) tokens.create({ name: 'admin (preset)', role: 'admin', hash: hashToken(options.preset) });
    return { kind: 'preset' };
  }
  const now = options.now.getTime();
  const usable = tokens.list().some((t) => t.role === 'admin' && (t.expiresAt === undefined || Date.parse(t.expiresAt) > now));
  if (usable) return { kind: 'existing' };
  return { kind: 'created', token: issueToken(tokens, { name: 'admin', role: 'admin' }).token };
}

function unauthorized(code: string, message: string): FerryError {
  return new FerryError(code, message, { httpStatus: 401 });
}

export interface Authenticator {
  /** The caller of a request, or a FerryError: 401 (no, unknown or expired token), 403 (role), 429 (too many failures). */
  authenticate(request: { readonly authorization?: string; readonly ip: string; readonly access: Access; readonly route: string }): Principal | undefined;
}

export function createAuthenticator(deps: { readonly enabled: boolean; readonly tokens: TokenRepository; readonly clock: Clock; readonly failures: RateLimiter }): Authenticator {
  const check = (authorization: string | undefined): Principal => {
    if (!authorization) throw unauthorized('AUTH_REQUIRED', 'authentication required: send Authorization: Bearer <token> (ferry login)');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('AUTH_REQUIRED', 'authentication required: the Authorization header must be "Bearer <token>"');
    const stored = deps.tokens.findByHash(hashToken(match[1] ?? ''));
    if (!stored) throw unauthorized('AUTH_TOKEN_UNKNOWN', 'the token is not valid (unknown or deleted)');
    if (stored.expiresAt !== undefined && Date.parse(stored.expiresAt) <= deps.clock.now().getTime()) {
      throw unauthorized('AUTH_TOKEN_EXPIRED', `the token ${stored.name} expired at ${stored.expiresAt}`);
    }
    return { name: stored.name, role: stored.role, tokenId: stored.id, ...(stored.expiresAt && { expiresAt: stored.expiresAt }) };
  };
  return {
    authenticate(request) {
      if (request.access === 'public') return undefined;
      if (!deps.enabled) return { name: 'anonymous', role: 'admin' };
      const limit = deps.failures.check(request.ip);
      if (!limit.allowed) {
        throw new FerryError('AUTH_RATE_LIMITED', `too many failed authentications from ${request.ip}: retry in ${limit.retryAfterSeconds} s`, { httpStatus: 429, details: { retryAfterSeconds: limit.retryAfterSeconds } });
      }
      let principal: Principal;
      try {
        principal = check(request.authorization);
      } catch (error) {
        deps.failures.take(request.ip);
        throw error;
      }
      if (request.access === 'write' && principal.role !== 'admin') {
        throw new FerryError('AUTH_FORBIDDEN', `token ${principal.name} is ${principal.role}: ${request.route} needs an admin token`, { httpStatus: 403 });
      }
      return principal;
    },
  };
}
