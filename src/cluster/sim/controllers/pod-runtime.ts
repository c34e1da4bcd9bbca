import type { KubeObject } from '../../../core/index.ts';
import { timestamp } from './events.ts';
import { hexDigest } from './hash.ts';
import {
  findCondition,
  podStatus,
  qosClass,
  specOf,
  type Condition,
  type ContainerSpec,
  type PodStatus,
  type ProbeSpec,
} from './pod-util.ts';
import { flagSelects, fullImageName, imageProblem, numberAnnotation, SIM_ANNOTATIONS } from './sim-annotations.ts';

/**
 * What a kubelet and its container runtime would report for a pod at a given time: a pure
 * function of the pod (spec, annotations, the `startTime` the kubelet stored), the time, and the
 * timing settings. Every transition time — sandbox ready, init containers done, containers
 * started, probes passing, crashes and back-offs — follows from those, so a clock that jumps far
 * ahead lands on the same status as one that stepped through every change, and a restarted
 * cluster resumes where it was.
 */
export interface RuntimeTiming {
  /** From the kubelet seeing the pod to its sandbox (pod IP, PodReadyToStartContainers). */
  readonly sandboxMs: number;
  /** Creating a container the first time (the image is "already present"). */
  readonly startMs: number;
  /** How long an init container runs. */
  readonly initMs: number;
  /** How long a run-to-completion container runs without `sim.ferry.dev/run-seconds`. */
  readonly runMs: number;
  /** How long a `sim.ferry.dev/crash` container runs before it exits. */
  readonly crashAfterMs: number;
  /** How long ErrImagePull shows before ImagePullBackOff. */
  readonly pullErrorMs: number;
  /** How long containers take to stop after a delete (capped by the grace period). */
  readonly stopMs: number;
}

export const DEFAULT_TIMING: RuntimeTiming = {
  sandboxMs: 300,
  startMs: 700,
  initMs: 1000,
  runMs: 5000,
  crashAfterMs: 2000,
  pullErrorMs: 1000,
  stopMs: 1000,
};

export interface RuntimeEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly fieldPath?: string;
}

export interface RuntimeResult {
  readonly status: PodStatus;
  readonly events: RuntimeEvent[];
  /** When the status changes next (ms since the epoch), if it ever does by itself. */
  readonly nextAt: number | undefined;
}

export interface RuntimePlacement {
  readonly hostIP: string;
  readonly podIP: string;
}

const MAX_BACKOFF_MS = 300_000;

/** CrashLoopBackOff delay before restart number `restarts + 1` (the first restart is immediate). */
export function restartDelayMs(restarts: number): number {
  if (restarts <= 0) return 0;
  return Math.min(MAX_BACKOFF_MS, 10_000 * 2 ** (restarts - 1));
}

/** Image pull back-off before attempt `attempt + 1`. */
function pullBackoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 10_000 * 2 ** attempt);
}

/** When a probe first passes, measured from the container's start. */
export function probeDelayMs(probe: ProbeSpec | undefined): number {
  if (!probe) return 0;
  const period = Math.max(1, probe.periodSeconds ?? 10);
  const initial = Math.max(0, probe.initialDelaySeconds ?? 0);
  const first = initial > 0 ? Math.ceil(initial / period) * period : 0;
  return (first + (Math.max(1, probe.successThreshold ?? 1) - 1) * period) * 1000;
}

interface Tracker {
  nextAt: number | undefined;
}

function wake(tracker: Tracker, at: number, now: number): void {
  if (at > now && (tracker.nextAt === undefined || at < tracker.nextAt)) tracker.nextAt = at;
}

interface ContainerRun {
  readonly status: Record<string, unknown>;
  /** When the container first counted as started (sidecars: let the next init container go). */
  readonly startedAt: number | undefined;
  /** When it exited for good with code 0 (init containers). */
  readonly succeededAt: number | undefined;
  /** Exited for good with a non-zero code. */
  readonly failed: boolean;
  readonly terminated: boolean;
  readonly ready: boolean;
  readonly readySince: number | undefined;
  /** Ran at least once. */
  readonly ran: boolean;
}

interface ContainerPlan {
  readonly container: ContainerSpec;
  /** When it is first started (undefined: never, e.g. an init container before it failed). */
  readonly startAt: number | undefined;
  /** How long each run lasts (Infinity: until deleted). */
  readonly runMs: number;
  readonly exitCode: number;
  readonly restart: 'Always' | 'OnFailure' | 'Never';
  readonly waitingReason: string;
  readonly notReady: boolean;
  readonly probes: boolean;
}

