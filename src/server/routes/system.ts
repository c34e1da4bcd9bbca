/**
 * The server itself: health, version, OpenAPI document, metrics, destinations, the caller's
 * session and API tokens.
 */
import type { FastifyInstance } from 'fastify';
import { FerryError } from '../../core/index.ts';
import type { TokenRole } from '../../store/index.ts';
import { issueToken } from '../auth.ts';
import type { RouteContext } from '../context.ts';
import { buildOpenApiDocument, type RouteRecord } from '../openapi.ts';
import { errorResponses, tokenSchema } from '../schemas.ts';

const MAX_TOKEN_SECONDS = 10 * 365 * 24 * 3600;

export function registerSystemRoutes(app: FastifyInstance, ctx: RouteContext, routes: readonly RouteRecord[]): void {
  const { deps } = ctx;
  const tags = ['system'];
  let document: Record<string, unknown> | undefined;

  app.get('/healthz', {
    config: { access: 'public' },
    schema: { summary: 'Liveness: 200 while the server answers', tags, response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  app.get('/api/version', {
    config: { access: 'public' },
    schema: { summary: "Ferry's version", tags, response: { 200: { type: 'object', properties: { version: { type: 'string' }, node: { type: 'string' }, platform: { type: 'string' } } } } },
  }, async () => ({ version: deps.options.version, node: process.version, platform: `${process.platform}/${process.arch}` }));

  app.get('/api/openapi.json', {
    config: { access: 'public' },
    schema: { summary: 'This document', tags, response: { 200: { type: 'object', additionalProperties: true } } },
  }, async () => (document ??= buildOpenApiDocument(routes, { version: deps.options.version })));

  app.get('/metrics', {
    config: { access: deps.options.metrics.public ? 'public' : 'read' },
    schema: { summary: 'Prometheus metrics', tags, response: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errorResponses } },
  }, async (_request, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(body);
  });

  app.get('/api/v1/clusters', {
    config: { access: 'read' },
    schema: { summary: 'Destination clusters', tags, response: { 200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, server: { type: 'string' } } } } } }, ...errorResponses } },
  }, async () => ({ items: deps.clusters().map((c) => ({ name: c.name, server: c.server })) }));

  app.get('/api/v1/session', {
    config: { access: 'read' },
    schema: { summary: 'Who the token belongs to (what ferry login checks)', tags, response: { 200: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string' }, expiresAt: { type: 'string' }, authEnabled: { type: 'boolean' } } }, ...errorResponses } },
  }, async (request) => ({ ...request.principal, authEnabled: deps.options.auth.enabled }));

  app.get('/api/v1/tokens', {
    config: { access: 'write' },
    schema: { summary: 'API tokens (never their values)', tags: ['tokens'], response: { 200: { type: 'object', properties: { items: { type: 'array', items: tokenSchema } } }, ...errorResponses } },
  }, async () => ({ items: deps.tokens.list().map(({ id, name, role, createdAt, expiresAt }) => ({ id, name, role, createdAt, ...(expiresAt && { expiresAt }) })) }));

  app.post<{ Body: { name: string; role: TokenRole; expiresInSeconds?: number } }>('/api/v1/tokens', {
    config: { access: 'write' },
    schema: {
      summary: 'Create a token; its value is in this response only',
      tags: ['tokens'],
      body: {
        type: 'object',
        required: ['name', 'role'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][-A-Za-z0-9_.@ ()]*$' },
          role: { type: 'string', enum: ['admin', 'readonly'] },
          expiresInSeconds: { type: 'integer', minimum: 1, maximum: MAX_TOKEN_SECONDS },
        },
      },
      response: { 201: { ...tokenSchema, properties: { ...tokenSchema.properties, token: { type: 'string' } } }, ...errorResponses },
    },
  }, async (request, reply) => {
    const { name, role, expiresInSeconds } = request.body;
    const expiresAt = expiresInSeconds === undefined ? undefined : new Date(deps.clock.now().getTime() + expiresInSeconds * 1000).toISOString();
    const { token, stored } = issueToken(deps.tokens, { name, role, ...(expiresAt && { expiresAt }) });
    request.log.info({ tokenId: stored.id, name, role }, 'token created');
    reply.code(201);
    return { id: stored.id, name, role, createdAt: stored.createdAt, ...(expiresAt && { expiresAt }), token };
  });

  app.delete<{ Params: { id: number } }>('/api/v1/tokens/:id', {
    config: { access: 'write' },
    schema: { summary: 'Delete a token', tags: ['tokens'], params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } }, response: { 200: { type: 'object', properties: { id: { type: 'integer' } } }, ...errorResponses } },
  }, async (request) => {
    if (!deps.tokens.delete(request.params.id)) throw new FerryError('TOKEN_NOT_FOUND', `token ${request.params.id} not found`, { httpStatus: 404 });
    return { id: request.params.id };
  });
}
