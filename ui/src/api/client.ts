/**
 * The REST client: every call sends the session's bearer token in the Authorization header
 * (never in a URL) and turns failures into ApiErrors worded for people. One instance per
 * login; a 401 tells the app to ask for a token again.
 */
import { apiErrorOf, networkError, type ApiError } from '../lib/errors.ts';
import { listApiQuery, type ListState, type ResourceRef } from '../lib/url-state.ts';
import type {
  AppDiff,
  AppEvent,
  Application,
  ApplicationList,
  ApplicationSummary,
  ClusterEvent,
  ClusterNode,
  ClusterRef,
  DrainResult,
  HistoryDetail,
  HistoryItem,
  KubeObjectLike,
  OperationView,
  ResourceManifests,
  ResourceNode,
  Session,
} from './types.ts';

export interface SyncRequest {
  readonly prune?: boolean;
  readonly dryRun?: boolean;
  readonly revision?: string;
  readonly resources?: readonly ResourceRef[];
}

export class ApiClient {
  readonly token: string | undefined;
  private readonly onUnauthorized: (error: ApiError) => void;

  constructor(token: string | undefined, onUnauthorized: (error: ApiError) => void = () => undefined) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Accept: 'application/json', ...(this.token && { Authorization: `Bearer ${this.token}` }), ...extra };
  }

  async request<T>(method: string, path: string, options: { readonly body?: unknown; readonly signal?: AbortSignal } = {}): Promise<T> {
    const what = `${method} ${path.split('?')[0]}`;
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: this.headers(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
        ...(options.signal && { signal: options.signal }),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw networkError(what, error);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (!response.ok) {
      const error = apiErrorOf(response.status, body, what);
      if (response.status === 401) this.onUnauthorized(error);
      throw error;
    }
    return body as T;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, signal ? { signal } : {});
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {} });
  }

  // ---- session -----------------------------------------------------------------------------

  session(signal?: AbortSignal): Promise<Session> {
    return this.get('/api/v1/session', signal);
  }

  // ---- applications ------------------------------------------------------------------------

  listApplications(state: ListState, page: { readonly limit: number; readonly continue?: string }, signal?: AbortSignal): Promise<ApplicationList> {
    return this.get(`/api/v1/applications${listApiQuery(state, page)}`, signal);
  }

  summary(state: ListState, signal?: AbortSignal): Promise<ApplicationSummary> {
    return this.get(`/api/v1/application-summary${listApiQuery(state)}`, signal);
  }

  application(name: string, signal?: AbortSignal): Promise<Application> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}`, signal);
  }

  refresh(name: string, hard = false): Promise<Application> {
    return this.request('POST', `/api/v1/applications/${encodeURIComponent(name)}/refresh${hard ? '?hard=true' : ''}`);
  }

  resourceTree(name: string, signal?: AbortSignal): Promise<{ nodes: ResourceNode[] }> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/resource-tree`, signal);
  }

  resource(name: string, ref: ResourceRef, signal?: AbortSignal): Promise<ResourceManifests> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/resource?${refQuery(ref)}`, signal);
  }

  /** The comparison of one resource (the server may return every resource: the caller picks). */
  diff(name: string, ref?: ResourceRef, signal?: AbortSignal): Promise<AppDiff> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/diff${ref ? `?${refQuery(ref)}` : ''}`, signal);
  }

  /** The live manifest of any object in the application's tree (Pods and ReplicaSets too). */
  liveObject(name: string, ref: ResourceRef, signal?: AbortSignal): Promise<{ live?: KubeObjectLike }> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/resource/live?${refQuery(ref)}`, signal);
  }

  resourceEvents(name: string, ref: ResourceRef, signal?: AbortSignal): Promise<{ items: ClusterEvent[] }> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/resource/events?${refQuery(ref)}`, signal);
  }

  events(name: string, signal?: AbortSignal): Promise<{ items: AppEvent[] }> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/events`, signal);
  }

  history(name: string, signal?: AbortSignal): Promise<{ items: HistoryItem[] }> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/history`, signal);
  }

  historyEntry(name: string, id: number, signal?: AbortSignal): Promise<HistoryDetail> {
    return this.get(`/api/v1/applications/${encodeURIComponent(name)}/history/${id}`, signal);
  }

  async sync(name: string, request: SyncRequest): Promise<OperationView> {
    const body = {
      ...(request.prune !== undefined && { prune: request.prune }),
      ...(request.dryRun !== undefined && { dryRun: request.dryRun }),
      ...(request.revision && { revision: request.revision }),
      ...(request.resources && request.resources.length > 0 && { resources: request.resources.map((r) => ({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name })) }),
    };
    return (await this.post<{ operation: OperationView }>(`/api/v1/applications/${encodeURIComponent(name)}/sync`, body)).operation;
  }

  async rollback(name: string, id: number, prune?: boolean): Promise<OperationView> {
    return (await this.post<{ operation: OperationView }>(`/api/v1/applications/${encodeURIComponent(name)}/rollback`, { id, ...(prune !== undefined && { prune }) })).operation;
  }

  unpin(name: string): Promise<Application> {
    return this.post(`/api/v1/applications/${encodeURIComponent(name)}/unpin`);
  }

  terminate(name: string): Promise<unknown> {
    return this.request('DELETE', `/api/v1/applications/${encodeURIComponent(name)}/operation`);
  }

  // ---- clusters ----------------------------------------------------------------------------

  clusters(signal?: AbortSignal): Promise<{ items: ClusterRef[] }> {
    return this.get('/api/v1/clusters', signal);
  }

  nodes(cluster: string, signal?: AbortSignal): Promise<{ items: ClusterNode[] }> {
    return this.get(`/api/v1/clusters/${encodeURIComponent(cluster)}/nodes`, signal);
  }

  nodeAction(cluster: string, node: string, action: 'cordon' | 'uncordon' | 'drain'): Promise<ClusterNode | DrainResult> {
    return this.post(`/api/v1/clusters/${encodeURIComponent(cluster)}/nodes/${encodeURIComponent(node)}/${action}`);
  }
}

function refQuery(ref: ResourceRef): string {
  return new URLSearchParams({ group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name }).toString();
}
