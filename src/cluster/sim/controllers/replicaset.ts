import { cloneJson, isFerryError, messageOf, type KubeObject } from '../../../core/index.ts';
import { controllerRefOf, keyOf, splitKey } from './cache.ts';
import { timestamp } from './events.ts';
import { randomSuffix } from './hash.ts';
import { claimObjects, controllerKeyOf, enqueueMatchingOwners, matches, selectorOf } from './ownership.ts';
import {
  controllerRef,
  creationMs,
  findCondition,
  hasLabels,
  isPodActive,
  isPodAvailable,
  isPodReady,
  msUntilAvailable,
  podStatus,
  specOf,
  withCondition,
  withoutCondition,
  type Condition,
} from './pod-util.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The ReplicaSet controller (`pkg/controller/replicaset`): keep `spec.replicas` active pods
 * from the template (created with `generateName` and a controller reference), deleting surplus
 * pods in `ActivePodsWithRanks` order, and report replicas / fullyLabeled / ready / available
 * (minReadySeconds) / observedGeneration and the ReplicaFailure condition.
 */
const COMPONENT = 'replicaset-controller';
const BURST = 500;

interface RsSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] }; spec?: Record<string, unknown> };
}

function specOfRs(rs: KubeObject): RsSpec {
  return (rs.spec ?? {}) as RsSpec;
}

const PHASE_ORDER: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: KubeObject): number {
  const value = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  const parsed = value === undefined ? 0 : Number(value);
  return Number.isInteger(parsed) ? parsed : 0;
}

function readyTime(pod: KubeObject): number | undefined {
  const ready = findCondition(podStatus(pod).conditions, 'Ready');
  if (ready?.status !== 'True' || !ready.lastTransitionTime) return undefined;
  return Date.parse(ready.lastTransitionTime);
}

function maxRestarts(pod: KubeObject): number {
  let max = 0;
  for (const status of podStatus(pod).containerStatuses ?? []) max = Math.max(max, (status.restartCount as number | undefined) ?? 0);
  return max;
}

/** log2 bucket of an age, so pods of similar age compare equal (LogarithmicScaleDown). */
function ageBucket(since: number, now: number): number {
  const seconds = Math.max(0, (now - since) / 1000);
  return seconds < 1 ? 0 : Math.floor(Math.log2(seconds)) + 1;
}

/**
 * `controller.ActivePodsWithRanks` ordering: the pods to delete first come first. `rank` is the
 * number of related pods on the same node.
 */
