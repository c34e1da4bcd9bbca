/**
 * `GET /api/v1/applications/:name/resource/events`: what the destination cluster recorded
 * about one object of an application (core/v1 Events whose involvedObject is it), newest first
 * — the resource panel's Events tab, as `kubectl describe` lists them.
 */
import type { FastifyInstance } from 'fastify';
import { FerryError, isPlainObject, type KubeObject } from '../../core/index.ts';
import type { RouteContext } from '../context.ts';
import { errorResponses, nameParams, resourceQuery } from '../schemas.ts';

const text = { type: 'string' } as const;

export const clusterEventSchema = {
  type: 'object',
  properties: { type: text, reason: text, message: text, count: { type: 'integer' }, firstTimestamp: text, lastTimestamp: text, source: text },
} as const;

function groupOf(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

function eventView(event: KubeObject): Record<string, unknown> {
  const source = isPlainObject(event.source) ? event.source : {};
  const last = event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
  return {
    ...(typeof event.type === 'string' && { type: event.type }),
    ...(typeof event.reason === 'string' && { reason: event.reason }),
    ...(typeof event.message === 'string' && { message: event.message }),
    ...(typeof event.count === 'number' && { count: event.count }),
    ...(typeof event.firstTimestamp === 'string' && { firstTimestamp: event.firstTimestamp }),
    ...(typeof last === 'string' && { lastTimestamp: last }),
    ...(typeof source.component === 'string' && { source: [source.component, source.host].filter((s) => typeof s === 'string' && s).join(', ') }),
  };
}

export function registerResourceEventsRoute(app: FastifyInstance, ctx: RouteContext): void {
  const { engine } = ctx.deps;
  app.get<{ Params: { name: string }; Querystring: { group: string; kind: string; namespace: string; name: string } }>('/api/v1/applications/:name/resource/events', {
    config: { access: 'read' },
    schema: {
      summary: "The destination cluster's events about one object of the application, newest first",
      tags: ['resources'],
      params: nameParams,
      querystring: resourceQuery,
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: clusterEventSchema } } }, ...errorResponses },
    },
  }, async (request) => {
    const destination = engine.getApplication(request.params.name).application.spec.destination;
    const cluster = destination.name ?? destination.server ?? '';
    if (!ctx.deps.clusterClient) throw new FerryError('CLUSTER_ACCESS_UNAVAILABLE', 'this server was started without access to cluster events', { httpStatus: 501 });
    const client = ctx.deps.clusterClient(cluster);
    if (!client) throw new FerryError('CLUSTER_UNKNOWN', `application ${request.params.name} deploys to ${cluster}, which Ferry cannot reach`, { httpStatus: 404 });
    const { group, kind, namespace, name } = request.query;
    const events = await client.list({ apiVersion: 'v1', kind: 'Event' }, namespace ? { namespace } : {});
    const about = events.items.filter((event) => {
      const involved = isPlainObject(event.involvedObject) ? event.involvedObject : {};
      return involved.kind === kind && involved.name === name && (involved.namespace ?? '') === namespace && groupOf(involved.apiVersion) === group;
    });
    const items = about.map(eventView).sort((a, b) => String(b.lastTimestamp ?? '').localeCompare(String(a.lastTimestamp ?? '')));
    return { items };
  });
}
