/**
 * health: pure assessment of live objects — (object, now) → Healthy / Progressing / Degraded /
 * Suspended / Missing / Unknown with a message — one rule per kind in a table, following Argo CD's
 * semantics so users read the same words; and the aggregation into an application's health.
 */
export type { HealthStatus, HealthResult, HealthContext, HealthCheck } from './types.ts';
export { assessHealth, healthCheckKey, HEALTH_CHECKS } from './assess-health.ts';
export { HEALTH_ORDER, isWorseHealth, aggregateHealth } from './order.ts';
