import type { HealthCheck } from '../types.ts';
import { findCondition, generationNotObserved } from './fields.ts';

/**
 * For kinds without a rule of their own (custom resources): the conventions most controllers
 * follow (kstatus, Flux): Stalled and Reconciling, then Ready, then Available. An object with
 * none of these conditions has no health.
 */
export const checkByConditions: HealthCheck = (object) => {
  const stalled = findCondition(object, 'Stalled');
  if (stalled?.status === 'True') return { status: 'Degraded', message: stalled.message || stalled.reason };
  const reconciling = findCondition(object, 'Reconciling');
  if (reconciling?.status === 'True') return { status: 'Progressing', message: reconciling.message || reconciling.reason };
  for (const type of ['Ready', 'Available']) {
    const condition = findCondition(object, type);
    if (!condition) continue;
    if (generationNotObserved(object)) return { status: 'Progressing', message: 'Waiting for the latest generation to be observed' };
    const message = condition.message || condition.reason || undefined;
    if (condition.status === 'True') return message ? { status: 'Healthy', message } : { status: 'Healthy' };
    if (condition.status === 'False') return { status: 'Degraded', message: message ?? `${type} is False` };
    return { status: 'Progressing', message: message ?? `${type} is Unknown` };
  }
  return undefined;
};
