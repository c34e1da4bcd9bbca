/**
 * The Application resource: Argo CD's `argoproj.io/v1alpha1` schema, accepted unchanged, and
 * the same schema under Ferry's own `ferry.dev/v1alpha1`. These are the validated, defaulted
 * shapes the rest of Ferry works with.
 */
import type { IgnoreDifferencesRule } from '../diff/index.ts';
import type { DirectoryOptions, HelmOptions, KustomizeOptions } from '../render/types.ts';

export const APPLICATION_API_VERSIONS = ['argoproj.io/v1alpha1', 'ferry.dev/v1alpha1'] as const;
export type ApplicationApiVersion = (typeof APPLICATION_API_VERSIONS)[number];

export interface ApplicationSource {
  readonly repoURL: string;
  /** Branch, tag, commit SHA or HEAD. @default 'HEAD' */
  readonly targetRevision: string;
  /** Directory in the repository. @default '' (the root) */
  readonly path: string;
  readonly directory?: DirectoryOptions;
  readonly helm?: HelmOptions & { readonly ignoreMissingValueFiles?: boolean };
  readonly kustomize?: KustomizeOptions;
}

export interface ApplicationDestination {
  /** API server URL; `https://kubernetes.default.svc` is the cluster Ferry runs in (or the embedded one). */
  readonly server?: string;
  /** Or a cluster by name (a kubeconfig context, or `in-cluster`). */
  readonly name?: string;
  readonly namespace: string;
}

export interface RetryStrategy {
  /** Attempts after the first; a negative limit retries forever. @default 5 */
  readonly limit: number;
  readonly backoff: {
    /** @default 5000 */
    readonly durationMs: number;
    /** @default 2 */
    readonly factor: number;
    /** @default 180000 */
    readonly maxDurationMs: number;
  };
}

export interface SyncPolicy {
  readonly automated?: {
    readonly prune: boolean;
    readonly selfHeal: boolean;
    readonly allowEmpty: boolean;
  };
  /** `Name=value` options, parsed: `{ CreateNamespace: 'true' }`. */
  readonly syncOptions: Readonly<Record<string, string>>;
  readonly retry: RetryStrategy;
}

export interface ApplicationSpec {
  readonly source: ApplicationSource;
  readonly destination: ApplicationDestination;
  /** @default 'default' */
  readonly project: string;
  readonly syncPolicy: SyncPolicy;
  readonly ignoreDifferences: readonly IgnoreDifferencesRule[];
  /** @default 10 */
  readonly revisionHistoryLimit: number;
}

export interface Application {
  readonly apiVersion: ApplicationApiVersion;
  readonly kind: 'Application';
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: ApplicationSpec;
}

/** One problem with one field: all of them are reported together. */
export interface FieldProblem {
  /** Dotted path (`spec.source.repoURL`, `spec.ignoreDifferences[1].kind`). */
  readonly field: string;
  readonly message: string;
}
