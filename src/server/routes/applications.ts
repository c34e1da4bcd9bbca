/**
 * Applications: list (filters, pages), create from JSON or YAML, get (optionally refreshed
 * first), update, delete (with or without the resources), refresh, sync, terminate, rollback,
 * unpin. Handlers only translate between HTTP and the engine.
 */
import type { FastifyInstance } from 'fastify';
import { FerryError, isPlainObject, type ResourceKey } from '../../core/index.ts';
import type { AppView } from '../../engine/index.ts';
import type { RouteContext } from '../context.ts';
import {
  applicationInputSchema,
  applicationListSchema,
  applicationSchema,
  errorResponses,
  listQuery,
  nameParams,
  operationResponseSchema,
  syncBodySchema,
} from '../schemas.ts';
import { applicationResource } from '../views.ts';
import { repoIdentity } from '../webhook/index.ts';

export const APPLICATION_CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

const SERVER_METADATA = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp'];

export interface ListQuery {
  sync?: string;
  health?: string;
  project?: string;
  repo?: string;
  namespace?: string;
  cluster?: string;
  search?: string;
  limit?: number;
  continue?: string;
}

/**
 * Splits what a client sent into the manifest to store and the version it expects: an
 * Application read back from the API (or `kubectl get -o yaml` of Argo CD's) carries status and
 * server metadata, which are not part of what the user declares.
 */
export function applicationInput(body: unknown): { manifest: unknown; expectedVersion?: number } {
  if (!isPlainObject(body)) return { manifest: body };
  const manifest: Record<string, unknown> = { ...body };
  delete manifest.status;
  delete manifest.operation;
  let expectedVersion: number | undefined;
  if (isPlainObject(body.metadata)) {
    const metadata: Record<string, unknown> = { ...body.metadata };
    const version = metadata.resourceVersion;
    if (version !== undefined) {
      if (!(typeof version === 'string' || typeof version === 'number') || !/^\d+$/.test(String(version))) {
        throw new FerryError('APP_INVALID', `metadata.resourceVersion: expected the version read from Ferry, got ${JSON.stringify(version)}`, { httpStatus: 422, details: { problems: [{ field: 'metadata.resourceVersion', message: 'expected a number' }] } });
      }
      expectedVersion = Number(version);
    }
    for (const field of SERVER_METADATA) delete metadata[field];
    manifest.metadata = metadata;
  }
  return { manifest, ...(expectedVersion !== undefined && { expectedVersion }) };
}

export function matchesFilters(view: AppView, query: ListQuery): boolean {
  const app = view.application;
  if (query.sync && view.status.sync.status !== query.sync) return false;
  if (query.health && view.status.health.status !== query.health) return false;
  if (query.project && app.spec.project !== query.project) return false;
  if (query.namespace && app.spec.destination.namespace !== query.namespace) return false;
  if (query.cluster && app.spec.destination.server !== query.cluster && app.spec.destination.name !== query.cluster) return false;
  if (query.search && !view.name.includes(query.search.toLowerCase())) return false;
  if (query.repo && repoIdentity(app.spec.source.repoURL) !== (repoIdentity(query.repo) ?? query.repo)) return false;
  return true;
}

function decodeContinue(token: string): string {
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^[a-z0-9.-]{1,253}$/.test(name)) throw new FerryError('REQUEST_INVALID', 'continue: not a token from a previous page', { httpStatus: 400 });
  return name;
}

function keyOf(ref: { group?: string; kind: string; namespace?: string; name: string }): ResourceKey {
  return { group: ref.group ?? '', kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name };
}

