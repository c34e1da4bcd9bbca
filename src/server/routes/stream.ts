/**
 * `GET /api/v1/stream`: Server-Sent Events of application changes — `application` (its new
 * status: sync, health, operation progress), `deleted`, and `event` (what the engine recorded).
 * Each message has an id; a client reconnecting with `Last-Event-ID` receives what it missed,
 * or a `reset` message when that is no longer kept (then it reloads the list).
 */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.ts';
import type { StreamMessage } from '../event-hub.ts';
import { errorResponses, NAME_PATTERN } from '../schemas.ts';

function format(message: StreamMessage): string {
  return `id: ${message.id}\nevent: ${message.type}\ndata: ${JSON.stringify({ app: message.app, ...(message.data as object) })}\n\n`;
}

export function registerStreamRoute(app: FastifyInstance, ctx: RouteContext): void {
  const heartbeatMs = ctx.deps.options.streamHeartbeatMs ?? 15_000;
  const streams = new Set<() => void>();
  // Before the server stops listening: open streams would otherwise keep close() waiting.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  app.get<{ Querystring: { app?: string; lastEventId?: number }; Headers: { 'last-event-id'?: string } }>('/api/v1/stream', {
    config: { access: 'read' },
    schema: {
      summary: 'Server-Sent Events: application (status and operation progress), deleted, event; resumable with Last-Event-ID',
      tags: ['applications'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { app: { type: 'string', pattern: NAME_PATTERN, description: 'Only this application' }, lastEventId: { type: 'integer', minimum: 0, description: 'As the Last-Event-ID header' } },
      },
      headers: { type: 'object', properties: { 'last-event-id': { type: 'string', pattern: '^\\d+$', description: 'Id of the last message received' } } },
      response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errorResponses },
    },
  }, async (request, reply) => {
    const only = request.query.app;
    const header = request.headers['last-event-id'];
    const lastId = header !== undefined ? Number(header) : request.query.lastEventId;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    raw.write(`retry: 3000\n: connected, last id ${ctx.hub.lastId}\n\n`);
    const send = (message: StreamMessage) => {
      if (only === undefined || message.app === only) raw.write(format(message));
    };
    if (lastId !== undefined) {
      const missed = ctx.hub.since(lastId);
      if (missed === undefined) raw.write(`id: ${ctx.hub.lastId}\nevent: reset\ndata: {"reason":"messages after ${lastId} are no longer kept; reload"}\n\n`);
      else missed.forEach(send);
    }
    const unsubscribe = ctx.hub.subscribe(send);
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), heartbeatMs);
    heartbeat.unref();
    const end = () => {
      streams.delete(end);
      clearInterval(heartbeat);
      unsubscribe();
      raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
  });
}
