import type { HealthCheck } from '../types.ts';
import { field, findCondition, generationNotObserved, numberField } from './fields.ts';

/** The rules `kubectl rollout status` applies, plus paused and the progress deadline (Argo CD's). */
export const checkDeployment: HealthCheck = (deployment) => {
  if (field(deployment, 'spec', 'paused') === true) return { status: 'Suspended', message: 'Deployment is paused' };
  if (generationNotObserved(deployment)) {
    return { status: 'Progressing', message: 'Waiting for rollout to finish: observed deployment generation less than desired generation' };
  }
  const name = String(field(deployment, 'metadata', 'name') ?? '');
  if (findCondition(deployment, 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
    return { status: 'Degraded', message: `Deployment "${name}" exceeded its progress deadline` };
  }
  const wanted = numberField(deployment, 'spec', 'replicas') ?? 1;
  const replicas = numberField(deployment, 'status', 'replicas') ?? 0;
  const updated = numberField(deployment, 'status', 'updatedReplicas') ?? 0;
  const available = numberField(deployment, 'status', 'availableReplicas') ?? 0;
  if (updated < wanted) {
    return { status: 'Progressing', message: `Waiting for rollout to finish: ${updated} out of ${wanted} new replicas have been updated...` };
  }
  if (replicas > updated) {
    return { status: 'Progressing', message: `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination...` };
  }
  if (available < updated) {
    return { status: 'Progressing', message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...` };
  }
  return { status: 'Healthy' };
};
