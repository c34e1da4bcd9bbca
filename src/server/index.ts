/**
 * server: the HTTP face of Ferry (fastify): REST API with its OpenAPI document, live stream,
 * webhooks, bearer-token auth, metrics, the web UI's files. `buildServer(deps)` never listens;
 * compose.ts hands it the engine and decides where to listen.
 */
export { buildServer } from './build-server.ts';
export type { ServerDeps, ServerOptions } from './context.ts';
export type { Access, Principal, AdminTokenOutcome } from './auth.ts';
export { hashToken, generateToken, issueToken, ensureAdminToken, TOKEN_PREFIX } from './auth.ts';
export type { FerryMetrics, AppInfo } from './metrics.ts';
export { createMetrics, instrumentGitSource, instrumentClusterClient } from './metrics.ts';
export { checkListenAddress, isLoopback } from './listen.ts';
export { createLogger, REDACTED_PATHS } from './logger.ts';
export { redactURL, maskSecret, applicationResource, applicationStatus } from './views.ts';
export type { RouteRecord } from './openapi.ts';
export { buildOpenApiDocument } from './openapi.ts';
export { ensureDemoRepository, ensureDemoApplication, demoApplication, DEMO_APP } from './demo.ts';
