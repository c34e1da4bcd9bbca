/**
 * What the API shows of Ferry's state: the Application in Argo CD's shape (`status.sync.status`,
 * `status.health.status`, `status.operationState`, `status.history`, plus Ferry's `status.pin`
 * and `status.operation`), history entries, and objects with every credential and Secret value
 * masked. Pure functions: the routes call them on what the engine returns.
 */
import { cloneJson, isPlainObject, type KubeObject } from '../core/index.ts';
import type { Application } from '../application/index.ts';
import type { AppStatus, AppView, OperationView } from '../engine/index.ts';
import type { HistoryEntry } from '../store/index.ts';

export const SECRET_MASK = '********';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A URL with any password or token in it replaced by `***` (and a user name kept). */
export function redactURL(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_match, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0] ?? '';
    return userinfo.includes(':') ? `${scheme}${user}:***@` : `${scheme}***@`;
  });
}

/** A Secret with its values masked (and kubectl's last-applied copy of them removed); other kinds unchanged. */
export function maskSecret(object: KubeObject): KubeObject;
export function maskSecret(object: KubeObject | undefined): KubeObject | undefined;
export function maskSecret(object: KubeObject | undefined): KubeObject | undefined {
  if (!object || object.kind !== 'Secret') return object;
  const out: KubeObject = { ...object, metadata: { ...object.metadata } };
  for (const field of ['data', 'stringData']) {
    const data = object[field];
    if (isPlainObject(data)) out[field] = Object.fromEntries(Object.keys(data).map((key) => [key, SECRET_MASK]));
  }
  if (out.metadata.annotations?.[LAST_APPLIED] !== undefined) {
    const annotations = { ...out.metadata.annotations };
    delete annotations[LAST_APPLIED];
    out.metadata.annotations = annotations;
  }
  return out;
}

/** The Application manifest as stored, with credentials in URLs masked. */
export function redactManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const copy = cloneJson(manifest);
  const spec = isPlainObject(copy.spec) ? copy.spec : undefined;
  const sources = [spec?.source, ...(Array.isArray(spec?.sources) ? spec.sources : [])];
  for (const source of sources) {
    if (isPlainObject(source) && typeof source.repoURL === 'string') source.repoURL = redactURL(source.repoURL);
  }
  return copy;
}

function initiatedBy(initiator: string): Record<string, unknown> {
  if (initiator === 'automated' || initiator === 'self-heal') return { automated: true };
  return { username: initiator };
}

/** Argo CD's per-resource sync result words. */
function resultStatus(action: string, status: string): string {
  if (status === 'Failed') return 'SyncFailed';
  if (status === 'Skipped') return action === 'prune' ? 'PruneSkipped' : 'Skipped';
  if (status === 'Succeeded') return action === 'prune' ? 'Pruned' : 'Synced';
  return '';
}

/** `status.operationState` as Argo CD writes it, from Ferry's operation view. */
export function operationState(operation: OperationView, source: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    operation: {
      sync: { revision: operation.revision, prune: operation.prune, dryRun: operation.dryRun },
      initiatedBy: initiatedBy(operation.initiator),
      retry: {},
    },
    phase: operation.phase,
    message: operation.message,
    startedAt: operation.startedAt,
    ...(operation.finishedAt && { finishedAt: operation.finishedAt }),
    retryCount: Math.max(0, operation.attempt - 1),
    syncResult: {
      revision: operation.revision,
      ...(source && { source: redactManifest({ source }).source }),
      resources: operation.tasks.map((task) => ({
        group: task.key.group,
        kind: task.key.kind,
        namespace: task.key.namespace,
        name: task.key.name,
        status: resultStatus(task.action, task.status),
        message: task.message ?? '',
        syncPhase: task.phase,
        ...(task.isHook && { hookPhase: task.status, hookType: task.phase }),
        wave: task.wave,
      })),
    },
  };
}

/** One history entry without manifests, as Argo CD lists `status.history`. */
export function historyItem(entry: Omit<HistoryEntry, 'manifests'>): Record<string, unknown> {
  return {
    id: entry.id,
    revision: entry.revision,
    deployedAt: entry.finishedAt,
    deployStartedAt: entry.startedAt,
    source: redactManifest({ source: entry.source }).source,
    initiatedBy: initiatedBy(entry.initiator),
    initiator: entry.initiator,
    phase: entry.phase,
    commitMessage: entry.commitMessage,
    commitAuthor: entry.commitAuthor,
    ...(entry.operationId !== undefined && { operationId: entry.operationId }),
    results: entry.results,
  };
}

/** A history entry with its manifests, Secrets masked. */
export function historyDetail(entry: HistoryEntry): Record<string, unknown> {
  return { ...historyItem(entry), manifests: (entry.manifests as unknown as KubeObject[]).map((m) => maskSecret(m)) };
}

/** Argo CD's `status` plus Ferry's own fields, from the engine's status. */
export function applicationStatus(status: AppStatus, application: Application | undefined, history?: readonly Omit<HistoryEntry, 'manifests'>[]): Record<string, unknown> {
  const source = application ? (redactManifest({ source: application.spec.source }).source as Record<string, unknown>) : undefined;
  return {
    sync: {
      status: status.sync.status,
      ...(status.sync.revision && { revision: status.sync.revision }),
      reasons: status.sync.reasons,
      ...(application && { comparedTo: { source, destination: application.spec.destination } }),
    },
    health: status.health,
    resources: status.resources,
    ...(status.operation && { operationState: operationState(status.operation, source), operation: status.operation }),
    // Argo CD lists history oldest first; the store keeps it newest first.
    ...(history && { history: [...history].reverse().map(historyItem) }),
    ...(status.pin && { pin: status.pin }),
    ...(status.commit && { commit: status.commit }),
    ...(status.sourceType && { sourceType: status.sourceType }),
    ...(status.reconciledAt && { reconciledAt: status.reconciledAt }),
    conditions: status.conditions.map((c) => ({ type: c.type, message: c.message, lastTransitionTime: c.since })),
  };
}

/** The Application as the API returns it: the stored manifest, Argo CD's metadata and the status. */
export function applicationResource(view: AppView, history?: readonly Omit<HistoryEntry, 'manifests'>[]): Record<string, unknown> {
  const manifest = redactManifest(view.manifest);
  const metadata = isPlainObject(manifest.metadata) ? manifest.metadata : {};
  return {
    apiVersion: view.application.apiVersion,
    kind: 'Application',
    metadata: { ...metadata, name: view.name, creationTimestamp: view.createdAt, resourceVersion: String(view.version), generation: view.version },
    spec: manifest.spec,
    status: applicationStatus(view.status, view.application, history),
  };
}