export function registerApplicationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { engine } = ctx.deps;
  const tags = ['applications'];
  const initiator = (request: { principal?: { name: string } }) => `user:${request.principal?.name ?? 'anonymous'}`;

  app.get<{ Querystring: ListQuery }>('/api/v1/applications', {
    config: { access: 'read' },
    schema: { summary: 'List applications', tags, querystring: listQuery, response: { 200: applicationListSchema, ...errorResponses } },
  }, async (request) => {
    const query = request.query;
    let views = engine.listApplications().filter((view) => matchesFilters(view, query));
    if (query.continue) {
      const after = decodeContinue(query.continue);
      views = views.filter((view) => view.name > after);
    }
    const page = query.limit ? views.slice(0, query.limit) : views;
    const remaining = views.length - page.length;
    const last = page[page.length - 1];
    return {
      items: page.map((view) => applicationResource(view)),
      metadata: remaining > 0 && last ? { continue: Buffer.from(last.name).toString('base64url'), remainingItemCount: remaining } : {},
    };
  });

  app.post<{ Body: unknown }>('/api/v1/applications', {
    config: { access: 'write' },
    schema: { summary: 'Create an application', tags, body: applicationInputSchema, consumes: APPLICATION_CONTENT_TYPES, response: { 201: applicationSchema, ...errorResponses } },
  }, async (request, reply) => {
    const { manifest } = applicationInput(request.body);
    const view = engine.createApplication(manifest);
    reply.code(201);
    return applicationResource(view, []);
  });

  app.get<{ Params: { name: string }; Querystring: { refresh?: 'normal' | 'hard' } }>('/api/v1/applications/:name', {
    config: { access: 'read' },
    schema: {
      summary: 'Get an application (Argo CD status shape); ?refresh= compares it first',
      tags,
      params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { refresh: { type: 'string', enum: ['normal', 'hard'] } } },
      response: { 200: applicationSchema, ...errorResponses },
    },
  }, async (request) => {
    const { name } = request.params;
    const view = request.query.refresh ? await engine.refresh(name, { hard: request.query.refresh === 'hard' }) : engine.getApplication(name);
    return applicationResource(view, engine.history(name));
  });

  app.put<{ Params: { name: string }; Body: unknown }>('/api/v1/applications/:name', {
    config: { access: 'write' },
    schema: {
      summary: 'Replace an application; metadata.resourceVersion, when given, must be the current one',
      tags,
      params: nameParams,
      body: applicationInputSchema,
      consumes: APPLICATION_CONTENT_TYPES,
      response: { 200: applicationSchema, ...errorResponses },
    },
  }, async (request) => {
    const { name } = request.params;
    const { manifest, expectedVersion } = applicationInput(request.body);
    const view = engine.updateApplication(name, manifest, expectedVersion);
    return applicationResource(view, engine.history(name));
  });

  app.delete<{ Params: { name: string }; Querystring: { cascade?: boolean } }>('/api/v1/applications/:name', {
    config: { access: 'write' },
    schema: {
      summary: 'Delete an application; with cascade (the default) its resources too',
      tags,
      params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { cascade: { type: 'boolean', default: true } } },
      response: { 200: { type: 'object', properties: { name: { type: 'string' }, cascade: { type: 'boolean' } } }, ...errorResponses },
    },
  }, async (request) => {
    const { name } = request.params;
    const cascade = request.query.cascade ?? true;
    await engine.deleteApplication(name, { cascade });
    return { name, cascade };
  });

  app.post<{ Params: { name: string }; Querystring: { hard?: boolean } }>('/api/v1/applications/:name/refresh', {
    config: { access: 'read' },
    schema: {
      summary: 'Compare the application with Git and its cluster now; ?hard=true asks Git again',
      tags,
      params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { hard: { type: 'boolean', default: false } } },
      response: { 200: applicationSchema, ...errorResponses },
    },
  }, async (request) => {
    const { name } = request.params;
    const view = await engine.refresh(name, { hard: request.query.hard ?? false });
    return applicationResource(view, engine.history(name));
  });

  app.post<{ Params: { name: string }; Body: { revision?: string; prune?: boolean; dryRun?: boolean; resources?: { group?: string; kind: string; namespace?: string; name: string }[] } | null }>(
    '/api/v1/applications/:name/sync',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Start a sync: optionally another revision, prune, dry run, or only some resources',
        tags,
        params: nameParams,
        body: { ...syncBodySchema, type: ['object', 'null'] },
        response: { 202: operationResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const operation = await engine.sync(request.params.name, {
        ...(body.revision !== undefined && { revision: body.revision }),
        ...(body.prune !== undefined && { prune: body.prune }),
        ...(body.dryRun !== undefined && { dryRun: body.dryRun }),
        ...(body.resources && { resources: body.resources.map(keyOf) }),
        initiator: initiator(request),
      });
      reply.code(202);
      return { operation };
    },
  );

  app.delete<{ Params: { name: string } }>('/api/v1/applications/:name/operation', {
    config: { access: 'write' },
    schema: { summary: 'Terminate the running operation', tags, params: nameParams, response: { 200: { type: 'object', properties: { name: { type: 'string' }, terminated: { type: 'boolean' } } }, ...errorResponses } },
  }, async (request) => {
    engine.terminate(request.params.name);
    return { name: request.params.name, terminated: true };
  });

  app.post<{ Params: { name: string }; Body: { id: number; prune?: boolean } }>('/api/v1/applications/:name/rollback', {
    config: { access: 'write' },
    schema: {
      summary: 'Re-apply a history entry and pin the application there (auto-sync will not redeploy the revision rolled back from)',
      tags,
      params: nameParams,
      body: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 0, description: 'History entry id' }, prune: { type: 'boolean' } } },
      response: { 202: operationResponseSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const operation = await engine.rollback(request.params.name, request.body.id, { ...(request.body.prune !== undefined && { prune: request.body.prune }) });
    reply.code(202);
    return { operation };
  });

  app.post<{ Params: { name: string } }>('/api/v1/applications/:name/unpin', {
    config: { access: 'write' },
    schema: { summary: 'Remove the pin a rollback set: auto-sync follows Git again', tags, params: nameParams, response: { 200: applicationSchema, ...errorResponses } },
  }, async (request) => {
    const { name } = request.params;
    return applicationResource(engine.unpin(name), engine.history(name));
  });
}
