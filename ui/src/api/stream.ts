/**
 * The live stream (`GET /api/v1/stream`), read with fetch so the token goes in a header. It
 * reconnects after a drop, sending the last id it saw so the server replays what was missed;
 * when the server no longer has it, a `reset` update tells the page to reload.
 */
import { SseParser } from '../lib/sse.ts';
import type { ApiClient } from './client.ts';
import type { StreamUpdate } from './types.ts';

export type StreamState = 'connecting' | 'live' | 'offline';

export interface StreamOptions {
  readonly client: ApiClient;
  /** Only this application's updates. */
  readonly app?: string;
  readonly onUpdate: (update: StreamUpdate) => void;
  readonly onState?: (state: StreamState) => void;
}

const MAX_BACKOFF_MS = 30_000;

/** Opens the stream; call the returned function to close it. */
export function openStream(options: StreamOptions): () => void {
  const stop = new AbortController();
  let lastEventId: string | undefined;
  let failures = 0;

  const run = async () => {
    while (!stop.signal.aborted) {
      options.onState?.('connecting');
      const parser = new SseParser();
      try {
        const query = options.app ? `?app=${encodeURIComponent(options.app)}` : '';
        const response = await fetch(`/api/v1/stream${query}`, {
          headers: options.client.headers({ Accept: 'text/event-stream', ...(lastEventId && { 'Last-Event-ID': lastEventId }) }),
          signal: stop.signal,
          cache: 'no-store',
        });
        if (response.status === 401 || response.status === 403) {
          options.onState?.('offline');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered HTTP ${response.status}`);
        options.onState?.('live');
        failures = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            if (message.id !== undefined) lastEventId = message.id;
            const update = decodeStreamMessage(message.event, message.data, message.id);
            if (update) options.onUpdate(update);
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      if (stop.signal.aborted) return;
      options.onState?.('offline');
      failures++;
      const wait = Math.min(MAX_BACKOFF_MS, (parser.retryMs ?? 3000) * 2 ** Math.min(failures - 1, 4));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  void run();
  return () => stop.abort();
}

/** One message of the stream as an update, or undefined for what the page does not use (or cannot read). */
export function decodeStreamMessage(event: string, data: string, id: string | undefined): StreamUpdate | undefined {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const app = typeof payload.app === 'string' ? payload.app : '';
  const withId = id !== undefined ? { id } : {};
  if (event === 'application' && app && payload.status) return { type: 'application', app, status: payload.status as never, ...withId };
  if (event === 'deleted' && app) return { type: 'deleted', app, ...withId };
  if (event === 'event' && app && payload.event) return { type: 'event', app, event: payload.event as never, ...withId };
  if (event === 'reset') return { type: 'reset', ...withId };
  return undefined;
}
