import type { HealthCheck } from '../types.ts';
import { conditionsOf } from './fields.ts';

/**
 * Argo CD's job rules, reading only conditions whose status is True: Argo CD also counts
 * `Suspended=False` (a resumed job) as finished, which reports a running job as Healthy.
 */
export const checkJob: HealthCheck = (job) => {
  const active = conditionsOf(job).filter((c) => c.status === 'True');
  const failed = active.find((c) => c.type === 'Failed');
  if (failed) return { status: 'Degraded', message: failed.message || failed.reason || 'Job failed' };
  const complete = active.find((c) => c.type === 'Complete');
  if (complete) return complete.message ? { status: 'Healthy', message: complete.message } : { status: 'Healthy' };
  const suspended = active.find((c) => c.type === 'Suspended');
  if (suspended) return { status: 'Suspended', message: suspended.message || 'Job suspended' };
  return { status: 'Progressing', message: 'Job is running' };
};
