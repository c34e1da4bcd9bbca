/**
 * `GET /api/v1/application-summary`: how many applications the list filters select, counted by
 * sync and health status, and every value each filter can take (projects, repositories,
 * namespaces, clusters). The web UI shows the counts above a paged list, so it never has to
 * download thousands of applications to count them.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.ts';
import { errorResponses, listQuery } from '../schemas.ts';
import { redactURL } from '../views.ts';
import { matchesFilters, type ListQuery } from './applications.ts';

const { limit: _limit, continue: _continue, ...filterProperties } = listQuery.properties;

const countsSchema = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const valuesSchema = { type: 'array', items: { type: 'string' } } as const;

export const summarySchema = {
  type: 'object',
  required: ['total', 'sync', 'health', 'projects', 'repos', 'namespaces', 'clusters'],
  properties: {
    total: { type: 'integer', description: 'Applications the filters select' },
    sync: { ...countsSchema, description: 'Of those, how many per sync status' },
    health: { ...countsSchema, description: 'Of those, how many per health status' },
    projects: { ...valuesSchema, description: 'Every project in use (unfiltered)' },
    repos: { ...valuesSchema, description: 'Every repository URL in use, credentials masked (unfiltered)' },
    namespaces: { ...valuesSchema, description: 'Every destination namespace in use (unfiltered)' },
    clusters: { ...valuesSchema, description: 'Every destination cluster (name or server) in use (unfiltered)' },
  },
} as const;

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v !== '').sort((a, b) => a.localeCompare(b));
}

export function registerSummaryRoute(app: FastifyInstance, ctx: RouteContext): void {
  const { engine } = ctx.deps;
  app.get<{ Querystring: ListQuery }>('/api/v1/application-summary', {
    config: { access: 'read' },
    schema: {
      summary: 'Counts by sync and health of the applications the filters select, and the values each filter can take',
      tags: ['applications'],
      querystring: { ...listQuery, properties: filterProperties },
      response: { 200: summarySchema, ...errorResponses },
    },
  }, async (request) => {
    const views = engine.listApplications();
    const sync: Record<string, number> = {};
    const health: Record<string, number> = {};
    let total = 0;
    for (const view of views) {
      if (!matchesFilters(view, request.query)) continue;
      total++;
      sync[view.status.sync.status] = (sync[view.status.sync.status] ?? 0) + 1;
      health[view.status.health.status] = (health[view.status.health.status] ?? 0) + 1;
    }
    const specs = views.map((view) => view.application.spec);
    return {
      total,
      sync,
      health,
      projects: sorted(specs.map((spec) => spec.project)),
      repos: sorted(specs.map((spec) => redactURL(spec.source.repoURL))),
      namespaces: sorted(specs.map((spec) => spec.destination.namespace)),
      clusters: sorted(specs.map((spec) => spec.destination.name ?? spec.destination.server ?? '')),
    };
  });
}
