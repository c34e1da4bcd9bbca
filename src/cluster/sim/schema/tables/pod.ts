import type { Loose } from '../loose.ts';
import { ageSince } from './format.ts';

/**
 * The Pod row of k8s.io/kubernetes `pkg/printers/internalversion/printers.go` (printPod): the
 * READY count, the STATUS reason (init containers, waiting/terminated reasons, Completed
 * turned back to Running/NotReady, Terminating/Unknown while deleting) and RESTARTS with the
 * age of the last restart.
 */
type Any = Loose;

function isRestartableInit(container: Any | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function isTerminal(phase: unknown): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function conditionTrue(status: Any, type: string): boolean {
  return (status.conditions ?? []).some((c: Any) => c?.type === type && c?.status === 'True');
}

function later(current: string | undefined, candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate === '') return current;
  if (current === undefined || Date.parse(candidate) > Date.parse(current)) return candidate;
  return current;
}

export interface PodCells {
  ready: string;
  status: string;
  restarts: string;
}

export function podCells(pod: Any, now: Date): PodCells {
  const spec: Any = pod.spec ?? {};
  const status: Any = pod.status ?? {};
  const initSpecs: Any[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const initByName = new Map<string, Any>(initSpecs.map((c) => [c?.name, c]));
  let total = Array.isArray(spec.containers) ? spec.containers.length : 0;
  for (const init of initSpecs) if (isRestartableInit(init)) total++;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  let reason: string = status.reason || status.phase || '';
  for (const condition of status.conditions ?? []) {
    if (condition?.type === 'PodScheduled' && condition?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses: Any[] = Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    restarts += container.restartCount ?? 0;
    const finished = container.lastState?.terminated?.finishedAt;
    lastRestart = later(lastRestart, finished);
    const sidecar = isRestartableInit(initByName.get(container.name));
    if (sidecar) {
      sidecarRestarts += container.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && container.started === true) {
      if (container.ready) ready++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      else reason = `Init:${terminated.reason}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: Any[] = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !isTerminal(status.phase)) reason = 'Terminating';

  const restartText = restarts !== 0 && lastRestart ? `${restarts} (${ageSince(lastRestart, now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

export function podWideCells(pod: Any): string[] {
  const spec: Any = pod.spec ?? {};
  const status: Any = pod.status ?? {};
  const ip: string = status.podIPs?.[0]?.ip || '<none>';
  const node: string = spec.nodeName || '<none>';
  const nominated: string = status.nominatedNodeName || '<none>';
  let gates = '<none>';
  const readinessGates: Any[] = Array.isArray(spec.readinessGates) ? spec.readinessGates : [];
  if (readinessGates.length > 0) {
    let trueCount = 0;
    for (const gate of readinessGates) {
      const condition = (status.conditions ?? []).find((c: Any) => c?.type === gate?.conditionType);
      if (condition?.status === 'True') trueCount++;
    }
    gates = `${trueCount}/${readinessGates.length}`;
  }
  return [ip, node, nominated, gates];
}
