/**
 * From an application's source to the objects it declares: resolve the revision (one Git check
 * per repository and period, shared by every application on it), render at that commit (cached
 * by commit and options, since a commit never changes), then give namespaced objects the
 * destination namespace and every object Ferry's tracking annotation.
 */
import { FerryError, isPlainObject, resourceKeyOf, type Clock, type KubeObject } from '../core/index.ts';
import type { Application } from '../application/index.ts';
import type { ClusterClient } from '../cluster/index.ts';
import { renderManifests, type RenderResult } from '../render/index.ts';
import type { CommitInfo, GitSource, RepoCredentials } from '../source/index.ts';
import { withTracking } from './tracking.ts';

export interface DesiredState {
  readonly revision: string;
  readonly commit: CommitInfo;
  readonly sourceType: RenderResult['type'];
  readonly objects: readonly KubeObject[];
}

interface CachedRevision {
  readonly sha: string;
  readonly checkedAt: number;
}

const RENDER_CACHE_LIMIT = 2000;

export class DesiredStateLoader {
  private readonly revisions = new Map<string, CachedRevision>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly renders = new Map<string, { commit: CommitInfo; result: RenderResult }>();
  private readonly deps: {
    readonly git: GitSource;
    readonly clock: Clock;
    readonly revisionCacheMs: number;
    readonly credentialsFor?: (repoURL: string) => RepoCredentials | undefined;
  };

  constructor(deps: DesiredStateLoader['deps']) {
    this.deps = deps;
  }

  private options(repoURL: string, signal?: AbortSignal) {
    const credentials = this.deps.credentialsFor?.(repoURL);
    return { ...(credentials && { credentials }), ...(signal && { signal }) };
  }

  /** The commit a revision names now; `fresh` skips the shared cache (a hard refresh, a webhook). */
  async resolveRevision(repoURL: string, revision: string, fresh: boolean, signal?: AbortSignal): Promise<string> {
    const id = `${repoURL}#${revision}`;
    const now = this.deps.clock.now().getTime();
    const cached = this.revisions.get(id);
    if (!fresh && cached && now - cached.checkedAt < this.deps.revisionCacheMs) return cached.sha;
    // A fresh answer must not come from a lookup that began before it was asked for.
    const running = fresh ? undefined : this.inFlight.get(id);
    if (running) return running;
    const lookup = this.deps.git
      .resolveRevision(repoURL, revision, this.options(repoURL, signal))
      .then((sha) => {
        this.revisions.set(id, { sha, checkedAt: this.deps.clock.now().getTime() });
        return sha;
      })
      .finally(() => {
        if (this.inFlight.get(id) === lookup) this.inFlight.delete(id);
      });
    this.inFlight.set(id, lookup);
    return lookup;
  }

  /** Forgets the checks of a repository, so the next refresh asks Git (a push was announced). */
  forgetRepository(repoURL: string): void {
    for (const id of this.revisions.keys()) if (id.startsWith(`${repoURL}#`)) this.revisions.delete(id);
  }

  async render(app: Application, revision: string, signal?: AbortSignal): Promise<{ commit: CommitInfo; result: RenderResult }> {
    const source = app.spec.source;
    const id = `${source.repoURL}@${revision}:${JSON.stringify({ path: source.path, directory: source.directory, helm: source.helm, kustomize: source.kustomize, release: app.metadata.name, namespace: app.spec.destination.namespace })}`;
    const cached = this.renders.get(id);
    if (cached) return cached;
    const snapshot = await this.deps.git.checkout({ repoURL: source.repoURL, targetRevision: revision, path: source.path }, this.options(source.repoURL, signal));
    const helm = source.helm && { ...source.helm, releaseName: source.helm.releaseName ?? app.metadata.name, namespace: source.helm.namespace ?? app.spec.destination.namespace };
    const result = renderManifests({
      tree: snapshot.tree,
      path: source.path,
      ...(source.directory && { directory: source.directory }),
      ...(helm && { helm }),
      ...(source.kustomize && { kustomize: source.kustomize }),
    });
    const entry = { commit: snapshot.commit, result };
    if (this.renders.size >= RENDER_CACHE_LIMIT) this.renders.delete(this.renders.keys().next().value as string);
    this.renders.set(id, entry);
    return entry;
  }
}

/** Namespaced kinds, asked of the cluster's discovery, with CRDs of the same render as a fallback. */
export async function namespacedLookup(client: ClusterClient, objects: readonly KubeObject[], signal?: AbortSignal): Promise<(apiVersion: string, kind: string) => boolean> {
  const scopes = new Map<string, boolean>();
  for (const object of objects) {
    if (object.kind !== 'CustomResourceDefinition' || !isPlainObject(object.spec)) continue;
    const spec = object.spec as { group?: string; names?: { kind?: string }; scope?: string };
    scopes.set(`${spec.group}/${spec.names?.kind}`, spec.scope !== 'Cluster');
  }
  const known = new Map<string, boolean>();
  for (const object of objects) {
    const id = `${object.apiVersion}/${object.kind}`;
    if (known.has(id)) continue;
    const type = await client.resourceFor(object.apiVersion, object.kind, signal ? { signal } : {});
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    known.set(id, type ? type.namespaced : (scopes.get(`${group}/${object.kind}`) ?? true));
  }
  return (apiVersion, kind) => known.get(`${apiVersion}/${kind}`) ?? true;
}

/** Gives namespaced objects the destination namespace (cluster-scoped ones none) and tracks them. */
export function prepareDesiredObjects(objects: readonly KubeObject[], app: string, namespace: string, namespaced: (apiVersion: string, kind: string) => boolean): KubeObject[] {
  return objects.map((object) => {
    const metadata = { ...object.metadata };
    if (namespaced(object.apiVersion, object.kind)) {
      if (!metadata.namespace) {
        if (!namespace) throw new FerryError('APP_NAMESPACE_MISSING', `${object.kind} ${metadata.name} names no namespace and the application has no destination namespace`, { httpStatus: 422 });
        metadata.namespace = namespace;
      }
    } else {
      delete metadata.namespace;
    }
    const placed = { ...object, metadata };
    return withTracking(placed, app, resourceKeyOf(placed));
  });
}
