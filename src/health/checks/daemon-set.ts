import type { HealthCheck } from '../types.ts';
import { generationNotObserved, numberField, stringField } from './fields.ts';

export const checkDaemonSet: HealthCheck = (daemonSet) => {
  if (generationNotObserved(daemonSet)) {
    return { status: 'Progressing', message: 'Waiting for rollout to finish: observed daemon set generation less than desired generation' };
  }
  if (stringField(daemonSet, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return { status: 'Healthy', message: 'daemon set has OnDelete update strategy' };
  }
  const desired = numberField(daemonSet, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = numberField(daemonSet, 'status', 'updatedNumberScheduled') ?? 0;
  const available = numberField(daemonSet, 'status', 'numberAvailable') ?? 0;
  if (updated < desired) {
    return { status: 'Progressing', message: `Waiting for daemon set rollout to finish: ${updated} out of ${desired} new pods have been updated...` };
  }
  if (available < desired) {
    return { status: 'Progressing', message: `Waiting for daemon set rollout to finish: ${available} of ${desired} updated pods are available...` };
  }
  return { status: 'Healthy' };
};
