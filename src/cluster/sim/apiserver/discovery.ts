import type { ResourceType } from '../../types.ts';
import type { ServedResource } from './registry.ts';

/**
 * Discovery documents, both formats, from the one registry: aggregated (`apidiscovery.k8s.io/v2`
 * on `/api` and `/apis`, what kubectl 1.35 asks for) and legacy (`APIVersions`, `APIGroupList`,
 * one `APIResourceList` per group-version, what client-node and `kubectl drain` read).
 */

export const AGGREGATED_V2_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_V2BETA1_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Group order of a real 1.35 server's `/apis` (custom groups follow, by name). */
const GROUP_PRIORITY = [
  'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
  'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io',
  'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
];

interface GroupVersions {
  readonly group: string;
  /** Preferred first. */
  readonly versions: { version: string; resources: ServedResource[] }[];
}

/** Resources grouped by group, then version (preferred version first: the order they were registered). */
export function groupResources(resources: readonly ServedResource[]): GroupVersions[] {
  const groups = new Map<string, GroupVersions>();
  for (const resource of resources) {
    const { group, version } = resource.type;
    let entry = groups.get(group);
    if (!entry) {
      entry = { group, versions: [] };
      groups.set(group, entry);
    }
    let versionEntry = entry.versions.find((v) => v.version === version);
    if (!versionEntry) {
      versionEntry = { version, resources: [] };
      entry.versions.push(versionEntry);
    }
    versionEntry.resources.push(resource);
  }
  const rank = (group: string): number => {
    const index = GROUP_PRIORITY.indexOf(group);
    return index < 0 ? GROUP_PRIORITY.length : index;
  };
  return [...groups.values()].sort((a, b) => rank(a.group) - rank(b.group) || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

function aggregatedResource(type: ResourceType): Record<string, unknown> {
  return {
    resource: type.plural,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: [...type.verbs].sort(),
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    ...(type.subresources.length > 0
      ? {
          subresources: type.subresources.map((sub) => ({
            subresource: sub.name,
            responseKind: { group: sub.group, version: sub.version, kind: sub.kind },
            verbs: sub.verbs,
          })),
        }
      : {}),
  };
}

/** `GET /api` (core: true) or `GET /apis` as an `APIGroupDiscoveryList`. */
export function aggregatedDiscovery(resources: readonly ServedResource[], core: boolean, version: 'v2' | 'v2beta1'): Record<string, unknown> {
  const groups = groupResources(resources).filter((g) => (g.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: core ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v.version,
        resources: [...v.resources].sort((a, b) => (a.type.plural < b.type.plural ? -1 : 1)).map((r) => aggregatedResource(r.type)),
        freshness: 'Current',
      })),
    })),
  };
}

export function legacyApiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(g: GroupVersions): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v.version}`, version: v.version }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function legacyApiGroupList(resources: readonly ServedResource[]): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupResources(resources)
      .filter((g) => g.group !== '')
      .map(groupDocument),
  };
}

/** `GET /apis/{group}`, or undefined when the group is not served. */
export function legacyApiGroup(resources: readonly ServedResource[], group: string): Record<string, unknown> | undefined {
  const found = groupResources(resources).find((g) => g.group === group);
  if (!found || group === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(found) };
}

/** `GET /api/v1` or `/apis/{group}/{version}`, or undefined when nothing is served there. */
export function legacyResourceList(resources: readonly ServedResource[], group: string, version: string): Record<string, unknown> | undefined {
  const own = resources.filter((r) => r.type.group === group && r.type.version === version);
  if (own.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const { type } of [...own].sort((a, b) => (a.type.plural < b.type.plural ? -1 : 1))) {
    list.push({
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: [...type.verbs].sort(),
      ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    });
    for (const sub of type.subresources) {
      const sameGroupVersion = sub.group === type.group && sub.version === type.version;
      list.push({
        name: `${type.plural}/${sub.name}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(sameGroupVersion ? {} : { group: sub.group, version: sub.version }),
        kind: sub.kind,
        verbs: sub.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: list,
  };
}