function containerId(pod: KubeObject, name: string, restarts: number): string {
  return `containerd://${hexDigest(`${pod.metadata.uid ?? ''}/${name}/${restarts}`)}`;
}

function imageId(image: string): string {
  const full = fullImageName(image);
  const repository = full.slice(0, full.lastIndexOf(':') > full.lastIndexOf('/') ? full.lastIndexOf(':') : full.length);
  return `${repository}@sha256:${hexDigest(full)}`;
}

function runContainer(pod: KubeObject, plan: ContainerPlan, now: number, tracker: Tracker): ContainerRun {
  const { container } = plan;
  const image = container.image ?? '';
  const base = { name: container.name, image, imageID: '', lastState: {} as Record<string, unknown> };
  const waiting = (reason: string, message?: string, extra: Record<string, unknown> = {}): ContainerRun => ({
    status: { ...base, ...extra, ready: false, restartCount: (extra.restartCount as number | undefined) ?? 0, started: false, state: { waiting: { reason, ...(message ? { message } : {}) } } },
    startedAt: undefined,
    succeededAt: undefined,
    failed: false,
    terminated: false,
    ready: false,
    readySince: undefined,
    ran: false,
  });
  if (plan.startAt === undefined) return waiting(plan.waitingReason);
  if (now < plan.startAt) {
    wake(tracker, plan.startAt, now);
    return waiting(plan.waitingReason);
  }
  const problem = flagSelects(pod, SIM_ANNOTATIONS.imagePullError, container.name) ? 'ErrImagePull' : imageProblem(image);
  if (problem === 'InvalidImageName') {
    return waiting('InvalidImageName', `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`);
  }
  if (problem === 'ErrImagePull') {
    let attemptAt = plan.startAt;
    let attempt = 0;
    while (attemptAt + pullBackoffMs(attempt) <= now) attemptAt += pullBackoffMs(attempt++);
    wake(tracker, attemptAt + pullBackoffMs(attempt), now);
    const full = fullImageName(image);
    if (now < attemptAt + DEFAULT_TIMING.pullErrorMs) {
      wake(tracker, attemptAt + DEFAULT_TIMING.pullErrorMs, now);
      return waiting('ErrImagePull', `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`);
    }
    return waiting('ImagePullBackOff', `Back-off pulling image "${image}"`);
  }
  const withImage = { ...base, imageID: imageId(image) };
  let restarts = 0;
  let start = plan.startAt;
  let previous: Record<string, unknown> | undefined;
  for (;;) {
    const end = start + plan.runMs;
    const lastState = previous ? { terminated: previous } : {};
    if (now < end) {
      if (Number.isFinite(end)) wake(tracker, end, now);
      const startupAt = start + probeDelayMs(container.startupProbe);
      const started = !container.startupProbe || now >= startupAt;
      if (!started) wake(tracker, startupAt, now);
      const readyAt = Math.max(startupAt, start + probeDelayMs(container.readinessProbe));
      const ready = started && !plan.notReady && now >= readyAt;
      if (started && !plan.notReady && !ready) wake(tracker, readyAt, now);
      return {
        status: {
          ...withImage,
          containerID: containerId(pod, container.name, restarts),
          lastState,
          ready,
          restartCount: restarts,
          started,
          state: { running: { startedAt: timestamp(new Date(start)) } },
        },
        startedAt: started ? (restarts === 0 ? startupAt : plan.startAt) : undefined,
        succeededAt: undefined,
        failed: false,
        terminated: false,
        ready,
        readySince: ready ? readyAt : undefined,
        ran: true,
      };
    }
    const terminated = {
      containerID: containerId(pod, container.name, restarts),
      exitCode: plan.exitCode,
      finishedAt: timestamp(new Date(end)),
      reason: plan.exitCode === 0 ? 'Completed' : 'Error',
      startedAt: timestamp(new Date(start)),
    };
    const restarting = plan.restart === 'Always' || (plan.restart === 'OnFailure' && plan.exitCode !== 0);
    if (!restarting) {
      return {
        status: { ...withImage, containerID: terminated.containerID, lastState, ready: false, restartCount: restarts, started: false, state: { terminated } },
        startedAt: start,
        succeededAt: plan.exitCode === 0 ? end : undefined,
        failed: plan.exitCode !== 0,
        terminated: true,
        ready: false,
        readySince: undefined,
        ran: true,
      };
    }
    const next = end + restartDelayMs(restarts);
    if (now < next) {
      wake(tracker, next, now);
      const delay = restartDelayMs(restarts) / 1000;
      return {
        status: {
          ...withImage,
          containerID: terminated.containerID,
          lastState: { terminated },
          ready: false,
          restartCount: restarts,
          started: false,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${delay >= 60 ? `${Math.floor(delay / 60)}m${delay % 60}s` : `${delay}s`} restarting failed container=${container.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
            },
          },
        },
        startedAt: start,
        succeededAt: undefined,
        failed: false,
        terminated: false,
        ready: false,
        readySince: undefined,
        ran: true,
      };
    }
    previous = terminated;
    restarts++;
    start = next;
  }
}

