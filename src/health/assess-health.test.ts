import { describe, expect, it } from 'vitest';
import { assessHealth, HEALTH_CHECKS } from './assess-health.ts';
import { aggregateHealth, HEALTH_ORDER } from './order.ts';
import type { HealthResult } from './types.ts';

const now = new Date('2026-01-01T00:00:00Z');

function deployment(spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation }, spec, status };
}

function pod(restartPolicy: string, status: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: { restartPolicy }, status };
}

const waitingWith = (reason: string, message?: string) => ({ name: 'app', state: { waiting: { reason, message } } });

const cases: Record<string, [Record<string, unknown> | undefined, HealthResult | undefined]> = {
  'absent object': [undefined, { status: 'Missing', message: 'Resource does not exist in the cluster' }],
  'object being deleted': [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', deletionTimestamp: '2026-01-01T00:00:00Z' } }, { status: 'Progressing', message: 'Pending deletion' }],
  'ConfigMap has no health': [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, undefined],

  'Deployment rolled out': [deployment({ replicas: 3 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), { status: 'Healthy' }],
  'Deployment paused': [deployment({ paused: true }, {}), { status: 'Suspended', message: 'Deployment is paused' }],
  'Deployment spec not observed': [deployment({ replicas: 1 }, { observedGeneration: 1 }), { status: 'Progressing', message: 'Waiting for rollout to finish: observed deployment generation less than desired generation' }],
  'Deployment updating': [deployment({ replicas: 3 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 1 }), { status: 'Progressing', message: 'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...' }],
  'Deployment old replicas terminating': [deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 2 }), { status: 'Progressing', message: 'Waiting for rollout to finish: 1 old replicas are pending termination...' }],
  'Deployment waiting for availability': [deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 }), { status: 'Progressing', message: 'Waiting for rollout to finish: 1 of 2 updated replicas are available...' }],
  'Deployment past its progress deadline': [deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 0, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' }],
  'Deployment replicas default to 1': [deployment({}, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }), { status: 'Healthy' }],

  'ReplicaSet with a failure': [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'quota exceeded' }] } }, { status: 'Degraded', message: 'quota exceeded' }],
  'ReplicaSet available': [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, availableReplicas: 2 } }, { status: 'Healthy' }],

  'StatefulSet never observed': [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', generation: 1 }, spec: { replicas: 1 }, status: {} }, { status: 'Progressing', message: 'Waiting for statefulset spec update to be observed...' }],
  'StatefulSet pods not ready': [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', generation: 1 }, spec: { replicas: 3 }, status: { observedGeneration: 1, readyReplicas: 1 } }, { status: 'Progressing', message: 'Waiting for 2 pods to be ready...' }],
  'StatefulSet partitioned roll out pending': [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', generation: 1 }, spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }, status: { observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1 } }, { status: 'Progressing', message: 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...' }],
  'StatefulSet revision rolling': [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', generation: 1 }, spec: { replicas: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } }, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 1, currentRevision: 's-1', updateRevision: 's-2' } }, { status: 'Progressing', message: 'waiting for statefulset rolling update to complete 1 pods at revision s-2...' }],

  'DaemonSet rolling': [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', generation: 1 }, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 2 } }, { status: 'Progressing', message: 'Waiting for daemon set rollout to finish: 2 out of 3 new pods have been updated...' }],
  'DaemonSet available': [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', generation: 1 }, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }, { status: 'Healthy' }],

  'Pod crash looping': [pod('Always', { phase: 'Running', containerStatuses: [waitingWith('CrashLoopBackOff', 'back-off 10s restarting failed container')] }), { status: 'Degraded', message: 'container "app": CrashLoopBackOff: back-off 10s restarting failed container' }],
  'Pod image pull failing': [pod('Always', { phase: 'Pending', containerStatuses: [waitingWith('ImagePullBackOff')] }), { status: 'Degraded', message: 'container "app": ImagePullBackOff' }],
  'hook Pod waiting for its image is not failed yet': [pod('Never', { phase: 'Pending', containerStatuses: [waitingWith('ErrImagePull')] }), { status: 'Progressing' }],
  'Pod ready': [pod('Always', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }), { status: 'Healthy' }],
  'Pod not ready after a crash': [pod('Always', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'app', restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] }), { status: 'Degraded', message: 'container "app" crashed and restarted 3 times (last exit code 1, Error)' }],
  'Pod succeeded': [pod('Never', { phase: 'Succeeded' }), { status: 'Healthy' }],
  'Pod failed with exit code': [pod('Never', { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 3 } } }] }), { status: 'Degraded', message: 'container "app" failed with exit code 3' }],
  'Pod OOM killed': [pod('Never', { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] }), { status: 'Degraded', message: 'OOMKilled' }],
  'run-once Pod running': [pod('OnFailure', { phase: 'Running' }), { status: 'Progressing' }],

  'Job complete': [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { conditions: [{ type: 'Complete', status: 'True' }] } }, { status: 'Healthy' }],
  'Job failed': [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { conditions: [{ type: 'Failed', status: 'True', message: 'Job has reached the specified backoff limit' }] } }, { status: 'Degraded', message: 'Job has reached the specified backoff limit' }],
  'Job suspended': [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }, { status: 'Suspended', message: 'Job suspended' }],
  'Job resumed after a suspension is running, not done': [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { conditions: [{ type: 'Suspended', status: 'False' }] } }, { status: 'Progressing', message: 'Job is running' }],

  'ClusterIP Service': [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'ClusterIP' } }, { status: 'Healthy' }],
  'LoadBalancer Service without address': [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer' }, status: {} }, { status: 'Progressing', message: 'Waiting for the load balancer address' }],
  'LoadBalancer Service with address': [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } } }, { status: 'Healthy' }],
  'Ingress without address': [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' } }, { status: 'Progressing', message: 'Waiting for the ingress address' }],

  'PVC bound': [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, status: { phase: 'Bound' } }, { status: 'Healthy' }],
  'PVC lost': [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, status: { phase: 'Lost' } }, { status: 'Degraded', message: 'The claim lost its volume' }],

  'HPA failing to read metrics': [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, status: { conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'no metrics' }] } }, { status: 'Degraded', message: 'no metrics' }],
  'HPA able to scale': [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, status: { conditions: [{ type: 'AbleToScale', status: 'True', message: 'ok' }] } }, { status: 'Healthy', message: 'ok' }],

  'custom resource Ready': [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', generation: 1 }, status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] } }, { status: 'Healthy' }],
  'custom resource not Ready': [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, status: { conditions: [{ type: 'Ready', status: 'False', reason: 'BadConfig' }] } }, { status: 'Degraded', message: 'BadConfig' }],
  'custom resource stalled': [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, status: { conditions: [{ type: 'Stalled', status: 'True', message: 'gave up' }] } }, { status: 'Degraded', message: 'gave up' }],
  'custom resource with a newer spec': [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', generation: 2 }, status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] } }, { status: 'Progressing', message: 'Waiting for the latest generation to be observed' }],
  'custom resource without conditions': [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, undefined],
};

