/**
 * The process's pino logger, JSON lines. Credentials are redacted wherever they could appear in
 * a logged object (authorization headers, tokens, passwords, secrets), so a log line never
 * carries one even when some code logs more than it should.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-gitlab-token"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-gitea-signature"]',
  'headers.authorization',
  'authorization',
  'token',
  'password',
  'secret',
  '*.token',
  '*.password',
  '*.secret',
  '*.adminToken',
];

export function createLogger(options: { readonly level: string; readonly destination?: DestinationStream }): Logger {
  return pino({ level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, options.destination);
}
