import { messageOf, type KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import { timestamp } from './events.ts';
import {
  findCondition,
  isTerminal,
  podRequests,
  podStatus,
  quantityValue,
  specOf,
  withCondition,
  type Resources,
} from './pod-util.ts';
import { matchesNodeSelectorAndAffinity, untoleratedTaint } from './taints.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * kube-scheduler reduced to its default plugins' core: filter (NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, VolumeBinding), score (least
 * allocated with the scheduler's non-zero defaults, then fewer pods, then name), bind through
 * `pods/binding`. When no node fits the pod stays Pending with PodScheduled=False/Unschedulable
 * and a FailedScheduling event worded as the real one; it is retried when nodes or pods change.
 */
export const SCHEDULER_NAME = 'default-scheduler';

const DEFAULT_CPU_REQUEST = 100; // millicores, for scoring containers without requests
const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

interface NodeUsage {
  requested: Resources;
  /** Requests with the scoring defaults for containers that have none. */
  nonZero: { cpu: number; memory: number };
  pods: number;
  hostPorts: Set<string>;
}

interface Contribution {
  node: string;
  requests: Resources;
  nonZero: { cpu: number; memory: number };
  hostPorts: string[];
}

/** Unresolvable filters: preemption cannot help (`UnschedulableAndUnresolvable`). */
interface Failure {
  readonly reasons: string[];
  readonly resolvable: boolean;
}

function nonZeroRequests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const container of specOf(pod).containers ?? []) {
    const requests = { ...(container.resources?.limits ?? {}), ...(container.resources?.requests ?? {}) };
    cpu += requests.cpu !== undefined ? quantityValue('cpu', requests.cpu) : DEFAULT_CPU_REQUEST;
    memory += requests.memory !== undefined ? quantityValue('memory', requests.memory) : DEFAULT_MEMORY_REQUEST;
  }
  return { cpu, memory };
}

function hostPortsOf(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const container of specOf(pod).containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.hostPort) out.push(`${port.protocol ?? 'TCP'}/${port.hostPort}`);
    }
  }
  return out;
}

