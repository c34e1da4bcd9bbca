/**
 * The live stream over a real socket: application changes and events arrive as Server-Sent
 * Events, a reconnect with Last-Event-ID receives what it missed, and a client that missed too
 * much is told to reload.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationManifest, CONFIG_MAP, startServerWorld, type ServerWorld } from './harness.ts';

interface Message {
  id?: number;
  event: string;
  data: Record<string, unknown>;
}

interface Stream {
  readonly status: number;
  readonly messages: Message[];
  waitFor(predicate: (m: Message) => boolean, what: string): Promise<Message>;
  close(): void;
}

function openStream(base: string, path: string, headers: Record<string, string>): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}${path}`, { headers }, (response) => {
      const messages: Message[] = [];
      const waiters: (() => void)[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
          if (fields.event) messages.push({ ...(fields.id && { id: Number(fields.id) }), event: fields.event, data: JSON.parse(fields.data ?? '{}') });
          for (const wake of waiters.splice(0)) wake();
        }
      });
      resolve({
        status: response.statusCode ?? 0,
        messages,
        waitFor: async (predicate, what) => {
          const deadline = Date.now() + 10_000;
          for (;;) {
            const found = messages.find(predicate);
            if (found) return found;
            if (Date.now() > deadline) throw new Error(`no ${what} in ${JSON.stringify(messages.map((m) => [m.id, m.event, m.data.app]))}`);
            await new Promise<void>((wake) => {
              waiters.push(wake);
              setTimeout(wake, 200);
            });
          }
        },
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}

let world: ServerWorld;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  world = await startServerWorld({ 'guestbook/cm.yaml': CONFIG_MAP });
  server = world.app;
  await server.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => world?.close());

describe('the live stream', () => {
  it('refuses a client without a token', async () => {
    const stream = await openStream(base, '/api/v1/stream', {});
    expect(stream.status).toBe(401);
    stream.close();
  });

  it('sends application changes and events, and resumes after a reconnect', async () => {
    const auth = { authorization: `Bearer ${world.tokens.readonly}` };
    const stream = await openStream(base, '/api/v1/stream', auth);
    expect(stream.status).toBe(200);
    // GIVEN an application created while the client listens
    expect((await world.request('POST', '/api/v1/applications', { body: applicationManifest('guestbook', world.repo.url, 'guestbook') })).statusCode).toBe(201);
    const created = await stream.waitFor((m) => m.event === 'event' && (m.data.event as { reason: string }).reason === 'Created', 'Created event');
    expect(created.data.app).toBe('guestbook');
    const compared = await stream.waitFor((m) => m.event === 'application' && (m.data.status as { sync: { status: string } }).sync.status === 'OutOfSync', 'comparison');
    expect(compared.data).toMatchObject({ app: 'guestbook', status: { health: { status: 'Missing' } } });
    const ids = stream.messages.map((m) => m.id ?? 0);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const lastSeen = Math.max(...ids);
    stream.close();

    // WHEN changes happen while it is away (a sync: operation progress, events)
    expect((await world.request('POST', '/api/v1/applications/guestbook/sync', { body: {} })).statusCode).toBe(202);
    await world.waitFor('guestbook', (a) => a.status.operation?.phase === 'Succeeded', 'sync');

    // THEN a reconnect with Last-Event-ID gets exactly what it missed, in order
    const resumed = await openStream(base, '/api/v1/stream', { ...auth, 'last-event-id': String(lastSeen) });
    await resumed.waitFor((m) => m.event === 'event' && (m.data.event as { reason: string }).reason === 'OperationCompleted', 'the missed OperationCompleted');
    expect(resumed.messages[0]?.id).toBe(lastSeen + 1);
    const running = resumed.messages.find((m) => m.event === 'application' && (m.data.status as { operation?: { phase: string } }).operation?.phase === 'Running');
    expect(running).toBeDefined();
    resumed.close();
  });

  it('filters by application', async () => {
    const stream = await openStream(base, '/api/v1/stream?app=other', { authorization: `Bearer ${world.tokens.admin}` });
    expect((await world.request('POST', '/api/v1/applications', { body: applicationManifest('other', world.repo.url, 'guestbook') })).statusCode).toBe(201);
    await world.request('POST', '/api/v1/applications/guestbook/refresh');
    await stream.waitFor((m) => m.event === 'application', 'a change of other');
    expect(new Set(stream.messages.map((m) => m.data.app))).toEqual(new Set(['other']));
    stream.close();
  });

  it('tells a client that missed more than is kept to reload', async () => {
    const small = await world.another({ streamBufferSize: 3 });
    await small.listen({ host: '127.0.0.1', port: 0 });
    const smallBase = `http://127.0.0.1:${(small.server.address() as AddressInfo).port}`;
    for (let i = 0; i < 3; i++) await world.request('POST', '/api/v1/applications/guestbook/refresh?hard=true');
    await world.request('DELETE', '/api/v1/applications/other?cascade=false');
    const stream = await openStream(smallBase, '/api/v1/stream', { authorization: `Bearer ${world.tokens.admin}`, 'last-event-id': '1' });
    const reset = await stream.waitFor((m) => m.event === 'reset', 'reset');
    expect(reset.data.reason).toBe('messages after 1 are no longer kept; reload');
    stream.close();
  });
});
