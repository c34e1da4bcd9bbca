/**
 * The engine: one reconcile loop per application (resolve, render, compare, maybe auto-sync),
 * sync operations run as stored step machines, history, rollback with a pin, and the poller.
 * It talks to Git, clusters and the store only through their ports.
 */
import { FerryError, formatResourceKey, isAbortError, messageOf, resourceKeyOf, splitApiVersion, type KubeObject, type ResourceKey } from '../core/index.ts';
import { validateApplication, type Application } from '../application/index.ts';
import type { TypeRef } from '../cluster/index.ts';
import type { PlanResource } from '../plan/index.ts';
import type { RenderedObject } from '../render/index.ts';
import type { HistoryEntry, StoredApplication, StoredEvent } from '../store/index.ts';
import { decideAutoSync, selfHealDelayMs } from './automation.ts';
import { compareApp, type AppComparison } from './compare-app.ts';
import { DesiredStateLoader, namespacedLookup, prepareDesiredObjects } from './desired-state.ts';
import { planSyncOperation, SyncOperation } from './sync-operation.ts';
import { isFinished, type OperationState, type SyncRequest } from './sync-state.ts';
import { owningApp } from './tracking.ts';
import { buildResourceTree, TREE_CHILD_KINDS, type ResourceNode } from './resource-tree.ts';
import type { AppCondition, AppStatus, ClusterConnection, EngineDeps, EngineOptions, OperationView, ResourceStatusView } from './types.ts';
import { KeyedWorkQueue } from './work-queue.ts';
import { Semaphore } from './semaphore.ts';

export interface AppView {
  readonly name: string;
  readonly application: Application;
  /** The Application as stored (what the user gave). */
  readonly manifest: Record<string, unknown>;
  readonly status: AppStatus;
  readonly version: number;
  readonly createdAt: string;
}

export interface SyncOptions {
  /** A revision other than the target (branch, tag or SHA). */
  readonly revision?: string;
  /** @default the application's automated.prune */
  readonly prune?: boolean;
  readonly dryRun?: boolean;
  /** Only these resources; hooks do not run. */
  readonly resources?: readonly ResourceKey[];
  readonly initiator?: string;
}

interface RunningOperation {
  readonly id: number;
  readonly operation: SyncOperation;
  readonly stop: AbortController;
  readonly finished: Promise<void>;
}

interface AppRuntime {
  app: Application;
  /** The last status written, kept to spare a read and parse of the store on every change. */
  status?: AppStatus;
  comparison?: AppComparison;
  nextRefreshAt: number;
  hardRefresh: boolean;
  running?: RunningOperation;
  /** Waiters of `refresh()`, resolved when the next reconcile ends. */
  refreshWaiters: (() => void)[];
}

const UNKNOWN_STATUS: AppStatus = { sync: { status: 'Unknown', reasons: [] }, health: { status: 'Unknown' }, resources: [], conditions: [] };

function typeKey(type: TypeRef): string {
  return `${type.apiVersion}/${type.kind}`;
}

function operationView(id: number, state: OperationState): OperationView {
  return {
    id,
    phase: state.phase,
    message: state.message,
    startedAt: state.startedAt,
    ...(state.finishedAt && { finishedAt: state.finishedAt }),
    initiator: state.request.initiator,
    revision: state.request.revision,
    prune: state.request.prune,
    dryRun: state.request.dryRun,
    attempt: state.attempt,
    stage: state.stage,
    ...(state.request.rollbackOf !== undefined && { rollbackOf: state.request.rollbackOf }),
    tasks: state.tasks.map((t) => ({ key: t.key, phase: t.phase, wave: t.wave, action: t.action, status: t.status, isHook: t.isHook, ...(t.message && { message: t.message }) })),
  };
}

function resourceViews(comparison: AppComparison): ResourceStatusView[] {
  return comparison.resources.map((r) => ({
    group: r.key.group,
    version: splitApiVersion(r.apiVersion).version,
    kind: r.key.kind,
    namespace: r.key.namespace,
    name: r.key.name,
    status: r.status,
    ...(r.health && { health: r.health }),
    ...(r.status === 'Extra' && { requiresPruning: true }),
  }));
}

