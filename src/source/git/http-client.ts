/**
 * The HTTP transport isomorphic-git talks through: the platform `fetch`, with every request
 * bound to the AbortSignal of the operation it belongs to (isomorphic-git's own fetch command
 * takes no signal, so the client carries it).
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';

export type { HttpClient, GitHttpRequest, GitHttpResponse };

async function collectBody(body: GitHttpRequest['body']): Promise<Buffer | undefined> {
  if (body === undefined) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* emptyBody(): AsyncIterableIterator<Uint8Array> {
  // A response without a body yields nothing.
}

async function* streamBody(stream: ReadableStream<Uint8Array>): AsyncIterableIterator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** An isomorphic-git HTTP client over the platform `fetch`, honouring `request.signal`. */
export function createFetchHttpClient(): HttpClient {
  return {
    async request(request: GitHttpRequest): Promise<GitHttpResponse> {
      const method = request.method ?? 'GET';
      const payload = await collectBody(request.body);
      const response = await fetch(request.url, {
        method,
        headers: request.headers ?? {},
        ...(payload ? { body: new Uint8Array(payload) } : {}),
        ...(request.signal ? { signal: request.signal as AbortSignal } : {}),
        redirect: 'follow',
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return {
        url: response.url || request.url,
        method,
        statusCode: response.status,
        statusMessage: response.statusText,
        headers,
        body: response.body ? streamBody(response.body) : emptyBody(),
      };
    },
  };
}

/** `client` with every request tied to `signal` (and to the request's own signal, if any). */
export function bindSignal(client: HttpClient, signal: AbortSignal): HttpClient {
  return {
    request(request) {
      const own = request.signal as AbortSignal | undefined;
      return client.request({ ...request, signal: own ? AbortSignal.any([own, signal]) : signal });
    },
  };
}
