import { cloneJson, isFerryError, messageOf, type KubeObject } from '../../../core/index.ts';
import { controllerRefOf, keyOf, splitKey } from './cache.ts';
import { timestamp } from './events.ts';
import { canonicalJson, computeHash } from './hash.ts';
import { scaledValue } from './int-or-percent.ts';
import { claimObjects, controllerKeyOf, enqueueMatchingOwners, isEmptySelector, matches, selectorOf } from './ownership.ts';
import { controllerRef, creationMs, findCondition, phaseOf, type Condition } from './pod-util.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The Deployment controller (`pkg/controller/deployment`), step for step: rolling updates with
 * maxSurge rounded up and maxUnavailable rounded down, Recreate, proportional scaling, paused
 * Deployments, pod-template-hash, the revision annotations that make `kubectl rollout
 * history/undo` work, revisionHistoryLimit, and the Progressing/Available conditions with the
 * progress deadline — the status `kubectl rollout status`, Argo CD and kstatus read.
 */
const COMPONENT = 'deployment-controller';
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const HASH_LABEL = 'pod-template-hash';
const MAX_INT32 = 2147483647;
const MAX_REVISION_HISTORY_CHARS = 2000;
const SKIPPED_ANNOTATIONS = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);

const NEW_RS_CREATED = 'NewReplicaSetCreated';
const FOUND_NEW_RS = 'FoundNewReplicaSet';
const RS_UPDATED = 'ReplicaSetUpdated';
const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
const TIMED_OUT = 'ProgressDeadlineExceeded';
const PAUSED = 'DeploymentPaused';
const RESUMED = 'DeploymentResumed';
const FAILED_RS_CREATE = 'ReplicaSetCreateError';

interface DeploymentSpec {
  replicas?: number;
  selector?: unknown;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: Condition[];
}

interface RsStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

const dspec = (d: KubeObject): DeploymentSpec => (d.spec ?? {}) as DeploymentSpec;
const dstatus = (d: KubeObject): DeploymentStatus => (d.status ?? {}) as DeploymentStatus;
const replicasOf = (d: KubeObject): number => dspec(d).replicas ?? 1;
const rsReplicas = (rs: KubeObject): number => ((rs.spec as { replicas?: number } | undefined)?.replicas ?? 1);
const rsStatus = (rs: KubeObject): RsStatus => (rs.status ?? {}) as RsStatus;
const isRollingUpdate = (d: KubeObject): boolean => (dspec(d).strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** `resolveFenceposts`: maxSurge rounded up, maxUnavailable rounded down, never both 0. */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function fenceposts(d: KubeObject): { surge: number; unavailable: number } {
  const rolling = dspec(d).strategy?.rollingUpdate ?? {};
  return resolveFenceposts(rolling.maxSurge ?? '25%', rolling.maxUnavailable ?? '25%', replicasOf(d));
}

export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: KubeObject): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicasOf(d));
}

export function revisionOf(object: KubeObject): number {
  const value = Number(object.metadata.annotations?.[REVISION] ?? '0');
  return Number.isFinite(value) ? value : 0;
}

