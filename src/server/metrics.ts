/**
 * Prometheus metrics (prom-client), one registry per server: application state, syncs,
 * reconcile time, Git and cluster requests, webhooks, plus the process's own metrics. The Git
 * and cluster counters come from wrappers around the ports, which compose.ts puts between the
 * engine and the adapters.
 */
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isFerryError, type KubeObject } from '../core/index.ts';
import type { ClusterClient, ObjectRef, TypeRef } from '../cluster/index.ts';
import type { GitSource } from '../source/index.ts';
import { redactURL } from './views.ts';

export interface AppInfo {
  readonly name: string;
  readonly project: string;
  readonly syncStatus: string;
  readonly healthStatus: string;
  readonly repo: string;
  readonly destServer: string;
  readonly destNamespace: string;
}

export interface FerryMetrics {
  readonly registry: Registry;
  readonly syncTotal: Counter<'name' | 'phase'>;
  readonly reconcileDuration: Histogram;
  readonly gitRequests: Counter<'request' | 'repo' | 'result'>;
  readonly gitDuration: Histogram<'request'>;
  readonly clusterRequests: Counter<'cluster' | 'verb' | 'kind' | 'result'>;
  readonly webhookRequests: Counter<'provider' | 'result'>;
  /** What `ferry_app_info` reports at each scrape; the server sets it to read the engine. */
  appInfo: () => readonly AppInfo[];
}

export function createMetrics(options: { readonly processMetrics?: boolean } = {}): FerryMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const metrics: FerryMetrics = {
    registry,
    syncTotal: new Counter({ name: 'ferry_app_sync_total', help: 'Sync operations finished, by application and phase', labelNames: ['name', 'phase'], registers: [registry] }),
    reconcileDuration: new Histogram({
      name: 'ferry_app_reconcile_duration_seconds',
      help: 'Time to compare an application with Git and its cluster',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 30, 60],
      registers: [registry],
    }),
    gitRequests: new Counter({ name: 'ferry_git_request_total', help: 'Git requests (resolve a revision, check out a tree)', labelNames: ['request', 'repo', 'result'], registers: [registry] }),
    gitDuration: new Histogram({ name: 'ferry_git_request_duration_seconds', help: 'Duration of Git requests', labelNames: ['request'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers: [registry] }),
    clusterRequests: new Counter({ name: 'ferry_cluster_request_total', help: 'Kubernetes API requests, by cluster, verb, kind and result', labelNames: ['cluster', 'verb', 'kind', 'result'], registers: [registry] }),
    webhookRequests: new Counter({ name: 'ferry_webhook_requests_total', help: 'Webhook deliveries, by provider and result', labelNames: ['provider', 'result'], registers: [registry] }),
    appInfo: () => [],
  };
  new Gauge({
    name: 'ferry_app_info',
    help: 'Information about each application (always 1)',
    labelNames: ['name', 'project', 'sync_status', 'health_status', 'repo', 'dest_server', 'dest_namespace'],
    registers: [registry],
    collect() {
      this.reset();
      for (const app of metrics.appInfo()) {
        this.set({ name: app.name, project: app.project, sync_status: app.syncStatus, health_status: app.healthStatus, repo: app.repo, dest_server: app.destServer, dest_namespace: app.destNamespace }, 1);
      }
    },
  });
  return metrics;
}

function resultOf(error: unknown): string {
  if (isFerryError(error)) return error.code;
  return 'error';
}

async function timed<T>(work: () => Promise<T>, done: (seconds: number, result: string) => void): Promise<T> {
  const started = performance.now();
  try {
    const value = await work();
    done((performance.now() - started) / 1000, 'ok');
    return value;
  } catch (error) {
    done((performance.now() - started) / 1000, resultOf(error));
    throw error;
  }
}

/** The Git port, counting and timing every request. */
export function instrumentGitSource(git: GitSource, metrics: FerryMetrics): GitSource {
  const observe = (request: string, repoURL: string) => (seconds: number, result: string) => {
    metrics.gitRequests.inc({ request, repo: redactURL(repoURL), result });
    metrics.gitDuration.observe({ request }, seconds);
  };
  return {
    resolveRevision: (repoURL, revision, options) => timed(() => git.resolveRevision(repoURL, revision, options), observe('resolve', repoURL)),
    checkout: (spec, options) => timed(() => git.checkout(spec, options), observe('checkout', spec.repoURL)),
  };
}

/** A cluster client, counting every request by verb, kind and result. */
export function instrumentClusterClient(client: ClusterClient, cluster: string, metrics: FerryMetrics): ClusterClient {
  const count = <T>(verb: string, kind: string, work: () => Promise<T>): Promise<T> =>
    timed(work, (_seconds, result) => metrics.clusterRequests.inc({ cluster, verb, kind, result }));
  const kindOf = (ref: TypeRef | ObjectRef | KubeObject) => ref.kind;
  return {
    version: (options) => count('version', '', () => client.version(options)),
    discover: (options) => count('discover', '', () => client.discover(options)),
    // Served from the adapter's discovery cache: counted as what it mostly is, not a request.
    resourceFor: (apiVersion, kind, options) => client.resourceFor(apiVersion, kind, options),
    get: (ref, options) => count('get', kindOf(ref), () => client.get(ref, options)),
    list: (type, options) => count('list', kindOf(type), () => client.list(type, options)),
    create: (object, options) => count('create', kindOf(object), () => client.create(object, options)),
    update: (object, options) => count('update', kindOf(object), () => client.update(object, options)),
    patch: (ref, patch, options) => count('patch', kindOf(ref), () => client.patch(ref, patch, options)),
    apply: (object, options) => count('apply', kindOf(object), () => client.apply(object, options)),
    delete: (ref, options) => count('delete', kindOf(ref), () => client.delete(ref, options)),
    watch: (type, options) => {
      metrics.clusterRequests.inc({ cluster, verb: 'watch', kind: type.kind, result: 'ok' });
      return client.watch(type, options);
    },
  };
}
