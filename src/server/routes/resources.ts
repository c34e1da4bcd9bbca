/**
 * What an application consists of and what happened to it: per-resource diffs, the resource
 * tree, one resource's live and desired manifests, history, events. Secret values are masked in
 * everything returned.
 */
import type { FastifyInstance } from 'fastify';
import { FerryError, sameResourceKey, splitApiVersion } from '../../core/index.ts';
import type { AppComparison, Engine } from '../../engine/index.ts';
import type { RouteContext } from '../context.ts';
import { diffSchema, errorResponses, eventSchema, historyItemSchema, nameParams, resourceManifestSchema, resourceQuery, resourceTreeSchema } from '../schemas.ts';
import { historyDetail, historyItem, maskSecret } from '../views.ts';

/** The last comparison; an application not compared yet is compared first. */
async function comparisonOf(engine: Engine, name: string): Promise<AppComparison> {
  const existing = engine.comparison(name);
  if (existing) return existing;
  const view = await engine.refresh(name);
  const comparison = engine.comparison(name);
  if (!comparison) {
    const reason = view.status.conditions.find((c) => c.type === 'ComparisonError')?.message ?? 'no comparison yet';
    throw new FerryError('APP_NOT_COMPARED', `application ${name} could not be compared: ${reason}`, { httpStatus: 409 });
  }
  return comparison;
}

const text = { type: 'string' } as const;

export function registerResourceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { engine } = ctx.deps;
  const tags = ['resources'];

  app.get<{ Params: { name: string }; Querystring: { group?: string; kind?: string; namespace?: string; name?: string } }>('/api/v1/applications/:name/diff', {
    config: { access: 'read' },
    schema: {
      summary: 'Per-resource differences between Git and the cluster (Secret values masked); group, kind, namespace and name narrow it to the resources that match',
      tags,
      params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { group: text, kind: text, namespace: text, name: text } },
      response: { 200: diffSchema, ...errorResponses },
    },
  }, async (request) => {
    const { name } = request.params;
    const comparison = await comparisonOf(engine, name);
    const revision = engine.getApplication(name).status.sync.revision;
    // The web UI asks for one resource at a time: an application may have thousands.
    const only = request.query;
    const wanted = (key: { group: string; kind: string; namespace: string; name: string }) =>
      (only.group === undefined || key.group === only.group) && (only.kind === undefined || key.kind === only.kind) && (only.namespace === undefined || key.namespace === only.namespace) && (only.name === undefined || key.name === only.name);
    return {
      syncStatus: comparison.syncStatus,
      ...(revision && { revision }),
      resources: comparison.resources.filter((r) => wanted(r.key)).map((r) => ({
        group: r.key.group,
        version: splitApiVersion(r.apiVersion).version,
        kind: r.key.kind,
        namespace: r.key.namespace,
        name: r.key.name,
        status: r.status,
        ...(r.health && { health: r.health }),
        changes: r.diff.changes,
        unified: r.diff.unified,
        ...(r.diff.live && { live: r.diff.live }),
        ...(r.diff.desired && { desired: r.diff.desired }),
      })),
    };
  });

  app.get<{ Params: { name: string } }>('/api/v1/applications/:name/resource-tree', {
    config: { access: 'read' },
    schema: { summary: 'The resources with what the cluster made of them (ReplicaSets, Pods), with health and sync', tags, params: nameParams, response: { 200: resourceTreeSchema, ...errorResponses } },
  }, async (request) => {
    const { name } = request.params;
    await comparisonOf(engine, name);
    return { nodes: await engine.resourceTree(name) };
  });

  app.get<{ Params: { name: string }; Querystring: { group: string; kind: string; namespace: string; name: string } }>('/api/v1/applications/:name/resource', {
    config: { access: 'read' },
    schema: { summary: "One resource's live and desired manifests (Secret values masked)", tags, params: nameParams, querystring: resourceQuery, response: { 200: resourceManifestSchema, ...errorResponses } },
  }, async (request) => {
    const { name } = request.params;
    const key = { group: request.query.group, kind: request.query.kind, namespace: request.query.namespace, name: request.query.name };
    const comparison = await comparisonOf(engine, name);
    const resource = comparison.resources.find((r) => sameResourceKey(r.key, key));
    if (!resource) throw new FerryError('APP_RESOURCE_NOT_FOUND', `application ${name} has no resource ${[key.group, key.kind, key.namespace, key.name].filter(Boolean).join('/')}`, { httpStatus: 404 });
    return { status: resource.status, ...(resource.live && { live: maskSecret(resource.live) }), ...(resource.desired && { desired: maskSecret(resource.desired) }) };
  });

  app.get<{ Params: { name: string } }>('/api/v1/applications/:name/history', {
    config: { access: 'read' },
    schema: { summary: 'Sync history, newest first', tags: ['history'], params: nameParams, response: { 200: { type: 'object', properties: { items: { type: 'array', items: historyItemSchema } } }, ...errorResponses } },
  }, async (request) => ({ items: engine.history(request.params.name).map(historyItem) }));

  app.get<{ Params: { name: string; id: number } }>('/api/v1/applications/:name/history/:id', {
    config: { access: 'read' },
    schema: {
      summary: 'One history entry with the manifests it applied (Secret values masked)',
      tags: ['history'],
      params: { type: 'object', required: ['name', 'id'], properties: { ...nameParams.properties, id: { type: 'integer', minimum: 0 } } },
      response: { 200: { ...historyItemSchema, properties: { ...historyItemSchema.properties, manifests: { type: 'array', items: { type: 'object', additionalProperties: true } } } }, ...errorResponses },
    },
  }, async (request) => {
    engine.getApplication(request.params.name);
    return historyDetail(engine.historyEntry(request.params.name, request.params.id));
  });

  app.get<{ Params: { name: string }; Querystring: { after?: number } }>('/api/v1/applications/:name/events', {
    config: { access: 'read' },
    schema: {
      summary: 'Events of the application, oldest first; ?after=ID for the newer ones',
      tags: ['history'],
      params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { after: { type: 'integer', minimum: 0 } } },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: eventSchema } } }, ...errorResponses },
    },
  }, async (request) => {
    engine.getApplication(request.params.name);
    return { items: engine.events(request.params.name, request.query.after) };
  });
}
