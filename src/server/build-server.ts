/**
 * `buildServer(deps)`: the fastify instance with every route, hook and handler, ready for
 * `inject()` in tests or `listen()` in `ferry serve`. It never listens by itself.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { parseYamlDocuments } from '../manifest/index.ts';
import { FerryError } from '../core/index.ts';
import type { AppStatus } from '../engine/index.ts';
import { createAuthenticator, type Access } from './auth.ts';
import type { RouteContext, ServerDeps } from './context.ts';
import { toApiError } from './errors.ts';
import { EventHub } from './event-hub.ts';
import { createMetrics } from './metrics.ts';
import type { RouteRecord } from './openapi.ts';
import { RateLimiter } from './rate-limit.ts';
import { APPLICATION_CONTENT_TYPES, registerApplicationRoutes } from './routes/applications.ts';
import { registerResourceRoutes } from './routes/resources.ts';
import { registerClusterRoutes } from './routes/clusters.ts';
import { registerResourceEventsRoute } from './routes/resource-events.ts';
import { registerStreamRoute } from './routes/stream.ts';
import { registerSummaryRoute } from './routes/summary.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerUiRoutes } from './routes/ui.ts';
import { registerWebhookRoute } from './routes/webhook.ts';
import { applicationStatus, redactURL } from './views.ts';
import { DeliveryLog } from './webhook/index.ts';

const FINISHED = new Set(['Succeeded', 'Failed', 'Error']);

/** Feeds the live stream and the metrics from the engine; returns the unsubscribers. */
function followEngine(ctx: RouteContext): (() => void)[] {
  const { engine } = ctx.deps;
  const counted = new Map<string, number>();
  for (const view of engine.listApplications()) if (view.status.operation) counted.set(view.name, view.status.operation.id);
  const onStatus = (name: string, status: AppStatus | undefined) => {
    if (!status) {
      counted.delete(name);
      ctx.hub.publish('deleted', name, {});
      return;
    }
    ctx.hub.publish('application', name, { status: applicationStatus(status, undefined) });
    const operation = status.operation;
    if (operation?.finishedAt && FINISHED.has(operation.phase) && counted.get(name) !== operation.id) {
      counted.set(name, operation.id);
      if (!operation.dryRun) ctx.metrics.syncTotal.inc({ name, phase: operation.phase });
    }
  };
  ctx.metrics.appInfo = () =>
    engine.listApplications().map((view) => ({
      name: view.name,
      project: view.application.spec.project,
      syncStatus: view.status.sync.status,
      healthStatus: view.status.health.status,
      repo: redactURL(view.application.spec.source.repoURL),
      destServer: view.application.spec.destination.server ?? view.application.spec.destination.name ?? '',
      destNamespace: view.application.spec.destination.namespace,
    }));
  return [
    engine.onChange(onStatus),
    engine.onEvent((event) => ctx.hub.publish('event', event.app, { event })),
    engine.onReconcile((_name, outcome) => ctx.metrics.reconcileDuration.observe(outcome.durationMs / 1000)),
  ];
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { options } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: options.limits.bodyBytes,
    // Every problem at once, and unknown fields refused rather than silently dropped.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    return503OnClosing: true,
    // Request ids come from the server, never from a client header.
    requestIdHeader: false,
  });
  const ctx: RouteContext = {
    deps,
    metrics,
    hub: new EventHub(options.streamBufferSize ?? 1000),
    authenticator: createAuthenticator({ enabled: options.auth.enabled, tokens: deps.tokens, clock: deps.clock, failures: new RateLimiter({ perMinute: options.limits.authFailuresPerMinute, clock: deps.clock }) }),
    webhookLimiter: new RateLimiter({ perMinute: options.webhook.perMinute, clock: deps.clock }),
    deliveries: new DeliveryLog(),
  };

  const routes: RouteRecord[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, access: route.config?.access ?? 'write', ...(route.schema && { schema: route.schema as RouteRecord['schema'] }) });
  });

  app.decorateRequest('principal', undefined);
  // The API takes JSON (and YAML for applications): plain text is a wrong content type, not a string body.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(APPLICATION_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      const documents = parseYamlDocuments('request body', String(body));
      if (documents.length !== 1) throw new FerryError('REQUEST_BODY_INVALID', `request body: expected one YAML document, found ${documents.length}`, { httpStatus: 400 });
      done(null, documents[0]?.value);
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    // An unknown route needs a token too (it reveals nothing), but any token will do.
    const access: Access = request.is404 ? 'read' : (request.routeOptions.config.access ?? 'write');
    const principal = ctx.authenticator.authenticate({
      ...(request.headers.authorization && { authorization: request.headers.authorization }),
      ip: request.ip,
      access,
      route: `${request.method} ${request.routeOptions.url ?? request.url}`,
    });
    if (principal) request.principal = principal;
  });

  app.setErrorHandler(async (error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: apiError.body.code, status: apiError.status }, apiError.body.message);
    if (apiError.retryAfterSeconds !== undefined) reply.header('Retry-After', String(apiError.retryAfterSeconds));
    return reply.code(apiError.status).type('application/json').send(apiError.body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    return reply.code(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  registerSystemRoutes(app, ctx, routes);
  registerApplicationRoutes(app, ctx);
  registerResourceRoutes(app, ctx);
  registerSummaryRoute(app, ctx);
  registerResourceEventsRoute(app, ctx);
  registerClusterRoutes(app, ctx);
  registerStreamRoute(app, ctx);
  registerWebhookRoute(app, ctx);
  registerUiRoutes(app, options.uiDir);

  const unsubscribers = followEngine(ctx);
  app.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
  await app.ready();
  return app;
}