export function wantsScheduling(pod: KubeObject): boolean {
  const spec = specOf(pod);
  return (
    !spec.nodeName &&
    (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
    !pod.metadata.deletionTimestamp &&
    !isTerminal(pod) &&
    !(spec.schedulingGates?.length)
  );
}

/** `0/3 nodes are available: 3 Insufficient cpu. preemption: …` (reasons counted, sorted). */
export function failedSchedulingMessage(total: number, failures: readonly Failure[]): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  const preemption = new Map<string, number>();
  for (const failure of failures) {
    for (const reason of failure.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const verdict = failure.resolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling';
    preemption.set(verdict, (preemption.get(verdict) ?? 0) + 1);
  }
  const render = (map: Map<string, number>): string => [...map].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
  return `0/${total} nodes are available: ${render(counts)}. preemption: 0/${total} nodes are available: ${render(preemption)}.`;
}

export function createScheduler(context: ControllerContext): Controller {
  const { cache, client, clock } = context;
  const usage = new Map<string, NodeUsage>();
  const contributions = new Map<string, Contribution>();
  const unschedulable = new Set<string>();

  const usageOf = (node: string): NodeUsage => {
    let entry = usage.get(node);
    if (!entry) {
      entry = { requested: { cpu: 0, memory: 0 }, nonZero: { cpu: 0, memory: 0 }, pods: 0, hostPorts: new Set() };
      usage.set(node, entry);
    }
    return entry;
  };

  const account = (key: string, pod: KubeObject | undefined): void => {
    const old = contributions.get(key);
    const node = pod ? specOf(pod).nodeName : undefined;
    const counts = pod !== undefined && !!node && !isTerminal(pod);
    if (old && counts && old.node === node) return; // requests of a bound pod do not change
    if (old) {
      const entry = usageOf(old.node);
      for (const [name, value] of Object.entries(old.requests)) entry.requested[name] = (entry.requested[name] ?? 0) - value;
      entry.nonZero.cpu -= old.nonZero.cpu;
      entry.nonZero.memory -= old.nonZero.memory;
      entry.pods--;
      for (const port of old.hostPorts) entry.hostPorts.delete(port);
      contributions.delete(key);
    }
    if (counts && pod && node) {
      const contribution: Contribution = { node, requests: podRequests(pod), nonZero: nonZeroRequests(pod), hostPorts: hostPortsOf(pod) };
      const entry = usageOf(node);
      for (const [name, value] of Object.entries(contribution.requests)) entry.requested[name] = (entry.requested[name] ?? 0) + value;
      entry.nonZero.cpu += contribution.nonZero.cpu;
      entry.nonZero.memory += contribution.nonZero.memory;
      entry.pods++;
      for (const port of contribution.hostPorts) entry.hostPorts.add(port);
      contributions.set(key, contribution);
    }
  };

  const retryUnschedulable = (): void => {
    for (const key of unschedulable) context.enqueue('scheduler', key);
  };

  const filter = (pod: KubeObject, node: KubeObject, requests: Resources, ports: readonly string[]): Failure | undefined => {
    const spec = specOf(pod);
    const nodeSpec = (node.spec ?? {}) as { unschedulable?: boolean };
    if (nodeSpec.unschedulable) {
      const tolerated = (spec.tolerations ?? []).some(
        (t) => (t.key === 'node.kubernetes.io/unschedulable' || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoSchedule'),
      );
      if (!tolerated) return { reasons: ['node(s) were unschedulable'], resolvable: false };
    }
    const taint = untoleratedTaint(node, spec.tolerations);
    if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], resolvable: false };
    if (!matchesNodeSelectorAndAffinity(spec, node)) {
      return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
    }
    const used = usageOf(node.metadata.name ?? '');
    if (ports.some((port) => used.hostPorts.has(port))) {
      return { reasons: ["node(s) didn't have free ports for the requested pod ports"], resolvable: true };
    }
    const allocatable = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {});
    const reasons: string[] = [];
    const maxPods = allocatable.pods !== undefined ? quantityValue('pods', allocatable.pods) : 110;
    if (used.pods + 1 > maxPods) reasons.push('Too many pods');
    for (const [resource, amount] of Object.entries(requests)) {
      if (amount <= 0) continue;
      const capacity = quantityValue(resource, allocatable[resource]);
      if (amount + (used.requested[resource] ?? 0) > capacity) reasons.push(`Insufficient ${resource}`);
    }
    return reasons.length > 0 ? { reasons, resolvable: true } : undefined;
  };

  const score = (node: KubeObject, pod: { cpu: number; memory: number }): number => {
    const allocatable = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {});
    const used = usageOf(node.metadata.name ?? '');
    let total = 0;
    for (const resource of ['cpu', 'memory'] as const) {
      const capacity = quantityValue(resource, allocatable[resource]);
      const requested = used.nonZero[resource] + pod[resource];
      total += capacity <= 0 || requested > capacity ? 0 : ((capacity - requested) * 100) / capacity;
    }
    return total / 2;
  };

  const volumeProblem = (pod: KubeObject): string | undefined => {
    const volumes = ((pod.spec as { volumes?: { persistentVolumeClaim?: { claimName: string } }[] }).volumes ?? []);
    for (const volume of volumes) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const pvc = cache.get('persistentvolumeclaims', pod.metadata.namespace ?? '', claim);
      if (!pvc) return `persistentvolumeclaim "${claim}" not found`;
      if ((pvc.status as { phase?: string } | undefined)?.phase !== 'Bound') return 'pod has unbound immediate PersistentVolumeClaims';
    }
    return undefined;
  };

  const markUnschedulable = (pod: KubeObject, message: string): void => {
    const now = timestamp(clock.now());
    const status = podStatus(pod);
    const existing = findCondition(status.conditions, 'PodScheduled');
    if (!(existing?.status === 'False' && existing.reason === 'Unschedulable' && existing.message === message)) {
      const conditions = withCondition(
        status.conditions,
        { type: 'PodScheduled', status: 'False', lastProbeTime: null, reason: 'Unschedulable', message },
        now,
      );
      client.updateStatus('pods', { ...pod, status: { ...status, phase: status.phase ?? 'Pending', conditions } });
    }
    context.recordEvent(pod, { type: 'Warning', reason: 'FailedScheduling', message, component: SCHEDULER_NAME });
  };

  return {
    name: 'scheduler',
    handlers: {
      pods: (type, pod, previous) => {
        const key = keyOf(pod);
        account(key, type === 'DELETED' ? undefined : pod);
        if (type === 'DELETED') {
          unschedulable.delete(key);
          if (previous && specOf(previous).nodeName) retryUnschedulable();
          return;
        }
        if (wantsScheduling(pod)) context.enqueue('scheduler', key);
        else unschedulable.delete(key);
        // A pod that finished or started terminating frees its node's resources.
        if (previous && specOf(pod).nodeName && ((isTerminal(pod) && !isTerminal(previous)))) retryUnschedulable();
      },
      nodes: (type, node, previous) => {
        if (type === 'DELETED') {
          usage.delete(node.metadata.name ?? '');
          return;
        }
        if (
          !previous ||
          JSON.stringify(previous.spec) !== JSON.stringify(node.spec) ||
          JSON.stringify(previous.metadata.labels) !== JSON.stringify(node.metadata.labels) ||
          JSON.stringify((previous.status as { allocatable?: unknown } | undefined)?.allocatable) !==
            JSON.stringify((node.status as { allocatable?: unknown } | undefined)?.allocatable)
        ) {
          retryUnschedulable();
        }
      },
      persistentvolumeclaims: () => retryUnschedulable(),
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const pod = cache.get('pods', namespace, name);
      if (!pod || !wantsScheduling(pod)) {
        unschedulable.delete(key);
        return;
      }
      const nodes = cache.all('nodes').sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
      const volume = volumeProblem(pod);
      if (volume) {
        unschedulable.add(key);
        const message = nodes.length === 0 ? 'no nodes available to schedule pods' : `0/${nodes.length} nodes are available: ${volume}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`;
        markUnschedulable(pod, message);
        return;
      }
      const requests = podRequests(pod);
      const ports = hostPortsOf(pod);
      const nonZero = nonZeroRequests(pod);
      const failures: Failure[] = [];
      let best: KubeObject | undefined;
      let bestScore = -1;
      for (const node of nodes) {
        const failure = filter(pod, node, requests, ports);
        if (failure) {
          failures.push(failure);
          continue;
        }
        const s = score(node, nonZero);
        const bestPods = best ? usageOf(best.metadata.name ?? '').pods : Infinity;
        if (s > bestScore || (s === bestScore && usageOf(node.metadata.name ?? '').pods < bestPods)) {
          best = node;
          bestScore = s;
        }
      }
      if (!best) {
        unschedulable.add(key);
        markUnschedulable(pod, failedSchedulingMessage(nodes.length, failures));
        return;
      }
      unschedulable.delete(key);
      const nodeName = best.metadata.name ?? '';
      try {
        const bound = client.bind(namespace, name, nodeName);
        account(key, bound);
      } catch (error) {
        context.logger.debug({ pod: key, error: messageOf(error) }, 'binding failed');
        throw error;
      }
      context.recordEvent(pod, {
        type: 'Normal',
        reason: 'Scheduled',
        message: `Successfully assigned ${namespace}/${name} to ${nodeName}`,
        component: SCHEDULER_NAME,
      });
    },
  };
}