function runLength(pod: KubeObject, container: ContainerSpec, runsToCompletion: boolean, timing: RuntimeTiming): { runMs: number; exitCode: number } {
  const crash = flagSelects(pod, SIM_ANNOTATIONS.crash, container.name);
  const exit = numberAnnotation(pod, SIM_ANNOTATIONS.exitCode);
  if (crash) {
    const after = numberAnnotation(pod, SIM_ANNOTATIONS.crashAfterSeconds);
    return { runMs: Math.max(1, after !== undefined ? after * 1000 : timing.crashAfterMs), exitCode: exit ?? 1 };
  }
  const seconds = numberAnnotation(pod, SIM_ANNOTATIONS.runSeconds);
  if (seconds !== undefined) return { runMs: Math.max(1, seconds * 1000), exitCode: exit ?? 0 };
  if (runsToCompletion) return { runMs: timing.runMs, exitCode: exit ?? 0 };
  return { runMs: Infinity, exitCode: 0 };
}

function conditionAt(
  existing: readonly Condition[] | undefined,
  type: string,
  status: 'True' | 'False',
  since: number,
  extra: { reason?: string; message?: string } = {},
): Condition {
  const previous = findCondition(existing, type);
  const lastTransitionTime = previous && previous.status === status && previous.lastTransitionTime ? previous.lastTransitionTime : timestamp(new Date(since));
  return { type, status, lastProbeTime: null, lastTransitionTime, ...(extra.reason ? { reason: extra.reason } : {}), ...(extra.message ? { message: extra.message } : {}) };
}

