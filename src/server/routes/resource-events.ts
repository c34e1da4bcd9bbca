/**
 * What the destination cluster holds about one object of an application's resource tree,
 * including the objects the cluster made for it (ReplicaSets, Pods), which the comparison
 * routes do not cover:
 * - `GET /api/v1/applications/:name/resource/events`: the core/v1 Events whose involvedObject
 *   is it, newest first — the resource panel's Events tab, as `kubectl describe` lists them;
 * - `GET /api/v1/applications/:name/resource/live`: its live manifest (Secret values masked).
 * Only objects in the application's tree are served: a token that may read Ferry may not read
 * arbitrary objects of the cluster through it.
 */
import type { FastifyInstance } from 'fastify';
import type { ClusterClient } from '../../cluster/index.ts';
import { FerryError, isPlainObject, type KubeObject } from '../../core/index.ts';
import type { Engine, ResourceNode } from '../../engine/index.ts';
import type { RouteContext } from '../context.ts';
import { errorResponses, nameParams, resourceQuery } from '../schemas.ts';
import { maskSecret } from '../views.ts';

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

interface ResourceRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

function findNode(nodes: readonly ResourceNode[], ref: ResourceRef): ResourceNode | undefined {
  for (const node of nodes) {
    if (node.group === ref.group && node.kind === ref.kind && node.namespace === ref.namespace && node.name === ref.name) return node;
    const found = findNode(node.children, ref);
    if (found) return found;
  }
  return undefined;
}

function clientOf(ctx: RouteContext, engine: Engine, app: string): ClusterClient {
  const destination = engine.getApplication(app).application.spec.destination;
  const cluster = destination.name ?? destination.server ?? '';
  if (!ctx.deps.clusterClient) throw new FerryError('CLUSTER_ACCESS_UNAVAILABLE', 'this server was started without access to its clusters', { httpStatus: 501 });
  const client = ctx.deps.clusterClient(cluster);
  if (!client) throw new FerryError('CLUSTER_UNKNOWN', `application ${app} deploys to ${cluster}, which Ferry cannot reach`, { httpStatus: 404 });
  return client;
}

function describeRef(ref: ResourceRef): string {
  return [ref.group, ref.kind, ref.namespace, ref.name].filter(Boolean).join('/');
}

export function registerResourceEventsRoute(app: FastifyInstance, ctx: RouteContext): void {
  const { engine } = ctx.deps;
  app.get<{ Params: { name: string }; Querystring: ResourceRef }>('/api/v1/applications/:name/resource/events', {
    config: { access: 'read' },
    schema: {
      summary: "The destination cluster's events about one object of the application, newest first",
      tags: ['resources'],
      params: nameParams,
      querystring: resourceQuery,
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: clusterEventSchema } } }, ...errorResponses },
    },
  }, async (request) => {
    const client = clientOf(ctx, engine, request.params.name);
    const { group, kind, namespace, name } = request.query;
    const events = await client.list({ apiVersion: 'v1', kind: 'Event' }, namespace ? { namespace } : {});
    const about = events.items.filter((event) => {
      const involved = isPlainObject(event.involvedObject) ? event.involvedObject : {};
      return involved.kind === kind && involved.name === name && (involved.namespace ?? '') === namespace && groupOf(involved.apiVersion) === group;
    });
    const items = about.map(eventView).sort((a, b) => String(b.lastTimestamp ?? '').localeCompare(String(a.lastTimestamp ?? '')));
    return { items };
  });

  app.get<{ Params: { name: string }; Querystring: ResourceRef }>('/api/v1/applications/:name/resource/live', {
    config: { access: 'read' },
    schema: {
      summary: "The live manifest of any object in the application's resource tree, including the ReplicaSets and Pods the cluster made (Secret values masked)",
      tags: ['resources'],
      params: nameParams,
      querystring: resourceQuery,
      response: { 200: { type: 'object', properties: { live: { type: 'object', additionalProperties: true } } }, ...errorResponses },
    },
  }, async (request) => {
    const appName = request.params.name;
    const client = clientOf(ctx, engine, appName);
    const node = findNode(await engine.resourceTree(appName), request.query);
    if (!node) throw new FerryError('APP_RESOURCE_NOT_FOUND', `application ${appName} has no object ${describeRef(request.query)} in its resource tree`, { httpStatus: 404 });
    const apiVersion = node.group ? `${node.group}/${node.version}` : node.version;
    const live = await client.get({ apiVersion, kind: node.kind, name: node.name, ...(node.namespace && { namespace: node.namespace }) });
    if (!live) throw new FerryError('APP_RESOURCE_NOT_FOUND', `${describeRef(request.query)} is no longer in the cluster`, { httpStatus: 404 });
    return { live: maskSecret(live) };
  });
}
