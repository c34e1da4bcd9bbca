/** Health words are Argo CD's, so users and tools read them the same way. */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface HealthResult {
  readonly status: HealthStatus;
  readonly message?: string;
}

export interface HealthContext {
  /** Time of the assessment: checks that depend on age (deadlines) read it, never a clock. */
  readonly now: Date;
}

/** One kind's rule. `undefined` means the kind has no notion of health (ConfigMap, Secret...). */
export type HealthCheck = (object: Record<string, unknown>, context: HealthContext) => HealthResult | undefined;
