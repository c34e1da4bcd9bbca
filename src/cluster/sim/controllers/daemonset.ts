import { isFerryError, type KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import { REVISION_LABEL, syncRevision, trimRevisions } from './controller-revision.ts';
import { scaledValue } from './int-or-percent.ts';
import { claimObjects, controllerKeyOf, matches, selectorOf } from './ownership.ts';
import { createPodWithGeneratedName } from './replicaset.ts';
import { creationMs, isPodAvailable, isPodReady, isTerminal, msUntilAvailable, specOf, type Toleration } from './pod-util.ts';
import { matchesNodeSelectorAndAffinity, untoleratedTaint } from './taints.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The DaemonSet controller (`pkg/controller/daemon`): one pod per eligible node (nodeSelector,
 * required node affinity, taints with the DaemonSet tolerations), pinned to its node through
 * node affinity on `metadata.name` and placed by the scheduler; pods on nodes that no longer
 * qualify are deleted; RollingUpdate replaces old pods at most maxUnavailable at a time
 * (unavailable ones first); revisions as ControllerRevisions (`controller-revision-hash`).
 */
const COMPONENT = 'daemonset-controller';

const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

interface DsSpec {
  selector?: { matchLabels?: Record<string, string> };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: unknown } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

function withTolerations(existing: readonly Toleration[] | undefined): Toleration[] {
  const list = [...(existing ?? [])];
  for (const toleration of DAEMON_TOLERATIONS) {
    if (!list.some((t) => t.key === toleration.key && t.effect === toleration.effect)) list.push(toleration);
  }
  return list;
}

function targetNode(pod: KubeObject): string | undefined {
  const node = specOf(pod).nodeName;
  if (node) return node;
  const terms = specOf(pod).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) for (const field of term.matchFields ?? []) if (field.key === 'metadata.name') return field.values?.[0];
  return undefined;
}

export function createDaemonSetController(context: ControllerContext): Controller {
  const { cache, client, clock } = context;

  const deletePod = (ds: KubeObject, pod: KubeObject): void => {
    try {
      client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } });
      context.recordEvent(ds, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}`, component: COMPONENT });
    } catch (error) {
      if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
    }
  };

  return {
    name: 'daemonset',
    handlers: {
      'apps/daemonsets': (_type, ds) => context.enqueue('daemonset', keyOf(ds)),
      pods: (_type, pod, previous) => {
        const key = controllerKeyOf(pod, 'DaemonSet') ?? (previous ? controllerKeyOf(previous, 'DaemonSet') : undefined);
        if (key) context.enqueue('daemonset', key);
      },
      nodes: () => {
        for (const ds of cache.all('apps/daemonsets')) context.enqueue('daemonset', keyOf(ds));
      },
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const ds = cache.get('apps/daemonsets', namespace, name);
      if (!ds || ds.metadata.deletionTimestamp) return undefined;
      const spec = (ds.spec ?? {}) as DsSpec;
      const now = clock.now();
      const minReady = spec.minReadySeconds ?? 0;
      const { revision, hash } = syncRevision(context, ds, spec.template ?? {}, spec.selector?.matchLabels ?? {});
      const selector = selectorOf(ds);
      const pods = claimObjects(context, ds, 'pods', (pod) => matches(selector, pod));
      const byNode = new Map<string, KubeObject[]>();
      for (const pod of pods) {
        const node = targetNode(pod);
        if (!node) continue;
        byNode.set(node, [...(byNode.get(node) ?? []), pod]);
      }
      const templateSpec = (spec.template?.spec ?? {}) as { tolerations?: Toleration[] };
      const tolerations = withTolerations(templateSpec.tolerations);
      const nodes = cache.all('nodes').sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
      let desired = 0;
      let current = 0;
      let misscheduled = 0;
      let ready = 0;
      let available = 0;
      let updated = 0;
      const oldPods: KubeObject[] = [];
      let unavailable = 0;
      for (const node of nodes) {
        const nodeName = node.metadata.name ?? '';
        const shouldRun = matchesNodeSelectorAndAffinity(spec.template?.spec ?? {}, node) && !untoleratedTaint(node, tolerations);
        const onNode = (byNode.get(nodeName) ?? []).filter((pod) => !pod.metadata.deletionTimestamp);
        byNode.delete(nodeName);
        if (!shouldRun) {
          if (onNode.length > 0) {
            misscheduled++;
            for (const pod of onNode) deletePod(ds, pod);
          }
          continue;
        }
        desired++;
        const running = onNode.filter((pod) => !isTerminal(pod));
        for (const pod of onNode.filter(isTerminal)) deletePod(ds, pod);
        if (running.length === 0) {
          const template = structuredClone(spec.template ?? {}) as { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> };
          template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [REVISION_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) } };
          template.spec = {
            ...(template.spec ?? {}),
            tolerations,
            affinity: {
              ...((template.spec?.affinity as object | undefined) ?? {}),
              nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } },
            },
          };
          const pod = createPodWithGeneratedName(context, ds, template, `${name}-`);
          context.recordEvent(ds, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: COMPONENT });
          unavailable++;
          continue;
        }
        running.sort((a, b) => creationMs(a) - creationMs(b));
        for (const extra of running.slice(1)) deletePod(ds, extra);
        const pod = running[0] as KubeObject;
        current++;
        if (isPodReady(pod)) ready++;
        const isAvailable = isPodAvailable(pod, minReady, now);
        if (isAvailable) available++;
        else unavailable++;
        if (pod.metadata.labels?.[REVISION_LABEL] === hash) updated++;
        else oldPods.push(pod);
      }
      for (const leftovers of byNode.values()) for (const pod of leftovers) if (!pod.metadata.deletionTimestamp) deletePod(ds, pod);
      if ((spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && oldPods.length > 0) {
        const maxUnavailable = Math.max(1, scaledValue(spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true));
        let budget = maxUnavailable - unavailable;
        for (const pod of oldPods.filter((p) => !isPodAvailable(p, minReady, now))) deletePod(ds, pod);
        for (const pod of oldPods.filter((p) => isPodAvailable(p, minReady, now))) {
          if (budget <= 0) break;
          deletePod(ds, pod);
          budget--;
        }
      }
      const status = {
        currentNumberScheduled: current,
        desiredNumberScheduled: desired,
        numberMisscheduled: misscheduled,
        numberReady: ready,
        observedGeneration: ds.metadata.generation ?? 1,
        ...(updated ? { updatedNumberScheduled: updated } : {}),
        ...(available ? { numberAvailable: available } : {}),
        ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
      };
      const latest = cache.get('apps/daemonsets', namespace, name);
      if (latest) client.updateStatus('apps/daemonsets', { ...latest, status });
      trimRevisions(context, ds, spec.revisionHistoryLimit ?? 10, new Set([revision.metadata.name ?? '']));
      let wake: number | undefined;
      for (const pod of pods) {
        const left = msUntilAvailable(pod, minReady, now);
        if (left !== undefined && (wake === undefined || left < wake)) wake = left;
      }
      return wake;
    },
  };
}
