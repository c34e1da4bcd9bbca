import { isFerryError, type KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import { REVISION_LABEL, syncRevision, templateOf, trimRevisions } from './controller-revision.ts';
import { claimObjects, controllerKeyOf, matches, selectorOf } from './ownership.ts';
import { controllerRef, isPodAvailable, isPodReady, isTerminal, msUntilAvailable, phaseOf } from './pod-util.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The StatefulSet controller (`pkg/controller/statefulset`): pods `<set>-<ordinal>` created in
 * order (OrderedReady: one at a time, each Running and Ready first; Parallel: all at once),
 * PVCs `<template>-<set>-<ordinal>` from volumeClaimTemplates before their pod, scale-down from
 * the highest ordinal, RollingUpdate from the highest ordinal down to the partition (OnDelete:
 * only recreated pods change), ControllerRevisions with currentRevision/updateRevision.
 */
const COMPONENT = 'statefulset-controller';

interface SetSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: string;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  ordinals?: { start?: number };
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  selector?: { matchLabels?: Record<string, string> };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  volumeClaimTemplates?: { metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> }[];
}

export function createStatefulSetController(context: ControllerContext): Controller {
  const { cache, client, clock } = context;

  const ordinalOf = (set: KubeObject, pod: KubeObject): number | undefined => {
    const prefix = `${set.metadata.name}-`;
    const name = pod.metadata.name ?? '';
    if (!name.startsWith(prefix)) return undefined;
    const rest = name.slice(prefix.length);
    return /^\d+$/.test(rest) ? Number(rest) : undefined;
  };

  const claimName = (template: string, set: KubeObject, ordinal: number): string => `${template}-${set.metadata.name}-${ordinal}`;

  const newPod = (set: KubeObject, ordinal: number, revision: KubeObject, hash: string): KubeObject => {
    const spec = (set.spec ?? {}) as SetSpec;
    const template = templateOf(revision) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
    const name = `${set.metadata.name}-${ordinal}`;
    const podSpec = structuredClone(template.spec ?? {}) as { volumes?: { name: string }[]; hostname?: string; subdomain?: string };
    const claims = (spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '');
    podSpec.volumes = [
      ...(podSpec.volumes ?? []).filter((v) => !claims.includes(v.name)),
      ...claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: claimName(c, set, ordinal) } })),
    ];
    if (podSpec.volumes.length === 0) delete podSpec.volumes;
    podSpec.hostname = name;
    if (spec.serviceName) podSpec.subdomain = spec.serviceName;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: set.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          [REVISION_LABEL]: `${set.metadata.name}-${hash}`,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(ordinal),
        },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [controllerRef(set)],
      },
      spec: podSpec,
    };
  };

  const createClaims = (set: KubeObject, ordinal: number, podName: string): void => {
    const spec = (set.spec ?? {}) as SetSpec;
    for (const template of spec.volumeClaimTemplates ?? []) {
      const name = claimName(template.metadata?.name ?? '', set, ordinal);
      if (cache.get('persistentvolumeclaims', set.metadata.namespace ?? '', name)) continue;
      try {
        client.create('persistentvolumeclaims', {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name,
            namespace: set.metadata.namespace,
            labels: { ...(template.metadata?.labels ?? {}), ...(spec.selector?.matchLabels ?? {}) },
            ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
          },
          spec: structuredClone(template.spec ?? {}),
        });
        context.recordEvent(set, { type: 'Normal', reason: 'SuccessfulCreate', message: `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, component: COMPONENT });
      } catch (error) {
        if (!isFerryError(error, 'CLUSTER_ALREADY_EXISTS')) throw error;
      }
    }
  };

  const deletePod = (set: KubeObject, pod: KubeObject): void => {
    try {
      client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } });
      context.recordEvent(set, { type: 'Normal', reason: 'SuccessfulDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, component: COMPONENT });
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
    }
  };

  return {
    name: 'statefulset',
    handlers: {
      'apps/statefulsets': (_type, set) => context.enqueue('statefulset', keyOf(set)),
      pods: (_type, pod, previous) => {
        const key = controllerKeyOf(pod, 'StatefulSet') ?? (previous ? controllerKeyOf(previous, 'StatefulSet') : undefined);
        if (key) context.enqueue('statefulset', key);
      },
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const set = cache.get('apps/statefulsets', namespace, name);
      if (!set || set.metadata.deletionTimestamp) return undefined;
      const spec = (set.spec ?? {}) as SetSpec;
      const now = clock.now();
      const selector = selectorOf(set);
      const selectorLabels = spec.selector?.matchLabels ?? {};
      const update = syncRevision(context, set, spec.template ?? {}, selectorLabels, (set.status as { collisionCount?: number } | undefined)?.collisionCount ?? 0);
      const updateName = update.revision.metadata.name ?? '';
      const previousStatus = (set.status ?? {}) as { currentRevision?: string };
      const currentName = previousStatus.currentRevision && cache.get('apps/controllerrevisions', namespace, previousStatus.currentRevision) ? previousStatus.currentRevision : updateName;
      const current = cache.get('apps/controllerrevisions', namespace, currentName) ?? update.revision;
      const currentHash = current.metadata.labels?.[REVISION_LABEL] ?? update.hash;
      const replicas = spec.replicas ?? 1;
      const start = spec.ordinals?.start ?? 0;
      const monotonic = spec.podManagementPolicy !== 'Parallel';
      const rolling = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
      const partition = rolling ? (spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
      const minReady = spec.minReadySeconds ?? 0;
      const pods = claimObjects(context, set, 'pods', (pod) => matches(selector, pod) && ordinalOf(set, pod) !== undefined);
      const byOrdinal = new Map<number, KubeObject>();
      for (const pod of pods) {
        const ordinal = ordinalOf(set, pod);
        if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
      }
      const healthy = (pod: KubeObject): boolean => phaseOf(pod) === 'Running' && isPodReady(pod) && !pod.metadata.deletionTimestamp && isPodAvailable(pod, minReady, now);
      let blocked = false;
      for (let ordinal = start; ordinal < start + replicas; ordinal++) {
        const pod = byOrdinal.get(ordinal);
        if (pod && isTerminal(pod)) {
          if (!pod.metadata.deletionTimestamp) deletePod(set, pod);
          if (monotonic) {
            blocked = true;
            break;
          }
          continue;
        }
        if (!pod) {
          const useCurrent = rolling && ordinal - start < partition;
          const podName = `${name}-${ordinal}`;
          createClaims(set, ordinal, podName);
          const revision = useCurrent ? current : update.revision;
          try {
            client.create('pods', newPod(set, ordinal, revision, useCurrent ? currentHash : update.hash));
            context.recordEvent(set, { type: 'Normal', reason: 'SuccessfulCreate', message: `create Pod ${podName} in StatefulSet ${name} successful`, component: COMPONENT });
          } catch (error) {
            if (!isFerryError(error, 'CLUSTER_ALREADY_EXISTS')) throw error;
          }
          if (monotonic) {
            blocked = true;
            break;
          }
          continue;
        }
        if (monotonic && !healthy(pod)) {
          blocked = true;
          break;
        }
      }
      // Scale down: highest ordinal first, one at a time when ordered.
      const condemned = [...byOrdinal.entries()].filter(([ordinal]) => ordinal < start || ordinal >= start + replicas).sort((a, b) => b[0] - a[0]);
      if (!blocked && condemned.length > 0) {
        if (monotonic) {
          const first = condemned[0]?.[1];
          if (first && !first.metadata.deletionTimestamp && !condemned.some(([, pod]) => pod.metadata.deletionTimestamp)) deletePod(set, first);
          blocked = true;
        } else {
          for (const [, pod] of condemned) if (!pod.metadata.deletionTimestamp) deletePod(set, pod);
        }
      }
      // Rolling update from the highest ordinal down to the partition.
      if (!blocked && rolling) {
        for (let ordinal = start + replicas - 1; ordinal >= start + partition; ordinal--) {
          const pod = byOrdinal.get(ordinal);
          if (!pod) break;
          if (pod.metadata.labels?.[REVISION_LABEL] !== updateName && !pod.metadata.deletionTimestamp) {
            deletePod(set, pod);
            break;
          }
          if (!healthy(pod)) break;
        }
      }
      const live = cache.controlledBy('pods', set.metadata.uid ?? '').filter((pod) => ordinalOf(set, pod) !== undefined);
      const counted = live.filter((pod) => !isTerminal(pod));
      const updated = counted.filter((pod) => pod.metadata.labels?.[REVISION_LABEL] === updateName && !pod.metadata.deletionTimestamp).length;
      const ready = counted.filter(isPodReady).length;
      let currentRevision = currentName;
      let currentReplicas = counted.filter((pod) => pod.metadata.labels?.[REVISION_LABEL] === currentName && !pod.metadata.deletionTimestamp).length;
      if (rolling && updated === replicas && ready === replicas && counted.length === replicas) {
        currentRevision = updateName;
        currentReplicas = updated;
      }
      const status: Record<string, unknown> = {
        observedGeneration: set.metadata.generation ?? 1,
        replicas: counted.length,
        ...(ready ? { readyReplicas: ready } : {}),
        ...(currentReplicas ? { currentReplicas } : {}),
        ...(updated ? { updatedReplicas: updated } : {}),
        currentRevision,
        updateRevision: updateName,
        collisionCount: 0,
        availableReplicas: counted.filter((pod) => isPodAvailable(pod, minReady, now)).length,
      };
      const latest = cache.get('apps/statefulsets', namespace, name);
      if (latest) client.updateStatus('apps/statefulsets', { ...latest, status });
      trimRevisions(context, set, spec.revisionHistoryLimit ?? 10, new Set([currentRevision, updateName]));
      let wake: number | undefined;
      for (const pod of counted) {
        const left = msUntilAvailable(pod, minReady, now);
        if (left !== undefined && (wake === undefined || left < wake)) wake = left;
      }
      return wake;
    },
  };
}
