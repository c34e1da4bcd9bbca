import { parseQuantity, type KubeObject, type OwnerReference } from '../../../core/index.ts';

/**
 * Pod facts every controller needs: phase, conditions, readiness and availability, requests,
 * QoS class; and the condition arithmetic all status writers share (`lastTransitionTime` moves
 * only when the status flips).
 */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
  [field: string]: unknown;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number; protocol?: string; hostPort?: number }[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  readinessProbe?: ProbeSpec;
  livenessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  restartPolicy?: string;
  [field: string]: unknown;
}

export interface ProbeSpec {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  [field: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  schedulerName?: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } };
  overhead?: Record<string, string>;
  activeDeadlineSeconds?: number;
  readinessGates?: { conditionType: string }[];
  hostname?: string;
  subdomain?: string;
  schedulingGates?: unknown[];
  [field: string]: unknown;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
  matchFields?: { key: string; operator: string; values?: string[] }[];
}

export interface PodStatus {
  phase?: string;
  conditions?: Condition[];
  containerStatuses?: Record<string, unknown>[];
  initContainerStatuses?: Record<string, unknown>[];
  podIP?: string;
  podIPs?: { ip: string }[];
  hostIP?: string;
  startTime?: string;
  [field: string]: unknown;
}

export function specOf(pod: KubeObject): PodSpec {
  return (pod.spec ?? {}) as PodSpec;
}

export function podStatus(pod: KubeObject): PodStatus {
  return (pod.status ?? {}) as PodStatus;
}

export function phaseOf(pod: KubeObject): string {
  return podStatus(pod).phase ?? 'Pending';
}

export function isTerminal(pod: KubeObject): boolean {
  const phase = podStatus(pod).phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** `controller.IsPodActive`: not finished and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

export function isPodTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp && !isTerminal(pod);
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return findCondition(podStatus(pod).conditions, 'Ready')?.status === 'True';
}

/** Ready for at least `minReadySeconds` at `now` (`podutil.IsPodAvailable`). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const ready = findCondition(podStatus(pod).conditions, 'Ready');
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
  return since + minReadySeconds * 1000 <= now.getTime();
}

/** Milliseconds until a Ready pod becomes available, or undefined when it is or cannot be. */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, now: Date): number | undefined {
  const ready = findCondition(podStatus(pod).conditions, 'Ready');
  if (ready?.status !== 'True' || !minReadySeconds) return undefined;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
  const left = since + minReadySeconds * 1000 - now.getTime();
  return left > 0 ? left : undefined;
}

/**
 * Sets `condition` in `conditions` (a new array), keeping `lastTransitionTime` when the status
 * does not change; returns the same array when nothing changes at all.
 */
export function withCondition(conditions: readonly Condition[] | undefined, condition: Condition, now: string): Condition[] {
  const list = conditions ? [...conditions] : [];
  const index = list.findIndex((c) => c.type === condition.type);
  const existing = index >= 0 ? list[index] : undefined;
  const next: Condition = { ...condition };
  if (existing && existing.status === condition.status) {
    next.lastTransitionTime = existing.lastTransitionTime ?? now;
  } else {
    next.lastTransitionTime = condition.lastTransitionTime ?? now;
  }
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

export function withoutCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** The controller reference an owner gives its dependents. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface Resources {
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
  [resource: string]: number;
}

/** A quantity in the unit the scheduler counts it in (cpu: millicores, others: base units). */
export function quantityValue(resource: string, value: string | number | undefined): number {
  if (value === undefined) return 0;
  const parsed = parseQuantity(String(value));
  if (!parsed) return 0;
  if (resource === 'cpu') return Number(parsed.nanos / 1_000_000n) + (parsed.nanos % 1_000_000n > 0n ? 1 : 0);
  return Number(parsed.nanos / 1_000_000_000n) + (parsed.nanos % 1_000_000_000n > 0n ? 1 : 0);
}

function addRequests(into: Resources, requests: Record<string, string | number> | undefined): void {
  for (const [name, value] of Object.entries(requests ?? {})) into[name] = (into[name] ?? 0) + quantityValue(name, value);
}

function containerRequests(container: ContainerSpec): Record<string, string | number> | undefined {
  // The API server copies limits to missing requests (defaulting); be as lenient here.
  const requests = { ...(container.resources?.limits ?? {}), ...(container.resources?.requests ?? {}) };
  return requests;
}

/**
 * The pod's effective request (`resourcehelper.PodRequests`): the larger of the app containers'
 * sum (plus sidecars) and the largest init container's, plus `spec.overhead`.
 */
export function podRequests(pod: KubeObject): Resources {
  const spec = specOf(pod);
  const sum: Resources = { cpu: 0, memory: 0 };
  for (const container of spec.containers ?? []) addRequests(sum, containerRequests(container));
  const sidecars: Resources = { cpu: 0, memory: 0 };
  for (const init of spec.initContainers ?? []) {
    if (init.restartPolicy === 'Always') {
      addRequests(sum, containerRequests(init));
      addRequests(sidecars, containerRequests(init));
      continue;
    }
    const one: Resources = { cpu: 0, memory: 0 };
    addRequests(one, containerRequests(init));
    for (const [name, value] of Object.entries(one)) {
      const withSidecars = value + (sidecars[name] ?? 0);
      if (withSidecars > (sum[name] ?? 0)) sum[name] = withSidecars;
    }
  }
  for (const [name, value] of Object.entries(spec.overhead ?? {})) sum[name] = (sum[name] ?? 0) + quantityValue(name, value);
  return sum;
}

/** `status.qosClass` as the API server computes it. */
export function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = specOf(pod);
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    for (const resource of ['cpu', 'memory']) {
      const request = requests[resource] ?? limits[resource];
      const limit = limits[resource];
      if (request !== undefined || limit !== undefined) anySet = true;
      if (limit === undefined || request === undefined || quantityValue(resource, request) !== quantityValue(resource, limit)) {
        guaranteed = false;
      }
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function annotationOf(object: KubeObject, name: string): string | undefined {
  return object.metadata.annotations?.[name];
}

/** Whether every label of `wanted` is on `labels`. */
export function hasLabels(labels: Record<string, string> | undefined, wanted: Record<string, string> | undefined): boolean {
  for (const [key, value] of Object.entries(wanted ?? {})) if (labels?.[key] !== value) return false;
  return true;
}

export function creationMs(object: KubeObject): number {
  return object.metadata.creationTimestamp ? Date.parse(object.metadata.creationTimestamp) : 0;
}
