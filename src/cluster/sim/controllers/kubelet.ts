import type { KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import { podIpAt } from './nodes.ts';
import { DEFAULT_TIMING, simulatePod, type RuntimeTiming } from './pod-runtime.ts';
import { isTerminal, podStatus, specOf } from './pod-util.ts';
import { numberAnnotation, SIM_ANNOTATIONS } from './sim-annotations.ts';
import type { Controller, ControllerContext, ControllerFactory } from './types.ts';

/**
 * The kubelets of every simulated node: for each pod bound to a node, report what a real kubelet
 * would (`simulatePod`), wake when the next change is due, and finish graceful deletions — stop
 * the containers within the grace period, then delete the pod with grace 0. Pods bound to a
 * node that does not exist are force-deleted (what the pod GC does). A node annotated
 * `sim.ferry.dev/node-down` has a silent kubelet: its pods' statuses freeze.
 */
export interface KubeletOptions {
  readonly timing?: Partial<RuntimeTiming>;
}

const POD_IPS_PER_NODE = 253;

function nodeAddress(node: KubeObject): string {
  const addresses = ((node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []);
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
}

export function isNodeDown(node: KubeObject | undefined): boolean {
  return node?.metadata.annotations?.[SIM_ANNOTATIONS.nodeDown] === 'true';
}

export function kubeletController(options: KubeletOptions = {}): ControllerFactory {
  const timing: RuntimeTiming = { ...DEFAULT_TIMING, ...(options.timing ?? {}) };
  return (context: ControllerContext): Controller => {
    const { cache, client, clock } = context;
    /** node → pod uid → offset in the node's pod CIDR. */
    const ips = new Map<string, Map<string, number>>();
    const killing = new Set<string>();

    const ipsOf = (node: string): Map<string, number> => {
      let map = ips.get(node);
      if (!map) {
        map = new Map();
        for (const pod of cache.podsOn(node)) {
          const ip = podStatus(pod).podIP;
          const offset = ip ? Number(ip.split('.')[3]) - 2 : NaN;
          if (Number.isInteger(offset) && pod.metadata.uid) map.set(pod.metadata.uid, offset);
        }
        ips.set(node, map);
      }
      return map;
    };

    const allocateIp = (node: KubeObject, pod: KubeObject): string => {
      const name = node.metadata.name ?? '';
      const cidr = (node.spec as { podCIDR?: string } | undefined)?.podCIDR ?? '10.244.0.0/24';
      const map = ipsOf(name);
      const uid = pod.metadata.uid ?? '';
      let offset = map.get(uid);
      if (offset === undefined) {
        const used = new Set(map.values());
        offset = 0;
        while (used.has(offset) && offset < POD_IPS_PER_NODE) offset++;
        map.set(uid, offset);
      }
      return podIpAt(cidr, offset % POD_IPS_PER_NODE);
    };

    const release = (pod: KubeObject): void => {
      const node = specOf(pod).nodeName;
      if (node && pod.metadata.uid) ips.get(node)?.delete(pod.metadata.uid);
      if (pod.metadata.uid) killing.delete(pod.metadata.uid);
    };

    const terminate = (pod: KubeObject, node: KubeObject): number | undefined => {
      const now = clock.now().getTime();
      const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
      const deadline = Date.parse(pod.metadata.deletionTimestamp ?? '') || now;
      const requestedAt = deadline - grace * 1000;
      const started = (podStatus(pod).containerStatuses ?? []).some((s) => (s.state as { running?: unknown } | undefined)?.running);
      const stopSeconds = numberAnnotation(pod, SIM_ANNOTATIONS.stopSeconds);
      const stopMs = Math.min(grace * 1000, stopSeconds !== undefined ? stopSeconds * 1000 : timing.stopMs);
      const uid = pod.metadata.uid ?? '';
      if (started && !killing.has(uid)) {
        killing.add(uid);
        for (const container of specOf(pod).containers ?? []) {
          context.recordEvent(pod, {
            type: 'Normal',
            reason: 'Killing',
            message: `Stopping container ${container.name}`,
            component: 'kubelet',
            host: node.metadata.name ?? '',
            fieldPath: `spec.containers{${container.name}}`,
          });
        }
      }
      const stopAt = started && !isTerminal(pod) ? requestedAt + stopMs : now;
      if (now < stopAt) return stopAt - now;
      client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
        gracePeriodSeconds: 0,
        preconditions: { uid },
      });
      return undefined;
    };

    return {
      name: 'kubelet',
      handlers: {
        pods: (type, pod) => {
          if (type === 'DELETED') {
            release(pod);
            return;
          }
          if (specOf(pod).nodeName) context.enqueue('kubelet', keyOf(pod));
        },
        nodes: (type, node, previous) => {
          if (type === 'ADDED' || isNodeDown(node) !== isNodeDown(previous)) {
            for (const pod of cache.podsOn(node.metadata.name ?? '')) context.enqueue('kubelet', keyOf(pod));
          }
        },
      },
      sync(key) {
        const { namespace, name } = splitKey(key);
        const pod = cache.get('pods', namespace, name);
        const nodeName = pod ? specOf(pod).nodeName : undefined;
        if (!pod || !nodeName) return undefined;
        const node = cache.get('nodes', '', nodeName);
        if (!node) {
          client.delete('pods', namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid ?? '' } });
          return undefined;
        }
        if (isNodeDown(node)) return undefined;
        if (pod.metadata.deletionTimestamp) {
          // Containers stopped: the pod waits only for finalizers (a Job's tracking finalizer).
          if (pod.metadata.deletionGracePeriodSeconds === 0 && (pod.metadata.finalizers?.length ?? 0) > 0) return undefined;
          return terminate(pod, node);
        }
        if (isTerminal(pod) && podStatus(pod).startTime) return undefined;
        const now = clock.now().getTime();
        const result = simulatePod(pod, { hostIP: nodeAddress(node), podIP: allocateIp(node, pod) }, now, timing);
        client.updateStatus('pods', { ...pod, status: result.status });
        for (const event of result.events) {
          context.recordEvent(pod, { ...event, component: 'kubelet', host: nodeName });
        }
        return result.nextAt === undefined ? undefined : result.nextAt - now;
      },
    };
  };
}