export class Engine {
  private readonly deps: EngineDeps;
  private readonly options: Required<EngineOptions>;
  private readonly runtimes = new Map<string, AppRuntime>();
  private readonly queue: KeyedWorkQueue;
  /** Bounds the operation steps running at once over all applications, as the queue bounds reconciles. */
  private readonly stepSlots: Semaphore;
  private readonly loader: DesiredStateLoader;
  private readonly listeners = new Set<(name: string, status: AppStatus | undefined) => void>();
  private readonly eventListeners = new Set<(event: StoredEvent) => void>();
  private readonly reconcileListeners = new Set<(name: string, outcome: { readonly durationMs: number; readonly ok: boolean }) => void>();
  private readonly stopping = new AbortController();
  private readonly unsubscribers: (() => void)[] = [];
  private started = false;

  constructor(deps: EngineDeps, options: EngineOptions = {}) {
    this.deps = deps;
    this.options = {
      fieldManager: options.fieldManager ?? 'ferry',
      pollIntervalMs: options.pollIntervalMs ?? 120_000,
      pollJitterMs: options.pollJitterMs ?? 60_000,
      revisionCacheMs: options.revisionCacheMs ?? 15_000,
      parallelism: options.parallelism ?? 10,
      hookTimeoutMs: options.hookTimeoutMs ?? 600_000,
      syncPollMs: options.syncPollMs ?? 2_000,
      selfHealBackoff: options.selfHealBackoff ?? { initialMs: 2_000, factor: 3, capMs: 300_000 },
    };
    this.loader = new DesiredStateLoader({ git: deps.git, clock: deps.clock, revisionCacheMs: this.options.revisionCacheMs, ...(deps.credentialsFor && { credentialsFor: deps.credentialsFor }) });
    this.stepSlots = new Semaphore(this.options.parallelism);
    this.queue = new KeyedWorkQueue(this.options.parallelism, (name) => this.reconcile(name), (name, error) => this.deps.logger.error({ app: name, error: messageOf(error) }, 'reconcile failed'));
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Loads every application, resumes interrupted operations and starts polling. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const stored of this.deps.store.applications.list()) {
      try {
        this.runtimes.set(stored.name, this.newRuntime(validateApplication(stored.manifest)));
      } catch (error) {
        this.deps.logger.error({ app: stored.name, error: messageOf(error) }, 'stored application is invalid; skipped');
      }
    }
    for (const stored of this.deps.store.operations.unfinished()) this.resume(stored.id, stored.app, stored.state as unknown as OperationState);
    for (const name of this.runtimes.keys()) this.queue.add(name);
    void this.pollLoop();
  }

  /** Stops loops and watches. Running operations stay stored as Running and resume at the next start. */
  async stop(): Promise<void> {
    this.stopping.abort(new FerryError('ABORTED', 'Ferry is shutting down'));
    const finishing = [...this.runtimes.values()].flatMap((rt) => (rt.running ? [rt.running] : []));
    for (const running of finishing) running.stop.abort(new FerryError('ABORTED', 'Ferry is shutting down'));
    await Promise.allSettled(finishing.map((running) => running.finished));
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  onChange(listener: (name: string, status: AppStatus | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every event as it is recorded (the server's live stream). */
  onEvent(listener: (event: StoredEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Each finished reconcile with its duration (clock time) and whether it compared (metrics). */
  onReconcile(listener: (name: string, outcome: { readonly durationMs: number; readonly ok: boolean }) => void): () => void {
    this.reconcileListeners.add(listener);
    return () => this.reconcileListeners.delete(listener);
  }

  /** Resolves when no reconcile is queued or running and no operation runs (for tests and tools). */
  async settle(): Promise<void> {
    for (;;) {
      await this.queue.idle();
      const running = [...this.runtimes.values()].flatMap((rt) => (rt.running ? [rt.running.finished] : []));
      if (running.length === 0 && this.queue.size === 0) return;
      await Promise.all(running);
    }
  }

  // ---- applications ----------------------------------------------------------------------

  createApplication(input: unknown): AppView {
    const app = validateApplication(input);
    const stored = this.deps.store.applications.create(app.metadata.name, input as Record<string, unknown>);
    this.runtimes.set(app.metadata.name, this.newRuntime(app));
    this.queue.add(app.metadata.name);
    this.event(app.metadata.name, 'Normal', 'Created', 'application created');
    return this.view(stored);
  }

  updateApplication(name: string, input: unknown, expectedVersion?: number): AppView {
    const app = validateApplication(input);
    if (app.metadata.name !== name) throw new FerryError('APP_INVALID', `application ${name}: metadata.name is ${app.metadata.name}; a name cannot change`, { httpStatus: 422 });
    const stored = this.deps.store.applications.update(name, input as Record<string, unknown>, expectedVersion);
    const runtime = this.runtime(name);
    runtime.app = app;
    this.queue.add(name);
    this.event(name, 'Normal', 'Updated', 'application updated');
    return this.view(stored);
  }

  /** Removes the application; with `cascade`, deletes the resources it owns first. */
  async deleteApplication(name: string, options: { readonly cascade: boolean }): Promise<void> {
    const runtime = this.runtime(name);
    if (runtime.running) {
      runtime.running.operation.terminate();
      await runtime.running.finished;
    }
    if (options.cascade) {
      const connection = this.connection(runtime.app);
      await Promise.allSettled(
        connection.live.ownedBy(name).map((object) =>
          connection.client.delete({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name ?? '', ...(object.metadata.namespace && { namespace: object.metadata.namespace }) }, { propagationPolicy: 'Foreground' }),
        ),
      );
    }
    this.deps.store.applications.delete(name);
    this.runtimes.delete(name);
    this.emit(name, undefined);
  }

  listApplications(): AppView[] {
    return this.deps.store.applications.list().map((stored) => this.view(stored));
  }

  getApplication(name: string): AppView {
    const stored = this.deps.store.applications.get(name);
    if (!stored) throw new FerryError('APP_NOT_FOUND', `application ${name} not found`, { httpStatus: 404 });
    return this.view(stored);
  }

  /** The last comparison of an application (per-resource diffs), from memory. */
  comparison(name: string): AppComparison | undefined {
    return this.runtime(name).comparison;
  }

  /** The application's resources with what the cluster made of them (ReplicaSets, Pods...). */
  async resourceTree(name: string): Promise<ResourceNode[]> {
    const runtime = this.runtime(name);
    const connection = this.connection(runtime.app);
    await connection.live.ensureKinds(TREE_CHILD_KINDS, this.stopping.signal);
    return buildResourceTree(runtime.comparison, connection.live.all(), this.deps.clock.now());
  }

  /** Reconciles now and resolves when done; `hard` asks Git again instead of the shared check. */
  async refresh(name: string, options: { readonly hard?: boolean } = {}): Promise<AppView> {
    const runtime = this.runtime(name);
    if (options.hard) runtime.hardRefresh = true;
    const done = new Promise<void>((resolve) => runtime.refreshWaiters.push(resolve));
    this.queue.add(name);
    await done;
    return this.getApplication(name);
  }

  /** A push to `repoURL` was announced: forget its checks and refresh the apps that use it. */
  refreshRepository(repoURL: string, matches: (app: Application) => boolean = () => true): string[] {
    this.loader.forgetRepository(repoURL);
    const names = [...this.runtimes.entries()].filter(([, rt]) => rt.app.spec.source.repoURL === repoURL && matches(rt.app)).map(([name]) => name);
    for (const name of names) this.queue.add(name);
    return names;
  }

  // ---- operations ------------------------------------------------------------------------

  async sync(name: string, options: SyncOptions = {}): Promise<OperationView> {
    const runtime = this.runtime(name);
    const app = runtime.app;
    const revision = await this.loader.resolveRevision(app.spec.source.repoURL, options.revision ?? app.spec.source.targetRevision, true, this.stopping.signal);
    const { commit, result } = await this.loader.render(app, revision, this.stopping.signal);
    const status = this.statusOf(name);
    const unpin = status.pin !== undefined && options.initiator !== 'self-heal';
    const manifests = await this.prepare(app, result.objects);
    const view = await this.startOperation(runtime, {
      app: name,
      revision,
      commitMessage: commit.message,
      commitAuthor: `${commit.author.name} <${commit.author.email}>`,
      source: { ...app.spec.source },
      initiator: options.initiator ?? 'user',
      prune: options.prune ?? app.spec.syncPolicy.automated?.prune ?? false,
      dryRun: options.dryRun ?? false,
      syncOptions: app.spec.syncPolicy.syncOptions,
      manifests,
    }, options.resources);
    // A sync asked for by a person (or a new commit) ends a pin; self-heal keeps it.
    if (unpin && !options.dryRun) this.updateStatus(name, (s) => ({ ...s, pin: undefined }));
    return view;
  }

  /** Re-applies a history entry's manifests and pins the application there. */
  async rollback(name: string, historyId: number, options: { readonly prune?: boolean; readonly initiator?: string } = {}): Promise<OperationView> {
    const runtime = this.runtime(name);
    const entry = this.deps.store.history.get(name, historyId);
    if (!entry) throw new FerryError('APP_HISTORY_NOT_FOUND', `application ${name} has no history entry ${historyId}`, { httpStatus: 404 });
    const status = this.statusOf(name);
    const fromRevision = status.pin?.fromRevision ?? status.sync.revision ?? entry.revision;
    const view = await this.startOperation(runtime, {
      app: name,
      revision: entry.revision,
      commitMessage: entry.commitMessage,
      commitAuthor: entry.commitAuthor,
      source: entry.source,
      initiator: options.initiator ?? `rollback:${historyId}`,
      prune: options.prune ?? false,
      dryRun: false,
      syncOptions: runtime.app.spec.syncPolicy.syncOptions,
      manifests: entry.manifests as unknown as KubeObject[],
      rollbackOf: historyId,
    });
    this.updateStatus(name, (s) => ({ ...s, pin: { revision: entry.revision, historyId, fromRevision, pinnedAt: this.deps.clock.now().toISOString() } }));
    this.event(name, 'Normal', 'RolledBack', `rolling back to history ${historyId} (${entry.revision.slice(0, 7)}); auto-sync will not redeploy ${fromRevision.slice(0, 7)}`);
    return view;
  }

  unpin(name: string): AppView {
    this.runtime(name);
    this.updateStatus(name, (s) => ({ ...s, pin: undefined, automation: { selfHealAttempts: 0 } }));
    this.event(name, 'Normal', 'Unpinned', 'pin removed; auto-sync follows Git again');
    this.queue.add(name);
    return this.getApplication(name);
  }

  terminate(name: string): void {
    const running = this.runtime(name).running;
    if (!running) throw new FerryError('APP_NO_OPERATION', `application ${name} has no running operation`, { httpStatus: 409 });
    running.operation.terminate();
  }

  history(name: string): Omit<HistoryEntry, 'manifests'>[] {
    this.runtime(name);
    return this.deps.store.history.list(name);
  }

  historyEntry(name: string, id: number): HistoryEntry {
    const entry = this.deps.store.history.get(name, id);
    if (!entry) throw new FerryError('APP_HISTORY_NOT_FOUND', `application ${name} has no history entry ${id}`, { httpStatus: 404 });
    return entry;
  }

  events(name: string, afterId?: number) {
    return this.deps.store.events.list(name, afterId === undefined ? {} : { afterId });
  }

  // ---- internals -------------------------------------------------------------------------

  private newRuntime(app: Application): AppRuntime {
    return { app, nextRefreshAt: 0, hardRefresh: false, refreshWaiters: [] };
  }

  private runtime(name: string): AppRuntime {
    const runtime = this.runtimes.get(name);
    if (!runtime) throw new FerryError('APP_NOT_FOUND', `application ${name} not found`, { httpStatus: 404 });
    return runtime;
  }

  private connection(app: Application): ClusterConnection {
    const connection = this.deps.clusters.resolve(app.spec.destination);
    this.watchForDrift(connection);
    return connection;
  }

  private readonly watchedConnections = new Set<ClusterConnection>();

  /** A change to an object an application owns wakes that application (drift, health). */
  private watchForDrift(connection: ClusterConnection): void {
    if (this.watchedConnections.has(connection)) return;
    this.watchedConnections.add(connection);
    this.unsubscribers.push(
      connection.live.onChange(({ object, key }) => {
        const owner = owningApp(object, key);
        if (owner && this.runtimes.has(owner) && !this.runtimes.get(owner)?.running) this.queue.add(owner);
      }),
    );
  }

  private statusOf(name: string): AppStatus {
    const runtime = this.runtimes.get(name);
    if (runtime?.status) return runtime.status;
    const stored = (this.deps.store.applications.get(name)?.status as AppStatus | undefined) ?? UNKNOWN_STATUS;
    if (runtime) runtime.status = stored;
    return stored;
  }

  /** Writes through: the store stays the record, the runtime keeps a copy for reading. */
  private updateStatus(name: string, change: (status: AppStatus) => AppStatus): AppStatus {
    const runtime = this.runtimes.get(name);
    if (!runtime) return UNKNOWN_STATUS;
    const next = change(this.statusOf(name));
    this.deps.store.applications.setStatus(name, next as unknown as Record<string, unknown>);
    runtime.status = next;
    this.emit(name, next);
    return next;
  }

  private emit(name: string, status: AppStatus | undefined): void {
    for (const listener of this.listeners) listener(name, status);
  }

  private event(app: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (!this.deps.store.applications.get(app)) return;
    const stored = this.deps.store.events.append({ app, time: this.deps.clock.now().toISOString(), type, reason, message });
    for (const listener of this.eventListeners) listener(stored);
  }

  private view(stored: StoredApplication): AppView {
    const runtime = this.runtimes.get(stored.name);
    return {
      name: stored.name,
      application: runtime?.app ?? validateApplication(stored.manifest),
      manifest: stored.manifest,
      status: (stored.status as AppStatus | undefined) ?? UNKNOWN_STATUS,
      version: stored.version,
      createdAt: stored.createdAt,
    };
  }

  /** The rendered objects as they will be applied: namespaced into the destination, tracked. */
  private async prepare(app: Application, rendered: readonly RenderedObject[]): Promise<KubeObject[]> {
    const objects = rendered.map((r) => r.object);
    const connection = this.connection(app);
    const namespaced = await namespacedLookup(connection.client, objects, this.stopping.signal);
    return prepareDesiredObjects(objects, app.metadata.name, app.spec.destination.namespace, namespaced);
  }

  private async compare(app: Application, desired: readonly KubeObject[], status: AppStatus): Promise<AppComparison> {
    const connection = this.connection(app);
    const kinds = new Map<string, TypeRef>();
    for (const object of desired) kinds.set(typeKey(object), { apiVersion: object.apiVersion, kind: object.kind });
    for (const resource of status.resources) {
      const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
      if (!kinds.has(`${apiVersion}/${resource.kind}`)) kinds.set(`${apiVersion}/${resource.kind}`, { apiVersion, kind: resource.kind });
    }
    if (app.spec.syncPolicy.syncOptions.CreateNamespace === 'true') kinds.set('v1/Namespace', { apiVersion: 'v1', kind: 'Namespace' });
    // A workload's pods tell why it is stuck: follow them too.
    if (desired.some((object) => object.apiVersion.startsWith('apps/'))) for (const child of TREE_CHILD_KINDS) kinds.set(typeKey(child), child);
    await connection.live.ensureKinds([...kinds.values()], this.stopping.signal);
    const namespaced = await namespacedLookup(connection.client, desired, this.stopping.signal);
    return compareApp({
      children: (uid) => connection.live.childrenOf(uid),
      desired,
      live: (key) => connection.live.get(key),
      owned: connection.live.ownedBy(app.metadata.name),
      namespaced,
      ignoreDifferences: app.spec.ignoreDifferences,
      fieldManager: this.options.fieldManager,
      now: this.deps.clock.now(),
    });
  }

  private async reconcile(name: string): Promise<void> {
    const runtime = this.runtimes.get(name);
    if (!runtime) return;
    const waiters = runtime.refreshWaiters.splice(0);
    const hard = runtime.hardRefresh;
    runtime.hardRefresh = false;
    const startedAt = this.deps.clock.now().getTime();
    runtime.nextRefreshAt = startedAt + this.options.pollIntervalMs + Math.floor(this.deps.random() * this.options.pollJitterMs);
    let ok = false;
    try {
      await this.reconcileNow(runtime, hard);
      ok = true;
    } catch (error) {
      if (isAbortError(error) && this.stopping.signal.aborted) return;
      const message = messageOf(error);
      this.updateStatus(name, (s) => ({ ...s, sync: { ...s.sync, status: 'Unknown' }, conditions: this.withCondition(s.conditions, 'ComparisonError', message), reconciledAt: this.deps.clock.now().toISOString() }));
      this.deps.logger.warn({ app: name, error: message }, 'comparison failed');
    } finally {
      for (const resolve of waiters) resolve();
      const outcome = { durationMs: this.deps.clock.now().getTime() - startedAt, ok };
      for (const listener of this.reconcileListeners) listener(name, outcome);
    }
  }

  private withCondition(conditions: readonly AppCondition[], type: AppCondition['type'], message: string | undefined): AppCondition[] {
    const others = conditions.filter((c) => c.type !== type);
    if (message === undefined) return others;
    const existing = conditions.find((c) => c.type === type && c.message === message);
    return [...others, existing ?? { type, message, since: this.deps.clock.now().toISOString() }];
  }

  private async reconcileNow(runtime: AppRuntime, hard: boolean): Promise<void> {
    const app = runtime.app;
    const name = app.metadata.name;
    const before = this.statusOf(name);
    const revision = await this.loader.resolveRevision(app.spec.source.repoURL, app.spec.source.targetRevision, hard, this.stopping.signal);
    const { commit, result } = await this.loader.render(app, revision, this.stopping.signal);
    const pin = before.pin && before.pin.fromRevision === revision ? before.pin : undefined;
    const pinnedEntry = pin ? this.deps.store.history.get(name, pin.historyId) : undefined;
    const desired = pinnedEntry ? (pinnedEntry.manifests as unknown as KubeObject[]) : await this.prepare(app, result.objects);
    const comparison = await this.compare(app, desired, before);
    runtime.comparison = comparison;
    const comparedRevision = pinnedEntry?.revision ?? revision;
    const status = this.updateStatus(name, (s) => ({
      ...s,
      sync: { status: comparison.syncStatus, revision: comparedRevision, reasons: comparison.reasons },
      health: comparison.health,
      resources: resourceViews(comparison),
      sourceType: result.type,
      commit: { message: pinnedEntry?.commitMessage ?? commit.message, author: pinnedEntry?.commitAuthor ?? `${commit.author.name} <${commit.author.email}>`, date: commit.date },
      conditions: this.withCondition(s.conditions, 'ComparisonError', undefined),
      reconciledAt: this.deps.clock.now().toISOString(),
    }));
    if (before.sync.status !== status.sync.status) this.event(name, status.sync.status === 'OutOfSync' ? 'Warning' : 'Normal', 'SyncStatusChanged', `${before.sync.status} → ${status.sync.status}${status.sync.reasons.length ? `: ${status.sync.reasons.join('; ')}` : ''}`);
    if (before.health.status !== status.health.status) this.event(name, status.health.status === 'Degraded' ? 'Warning' : 'Normal', 'HealthStatusChanged', `${before.health.status} → ${status.health.status}${status.health.message ? `: ${status.health.message}` : ''}`);
    if (runtime.running) return;
    const decision = decideAutoSync({
      policy: app.spec.syncPolicy,
      gitRevision: revision,
      syncStatus: comparison.syncStatus,
      desiredCount: comparison.resources.filter((r) => r.status !== 'Extra').length,
      status,
      now: this.deps.clock.now(),
      selfHealBackoff: this.options.selfHealBackoff,
    });
    if (decision.action === 'blocked') {
      this.updateStatus(name, (s) => ({ ...s, conditions: this.withCondition(s.conditions, 'AutoSyncBlocked', decision.message) }));
      return;
    }
    this.updateStatus(name, (s) => ({ ...s, conditions: this.withCondition(s.conditions, 'AutoSyncBlocked', undefined) }));
    if (decision.action === 'wait') {
      runtime.nextRefreshAt = Math.min(runtime.nextRefreshAt, decision.until.getTime());
      return;
    }
    if (decision.action !== 'sync') return;
    if (decision.initiator === 'self-heal' && pinnedEntry) {
      await this.startOperation(runtime, this.requestFromHistory(name, pinnedEntry, 'self-heal', app));
    } else {
      await this.sync(name, { revision, initiator: decision.initiator });
    }
  }

  private requestFromHistory(name: string, entry: HistoryEntry, initiator: string, app: Application): SyncRequest {
    return {
      app: name,
      revision: entry.revision,
      commitMessage: entry.commitMessage,
      commitAuthor: entry.commitAuthor,
      source: entry.source,
      initiator,
      prune: app.spec.syncPolicy.automated?.prune ?? false,
      dryRun: false,
      syncOptions: app.spec.syncPolicy.syncOptions,
      manifests: entry.manifests as unknown as KubeObject[],
    };
  }

  private async planResources(app: Application, manifests: readonly KubeObject[], only?: readonly ResourceKey[]): Promise<{ resources: PlanResource[]; namespaceExists: boolean }> {
    const comparison = await this.compare(app, manifests, this.statusOf(app.metadata.name));
    const byKey = new Map(comparison.resources.map((r) => [formatResourceKey(r.key), r]));
    const resources: PlanResource[] = manifests.map((object) => {
      const key = resourceKeyOf(object);
      const compared = byKey.get(formatResourceKey(key));
      return { key, desired: object, ...(compared?.live && { live: compared.live }), status: compared?.status ?? 'Missing' };
    });
    for (const extra of comparison.resources.filter((r) => r.status === 'Extra')) {
      if (!only || only.some((k) => formatResourceKey(k) === formatResourceKey(extra.key))) resources.push({ key: extra.key, ...(extra.live && { live: extra.live }), status: 'Extra' });
    }
    const namespace = app.spec.destination.namespace;
    const namespaceExists = namespace === '' || this.connection(app).live.get({ group: '', kind: 'Namespace', namespace: '', name: namespace }) !== undefined;
    return { resources, namespaceExists };
  }

  private async startOperation(runtime: AppRuntime, request: SyncRequest, only?: readonly ResourceKey[], attempt = 1): Promise<OperationView> {
    const name = request.app;
    if (runtime.running) throw new FerryError('APP_OPERATION_RUNNING', `application ${name} already has an operation running (${runtime.running.id})`, { httpStatus: 409 });
    const { resources, namespaceExists } = await this.planResources(runtime.app, request.manifests, only);
    let state = planSyncOperation(request, resources, this.deps.clock.now(), attempt);
    if (only) state = { ...state, tasks: state.tasks.filter((t) => t.action === 'prune' || only.some((k) => formatResourceKey(k) === formatResourceKey(t.key))) };
    if (request.syncOptions.CreateNamespace === 'true' && !namespaceExists) {
      const namespace = runtime.app.spec.destination.namespace;
      state.tasks.unshift({ id: `PreSync/-1/create-namespace//Namespace//${namespace}`, key: { group: '', kind: 'Namespace', namespace: '', name: namespace }, apiVersion: 'v1', phase: 'PreSync', wave: Number.MIN_SAFE_INTEGER, action: 'create-namespace', isHook: false, hookDeletePolicies: [], syncOptions: request.syncOptions, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, status: 'Pending' });
    }
    const stored = this.deps.store.operations.start(name, state as unknown as Record<string, unknown>);
    this.event(name, 'Normal', 'OperationStarted', `${request.dryRun ? 'dry run' : 'sync'} of ${request.revision.slice(0, 7)} started by ${request.initiator}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    const automation = request.initiator === 'automated' || request.initiator === 'self-heal';
    this.updateStatus(name, (s) => ({
      ...s,
      operation: operationView(stored.id, state),
      ...(automation && {
        automation: {
          lastAttemptedRevision: request.revision,
          selfHealAttempts: request.initiator === 'self-heal' ? (s.automation?.selfHealAttempts ?? 0) + 1 : 0,
          ...(request.initiator === 'self-heal' && { nextSelfHealAt: new Date(this.deps.clock.now().getTime() + selfHealDelayMs(s.automation?.selfHealAttempts ?? 0, this.options.selfHealBackoff)).toISOString() }),
        },
      }),
    }));
    this.run(runtime, stored.id, state);
    return operationView(stored.id, state);
  }

  private resume(id: number, name: string, state: OperationState): void {
    const runtime = this.runtimes.get(name);
    if (!runtime || !state?.request || !Array.isArray(state.tasks)) {
      const failed = { ...(state ?? {}), phase: 'Failed', message: 'Ferry restarted and could not resume this operation (its application or state is gone)' };
      this.deps.store.operations.save(id, 'Failed', failed as Record<string, unknown>);
      return;
    }
    this.event(name, 'Normal', 'OperationResumed', `operation ${id} resumed after a restart at stage ${state.stage}`);
    this.run(runtime, id, state);
  }

  /** Drives an operation to its end, storing its state after every step. */
  private run(runtime: AppRuntime, id: number, state: OperationState): void {
    const name = state.request.app;
    const connection = this.connection(runtime.app);
    const operation = new SyncOperation(state, { client: connection.client, live: connection.live, clock: this.deps.clock, logger: this.deps.logger.child({ app: name, operation: id }), fieldManager: this.options.fieldManager, hookTimeoutMs: this.options.hookTimeoutMs });
    const stop = new AbortController();
    const keys = new Set(state.tasks.map((t) => formatResourceKey(t.key)));
    let wake: () => void = () => undefined;
    const unsubscribe = connection.live.onChange(({ key }) => {
      if (keys.has(formatResourceKey(key))) wake();
    });
    const loop = async () => {
      try {
        while (!operation.finished) {
          const result = await this.stepSlots.run(() => operation.step(stop.signal));
          this.deps.store.operations.save(id, operation.state.phase, operation.state as unknown as Record<string, unknown>);
          this.updateStatus(name, (s) => ({ ...s, operation: operationView(id, operation.state) }));
          if (result === 'wait') {
            const woken = new Promise<void>((resolve) => (wake = resolve));
            await Promise.race([woken, this.deps.clock.sleep(this.options.syncPollMs, stop.signal)]);
          }
        }
        this.finishOperation(runtime, id, operation.state);
      } catch (error) {
        if (!stop.signal.aborted) throw error;
      } finally {
        unsubscribe();
        runtime.running = undefined;
      }
    };
    const finished = loop().catch((error: unknown) => this.deps.logger.error({ app: name, error: messageOf(error) }, 'operation loop failed'));
    runtime.running = { id, operation, stop, finished };
    this.stopping.signal.addEventListener('abort', () => stop.abort(this.stopping.signal.reason), { once: true });
  }

  private finishOperation(runtime: AppRuntime, id: number, state: OperationState): void {
    const name = state.request.app;
    const request = state.request;
    if (!request.dryRun && isFinished(state.phase) && state.tasks.some((t) => t.status !== 'Skipped')) {
      this.deps.store.history.append(
        {
          app: name,
          revision: request.revision,
          source: request.source,
          commitMessage: request.commitMessage,
          commitAuthor: request.commitAuthor,
          manifests: request.manifests as unknown as Record<string, unknown>[],
          results: state.tasks.map((t) => ({ key: t.key, apiVersion: t.apiVersion, phase: t.phase, wave: t.wave, action: t.action, status: t.status, message: t.message ?? '', isHook: t.isHook })),
          initiator: request.initiator,
          phase: state.phase,
          startedAt: state.startedAt,
          finishedAt: state.finishedAt ?? this.deps.clock.now().toISOString(),
          operationId: id,
        },
        runtime.app.spec.revisionHistoryLimit,
      );
    }
    const ok = state.phase === 'Succeeded';
    this.event(name, ok ? 'Normal' : 'Warning', 'OperationCompleted', `${request.dryRun ? 'dry run' : 'sync'} of ${request.revision.slice(0, 7)} ${state.phase}: ${state.message}`);
    const retry = runtime.app.spec.syncPolicy.retry;
    const terminated = state.message === 'terminated by request';
    const mayRetry = !ok && !terminated && !request.dryRun && (retry.limit < 0 || state.attempt <= retry.limit);
    if (mayRetry) {
      const delay = Math.min(retry.backoff.maxDurationMs, retry.backoff.durationMs * retry.backoff.factor ** (state.attempt - 1));
      this.event(name, 'Normal', 'OperationRetry', `retrying in ${Math.round(delay / 1000)} s (attempt ${state.attempt + 1})`);
      void this.deps.clock
        .sleep(delay, this.stopping.signal)
        .then(async () => {
          if (this.runtimes.get(name) !== runtime || runtime.running) return;
          await this.startOperation(runtime, request, undefined, state.attempt + 1);
        })
        .catch((error: unknown) => {
          if (!isAbortError(error)) this.deps.logger.warn({ app: name, error: messageOf(error) }, 'retry could not start');
        });
    }
    this.queue.add(name);
  }

  private async pollLoop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const now = this.deps.clock.now().getTime();
      for (const [name, runtime] of this.runtimes) if (runtime.nextRefreshAt <= now && !runtime.running) this.queue.add(name);
      try {
        await this.deps.clock.sleep(1000, signal);
      } catch {
        return;
      }
    }
  }
}