describe('assessHealth', () => {
  it.each(Object.entries(cases))('%s', (_name, [object, expected]) => {
    const result = assessHealth(object, { now });
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject(expected);
  });

  it('reads malformed objects as absent fields, not as a crash', () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: 'nonsense', spec: 7, status: [1] };
    expect(assessHealth(broken, { now })).toEqual({ status: 'Progressing', message: 'Waiting for rollout to finish: 0 out of 1 new replicas have been updated...' });
  });

  it('has a rule for each kind Ferry promises', () => {
    expect(Object.keys(HEALTH_CHECKS).sort()).toEqual([
      'PersistentVolumeClaim', 'Pod', 'Service',
      'apps/DaemonSet', 'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet',
      'autoscaling/HorizontalPodAutoscaler', 'batch/Job', 'extensions/Ingress', 'networking.k8s.io/Ingress',
    ]);
  });
});

describe('aggregateHealth', () => {
  it('is the worst of its resources, with its message', () => {
    expect(aggregateHealth([{ status: 'Healthy' }, undefined, { status: 'Degraded', message: 'crash' }, { status: 'Progressing' }])).toEqual({ status: 'Degraded', message: 'crash' });
  });

  it('is Healthy with nothing to judge', () => {
    expect(aggregateHealth([])).toEqual({ status: 'Healthy' });
    expect(aggregateHealth([undefined])).toEqual({ status: 'Healthy' });
  });

  it('orders statuses as Argo CD does', () => {
    expect(HEALTH_ORDER).toEqual(['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown']);
  });
});
