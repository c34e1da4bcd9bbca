import type { KubeObject } from '../../../core/index.ts';
import { canonicalJson, computeHash } from './hash.ts';
import { controllerRef } from './pod-util.ts';
import type { ControllerContext } from './types.ts';

/**
 * ControllerRevisions, the history of StatefulSets and DaemonSets: `<owner>-<hash>` holding the
 * pod template as the patch the real controllers store (`{"spec":{"template":{…,"$patch":"replace"}}}`)
 * with a revision number; an equal older revision is reused and renumbered (a rollback).
 */
export const REVISION_LABEL = 'controller-revision-hash';

export function revisionData(template: unknown): Record<string, unknown> {
  return { spec: { template: { ...(template as object), $patch: 'replace' } } };
}

export interface RevisionResult {
  readonly revision: KubeObject;
  readonly hash: string;
}

/** The revision of `template`, created or renumbered as needed; older ones beyond `limit` not in `keep` are deleted. */
export function syncRevision(
  context: ControllerContext,
  owner: KubeObject,
  template: unknown,
  selectorLabels: Record<string, string>,
  collisionCount = 0,
): RevisionResult {
  const { cache, client } = context;
  const data = revisionData(template);
  const text = canonicalJson(data);
  const revisions = cache.controlledBy('apps/controllerrevisions', owner.metadata.uid ?? '');
  const max = revisions.reduce((m, r) => Math.max(m, (r.revision as number | undefined) ?? 0), 0);
  const equal = revisions.find((r) => canonicalJson(r.data) === text);
  if (equal) {
    const hash = equal.metadata.labels?.[REVISION_LABEL] ?? (equal.metadata.name ?? '').slice((owner.metadata.name ?? '').length + 1);
    if (((equal.revision as number | undefined) ?? 0) < max) {
      return { revision: client.update('apps/controllerrevisions', { ...equal, revision: max + 1 }), hash };
    }
    return { revision: equal, hash };
  }
  const hash = computeHash(data, collisionCount || undefined);
  const revision = client.create('apps/controllerrevisions', {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...selectorLabels, [REVISION_LABEL]: hash },
      ownerReferences: [controllerRef(owner)],
    },
    data,
    revision: max + 1,
  });
  return { revision, hash };
}

export function trimRevisions(context: ControllerContext, owner: KubeObject, limit: number, keep: ReadonlySet<string>): void {
  const revisions = context.cache
    .controlledBy('apps/controllerrevisions', owner.metadata.uid ?? '')
    .filter((r) => !keep.has(r.metadata.name ?? ''))
    .sort((a, b) => ((a.revision as number) ?? 0) - ((b.revision as number) ?? 0));
  for (const revision of revisions.slice(0, Math.max(0, revisions.length - limit))) {
    context.client.delete('apps/controllerrevisions', revision.metadata.namespace ?? '', revision.metadata.name ?? '');
  }
}

export function templateOf(revision: KubeObject): Record<string, unknown> {
  const template = { ...((revision.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}) };
  delete template.$patch;
  return template;
}