/** The status the kubelet reports for `pod` at `now` (the pod must carry `status.startTime`). */
export function simulatePod(pod: KubeObject, placement: RuntimePlacement, nowMs: number, timing: RuntimeTiming = DEFAULT_TIMING): RuntimeResult {
  const spec = specOf(pod);
  const previous = podStatus(pod);
  const tracker: Tracker = { nextAt: undefined };
  const startTime = previous.startTime ? Date.parse(previous.startTime) : nowMs;
  const sandboxAt = startTime + timing.sandboxMs;
  const sandboxReady = nowMs >= sandboxAt;
  if (!sandboxReady) wake(tracker, sandboxAt, nowMs);
  const policy = (spec.restartPolicy ?? 'Always') as 'Always' | 'OnFailure' | 'Never';

  // Init containers, one after the other; a sidecar (restartPolicy Always) lets the next start once it has started.
  const initRuns: ContainerRun[] = [];
  let nextStart: number | undefined = sandboxReady ? sandboxAt + timing.startMs : undefined;
  let initFailed = false;
  for (const container of spec.initContainers ?? []) {
    const sidecar = container.restartPolicy === 'Always';
    const length = sidecar ? { runMs: Infinity, exitCode: 0 } : runLength(pod, container, true, { ...timing, runMs: timing.initMs });
    const run = runContainer(
      pod,
      {
        container,
        startAt: nextStart,
        runMs: length.runMs,
        exitCode: length.exitCode,
        restart: sidecar ? 'Always' : policy === 'Never' ? 'Never' : 'OnFailure',
        waitingReason: 'PodInitializing',
        notReady: flagSelects(pod, SIM_ANNOTATIONS.notReady, container.name),
        probes: true,
      },
      nowMs,
      tracker,
    );
    initRuns.push(run);
    if (run.failed) initFailed = true;
    nextStart = sidecar ? run.startedAt : run.succeededAt;
    if (nextStart !== undefined && nextStart > nowMs) nextStart = undefined;
  }
  const initDoneAt = initFailed ? undefined : nextStart;
  const initialized = initDoneAt !== undefined;
  const appStart = initialized ? ((spec.initContainers?.length ?? 0) > 0 ? initDoneAt : initDoneAt) : undefined;
  const runsToCompletion = policy !== 'Always';
  const runs = (spec.containers ?? []).map((container) => {
    const length = runLength(pod, container, runsToCompletion, timing);
    return runContainer(
      pod,
      {
        container,
        startAt: appStart,
        runMs: length.runMs,
        exitCode: length.exitCode,
        restart: policy,
        waitingReason: (spec.initContainers?.length ?? 0) > 0 ? 'PodInitializing' : 'ContainerCreating',
        // A crashing container fails its start-up before any readiness probe could pass.
        notReady: flagSelects(pod, SIM_ANNOTATIONS.notReady, container.name) || flagSelects(pod, SIM_ANNOTATIONS.crash, container.name),
        probes: true,
      },
      nowMs,
      tracker,
    );
  });

  let phase: string;
  if (initFailed || (runs.length > 0 && runs.every((r) => r.terminated) && runs.some((r) => r.failed))) phase = 'Failed';
  else if (runs.length > 0 && runs.every((r) => r.terminated)) phase = 'Succeeded';
  else if (runs.some((r) => r.ran)) phase = 'Running';
  else phase = 'Pending';
  const completed = phase === 'Succeeded' || phase === 'Failed';

  const conditions: Condition[] = [];
  const existing = previous.conditions;
  conditions.push(conditionAt(existing, 'PodReadyToStartContainers', sandboxReady && !completed ? 'True' : 'False', sandboxReady && !completed ? sandboxAt : startTime));
  const initNames = (spec.initContainers ?? []).filter((_, i) => !initRuns[i]?.succeededAt && (spec.initContainers?.[i]?.restartPolicy !== 'Always' || !initRuns[i]?.startedAt)).map((c) => c.name);
  conditions.push(
    initialized || (spec.initContainers?.length ?? 0) === 0
      ? conditionAt(existing, 'Initialized', 'True', (spec.initContainers?.length ?? 0) === 0 ? startTime : (initDoneAt as number))
      : conditionAt(existing, 'Initialized', 'False', startTime, { reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${initNames.join(' ')}]` }),
  );
  const unready = (spec.containers ?? []).filter((_, i) => !runs[i]?.ready).map((c) => c.name);
  const gates = (spec.readinessGates ?? []).map((g) => g.conditionType);
  const missingGate = gates.find((gate) => findCondition(existing, gate)?.status !== 'True');
  let ready: Condition;
  let containersReady: Condition;
  if (completed) {
    ready = conditionAt(existing, 'Ready', 'False', nowMs, { reason: 'PodCompleted' });
    containersReady = conditionAt(existing, 'ContainersReady', 'False', nowMs, { reason: 'PodCompleted' });
  } else if (unready.length > 0) {
    const message = `containers with unready status: [${unready.join(' ')}]`;
    const since = findCondition(existing, 'Ready') ? nowMs : startTime;
    ready = conditionAt(existing, 'Ready', 'False', since, { reason: 'ContainersNotReady', message });
    containersReady = conditionAt(existing, 'ContainersReady', 'False', since, { reason: 'ContainersNotReady', message });
  } else {
    const since = Math.max(...runs.map((r) => r.readySince ?? nowMs));
    containersReady = conditionAt(existing, 'ContainersReady', 'True', since);
    ready = missingGate
      ? conditionAt(existing, 'Ready', 'False', since, { reason: 'ReadinessGatesNotReady', message: `corresponding condition of pod readiness gate "${missingGate}" does not exist.` })
      : conditionAt(existing, 'Ready', 'True', since);
  }
  conditions.push(ready, containersReady);
  const scheduled = findCondition(existing, 'PodScheduled');
  if (scheduled) conditions.push(scheduled);
  for (const condition of existing ?? []) {
    if (!['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].includes(condition.type)) conditions.push(condition);
  }

  const sorted = runs.map((r) => r.status).sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
  const status: PodStatus = {
    ...(pod.metadata.generation !== undefined ? { observedGeneration: pod.metadata.generation } : {}),
    phase,
    conditions,
    hostIP: placement.hostIP,
    hostIPs: [{ ip: placement.hostIP }],
    ...(sandboxReady && !completed ? { podIP: placement.podIP, podIPs: [{ ip: placement.podIP }] } : completed && previous.podIP ? { podIP: previous.podIP, podIPs: previous.podIPs } : {}),
    startTime: timestamp(new Date(startTime)),
    ...((spec.initContainers?.length ?? 0) > 0 ? { initContainerStatuses: initRuns.map((r) => r.status) } : {}),
    containerStatuses: sorted,
    qosClass: (previous.qosClass as string | undefined) ?? qosClass(pod),
  };
  if (completed) tracker.nextAt = undefined;
  return { status, events: runtimeEvents(pod, previous, status), nextAt: tracker.nextAt };
}

function stateOf(status: Record<string, unknown> | undefined): { kind: string; reason?: string } {
  const state = (status?.state ?? {}) as Record<string, { reason?: string } | undefined>;
  if (state.running) return { kind: 'running' };
  if (state.terminated) return { kind: 'terminated', reason: state.terminated.reason };
  if (state.waiting) return { kind: 'waiting', reason: state.waiting.reason };
  return { kind: 'none' };
}

/** The events a kubelet sends for the changes between two statuses. */
function runtimeEvents(pod: KubeObject, before: PodStatus, after: PodStatus): RuntimeEvent[] {
  const events: RuntimeEvent[] = [];
  const spec = specOf(pod);
  const podName = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  const compare = (list: 'containerStatuses' | 'initContainerStatuses', field: string): void => {
    const old = new Map(((before[list] ?? []) as Record<string, unknown>[]).map((s) => [s.name as string, s]));
    for (const status of (after[list] ?? []) as Record<string, unknown>[]) {
      const name = status.name as string;
      const image = status.image as string;
      const previous = old.get(name);
      const was = stateOf(previous);
      const now = stateOf(status);
      const fieldPath = `${field}{${name}}`;
      const restarts = (status.restartCount as number) ?? 0;
      const previousRestarts = (previous?.restartCount as number | undefined) ?? 0;
      if (now.kind === 'running' && (was.kind !== 'running' || restarts !== previousRestarts)) {
        events.push({ type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine`, fieldPath });
        events.push({ type: 'Normal', reason: 'Created', message: `Created container: ${name}`, fieldPath });
        events.push({ type: 'Normal', reason: 'Started', message: `Started container ${name}`, fieldPath });
      }
      if (now.kind === 'waiting' && now.reason !== was.reason) {
        if (now.reason === 'ErrImagePull') {
          const message = ((status.state as { waiting: { message: string } }).waiting.message);
          events.push({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"`, fieldPath });
          events.push({ type: 'Warning', reason: 'Failed', message: `Failed to pull image "${image}": ${message}`, fieldPath });
          events.push({ type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', fieldPath });
        } else if (now.reason === 'ImagePullBackOff') {
          events.push({ type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${image}"`, fieldPath });
          events.push({ type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', fieldPath });
        } else if (now.reason === 'InvalidImageName') {
          events.push({ type: 'Warning', reason: 'InspectFailed', message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`, fieldPath });
          events.push({ type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName', fieldPath });
        } else if (now.reason === 'CrashLoopBackOff') {
          events.push({ type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${name} in pod ${podName}`, fieldPath });
        }
      }
      const container = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((c) => c.name === name);
      if (now.kind === 'running' && status.started === true && previous?.started !== true && flagSelects(pod, SIM_ANNOTATIONS.notReady, name)) {
        const probe = container?.readinessProbe as { httpGet?: unknown; tcpSocket?: { port?: unknown }; exec?: unknown } | undefined;
        const message = probe?.tcpSocket
          ? `Readiness probe failed: dial tcp ${after.podIP ?? ''}:${String(probe.tcpSocket.port ?? '')}: connect: connection refused`
          : probe?.exec
            ? 'Readiness probe failed: command exited with non-zero status 1'
            : 'Readiness probe failed: HTTP probe failed with statuscode: 503';
        events.push({ type: 'Warning', reason: 'Unhealthy', message, fieldPath });
      }
    }
  };
  compare('initContainerStatuses', 'spec.initContainers');
  compare('containerStatuses', 'spec.containers');
  return events;
}
