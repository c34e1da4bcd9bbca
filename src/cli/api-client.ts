/**
 * The CLI's client of the Ferry API: JSON over HTTP with the bearer token, the server's
 * `{code, message}` errors turned back into FerryErrors (so the CLI prints them as one line),
 * and an unreachable server named as such. `fetch` is handed in by compose.ts.
 */
import { FerryError, isPlainObject, messageOf } from '../core/index.ts';

export interface ApiClientOptions {
  readonly server: string;
  readonly token?: string;
  readonly fetch: typeof fetch;
}

export interface ApiRequest {
  readonly body?: unknown;
  /** Sent as is with this content type (YAML, say) instead of JSON. */
  readonly raw?: { readonly text: string; readonly contentType: string };
  /** Without the token even when there is one (public routes). */
  readonly anonymous?: boolean;
}

/** fetch's own message is only "fetch failed": the cause says what (ECONNREFUSED, ENOTFOUND, bad port). */
function causeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' && cause.message !== '' ? cause.message : undefined;
}

export class ApiClient {
  readonly server: string;
  readonly hasToken: boolean;
  private readonly token: string | undefined;
  private readonly fetchFn: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.server = options.server;
    this.token = options.token;
    this.hasToken = options.token !== undefined;
    this.fetchFn = options.fetch;
  }

  async request<T = Record<string, unknown>>(method: string, path: string, request: ApiRequest = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token && !request.anonymous) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (request.raw) {
      headers['content-type'] = request.raw.contentType;
      body = request.raw.text;
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    let response: Response;
    try {
      response = await this.fetchFn(`${this.server}${path}`, { method, headers, ...(body !== undefined && { body }) });
    } catch (error) {
      const code = causeOf(error);
      throw new FerryError('CLI_SERVER_UNREACHABLE', `cannot reach Ferry at ${this.server}: ${code ?? messageOf(error)} (is ferry serve running? ferry login --server URL)`, { httpStatus: 503 });
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text === '' ? {} : JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      if (isPlainObject(data) && typeof data.code === 'string' && typeof data.message === 'string') {
        const hint = response.status === 401 ? ' (ferry login --token TOKEN)' : '';
        throw new FerryError(data.code, `${data.message}${hint}`, { httpStatus: response.status, ...(isPlainObject(data.details) && { details: data.details }) });
      }
      throw new FerryError('CLI_SERVER_ERROR', `${method} ${path}: the server answered ${response.status} ${response.statusText}`, { httpStatus: response.status });
    }
    if (data === undefined) throw new FerryError('CLI_SERVER_ERROR', `${method} ${path}: the server's answer is not JSON`, { httpStatus: 502 });
    return data as T;
  }
}
