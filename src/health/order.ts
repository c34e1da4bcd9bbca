import type { HealthResult, HealthStatus } from './types.ts';

/**
 * From best to worst, as Argo CD orders them: an application is as healthy as its least
 * healthy resource. Unknown ranks worst because nothing can be promised about it.
 */
export const HEALTH_ORDER: readonly HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

export function isWorseHealth(candidate: HealthStatus, than: HealthStatus): boolean {
  return HEALTH_ORDER.indexOf(candidate) > HEALTH_ORDER.indexOf(than);
}

/**
 * The application's health: the worst of its resources', with that resource's message.
 * Resources without health (`undefined`) count as Healthy; no resources at all is Healthy.
 */
export function aggregateHealth(results: readonly (HealthResult | undefined)[]): HealthResult {
  let worst: HealthResult = { status: 'Healthy' };
  for (const result of results) {
    if (result && isWorseHealth(result.status, worst.status)) worst = result;
  }
  return worst;
}
