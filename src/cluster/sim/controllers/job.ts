import { isFerryError, type KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import { timestamp } from './events.ts';
import { controllerKeyOf } from './ownership.ts';
import { createPodWithGeneratedName, podsToDelete } from './replicaset.ts';
import { findCondition, isPodActive, isPodReady, isTerminal, podStatus, type Condition } from './pod-util.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The Job controller with 1.33+ semantics (`pkg/controller/job`): pods carry the
 * `batch.kubernetes.io/job-tracking` finalizer until counted in `succeeded`/`failed`;
 * parallelism and completions (NonIndexed and Indexed); backoffLimit with the pod-failure
 * back-off (10 s doubling, at most 10 min); activeDeadlineSeconds; suspend/resume; terminal
 * conditions set in two steps — FailureTarget then Failed, SuccessCriteriaMet then Complete —
 * once no pod is left running; and ttlSecondsAfterFinished (the TTL-after-finished controller).
 */
const COMPONENT = 'job-controller';
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
const MAX_BACKOFF_MS = 10 * 60 * 1000;

interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  suspend?: boolean;
  ttlSecondsAfterFinished?: number;
  completionMode?: string;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
}

interface JobStatus {
  active?: number;
  ready?: number;
  terminating?: number;
  succeeded?: number;
  failed?: number;
  startTime?: string;
  completionTime?: string;
  completedIndexes?: string;
  conditions?: Condition[];
  uncountedTerminatedPods?: Record<string, unknown>;
}

const jspec = (job: KubeObject): JobSpec => (job.spec ?? {}) as JobSpec;
const jstatus = (job: KubeObject): JobStatus => (job.status ?? {}) as JobStatus;

function isTrue(status: JobStatus, type: string): boolean {
  return findCondition(status.conditions, type)?.status === 'True';
}

export function isJobFinished(job: KubeObject): boolean {
  const status = jstatus(job);
  return isTrue(status, 'Complete') || isTrue(status, 'Failed');
}

function jobCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: string): Condition {
  return { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
}

function setJobCondition(status: JobStatus, condition: Condition): void {
  const current = findCondition(status.conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason && current.message === condition.message) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

function indexOf(pod: KubeObject): number | undefined {
  const value = pod.metadata.annotations?.[INDEX_ANNOTATION];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** `1,3-5` from a sorted list of indexes. */
export function formatIndexes(indexes: readonly number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function parseIndexes(text: string | undefined): number[] {
  if (!text) return [];
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isInteger(a)) continue;
    for (let i = a; i <= (b ?? a); i++) out.push(i);
  }
  return out;
}

export function createJobController(context: ControllerContext): Controller {
  const { cache, client, clock } = context;

  const finishedAt = (job: KubeObject): number | undefined => {
    const status = jstatus(job);
    if (status.completionTime) return Date.parse(status.completionTime);
    const failed = findCondition(status.conditions, 'Failed');
    return failed?.status === 'True' && failed.lastTransitionTime ? Date.parse(failed.lastTransitionTime) : undefined;
  };

  const ttl = (job: KubeObject): number | undefined => {
    const seconds = jspec(job).ttlSecondsAfterFinished;
    const at = finishedAt(job);
    if (seconds === undefined || seconds === null || at === undefined || job.metadata.deletionTimestamp) return undefined;
    const left = at + seconds * 1000 - clock.now().getTime();
    if (left > 0) return left;
    try {
      client.delete('batch/jobs', job.metadata.namespace ?? '', job.metadata.name ?? '', { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid ?? '' } });
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
    }
    return undefined;
  };

  const deletePods = (pods: readonly KubeObject[]): void => {
    for (const pod of pods) {
      try {
        client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } });
      } catch (error) {
        if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
      }
    }
  };

  const removeFinalizer = (pod: KubeObject): void => {
    const finalizers = (pod.metadata.finalizers ?? []).filter((f) => f !== TRACKING_FINALIZER);
    try {
      client.update('pods', { ...pod, metadata: { ...pod.metadata, finalizers } });
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
    }
  };

  return {
    name: 'job',
    handlers: {
      'batch/jobs': (_type, job) => context.enqueue('job', keyOf(job)),
      pods: (_type, pod, previous) => {
        const key = controllerKeyOf(pod, 'Job') ?? (previous ? controllerKeyOf(previous, 'Job') : undefined);
        if (key) context.enqueue('job', key);
      },
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      let job = cache.get('batch/jobs', namespace, name);
      if (!job) return undefined;
      const spec = jspec(job);
      const now = clock.now();
      const nowText = timestamp(now);
      const pods = cache.controlledBy('pods', job.metadata.uid ?? '');
      const status: JobStatus = { ...jstatus(job), conditions: jstatus(job).conditions?.map((c) => ({ ...c })) };
      if (!status.conditions?.length) delete status.conditions;
      const indexed = spec.completionMode === 'Indexed';
      const completed = new Set(parseIndexes(status.completedIndexes));

      // Count finished pods once, then release them.
      const counted: KubeObject[] = [];
      let lastFailure = 0;
      for (const pod of pods) {
        if (!(pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER)) continue;
        const phase = podStatus(pod).phase;
        const stopped = !!pod.metadata.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds === 0;
        if (phase === 'Succeeded') {
          const index = indexOf(pod);
          if (indexed && index !== undefined) {
            if (!completed.has(index)) status.succeeded = (status.succeeded ?? 0) + 1;
            completed.add(index);
          } else {
            status.succeeded = (status.succeeded ?? 0) + 1;
          }
          counted.push(pod);
        } else if (phase === 'Failed' || stopped) {
          status.failed = (status.failed ?? 0) + 1;
          counted.push(pod);
        }
      }
      for (const pod of pods) {
        if (podStatus(pod).phase === 'Failed' || (pod.metadata.deletionTimestamp && podStatus(pod).phase !== 'Succeeded')) {
          const finished = (podStatus(pod).containerStatuses ?? []).map((s) => Date.parse(((s.state as { terminated?: { finishedAt?: string } }).terminated?.finishedAt) ?? '') || 0);
          lastFailure = Math.max(lastFailure, ...finished, pod.metadata.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) : 0);
        }
      }
      if (indexed) status.completedIndexes = formatIndexes([...completed]);

      const active = pods.filter(isPodActive);
      const terminating = pods.filter((pod) => pod.metadata.deletionTimestamp && !isTerminal(pod) && !counted.includes(pod));
      const finished = isJobFinished(job);
      let wakeIn: number | undefined;

      if (!finished) {
        const failureTarget = findCondition(status.conditions, 'FailureTarget');
        const successTarget = findCondition(status.conditions, 'SuccessCriteriaMet');
        if (!spec.suspend && !status.startTime) status.startTime = nowText;
        let failure: { reason: string; message: string } | undefined =
          failureTarget?.status === 'True' ? { reason: failureTarget.reason ?? '', message: failureTarget.message ?? '' } : undefined;
        if (!failure && !successTarget && (status.failed ?? 0) > (spec.backoffLimit ?? 6)) {
          failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
        }
        if (!failure && !successTarget && spec.activeDeadlineSeconds !== undefined && status.startTime && !spec.suspend) {
          const deadline = Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000;
          if (deadline <= now.getTime()) failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
          else wakeIn = deadline - now.getTime();
        }
        const completions = spec.completions ?? (indexed ? 1 : undefined);
        const succeeded = status.succeeded ?? 0;
        const success =
          !failure &&
          (successTarget?.status === 'True' ||
            (completions === undefined || completions === null ? succeeded > 0 && active.length === 0 : succeeded >= completions));
        if (failure) {
          if (failureTarget?.status !== 'True') {
            setJobCondition(status, jobCondition('FailureTarget', 'True', failure.reason, failure.message, nowText));
            context.recordEvent(job, { type: 'Warning', reason: failure.reason, message: failure.message, component: COMPONENT });
          }
          deletePods(active);
          if (active.length === 0 && terminating.length === 0) {
            setJobCondition(status, jobCondition('Failed', 'True', failure.reason, failure.message, nowText));
          }
        } else if (success) {
          if (successTarget?.status !== 'True') {
            setJobCondition(status, jobCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', nowText));
          }
          deletePods(active);
          if (active.length === 0 && terminating.length === 0) {
            setJobCondition(status, jobCondition('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', nowText));
            status.completionTime = nowText;
            context.recordEvent(job, { type: 'Normal', reason: 'Completed', message: 'Job completed', component: COMPONENT });
          }
        } else if (spec.suspend) {
          deletePods(active);
          if (!isTrue(status, 'Suspended')) {
            setJobCondition(status, jobCondition('Suspended', 'True', 'JobSuspended', 'Job suspended', nowText));
            context.recordEvent(job, { type: 'Normal', reason: 'Suspended', message: 'Job suspended', component: COMPONENT });
          }
        } else {
          if (isTrue(status, 'Suspended')) {
            setJobCondition(status, jobCondition('Suspended', 'False', 'JobResumed', 'Job resumed', nowText));
            status.startTime = nowText;
            context.recordEvent(job, { type: 'Normal', reason: 'Resumed', message: 'Job resumed', component: COMPONENT });
          }
          const parallelism = spec.parallelism ?? 1;
          const want =
            completions === undefined || completions === null
              ? succeeded > 0 ? active.length : parallelism
              : Math.max(0, Math.min(completions - succeeded, parallelism));
          if (active.length > want) {
            deletePods(podsToDelete(active, active, active.length - want, now.getTime()));
          } else if (active.length < want) {
            const failures = status.failed ?? 0;
            const backoff = failures > 0 ? Math.min(MAX_BACKOFF_MS, 10_000 * 2 ** (failures - 1)) : 0;
            const readyAt = lastFailure + backoff;
            if (failures > 0 && readyAt > now.getTime()) {
              wakeIn = Math.min(wakeIn ?? Infinity, readyAt - now.getTime());
            } else {
              const busy = new Set(active.map(indexOf).filter((i): i is number => i !== undefined));
              for (let i = 0, next = 0; i < Math.min(want - active.length, 500); i++) {
                let index: number | undefined;
                if (indexed) {
                  while (completed.has(next) || busy.has(next)) next++;
                  if (next >= (completions ?? 1)) break;
                  index = next++;
                }
                const template = cloneTemplate(spec.template, index, name);
                const pod = createPodWithGeneratedName(context, job, template, index === undefined ? `${name}-` : `${name}-${index}-`);
                context.recordEvent(job, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: COMPONENT });
              }
            }
          }
        }
      }

      const now2 = cache.controlledBy('pods', job.metadata.uid ?? '');
      const activeNow = now2.filter(isPodActive);
      const next: JobStatus = {
        ...(status.conditions ? { conditions: status.conditions } : {}),
        ...(status.startTime ? { startTime: status.startTime } : {}),
        ...(status.completionTime ? { completionTime: status.completionTime } : {}),
        ...(activeNow.length ? { active: activeNow.length } : {}),
        ...(status.succeeded ? { succeeded: status.succeeded } : {}),
        ...(status.failed ? { failed: status.failed } : {}),
        ...(indexed ? { completedIndexes: status.completedIndexes ?? '' } : {}),
        ready: activeNow.filter(isPodReady).length,
        terminating: now2.filter((pod) => pod.metadata.deletionTimestamp && !isTerminal(pod) && !counted.includes(pod)).length,
        uncountedTerminatedPods: {},
      };
      if (next.completedIndexes === '') delete next.completedIndexes;
      const latest = cache.get('batch/jobs', namespace, name);
      if (latest) job = client.updateStatus('batch/jobs', { ...latest, status: next });
      for (const pod of counted) {
        const current = cache.get('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '');
        if (current) removeFinalizer(current);
      }
      if (isJobFinished(job)) return ttl(job);
      return wakeIn;
    },
  };
}

function cloneTemplate(template: JobSpec['template'], index: number | undefined, jobName: string): JobSpec['template'] {
  const copy = structuredClone(template ?? {});
  const metadata = (copy.metadata ??= {});
  metadata.labels = { ...(metadata.labels ?? {}) };
  (metadata as { finalizers?: string[] }).finalizers = [TRACKING_FINALIZER];
  if (index !== undefined) {
    metadata.annotations = { ...(metadata.annotations ?? {}), [INDEX_ANNOTATION]: String(index) };
    metadata.labels[INDEX_ANNOTATION] = String(index);
    const spec = (copy.spec ??= {}) as { hostname?: string; containers?: { env?: { name: string; value?: string }[] }[] };
    spec.hostname = `${jobName}-${index}`;
    for (const container of spec.containers ?? []) {
      container.env = [...(container.env ?? []).filter((e) => e.name !== 'JOB_COMPLETION_INDEX'), { name: 'JOB_COMPLETION_INDEX', value: String(index) }];
    }
  }
  return copy;
}
