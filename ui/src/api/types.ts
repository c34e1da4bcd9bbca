/**
 * What the REST API returns, as the UI reads it. The engine's and the store's types are
 * imported as types only (the UI never runs code from src/); the wire shapes that the server
 * builds from them (views.ts: Argo CD's Application, history items) are spelled out here.
 */
import type { OperationView, PinView, ResourceNode, ResourceStatusView } from '../../../src/engine/index.ts';
import type { HealthStatus } from '../../../src/health/index.ts';
import type { FieldChange, ResourceSyncStatus } from '../../../src/diff/index.ts';
import type { StoredEvent } from '../../../src/store/index.ts';

export type { HealthStatus, OperationView, PinView, ResourceNode, ResourceStatusView, ResourceSyncStatus, FieldChange };

export type AppSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type OperationPhase = OperationView['phase'];
export type OperationTask = OperationView['tasks'][number];
export type AppEvent = StoredEvent;

export interface ApiHealth {
  readonly status: HealthStatus;
  readonly message?: string;
}

export interface AppSource {
  readonly repoURL: string;
  readonly path?: string;
  readonly targetRevision?: string;
  readonly chart?: string;
}

export interface AppSpec {
  readonly project?: string;
  readonly source: AppSource;
  readonly destination: { readonly server?: string; readonly name?: string; readonly namespace?: string };
  readonly syncPolicy?: {
    readonly automated?: { readonly prune?: boolean; readonly selfHeal?: boolean; readonly allowEmpty?: boolean } | null;
    readonly syncOptions?: readonly string[];
  };
}

export interface AppCondition {
  readonly type: string;
  readonly message: string;
  readonly lastTransitionTime?: string;
}

export interface AppStatusWire {
  readonly sync: { readonly status: AppSyncStatus; readonly revision?: string; readonly reasons?: readonly string[] };
  readonly health: ApiHealth;
  readonly resources?: readonly ResourceStatusView[];
  readonly operation?: OperationView;
  readonly pin?: PinView;
  readonly commit?: { readonly message: string; readonly author: string; readonly date: string };
  readonly sourceType?: string;
  readonly reconciledAt?: string;
  readonly conditions?: readonly AppCondition[];
}

export interface Application {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly creationTimestamp?: string; readonly resourceVersion?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec: AppSpec;
  readonly status: AppStatusWire;
}

export interface ApplicationList {
  readonly items: readonly Application[];
  readonly metadata: { readonly continue?: string; readonly remainingItemCount?: number };
}

/** Counts over every application the filters select, and the values each filter can take. */
export interface ApplicationSummary {
  readonly total: number;
  readonly sync: Readonly<Record<string, number>>;
  readonly health: Readonly<Record<string, number>>;
  readonly projects: readonly string[];
  readonly repos: readonly string[];
  readonly namespaces: readonly string[];
  readonly clusters: readonly string[];
}

export interface HistoryItem {
  readonly id: number;
  readonly revision: string;
  readonly deployedAt: string;
  readonly deployStartedAt?: string;
  readonly initiator: string;
  readonly phase: string;
  readonly commitMessage: string;
  readonly commitAuthor: string;
  readonly operationId?: number;
  readonly source?: AppSource;
  readonly results?: readonly { readonly key: { group: string; kind: string; namespace: string; name: string }; readonly action: string; readonly status: string; readonly message?: string }[];
}

export interface KubeObjectLike {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

export interface HistoryDetail extends HistoryItem {
  readonly manifests: readonly KubeObjectLike[];
}

export interface ResourceDiffWire {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly status: ResourceSyncStatus;
  readonly health?: ApiHealth;
  readonly changes?: readonly FieldChange[];
  readonly unified?: string;
  readonly live?: Record<string, unknown>;
  readonly desired?: Record<string, unknown>;
}

export interface AppDiff {
  readonly syncStatus: string;
  readonly revision?: string;
  readonly resources: readonly ResourceDiffWire[];
}

export interface ResourceManifests {
  readonly status?: ResourceSyncStatus;
  readonly live?: KubeObjectLike;
  readonly desired?: KubeObjectLike;
}

/** A Kubernetes Event about one object, as the cluster records it. */
export interface ClusterEvent {
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly firstTimestamp?: string;
  readonly lastTimestamp?: string;
  readonly source?: string;
}

export interface Session {
  readonly name?: string;
  readonly role?: string;
  readonly expiresAt?: string;
  readonly authEnabled: boolean;
}

export interface ClusterRef {
  readonly name: string;
  readonly server: string;
}

export interface NodePod {
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  readonly ready?: boolean;
  readonly terminating?: boolean;
  readonly owner?: string;
  readonly ownerName?: string;
  readonly cpu?: string;
  readonly memory?: string;
}

export interface ClusterNode {
  readonly name: string;
  readonly ready: boolean;
  readonly unschedulable: boolean;
  readonly taints: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
  readonly capacity: Readonly<Record<string, string>>;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly requested?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly conditions?: readonly { readonly type: string; readonly status: string; readonly message?: string }[];
  readonly pods: readonly NodePod[];
}

export interface DrainResult {
  readonly node: string;
  readonly evicted: readonly string[];
  readonly skipped: readonly { readonly pod: string; readonly reason: string }[];
}

/** One Server-Sent Event of `/api/v1/stream`. */
export type StreamUpdate =
  | { readonly type: 'application'; readonly id?: string; readonly app: string; readonly status: AppStatusWire }
  | { readonly type: 'deleted'; readonly id?: string; readonly app: string }
  | { readonly type: 'event'; readonly id?: string; readonly app: string; readonly event: AppEvent }
  | { readonly type: 'reset'; readonly id?: string };