/** Canonical text of a pod template without its pod-template-hash label (shallow copies only). */
function withoutHash(template: unknown): string {
  const source = (template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  const labels = source.metadata?.labels;
  if (!labels || !(HASH_LABEL in labels)) return canonicalJson(source);
  const { [HASH_LABEL]: _hash, ...rest } = labels;
  const metadata: Record<string, unknown> = { ...source.metadata };
  if (Object.keys(rest).length === 0) delete metadata.labels;
  else metadata.labels = rest;
  return canonicalJson({ ...source, metadata });
}

function byCreation(a: KubeObject, b: KubeObject): number {
  const diff = creationMs(a) - creationMs(b);
  if (diff !== 0) return diff;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

const hasProgressDeadline = (d: KubeObject): boolean => {
  const seconds = dspec(d).progressDeadlineSeconds;
  return seconds !== undefined && seconds !== null && seconds !== MAX_INT32;
};

function newCondition(type: string, status: Condition['status'], reason: string, message: string, now: string): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** `SetDeploymentCondition`: same status and reason → unchanged; same status → keep the transition time; appended last. */
function setCondition(status: DeploymentStatus, condition: Condition): void {
  const current = findCondition(status.conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

function compact(status: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const [key, value] of Object.entries(status) as [keyof DeploymentStatus, unknown][]) {
    if (value === undefined || value === 0 && key !== 'collisionCount') continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export function createDeploymentController(context: ControllerContext): Controller {
  const { cache, client, clock } = context;
  const nowText = (): string => timestamp(clock.now());

  const updateStatus = (d: KubeObject, status: DeploymentStatus, annotations?: Record<string, string>): KubeObject => {
    const metadata = annotations ? { ...d.metadata, annotations } : d.metadata;
    return client.updateStatus('apps/deployments', { ...d, metadata, status: compact(status) });
  };

  /** Copies the Deployment's annotations (but kubectl's and the controller's own) to the RS. */
  const copyAnnotations = (d: KubeObject, annotations: Record<string, string>): boolean => {
    let changed = false;
    for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
      if (SKIPPED_ANNOTATIONS.has(key)) continue;
      if (annotations[key] !== value) {
        annotations[key] = value;
        changed = true;
      }
    }
    return changed;
  };

  const setReplicasAnnotations = (annotations: Record<string, string>, desired: number, max: number): boolean => {
    let changed = false;
    if (annotations[DESIRED_REPLICAS] !== String(desired)) {
      annotations[DESIRED_REPLICAS] = String(desired);
      changed = true;
    }
    if (annotations[MAX_REPLICAS] !== String(max)) {
      annotations[MAX_REPLICAS] = String(max);
      changed = true;
    }
    return changed;
  };

  const setNewRsAnnotations = (d: KubeObject, annotations: Record<string, string>, newRevision: number, exists: boolean): boolean => {
    let changed = copyAnnotations(d, annotations);
    const oldRevision = annotations[REVISION];
    const oldRevisionNumber = oldRevision ? Number(oldRevision) : 0;
    if (oldRevisionNumber < newRevision) {
      annotations[REVISION] = String(newRevision);
      changed = true;
      if (oldRevision && exists) {
        const history = annotations[REVISION_HISTORY] ? annotations[REVISION_HISTORY].split(',') : [];
        history.push(oldRevision);
        while (history.join(',').length > MAX_REVISION_HISTORY_CHARS && history.length > 1) history.shift();
        annotations[REVISION_HISTORY] = history.join(',');
      }
    }
    if (!exists) setReplicasAnnotations(annotations, replicasOf(d), replicasOf(d) + maxSurge(d));
    return changed;
  };

  const scaleReplicaSet = (rs: KubeObject, newScale: number, d: KubeObject): { rs: KubeObject; scaled: boolean } => {
    const oldScale = rsReplicas(rs);
    const annotations = { ...(rs.metadata.annotations ?? {}) };
    const annotationsChanged = setReplicasAnnotations(annotations, replicasOf(d), replicasOf(d) + maxSurge(d));
    const sizeChanged = oldScale !== newScale;
    if (!sizeChanged && !annotationsChanged) return { rs, scaled: false };
    const updated = client.update('apps/replicasets', {
      ...rs,
      metadata: { ...rs.metadata, annotations },
      spec: { ...(rs.spec as object), replicas: newScale },
    });
    if (sizeChanged) {
      context.recordEvent(d, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled ${newScale > oldScale ? 'up' : 'down'} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
        component: COMPONENT,
      });
    }
    return { rs: updated, scaled: sizeChanged };
  };

  const scaleAndRecord = (rs: KubeObject, newScale: number, d: KubeObject): { rs: KubeObject; scaled: boolean } => {
    if (rsReplicas(rs) === newScale) return { rs, scaled: false };
    return scaleReplicaSet(rs, newScale, d);
  };

  /** `NewRSNewReplicas`. */
  const newRsReplicas = (d: KubeObject, all: readonly KubeObject[], newRs: KubeObject): number => {
    if (!isRollingUpdate(d)) return replicasOf(d);
    const current = all.reduce((sum, rs) => sum + rsReplicas(rs), 0);
    const maxTotal = replicasOf(d) + maxSurge(d);
    if (current >= maxTotal) return rsReplicas(newRs);
    const up = Math.min(maxTotal - current, replicasOf(d) - rsReplicas(newRs));
    return rsReplicas(newRs) + up;
  };

  interface Sets {
    d: KubeObject;
    newRs: KubeObject | undefined;
    oldRss: KubeObject[];
  }

  /** `getAllReplicaSetsAndSyncRevision`. */
  const getAll = (deployment: KubeObject, rsList: readonly KubeObject[], createIfMissing: boolean): Sets => {
    let d = deployment;
    const sorted = [...rsList].sort(byCreation);
    const template = withoutHash(dspec(d).template);
    let newRs = sorted.find((rs) => withoutHash((rs.spec as { template?: unknown }).template) === template);
    const oldRss = sorted.filter((rs) => rs !== newRs);
    const newRevision = oldRss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0) + 1;
    const progressDeadline = hasProgressDeadline(d);
    if (newRs) {
      const annotations = { ...(newRs.metadata.annotations ?? {}) };
      const annotationsChanged = setNewRsAnnotations(d, annotations, newRevision, true);
      const minReady = dspec(d).minReadySeconds ?? 0;
      const minReadyChanged = ((newRs.spec as { minReadySeconds?: number }).minReadySeconds ?? 0) !== minReady;
      if (annotationsChanged || minReadyChanged) {
        const spec = { ...(newRs.spec as object), minReadySeconds: minReady } as Record<string, unknown>;
        if (!minReady) delete spec.minReadySeconds;
        newRs = client.update('apps/replicasets', { ...newRs, metadata: { ...newRs.metadata, annotations }, spec });
      }
      const revision = newRs.metadata.annotations?.[REVISION] ?? '';
      const dAnnotations = { ...(d.metadata.annotations ?? {}) };
      let needsUpdate = false;
      if (dAnnotations[REVISION] !== revision) {
        dAnnotations[REVISION] = revision;
        needsUpdate = true;
      }
      const status = { ...dstatus(d) };
      if (progressDeadline && !findCondition(status.conditions, 'Progressing')) {
        setCondition(status, newCondition('Progressing', 'True', FOUND_NEW_RS, `Found new replica set "${newRs.metadata.name}"`, nowText()));
        needsUpdate = true;
      }
      if (needsUpdate) d = updateStatus(d, status, dAnnotations);
      return { d, newRs, oldRss };
    }
    if (!createIfMissing) return { d, newRs: undefined, oldRss };

    const collisionCount = dstatus(d).collisionCount;
    const rsTemplate = cloneJson(dspec(d).template ?? {}) as { metadata?: { labels?: Record<string, string> } };
    const hash = computeHash(dspec(d).template ?? {}, collisionCount);
    rsTemplate.metadata = { ...(rsTemplate.metadata ?? {}), labels: { ...(rsTemplate.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = cloneJson((dspec(d).selector ?? {}) as { matchLabels?: Record<string, string> });
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const minReady = dspec(d).minReadySeconds ?? 0;
    const draft: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace,
        labels: { ...(rsTemplate.metadata.labels ?? {}) },
        ownerReferences: [controllerRef(d)],
      },
      spec: { replicas: 0, ...(minReady ? { minReadySeconds: minReady } : {}), selector, template: rsTemplate },
    };
    const replicas = newRsReplicas(d, [...oldRss, draft], draft);
    (draft.spec as { replicas: number }).replicas = replicas;
    const annotations: Record<string, string> = {};
    setNewRsAnnotations(d, annotations, newRevision, false);
    draft.metadata.annotations = annotations;
    let created: KubeObject;
    try {
      created = client.create('apps/replicasets', draft);
    } catch (error) {
      if (isFerryError(error, 'CLUSTER_ALREADY_EXISTS')) {
        const existing = cache.get('apps/replicasets', d.metadata.namespace ?? '', name);
        if (existing && controllerRefOf(existing)?.uid === d.metadata.uid && withoutHash((existing.spec as { template?: unknown }).template) === template) {
          return { d, newRs: existing, oldRss };
        }
        // A hash collision: bump collisionCount so the next sync computes another name.
        const status = { ...dstatus(d), collisionCount: (collisionCount ?? 0) + 1 };
        updateStatus(d, status);
        throw error;
      }
      const message = `Failed to create new replica set "${name}": ${messageOf(error)}`;
      const status = { ...dstatus(d) };
      if (progressDeadline) setCondition(status, newCondition('Progressing', 'False', FAILED_RS_CREATE, message, nowText()));
      context.recordEvent(d, { type: 'Warning', reason: FAILED_RS_CREATE, message, component: COMPONENT });
      updateStatus(d, status);
      throw error;
    }
    if (replicas > 0) {
      context.recordEvent(d, { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${name} from 0 to ${replicas}`, component: COMPONENT });
    }
    const dAnnotations = { ...(d.metadata.annotations ?? {}), [REVISION]: String(newRevision) };
    const status = { ...dstatus(d) };
    if (progressDeadline) setCondition(status, newCondition('Progressing', 'True', NEW_RS_CREATED, `Created new replica set "${name}"`, nowText()));
    d = updateStatus(d, status, dAnnotations);
    return { d, newRs: created, oldRss };
  };

  const calculateStatus = (all: readonly KubeObject[], newRs: KubeObject | undefined, d: KubeObject): DeploymentStatus => {
    const available = all.reduce((sum, rs) => sum + (rsStatus(rs).availableReplicas ?? 0), 0);
    const total = all.reduce((sum, rs) => sum + rsReplicas(rs), 0);
    const previous = dstatus(d);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: all.reduce((sum, rs) => sum + (rsStatus(rs).replicas ?? 0), 0),
      updatedReplicas: newRs ? (rsStatus(newRs).replicas ?? 0) : 0,
      readyReplicas: all.reduce((sum, rs) => sum + (rsStatus(rs).readyReplicas ?? 0), 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      ...(previous.collisionCount !== undefined ? { collisionCount: previous.collisionCount } : {}),
      ...(previous.conditions ? { conditions: previous.conditions.map((c) => ({ ...c })) } : {}),
    };
    const now = nowText();
    if (available >= replicasOf(d) - maxUnavailable(d)) {
      setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
    } else {
      setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
    }
    return status;
  };

  const isComplete = (d: KubeObject, status: DeploymentStatus): boolean =>
    (status.updatedReplicas ?? 0) === replicasOf(d) &&
    (status.replicas ?? 0) === replicasOf(d) &&
    (status.availableReplicas ?? 0) === replicasOf(d) &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);

  const isProgressing = (d: KubeObject, status: DeploymentStatus): boolean => {
    const old = dstatus(d);
    const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
    const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
    return (
      (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
      newOld < oldOld ||
      (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
      (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
    );
  };

  const isTimedOut = (d: KubeObject, status: DeploymentStatus): boolean => {
    if (!hasProgressDeadline(d)) return false;
    const condition = findCondition(status.conditions, 'Progressing');
    if (!condition) return false;
    if (condition.reason === NEW_RS_AVAILABLE) return false;
    if (condition.reason === TIMED_OUT) return true;
    const from = Date.parse(condition.lastUpdateTime ?? '');
    return from + (dspec(d).progressDeadlineSeconds ?? 600) * 1000 < clock.now().getTime();
  };

  /** Copies the RSs' ReplicaFailure condition (the new RS's first). */
  const replicaFailure = (all: readonly KubeObject[], newRs: KubeObject | undefined): Condition | undefined => {
    const ordered = newRs ? [newRs, ...all.filter((rs) => rs !== newRs)] : all;
    for (const rs of ordered) {
      const failure = findCondition(rsStatus(rs).conditions, 'ReplicaFailure');
      if (failure) {
        return { type: 'ReplicaFailure', status: failure.status, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime, reason: failure.reason, message: failure.message } as Condition;
      }
    }
    return undefined;
  };

  /** `syncRolloutStatus`; returns the requeue delay for a stuck rollout. */
  const syncRolloutStatus = (all: readonly KubeObject[], newRs: KubeObject | undefined, d: KubeObject): number | undefined => {
    const status = calculateStatus(all, newRs, d);
    if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
    const current = findCondition(dstatus(d).conditions, 'Progressing');
    const completed = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE;
    const now = nowText();
    if (hasProgressDeadline(d) && !completed) {
      if (isComplete(d, status)) {
        const message = newRs ? `ReplicaSet "${newRs.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCondition(status, newCondition('Progressing', 'True', NEW_RS_AVAILABLE, message, now));
      } else if (isProgressing(d, status)) {
        const message = newRs ? `ReplicaSet "${newRs.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const condition = newCondition('Progressing', 'True', RS_UPDATED, message, now);
        if (current) {
          if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
          removeCondition(status, 'Progressing');
        }
        setCondition(status, condition);
      } else if (isTimedOut(d, status)) {
        const message = newRs ? `ReplicaSet "${newRs.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(status, newCondition('Progressing', 'False', TIMED_OUT, message, now));
      }
    }
    const failure = replicaFailure(all, newRs);
    if (failure) setCondition(status, failure);
    else removeCondition(status, 'ReplicaFailure');
    if (canonicalJson(compact(status)) === canonicalJson(compact(dstatus(d)))) return requeueStuck(d, status);
    const updated = updateStatus(d, status);
    if (isTimedOut(updated, status) && !completed && findCondition(status.conditions, 'Progressing')?.reason === TIMED_OUT) {
      const previous = findCondition(dstatus(d).conditions, 'Progressing');
      if (previous?.reason !== TIMED_OUT) {
        context.recordEvent(d, { type: 'Warning', reason: TIMED_OUT, message: findCondition(status.conditions, 'Progressing')?.message ?? '', component: COMPONENT });
      }
    }
    return requeueStuck(updated, status);
  };

  const requeueStuck = (d: KubeObject, status: DeploymentStatus): number | undefined => {
    const current = findCondition(dstatus(d).conditions, 'Progressing');
    if (!hasProgressDeadline(d) || !current) return undefined;
    if (isComplete(d, status) || current.reason === TIMED_OUT) return undefined;
    const after = Date.parse(current.lastUpdateTime ?? '') + (dspec(d).progressDeadlineSeconds ?? 600) * 1000 - clock.now().getTime();
    return after < 1000 ? 1000 : after + 1000;
  };

  const syncDeploymentStatus = (all: readonly KubeObject[], newRs: KubeObject | undefined, d: KubeObject): void => {
    const status = calculateStatus(all, newRs, d);
    if (canonicalJson(compact(status)) === canonicalJson(compact(dstatus(d)))) return;
    updateStatus(d, status);
  };

  const cleanup = (oldRss: readonly KubeObject[], d: KubeObject): void => {
    const limit = dspec(d).revisionHistoryLimit;
    if (limit === undefined || limit === null || limit === MAX_INT32) return;
    const cleanable = oldRss.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      const status = rsStatus(rs);
      if ((status.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata.generation ?? 1) > (status.observedGeneration ?? 0)) continue;
      try {
        client.delete('apps/replicasets', rs.metadata.namespace ?? '', rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid ?? '' } });
      } catch (error) {
        if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
      }
    }
  };

  /** The RSs as they are now (scaling wrote some of them), without the deleted ones. */
  const refresh = (rss: readonly KubeObject[]): KubeObject[] =>
    rss.flatMap((rs) => {
      const current = cache.get('apps/replicasets', rs.metadata.namespace ?? '', rs.metadata.name ?? '');
      return current && current.metadata.uid === rs.metadata.uid ? [current] : [];
    });

  const active = (rss: readonly KubeObject[]): KubeObject[] => rss.filter((rs) => rsReplicas(rs) > 0);

  /** `scale`: scaling events and paused Deployments, proportionally across active RSs. */
  const scale = (d: KubeObject, newRs: KubeObject | undefined, oldRss: readonly KubeObject[]): void => {
    const activeAll = active(newRs ? [...oldRss, newRs] : [...oldRss]);
    let target: KubeObject | undefined;
    if (activeAll.length === 0) target = newRs ?? [...oldRss].sort((a, b) => byCreation(b, a))[0];
    else if (activeAll.length === 1) target = activeAll[0];
    if (target) {
      if (rsReplicas(target) !== replicasOf(d)) scaleAndRecord(target, replicasOf(d), d);
      return;
    }
    if (
      newRs &&
      newRs.metadata.annotations?.[DESIRED_REPLICAS] === String(replicasOf(d)) &&
      rsReplicas(newRs) === replicasOf(d) &&
      (rsStatus(newRs).availableReplicas ?? 0) === replicasOf(d)
    ) {
      for (const rs of active(oldRss)) scaleAndRecord(rs, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = activeAll;
    const current = all.reduce((sum, rs) => sum + rsReplicas(rs), 0);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - current;
    if (toAdd > 0) all.sort((a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(b, a));
    else if (toAdd < 0) all.sort((a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(a, b));
    let added = 0;
    const sizes = new Map<KubeObject, number>();
    for (const rs of all) {
      if (toAdd === 0) {
        sizes.set(rs, rsReplicas(rs));
        continue;
      }
      let proportion = 0;
      if (rsReplicas(rs) !== 0 && toAdd !== added) {
        let fraction: number;
        if (replicasOf(d) === 0) fraction = -rsReplicas(rs);
        else {
          const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS]);
          const base = Number.isFinite(annotated) && annotated > 0 ? annotated : (dstatus(d).replicas ?? 0);
          fraction = base > 0 ? Math.round((rsReplicas(rs) * (replicasOf(d) + maxSurge(d))) / base) - rsReplicas(rs) : 0;
        }
        const allowedDelta = toAdd - added;
        proportion = toAdd > 0 ? Math.min(fraction, allowedDelta) : Math.max(fraction, allowedDelta);
      }
      sizes.set(rs, rsReplicas(rs) + proportion);
      added += proportion;
    }
    if (toAdd !== 0 && all.length > 0) {
      const first = all[0] as KubeObject;
      sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + toAdd - added));
    }
    for (const rs of all) scaleReplicaSet(rs, sizes.get(rs) ?? rsReplicas(rs), d);
  };

  const isScalingEvent = (sets: Sets): boolean => {
    const all = sets.newRs ? [...sets.oldRss, sets.newRs] : sets.oldRss;
    for (const rs of active(all)) {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      if (desired === undefined) continue;
      if (Number(desired) !== replicasOf(sets.d)) return true;
    }
    return false;
  };

  const rolloutRolling = (deployment: KubeObject, rsList: readonly KubeObject[]): number | undefined => {
    const sets = getAll(deployment, rsList, true);
    const d = sets.d;
    let newRs = sets.newRs as KubeObject;
    let oldRss = sets.oldRss;
    const all = (): KubeObject[] => [...oldRss, newRs];
    // 1. Scale up the new ReplicaSet (or down to the desired count).
    if (rsReplicas(newRs) !== replicasOf(d)) {
      const target = rsReplicas(newRs) > replicasOf(d) ? replicasOf(d) : newRsReplicas(d, all(), newRs);
      const result = scaleAndRecord(newRs, target, d);
      newRs = result.rs;
      if (result.scaled) return syncRolloutStatus(all(), newRs, d);
    }
    // 2. Scale down old ReplicaSets, unhealthy pods first, never below minAvailable.
    const activeOld = active(oldRss);
    const oldCount = activeOld.reduce((sum, rs) => sum + rsReplicas(rs), 0);
    if (oldCount > 0) {
      const allCount = all().reduce((sum, rs) => sum + rsReplicas(rs), 0);
      const minAvailable = replicasOf(d) - maxUnavailable(d);
      const newUnavailable = rsReplicas(newRs) - (rsStatus(newRs).availableReplicas ?? 0);
      const maxScaledDown = allCount - minAvailable - newUnavailable;
      if (maxScaledDown > 0) {
        let cleaned = 0;
        const replaced = new Map<KubeObject, KubeObject>();
        for (const rs of [...activeOld].sort(byCreation)) {
          if (cleaned >= maxScaledDown) break;
          const unhealthy = rsReplicas(rs) - (rsStatus(rs).availableReplicas ?? 0);
          if (rsReplicas(rs) === 0 || unhealthy <= 0) continue;
          const count = Math.min(maxScaledDown - cleaned, unhealthy);
          replaced.set(rs, scaleAndRecord(rs, rsReplicas(rs) - count, d).rs);
          cleaned += count;
        }
        oldRss = oldRss.map((rs) => replaced.get(rs) ?? rs);
        let scaledDown = 0;
        const available = all().reduce((sum, rs) => sum + (rsStatus(rs).availableReplicas ?? 0), 0);
        if (available > minAvailable) {
          const budget = available - minAvailable;
          const replacedAgain = new Map<KubeObject, KubeObject>();
          for (const rs of active(oldRss).sort(byCreation)) {
            if (scaledDown >= budget) break;
            const count = Math.min(rsReplicas(rs), budget - scaledDown);
            replacedAgain.set(rs, scaleAndRecord(rs, rsReplicas(rs) - count, d).rs);
            scaledDown += count;
          }
          oldRss = oldRss.map((rs) => replacedAgain.get(rs) ?? rs);
        }
        if (cleaned + scaledDown > 0) return syncRolloutStatus(all(), newRs, d);
      }
    }
    // 3. Done for now.
    if (isComplete(d, dstatus(d))) cleanup(oldRss, d);
    return syncRolloutStatus(all(), newRs, d);
  };

  const rolloutRecreate = (deployment: KubeObject, rsList: readonly KubeObject[]): number | undefined => {
    let sets = getAll(deployment, rsList, false);
    const d = sets.d;
    const all = (): KubeObject[] => (sets.newRs ? [...sets.oldRss, sets.newRs] : [...sets.oldRss]);
    let scaledDown = false;
    const oldRss = sets.oldRss.map((rs) => {
      if (rsReplicas(rs) === 0) return rs;
      const result = scaleAndRecord(rs, 0, d);
      scaledDown ||= result.scaled;
      return result.rs;
    });
    sets = { ...sets, oldRss };
    if (scaledDown) return syncRolloutStatus(all(), sets.newRs, d);
    const oldRunning =
      sets.oldRss.some((rs) => (rsStatus(rs).replicas ?? 0) > 0) ||
      sets.oldRss.some((rs) => cache.controlledBy('pods', rs.metadata.uid ?? '').some((pod) => !['Succeeded', 'Failed'].includes(phaseOf(pod))));
    if (oldRunning) return syncRolloutStatus(all(), sets.newRs, d);
    if (!sets.newRs) sets = getAll(d, rsList, true);
    const newRs = sets.newRs as KubeObject;
    const scaled = scaleAndRecord(newRs, replicasOf(sets.d), sets.d);
    sets = { ...sets, newRs: scaled.rs };
    if (isComplete(sets.d, dstatus(sets.d))) cleanup(sets.oldRss, sets.d);
    return syncRolloutStatus(all(), sets.newRs, sets.d);
  };

  const checkPausedConditions = (d: KubeObject): KubeObject => {
    if (!hasProgressDeadline(d)) return d;
    const condition = findCondition(dstatus(d).conditions, 'Progressing');
    if (condition?.reason === TIMED_OUT) return d;
    const pausedExists = condition?.reason === PAUSED;
    const status = { ...dstatus(d) };
    if (dspec(d).paused && !pausedExists) {
      setCondition(status, newCondition('Progressing', 'Unknown', PAUSED, 'Deployment is paused', nowText()));
    } else if (!dspec(d).paused && pausedExists) {
      setCondition(status, newCondition('Progressing', 'Unknown', RESUMED, 'Deployment is resumed', nowText()));
    } else {
      return d;
    }
    return updateStatus(d, status);
  };

  return {
    name: 'deployment',
    handlers: {
      'apps/deployments': (_type, d) => context.enqueue('deployment', keyOf(d)),
      'apps/replicasets': (type, rs, previous) => {
        const key = controllerKeyOf(rs, 'Deployment');
        if (key) context.enqueue('deployment', key);
        const previousKey = previous ? controllerKeyOf(previous, 'Deployment') : undefined;
        if (previousKey && previousKey !== key) context.enqueue('deployment', previousKey);
        if (type !== 'DELETED' && !controllerRefOf(rs)) enqueueMatchingOwners(context, 'deployment', 'apps/deployments', rs);
      },
      pods: (type, pod) => {
        // Recreate waits for the old pods to be gone.
        if (type !== 'DELETED') return;
        const rsKey = controllerKeyOf(pod, 'ReplicaSet');
        if (!rsKey) return;
        const { namespace, name } = splitKey(rsKey);
        const rs = cache.get('apps/replicasets', namespace, name);
        const dKey = rs ? controllerKeyOf(rs, 'Deployment') : undefined;
        if (!dKey) return;
        const d = cache.get('apps/deployments', namespace, splitKey(dKey).name);
        if (d && !isRollingUpdate(d)) context.enqueue('deployment', dKey);
      },
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      let d = cache.get('apps/deployments', namespace, name);
      if (!d) return undefined;
      const selector = selectorOf(d);
      if (isEmptySelector(selector)) {
        context.recordEvent(d, { type: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.', component: COMPONENT });
        if ((dstatus(d).observedGeneration ?? 0) < (d.metadata.generation ?? 1)) {
          updateStatus(d, { ...dstatus(d), observedGeneration: d.metadata.generation ?? 1 });
        }
        return undefined;
      }
      const rsList = claimObjects(context, d, 'apps/replicasets', (rs) => matches(selector, rs));
      if (d.metadata.deletionTimestamp) {
        const sets = getAll(d, rsList, false);
        syncDeploymentStatus(sets.newRs ? [...sets.oldRss, sets.newRs] : sets.oldRss, sets.newRs, sets.d);
        return undefined;
      }
      d = checkPausedConditions(d);
      if (dspec(d).paused) {
        const sets = getAll(d, rsList, false);
        scale(sets.d, sets.newRs, sets.oldRss);
        const fresh = refresh(rsList);
        const after = getAll(sets.d, fresh, false);
        cleanup(after.oldRss, after.d);
        syncDeploymentStatus(after.newRs ? [...after.oldRss, after.newRs] : after.oldRss, after.newRs, after.d);
        return undefined;
      }
      const sets = getAll(d, rsList, false);
      if (isScalingEvent(sets)) {
        scale(sets.d, sets.newRs, sets.oldRss);
        const fresh = refresh(rsList);
        const after = getAll(sets.d, fresh, false);
        syncDeploymentStatus(after.newRs ? [...after.oldRss, after.newRs] : after.oldRss, after.newRs, after.d);
        return undefined;
      }
      const fresh = refresh(rsList);
      return isRollingUpdate(sets.d) ? rolloutRolling(sets.d, fresh) : rolloutRecreate(sets.d, fresh);
    },
  };
}
