import type { HealthCheck, HealthResult } from '../types.ts';
import { type Unstructured, field, findCondition, listField, numberField, stringField } from './fields.ts';

/** A waiting reason that will not resolve by itself: ErrImagePull, CrashLoopBackOff, CreateContainerConfigError... */
function isStuckWaitingReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

function describeWaiting(status: Unstructured): string | undefined {
  const waiting = field(status, 'state', 'waiting');
  const reason = stringField(waiting, 'reason') ?? '';
  if (!isStuckWaitingReason(reason)) return undefined;
  const message = stringField(waiting, 'message');
  const name = stringField(status, 'name') ?? '';
  return `container "${name}": ${reason}${message ? `: ${message}` : ''}`;
}

function describeTermination(status: Unstructured): string | undefined {
  const terminated = field(status, 'state', 'terminated');
  if (terminated === undefined) return undefined;
  const message = stringField(terminated, 'message');
  if (message) return message;
  if (stringField(terminated, 'reason') === 'OOMKilled') return 'OOMKilled';
  const exitCode = numberField(terminated, 'exitCode') ?? 0;
  if (exitCode !== 0) return `container "${stringField(status, 'name') ?? ''}" failed with exit code ${exitCode}`;
  return undefined;
}

function describeRestart(status: Unstructured): string {
  const terminated = field(status, 'lastState', 'terminated');
  const exitCode = numberField(terminated, 'exitCode') ?? 0;
  const reason = stringField(terminated, 'reason');
  const restarts = numberField(status, 'restartCount') ?? 0;
  return `container "${stringField(status, 'name') ?? ''}" crashed and restarted ${restarts} time${restarts === 1 ? '' : 's'} (last exit code ${exitCode}${reason ? `, ${reason}` : ''})`;
}

function withMessage(status: HealthResult['status'], message: string | undefined): HealthResult {
  return message ? { status, message } : { status };
}

/**
 * Argo CD's pod rules. Stuck containers make only `restartPolicy: Always` pods Degraded: a hook
 * pod (OnFailure/Never) waiting for an image may still succeed, and failing it early would
 * abort the sync it belongs to.
 */
export const checkPod: HealthCheck = (pod) => {
  const restartPolicy = stringField(pod, 'spec', 'restartPolicy') ?? 'Always';
  const containers = listField(pod, 'status', 'containerStatuses');
  const initContainers = listField(pod, 'status', 'initContainerStatuses');
  const podMessage = stringField(pod, 'status', 'message');
  if (restartPolicy === 'Always') {
    const stuck = [...initContainers, ...containers].map(describeWaiting).filter((m): m is string => m !== undefined);
    if (stuck.length > 0) return { status: 'Degraded', message: stuck.join(', ') };
  }
  switch (stringField(pod, 'status', 'phase')) {
    case 'Pending':
      return withMessage('Progressing', podMessage ?? findCondition(pod, 'PodScheduled')?.message);
    case 'Succeeded':
      return withMessage('Healthy', podMessage);
    case 'Failed': {
      if (podMessage) return { status: 'Degraded', message: podMessage };
      const reason = [...initContainers, ...containers].map(describeTermination).find((m) => m !== undefined);
      return withMessage('Degraded', reason);
    }
    case 'Running':
      if (restartPolicy !== 'Always') return withMessage('Progressing', podMessage);
      if (findCondition(pod, 'Ready')?.status === 'True') return withMessage('Healthy', podMessage);
      {
        const crashed = containers.find((c) => field(c, 'lastState', 'terminated') !== undefined);
        if (crashed) return withMessage('Degraded', podMessage ?? describeRestart(crashed));
      }
      return withMessage('Progressing', podMessage);
    default:
      return withMessage('Unknown', podMessage);
  }
};
