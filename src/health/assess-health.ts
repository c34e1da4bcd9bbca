import { splitApiVersion } from '../core/index.ts';
import type { HealthCheck, HealthContext, HealthResult } from './types.ts';
import { field } from './checks/fields.ts';
import { checkDeployment } from './checks/deployment.ts';
import { checkReplicaSet } from './checks/replica-set.ts';
import { checkStatefulSet } from './checks/stateful-set.ts';
import { checkDaemonSet } from './checks/daemon-set.ts';
import { checkPod } from './checks/pod.ts';
import { checkJob } from './checks/job.ts';
import { checkIngress, checkService } from './checks/load-balanced.ts';
import { checkPersistentVolumeClaim } from './checks/persistent-volume-claim.ts';
import { checkHorizontalPodAutoscaler } from './checks/horizontal-pod-autoscaler.ts';
import { checkByConditions } from './checks/generic.ts';

/** One rule per kind, keyed `group/Kind` (`Kind` alone for the core group). */
export const HEALTH_CHECKS: Readonly<Record<string, HealthCheck>> = {
  'apps/Deployment': checkDeployment,
  'apps/ReplicaSet': checkReplicaSet,
  'apps/StatefulSet': checkStatefulSet,
  'apps/DaemonSet': checkDaemonSet,
  Pod: checkPod,
  'batch/Job': checkJob,
  Service: checkService,
  'networking.k8s.io/Ingress': checkIngress,
  'extensions/Ingress': checkIngress,
  PersistentVolumeClaim: checkPersistentVolumeClaim,
  'autoscaling/HorizontalPodAutoscaler': checkHorizontalPodAutoscaler,
};

export function healthCheckKey(apiVersion: string, kind: string): string {
  const { group } = splitApiVersion(apiVersion);
  return group === '' ? kind : `${group}/${kind}`;
}

/**
 * The health of one live object, or Missing when there is none. `undefined` for kinds that have
 * no health (a ConfigMap is simply there). A rule that throws on a malformed object gives
 * Unknown with the reason: bad data is a result here, not a crash.
 */
export function assessHealth(live: Record<string, unknown> | undefined, context: HealthContext): HealthResult | undefined {
  if (live === undefined) return { status: 'Missing', message: 'Resource does not exist in the cluster' };
  if (field(live, 'metadata', 'deletionTimestamp') !== undefined) return { status: 'Progressing', message: 'Pending deletion' };
  const check = HEALTH_CHECKS[healthCheckKey(String(live.apiVersion ?? ''), String(live.kind ?? ''))] ?? checkByConditions;
  try {
    return check(live, context);
  } catch (error) {
    return { status: 'Unknown', message: `health check failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