export function comparePodsForDeletion(a: KubeObject, b: KubeObject, rank: Map<KubeObject, number>, now: number): number {
  const nodeA = specOf(a).nodeName ?? '';
  const nodeB = specOf(b).nodeName ?? '';
  if ((nodeA === '') !== (nodeB === '')) return nodeA === '' ? -1 : 1;
  const phaseA = PHASE_ORDER[podStatus(a).phase ?? 'Pending'] ?? 1;
  const phaseB = PHASE_ORDER[podStatus(b).phase ?? 'Pending'] ?? 1;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costA = deletionCost(a);
  const costB = deletionCost(b);
  if (costA !== costB) return costA - costB;
  const rankA = rank.get(a) ?? 0;
  const rankB = rank.get(b) ?? 0;
  if (rankA !== rankB) return rankB - rankA;
  if (readyA && readyB) {
    const timeA = readyTime(a);
    const timeB = readyTime(b);
    if (timeA !== undefined && timeB !== undefined) {
      const bucketA = ageBucket(timeA, now);
      const bucketB = ageBucket(timeB, now);
      if (bucketA !== bucketB) return bucketA - bucketB;
    }
  }
  const restartsA = maxRestarts(a);
  const restartsB = maxRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  const createdA = creationMs(a);
  const createdB = creationMs(b);
  if (!a.metadata.creationTimestamp !== !b.metadata.creationTimestamp) return a.metadata.creationTimestamp ? 1 : -1;
  const bucketA = ageBucket(createdA, now);
  const bucketB = ageBucket(createdB, now);
  if (bucketA !== bucketB) return bucketA - bucketB;
  const uidA = a.metadata.uid ?? '';
  const uidB = b.metadata.uid ?? '';
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

/** `getPodsToDelete`: the first `count` of `pods` in deletion order. */
export function podsToDelete(pods: readonly KubeObject[], related: readonly KubeObject[], count: number, now: number): KubeObject[] {
  const perNode = new Map<string, number>();
  for (const pod of related) {
    const node = specOf(pod).nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = new Map<KubeObject, number>();
  for (const pod of pods) rank.set(pod, perNode.get(specOf(pod).nodeName ?? '') ?? 0);
  return [...pods].sort((a, b) => comparePodsForDeletion(a, b, rank, now)).slice(0, count);
}

/** A pod for `owner` from `template`, as `controller.GetPodFromTemplate` builds it. */
export function podFromTemplate(owner: KubeObject, template: RsSpec['template'], name: string, generateName: string): KubeObject {
  const metadata = template?.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName,
      namespace: owner.metadata.namespace,
      ...(metadata.labels ? { labels: { ...metadata.labels } } : {}),
      ...(metadata.annotations ? { annotations: { ...metadata.annotations } } : {}),
      ...(metadata.finalizers ? { finalizers: [...metadata.finalizers] } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: cloneJson(template?.spec ?? {}),
  };
}

/** Creates a pod named `<prefix><5 random chars>`, retrying on a name collision. */
export function createPodWithGeneratedName(context: ControllerContext, owner: KubeObject, template: RsSpec['template'], prefix: string): KubeObject {
  for (let attempt = 0; ; attempt++) {
    const name = `${prefix}${randomSuffix(context.random)}`;
    try {
      return context.client.create('pods', podFromTemplate(owner, template, name, prefix));
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_ALREADY_EXISTS') || attempt >= 5) throw error;
    }
  }
}

export function createReplicaSetController(context: ControllerContext): Controller {
  const { cache, client, clock } = context;

  const relatedPods = (rs: KubeObject): KubeObject[] => {
    const owner = controllerRefOf(rs);
    if (!owner) return cache.controlledBy('pods', rs.metadata.uid ?? '').filter(isPodActive);
    const out: KubeObject[] = [];
    for (const sibling of cache.controlledBy('apps/replicasets', owner.uid)) {
      for (const pod of cache.controlledBy('pods', sibling.metadata.uid ?? '')) if (isPodActive(pod)) out.push(pod);
    }
    return out;
  };

  const manageReplicas = (rs: KubeObject, active: KubeObject[]): { error?: string; reason?: string } => {
    const spec = specOfRs(rs);
    const wanted = spec.replicas ?? 1;
    const diff = active.length - wanted;
    if (diff < 0) {
      const count = Math.min(-diff, BURST);
      for (let i = 0; i < count; i++) {
        try {
          const pod = createPodWithGeneratedName(context, rs, spec.template, `${rs.metadata.name}-`);
          context.recordEvent(rs, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: COMPONENT });
        } catch (error) {
          const message = messageOf(error);
          context.recordEvent(rs, { type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${message}`, component: COMPONENT });
          return { error: message, reason: 'FailedCreate' };
        }
      }
    } else if (diff > 0) {
      for (const pod of podsToDelete(active, relatedPods(rs), Math.min(diff, BURST), clock.now().getTime())) {
        try {
          client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } });
          context.recordEvent(rs, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}`, component: COMPONENT });
        } catch (error) {
          if (isFerryError(error, 'CLUSTER_NOT_FOUND')) continue;
          const message = messageOf(error);
          context.recordEvent(rs, { type: 'Warning', reason: 'FailedDelete', message: `Error deleting: ${message}`, component: COMPONENT });
          return { error: message, reason: 'FailedDelete' };
        }
      }
    }
    return {};
  };

  return {
    name: 'replicaset',
    handlers: {
      'apps/replicasets': (_type, rs) => context.enqueue('replicaset', keyOf(rs)),
      pods: (type, pod, previous) => {
        const key = controllerKeyOf(pod, 'ReplicaSet');
        if (key) context.enqueue('replicaset', key);
        const previousKey = previous ? controllerKeyOf(previous, 'ReplicaSet') : undefined;
        if (previousKey && previousKey !== key) context.enqueue('replicaset', previousKey);
        if (type !== 'DELETED' && !controllerRefOf(pod) && !pod.metadata.deletionTimestamp) {
          enqueueMatchingOwners(context, 'replicaset', 'apps/replicasets', pod);
        }
      },
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const rs = cache.get('apps/replicasets', namespace, name);
      if (!rs) return undefined;
      const spec = specOfRs(rs);
      const selector = selectorOf(rs);
      const pods = claimObjects(context, rs, 'pods', (pod) => matches(selector, pod));
      const active = pods.filter(isPodActive);
      let failure: { error?: string; reason?: string } = {};
      if (!rs.metadata.deletionTimestamp) failure = manageReplicas(rs, active);
      // Re-read: creations and deletions above changed the set.
      const current = claimedActive(rs);
      const now = clock.now();
      const minReady = spec.minReadySeconds ?? 0;
      const templateLabels = spec.template?.metadata?.labels;
      let ready = 0;
      let available = 0;
      let fullyLabeled = 0;
      let wakeIn: number | undefined;
      for (const pod of current) {
        if (hasLabels(pod.metadata.labels, templateLabels)) fullyLabeled++;
        if (isPodReady(pod)) ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
        const left = msUntilAvailable(pod, minReady, now);
        if (left !== undefined && (wakeIn === undefined || left < wakeIn)) wakeIn = left;
      }
      const previous = (rs.status ?? {}) as { conditions?: Condition[] };
      let conditions: Condition[] | undefined = previous.conditions;
      if (failure.error) {
        conditions = withCondition(conditions, { type: 'ReplicaFailure', status: 'True', reason: failure.reason ?? 'FailedCreate', message: failure.error }, timestamp(now));
      } else if (findCondition(conditions, 'ReplicaFailure')) {
        conditions = withoutCondition(conditions, 'ReplicaFailure');
      }
      const status: Record<string, unknown> = {
        replicas: current.length,
        ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
        ...(ready ? { readyReplicas: ready } : {}),
        ...(available ? { availableReplicas: available } : {}),
        observedGeneration: rs.metadata.generation ?? 1,
        ...(conditions && conditions.length > 0 ? { conditions } : {}),
      };
      const latest = cache.get('apps/replicasets', namespace, name);
      if (latest) client.updateStatus('apps/replicasets', { ...latest, status });
      if (failure.error) return 10_000;
      return wakeIn;
    },
  };

  function claimedActive(rs: KubeObject): KubeObject[] {
    return cache.controlledBy('pods', rs.metadata.uid ?? '').filter((pod) => isPodActive(pod) && matches(selectorOf(rs), pod));
  }
}
