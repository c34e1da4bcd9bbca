import type { Operation } from 'fast-json-patch';

/**
 * Per resource: Synced (live equals Git), OutOfSync (it differs), Missing (declared, not live),
 * Extra (live and tracked by the application, no longer declared: a prune candidate).
 */
export type ResourceSyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra';

/** Argo CD's `spec.ignoreDifferences` entry. */
export interface IgnoreDifferencesRule {
  readonly group?: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly jsonPointers?: readonly string[];
  readonly managedFieldsManagers?: readonly string[];
}

export interface CompareOptions {
  /** The field manager Ferry applies with; its fields missing from Git are drift. @default 'ferry' */
  readonly fieldManager?: string;
  readonly ignoreDifferences?: readonly IgnoreDifferencesRule[];
  /** Namespace for desired objects that name none (the destination namespace). */
  readonly defaultNamespace?: string;
  /** False for cluster-scoped kinds. @default true */
  readonly namespaced?: boolean;
}

export interface FieldChange {
  /** JSON pointer into the object (`/spec/replicas`). */
  readonly path: string;
  readonly op: 'add' | 'remove' | 'replace';
  readonly live?: unknown;
  readonly desired?: unknown;
}

export interface ResourceDiff {
  readonly status: ResourceSyncStatus;
  readonly changes: readonly FieldChange[];
  /** JSON patch from the normalised live object to what a sync would make of it. */
  readonly patch: readonly Operation[];
  /** The normalised live object and its predicted state after a sync, Secret values masked. */
  readonly live?: Record<string, unknown>;
  readonly desired?: Record<string, unknown>;
  /** The same difference as a unified diff of YAML texts. */
  readonly unified: string;
}
