/**
 * Where the server may listen: without authentication only on a loopback address, where just
 * this machine's users can reach it.
 */
import { isIP } from 'node:net';
import { FerryError } from '../core/index.ts';

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export function checkListenAddress(host: string, authEnabled: boolean): void {
  if (!authEnabled && !isLoopback(host)) {
    throw new FerryError('CONFIG_INVALID', `refusing to listen on ${host} without authentication: anyone who can reach it could deploy to your clusters; enable auth (auth.enabled, FERRY_AUTH) or listen on 127.0.0.1`, { httpStatus: 400 });
  }
}
