import type { Clock, Logger, ResourceKey } from '../core/index.ts';
import type { ClusterClient } from '../cluster/index.ts';
import type { GitSource, RepoCredentials } from '../source/index.ts';
import type { FerryStore } from '../store/index.ts';
import type { ApplicationDestination } from '../application/index.ts';
import type { HealthStatus } from '../health/index.ts';
import type { ResourceSyncStatus } from '../diff/index.ts';
import type { LiveStateCache } from './live-state.ts';
import type { OperationPhase, TaskStatus } from './sync-state.ts';

/** A destination cluster: its client and the shared watch cache of its objects. */
export interface ClusterConnection {
  readonly name: string;
  readonly server: string;
  readonly client: ClusterClient;
  readonly live: LiveStateCache;
}

export interface ClusterResolver {
  /** The connection for an application's destination; APP_DESTINATION_UNKNOWN when there is none. */
  resolve(destination: ApplicationDestination): ClusterConnection;
  list(): readonly { readonly name: string; readonly server: string }[];
}

export interface EngineDeps {
  readonly store: FerryStore;
  readonly git: GitSource;
  readonly clusters: ClusterResolver;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A number in [0, 1): poll jitter. */
  readonly random: () => number;
  /** Credentials for a repository URL, if any are configured. */
  readonly credentialsFor?: (repoURL: string) => RepoCredentials | undefined;
}

export interface EngineOptions {
  /** @default 'ferry' */
  readonly fieldManager?: string;
  /** Refresh period of each application. @default 120_000 (Argo CD's 120 s) */
  readonly pollIntervalMs?: number;
  /** Up to this much is added to each period, so refreshes spread out. @default 60_000 */
  readonly pollJitterMs?: number;
  /** How long one Git check of a repository serves every application on it. @default 15_000 */
  readonly revisionCacheMs?: number;
  /** Operations and refreshes running at once, over all applications. @default 10 */
  readonly parallelism?: number;
  /** @default 600_000 */
  readonly hookTimeoutMs?: number;
  /** How often a waiting sync re-checks health when nothing wakes it. @default 2_000 */
  readonly syncPollMs?: number;
  /** Self-heal back-off: first delay, factor, cap. @default 2 s × 3, capped at 300 s (Argo CD's). */
  readonly selfHealBackoff?: { readonly initialMs: number; readonly factor: number; readonly capMs: number };
}

export interface ResourceStatusView {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly status: ResourceSyncStatus;
  readonly health?: { readonly status: HealthStatus; readonly message?: string };
  readonly requiresPruning?: boolean;
}

export interface OperationView {
  readonly id: number;
  readonly phase: OperationPhase;
  readonly message: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly initiator: string;
  readonly revision: string;
  readonly prune: boolean;
  readonly dryRun: boolean;
  readonly attempt: number;
  readonly stage: string;
  readonly rollbackOf?: number;
  readonly tasks: readonly {
    readonly key: ResourceKey;
    readonly phase: string;
    readonly wave: number;
    readonly action: string;
    readonly status: TaskStatus;
    readonly message?: string;
    readonly isHook: boolean;
  }[];
}

export interface PinView {
  /** The revision the application is held at. */
  readonly revision: string;
  readonly historyId: number;
  /** The Git revision rolled back from: auto-sync will not deploy it again. */
  readonly fromRevision: string;
  readonly pinnedAt: string;
}

export interface AppCondition {
  readonly type: 'ComparisonError' | 'SyncError' | 'AutoSyncBlocked';
  readonly message: string;
  readonly since: string;
}

/** What the engine knows about one application; stored as its status. */
export interface AppStatus {
  readonly sync: {
    readonly status: 'Synced' | 'OutOfSync' | 'Unknown';
    /** The Git revision compared against (the pinned one while pinned). */
    readonly revision?: string;
    readonly reasons: readonly string[];
  };
  readonly health: { readonly status: HealthStatus; readonly message?: string };
  readonly resources: readonly ResourceStatusView[];
  readonly sourceType?: string;
  readonly commit?: { readonly message: string; readonly author: string; readonly date: string };
  readonly operation?: OperationView;
  readonly pin?: PinView;
  readonly conditions: readonly AppCondition[];
  readonly reconciledAt?: string;
  /** Automation bookkeeping: the revision auto-sync last tried, and self-heal attempts since. */
  readonly automation?: { readonly lastAttemptedRevision?: string; readonly selfHealAttempts: number; readonly nextSelfHealAt?: string };
}
