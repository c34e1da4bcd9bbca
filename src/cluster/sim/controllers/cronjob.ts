import { isFerryError, messageOf, type KubeObject } from '../../../core/index.ts';
import { controllerRefOf, keyOf, splitKey } from './cache.ts';
import { nextAfter, parseCronSchedule } from './cron-schedule.ts';
import { timestamp } from './events.ts';
import { isJobFinished } from './job.ts';
import { controllerKeyOf } from './ownership.ts';
import { controllerRef, creationMs, findCondition } from './pod-util.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The CronJob controller (v2): at each scheduled time create Job `<name>-<minutes since the
 * epoch>` (annotation `batch.kubernetes.io/cronjob-scheduled-timestamp`), honouring suspend,
 * startingDeadlineSeconds and concurrencyPolicy (Allow, Forbid, Replace); keep `status.active`,
 * `lastScheduleTime` and `lastSuccessfulTime`; delete finished Jobs beyond the history limits.
 */
const COMPONENT = 'cronjob-controller';
const SCHEDULED_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

interface CronJobSpec {
  schedule?: string;
  timeZone?: string;
  suspend?: boolean;
  concurrencyPolicy?: string;
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
}

function jobRef(job: KubeObject): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid,
  };
}

function failedJob(job: KubeObject): boolean {
  return findCondition((job.status as { conditions?: [] } | undefined)?.conditions, 'Failed')?.status === 'True';
}

export function createCronJobController(context: ControllerContext): Controller {
  const { cache, client, clock } = context;

  const deleteJob = (cj: KubeObject, job: KubeObject): void => {
    try {
      client.delete('batch/jobs', job.metadata.namespace ?? '', job.metadata.name ?? '', { propagationPolicy: 'Background' });
      context.recordEvent(cj, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${job.metadata.name}`, component: COMPONENT });
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
    }
  };

  return {
    name: 'cronjob',
    handlers: {
      'batch/cronjobs': (_type, cj) => context.enqueue('cronjob', keyOf(cj)),
      'batch/jobs': (_type, job) => {
        const key = controllerKeyOf(job, 'CronJob');
        if (key) context.enqueue('cronjob', key);
      },
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const cj = cache.get('batch/cronjobs', namespace, name);
      if (!cj || cj.metadata.deletionTimestamp) return undefined;
      const spec = (cj.spec ?? {}) as CronJobSpec;
      const now = clock.now().getTime();
      const jobs = cache.controlledBy('batch/jobs', cj.metadata.uid ?? '');
      const previous = (cj.status ?? {}) as { active?: Record<string, unknown>[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
      const status: Record<string, unknown> = { ...previous };

      // Active list: the Jobs still running.
      const running = jobs.filter((job) => !isJobFinished(job) && !job.metadata.deletionTimestamp);
      for (const job of jobs) {
        const wasActive = (previous.active ?? []).some((ref) => ref.uid === job.metadata.uid);
        if (wasActive && isJobFinished(job)) {
          const condition = failedJob(job) ? 'Failed' : 'Complete';
          context.recordEvent(cj, { type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${job.metadata.name}, condition: ${condition}`, component: COMPONENT });
        }
        const completion = (job.status as { completionTime?: string } | undefined)?.completionTime;
        if (completion && !failedJob(job) && (!status.lastSuccessfulTime || Date.parse(completion) > Date.parse(status.lastSuccessfulTime as string))) {
          status.lastSuccessfulTime = completion;
        }
      }

      let schedule;
      try {
        schedule = parseCronSchedule(spec.schedule ?? '');
      } catch (error) {
        context.recordEvent(cj, { type: 'Warning', reason: 'UnparseableSchedule', message: messageOf(error), component: COMPONENT });
        return undefined;
      }
      const zone = spec.timeZone ?? 'UTC';
      let wakeAt: number | undefined;
      if (!spec.suspend) {
        const since = previous.lastScheduleTime ? Date.parse(previous.lastScheduleTime) : creationMs(cj);
        // The most recent missed time in (since, now].
        let scheduled: number | undefined;
        let missed = 0;
        for (let t = nextAfter(schedule, since, zone); t !== undefined && t <= now; t = nextAfter(schedule, t, zone)) {
          scheduled = t;
          if (++missed > 100) {
            context.recordEvent(cj, { type: 'Warning', reason: 'TooManyMissedTimes', message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', component: COMPONENT });
            scheduled = undefined;
            let last = nextAfter(schedule, Math.max(since, now - 60_000), zone);
            while (last !== undefined && last <= now) {
              scheduled = last;
              last = nextAfter(schedule, last, zone);
            }
            break;
          }
        }
        const tooLate = scheduled !== undefined && spec.startingDeadlineSeconds !== undefined && scheduled + spec.startingDeadlineSeconds * 1000 < now;
        if (scheduled !== undefined && !tooLate) {
          const policy = spec.concurrencyPolicy ?? 'Allow';
          let create = true;
          if (policy === 'Forbid' && running.length > 0) {
            create = false;
            context.recordEvent(cj, { type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid', component: COMPONENT });
          } else if (policy === 'Replace') {
            for (const job of running) deleteJob(cj, job);
            running.length = 0;
          }
          if (create) {
            const jobName = `${name}-${Math.floor(scheduled / 60_000)}`;
            const template = spec.jobTemplate ?? {};
            try {
              const job = client.create('batch/jobs', {
                apiVersion: 'batch/v1',
                kind: 'Job',
                metadata: {
                  name: jobName,
                  namespace,
                  labels: { ...(template.metadata?.labels ?? {}) },
                  annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_ANNOTATION]: timestamp(new Date(scheduled)) },
                  ownerReferences: [controllerRef(cj)],
                },
                spec: structuredClone(template.spec ?? {}),
              });
              running.push(job);
              context.recordEvent(cj, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${jobName}`, component: COMPONENT });
            } catch (error) {
              if (!isFerryError(error, 'CLUSTER_ALREADY_EXISTS')) {
                context.recordEvent(cj, { type: 'Warning', reason: 'FailedCreate', message: `Error creating job: ${messageOf(error)}`, component: COMPONENT });
                throw error;
              }
            }
            status.lastScheduleTime = timestamp(new Date(scheduled));
          }
        } else if (scheduled !== undefined) {
          status.lastScheduleTime = previous.lastScheduleTime ?? status.lastScheduleTime;
          context.recordEvent(cj, { type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${timestamp(new Date(scheduled))}`, component: COMPONENT });
        }
        wakeAt = nextAfter(schedule, now, zone);
      }

      // History limits: the oldest finished Jobs beyond them go.
      const finished = jobs.filter((job) => isJobFinished(job) && !job.metadata.deletionTimestamp).sort((a, b) => creationMs(a) - creationMs(b));
      const trim = (list: KubeObject[], limit: number): void => {
        for (const job of list.slice(0, Math.max(0, list.length - limit))) deleteJob(cj, job);
      };
      trim(finished.filter((job) => !failedJob(job)), spec.successfulJobsHistoryLimit ?? 3);
      trim(finished.filter(failedJob), spec.failedJobsHistoryLimit ?? 1);

      const active = running.filter((job) => controllerRefOf(job)?.uid === cj.metadata.uid).map(jobRef);
      if (active.length) status.active = active;
      else delete status.active;
      const latest = cache.get('batch/cronjobs', namespace, name);
      if (latest) client.updateStatus('batch/cronjobs', { ...latest, status });
      return wakeAt === undefined ? undefined : Math.max(1, wakeAt - now);
    },
  };
}
