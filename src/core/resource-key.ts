import { splitApiVersion, type KubeObject } from './kube-object.ts';

/**
 * Identity of a resource, independent of the API version it was read at: two objects with the
 * same key are the same resource to Kubernetes, so Ferry diffs, tracks and prunes by it.
 */
export interface ResourceKey {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export function resourceKeyOf(object: KubeObject): ResourceKey {
  return {
    group: splitApiVersion(object.apiVersion).group,
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
  };
}

/**
 * Stable string form `group/Kind/namespace/name`, with empty parts kept so the form parses
 * back unambiguously (`/Service/default/web`, `apps/Deployment/prod/api`, `/Namespace//prod`).
 */
export function formatResourceKey(key: ResourceKey): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

export function parseResourceKey(text: string): ResourceKey | undefined {
  const parts = text.split('/');
  if (parts.length !== 4) return undefined;
  const [group, kind, namespace, name] = parts as [string, string, string, string];
  if (!kind || !name) return undefined;
  return { group, kind, namespace, name };
}

/** Human form for messages: `apps/Deployment/prod/api`, `Service/default/web`, `Namespace/prod`. */
export function describeResourceKey(key: ResourceKey): string {
  return [key.group, key.kind, key.namespace, key.name].filter((part) => part !== '').join('/');
}

export function sameResourceKey(a: ResourceKey, b: ResourceKey): boolean {
  return a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}
