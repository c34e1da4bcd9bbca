/**
 * The CLI's connection to a Ferry server: which server and which token. `ferry login` stores
 * them in a small JSON file (`$XDG_CONFIG_HOME/ferry/config.json`, else
 * `~/.config/ferry/config.json`, or FERRY_CLIENT_CONFIG); `--server`/`--token` flags and the
 * FERRY_SERVER/FERRY_TOKEN variables override it, in that order.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FerryError, isPlainObject, messageOf } from '../core/index.ts';
import type { Environment } from './cli-environment.ts';

export interface ClientConfig {
  readonly server: string;
  readonly token?: string;
}

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

function invalid(message: string): FerryError {
  return new FerryError('CONFIG_INVALID', message, { httpStatus: 400 });
}

/** Where `ferry login` keeps the server and token. */
export function clientConfigPath(env: Environment, homeDir?: string): string {
  const preset = env.FERRY_CLIENT_CONFIG;
  if (preset) return preset;
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'ferry', 'config.json');
  const home = env.HOME || homeDir;
  if (!home) throw invalid('cannot place the client configuration: set XDG_CONFIG_HOME or HOME');
  return path.join(home, '.config', 'ferry', 'config.json');
}

/** A server URL as the CLI accepts it: http(s), no credentials, no trailing slash. */
export function checkServerURL(text: string, where: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`${where}: ${JSON.stringify(text)} is not a URL (expected http://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`${where}: ${text} is not an http(s) URL`);
  if (url.username || url.password) throw invalid(`${where}: put the token in --token, not in the URL`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export function parseClientConfig(text: string, file: string): ClientConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid(`${file}: not valid JSON (${messageOf(error)}); run ferry login again`);
  }
  if (!isPlainObject(data) || typeof data.server !== 'string') throw invalid(`${file}: expected {"server": "...", "token": "..."}; run ferry login again`);
  if (data.token !== undefined && typeof data.token !== 'string') throw invalid(`${file}: token must be a string`);
  return Object.freeze({ server: checkServerURL(data.server, file), ...(data.token && { token: data.token }) });
}

/** The stored client configuration, or undefined when there is none yet. */
export function readClientConfig(file: string): ClientConfig | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw invalid(`cannot read ${file}: ${messageOf(error)}`);
  }
  return parseClientConfig(text, file);
}

/** Flags, then environment, then the stored file, then the default server. */
export function resolveClientConfig(input: { readonly env: Environment; readonly stored?: ClientConfig; readonly server?: string; readonly token?: string }): ClientConfig {
  const given = input.server ?? (input.env.FERRY_SERVER || undefined);
  const where = input.server !== undefined ? '--server' : 'FERRY_SERVER';
  const server = given !== undefined ? checkServerURL(given, where) : (input.stored?.server ?? DEFAULT_SERVER);
  // The stored token belongs to the stored server: never send it to another one.
  const storedToken = input.stored?.server === server ? input.stored.token : undefined;
  const token = input.token ?? (input.env.FERRY_TOKEN || undefined) ?? storedToken;
  return Object.freeze({ server, ...(token && { token }) });
}
