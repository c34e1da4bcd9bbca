import type { HealthCheck } from '../types.ts';
import { findCondition, generationNotObserved, numberField } from './fields.ts';

export const checkReplicaSet: HealthCheck = (replicaSet) => {
  if (generationNotObserved(replicaSet)) {
    return { status: 'Progressing', message: 'Waiting for rollout to finish: observed replica set generation less than desired generation' };
  }
  const failure = findCondition(replicaSet, 'ReplicaFailure');
  if (failure?.status === 'True') return { status: 'Degraded', message: failure.message };
  const wanted = numberField(replicaSet, 'spec', 'replicas') ?? 1;
  const available = numberField(replicaSet, 'status', 'availableReplicas') ?? 0;
  if (available < wanted) {
    return { status: 'Progressing', message: `Waiting for rollout to finish: ${available} out of ${wanted} new replicas are available...` };
  }
  return { status: 'Healthy' };
};
