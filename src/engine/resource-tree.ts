/**
 * The resource tree of an application, as Argo CD's UI shows it: the resources Git declares
 * (and the extra ones the application still owns), each with the objects the cluster made from
 * it — a Deployment's ReplicaSets, their Pods — found by following ownerReferences back from the
 * live cache. Pure: the live objects come in as a list, time as `now`.
 */
import { formatResourceKey, splitApiVersion, type KubeObject } from '../core/index.ts';
import type { TypeRef } from '../cluster/index.ts';
import { assessHealth, type HealthResult } from '../health/index.ts';
import type { ResourceSyncStatus } from '../diff/index.ts';
import type { AppComparison } from './compare-app.ts';

/** Kinds the cluster creates on behalf of others; the tree follows them to show children. */
export const TREE_CHILD_KINDS: readonly TypeRef[] = [
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
];

export interface ResourceNode {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
  /** Set on the application's own resources; children are not compared with Git. */
  readonly status?: ResourceSyncStatus;
  readonly health?: HealthResult;
  readonly createdAt?: string;
  /** A few facts a viewer wants without opening the manifest: images, replicas, pod phase. */
  readonly info: readonly { readonly name: string; readonly value: string }[];
  readonly children: readonly ResourceNode[];
}

/** Children deeper than this are cut: owner chains in real clusters are two or three long. */
const MAX_DEPTH = 5;

function describe(object: KubeObject): ResourceNode['info'] {
  const info: { name: string; value: string }[] = [];
  const spec = object.spec as Record<string, unknown> | undefined;
  const status = object.status as Record<string, unknown> | undefined;
  if (object.kind === 'Pod') {
    if (typeof status?.phase === 'string') info.push({ name: 'Status', value: status.phase });
    if (typeof spec?.nodeName === 'string') info.push({ name: 'Node', value: spec.nodeName });
    const containers = Array.isArray(spec?.containers) ? (spec.containers as { image?: unknown }[]) : [];
    const images = containers.map((c) => c.image).filter((image): image is string => typeof image === 'string');
    if (images.length > 0) info.push({ name: 'Images', value: images.join(', ') });
  } else if (typeof spec?.replicas === 'number') {
    const ready = typeof status?.readyReplicas === 'number' ? status.readyReplicas : 0;
    info.push({ name: 'Replicas', value: `${ready}/${spec.replicas}` });
  }
  if (object.kind === 'ReplicaSet') {
    const revision = object.metadata.annotations?.['deployment.kubernetes.io/revision'];
    if (revision) info.push({ name: 'Revision', value: revision });
  }
  return info;
}

function node(object: KubeObject, now: Date, childrenOf: (uid: string | undefined, depth: number) => ResourceNode[], depth: number, status?: ResourceSyncStatus): ResourceNode {
  const health = assessHealth(object, { now });
  const uid = object.metadata.uid;
  return {
    group: splitApiVersion(object.apiVersion).group,
    version: splitApiVersion(object.apiVersion).version,
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    ...(uid && { uid }),
    ...(status && { status }),
    ...(health && { health }),
    ...(object.metadata.creationTimestamp && { createdAt: object.metadata.creationTimestamp }),
    info: describe(object),
    children: childrenOf(uid, depth + 1),
  };
}

function byName(a: ResourceNode, b: ResourceNode): number {
  return `${a.kind}/${a.namespace}/${a.name}` < `${b.kind}/${b.namespace}/${b.name}` ? -1 : 1;
}

export function buildResourceTree(comparison: AppComparison | undefined, live: Iterable<KubeObject>, now: Date): ResourceNode[] {
  if (!comparison) return [];
  const byOwner = new Map<string, KubeObject[]>();
  for (const object of live) {
    for (const owner of object.metadata.ownerReferences ?? []) {
      const list = byOwner.get(owner.uid) ?? [];
      list.push(object);
      byOwner.set(owner.uid, list);
    }
  }
  const childrenOf = (uid: string | undefined, depth: number): ResourceNode[] => {
    if (!uid || depth > MAX_DEPTH) return [];
    return (byOwner.get(uid) ?? []).map((child) => node(child, now, childrenOf, depth)).sort(byName);
  };
  const roots = comparison.resources.map((resource) => {
    if (resource.live) return node(resource.live, now, childrenOf, 0, resource.status);
    const { version } = splitApiVersion(resource.apiVersion);
    return {
      group: resource.key.group,
      version,
      kind: resource.key.kind,
      namespace: resource.key.namespace,
      name: resource.key.name,
      status: resource.status,
      ...(resource.health && { health: resource.health }),
      info: [],
      children: [],
    } satisfies ResourceNode;
  });
  const seen = new Set<string>();
  return roots.filter((root) => {
    const id = formatResourceKey(root);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
