import type { HealthCheck } from '../types.ts';
import { field, numberField, stringField } from './fields.ts';

export const checkStatefulSet: HealthCheck = (statefulSet) => {
  const observed = numberField(statefulSet, 'status', 'observedGeneration') ?? 0;
  const generation = numberField(statefulSet, 'metadata', 'generation') ?? 0;
  if (observed === 0 || generation > observed) {
    return { status: 'Progressing', message: 'Waiting for statefulset spec update to be observed...' };
  }
  const wanted = numberField(statefulSet, 'spec', 'replicas') ?? 1;
  const ready = numberField(statefulSet, 'status', 'readyReplicas') ?? 0;
  if (ready < wanted) return { status: 'Progressing', message: `Waiting for ${wanted - ready} pods to be ready...` };
  const strategy = stringField(statefulSet, 'spec', 'updateStrategy', 'type') ?? 'RollingUpdate';
  if (strategy === 'OnDelete') return { status: 'Healthy', message: 'statefulset has OnDelete update strategy' };
  const rollingUpdate = field(statefulSet, 'spec', 'updateStrategy', 'rollingUpdate');
  if (rollingUpdate !== undefined) {
    const partition = numberField(rollingUpdate, 'partition') ?? 0;
    const updated = numberField(statefulSet, 'status', 'updatedReplicas') ?? 0;
    if (partition > 0 && updated < wanted - partition) {
      return {
        status: 'Progressing',
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${wanted - partition} new pods have been updated...`,
      };
    }
    if (partition > 0) return { status: 'Healthy', message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  const current = stringField(statefulSet, 'status', 'currentRevision');
  const update = stringField(statefulSet, 'status', 'updateRevision');
  if (update !== undefined && current !== update) {
    const updated = numberField(statefulSet, 'status', 'updatedReplicas') ?? 0;
    return { status: 'Progressing', message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${update}...` };
  }
  const currentReplicas = numberField(statefulSet, 'status', 'currentReplicas') ?? ready;
  return { status: 'Healthy', message: `statefulset rolling update complete ${currentReplicas} pods at revision ${current ?? ''}...` };
};
