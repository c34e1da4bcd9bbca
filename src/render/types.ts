import type { FileTree, KubeObject } from '../core/index.ts';

export type RendererType = 'plain' | 'helm' | 'kustomize';

/** Where an object came from, for error messages and the UI. */
export interface ObjectOrigin {
  /** Path of the file inside the repository (or chart, for Helm). */
  readonly file: string;
  /** 0-based index of the YAML document within the file. */
  readonly document: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** 0-based index in the `items` of the List the object was flattened from, if any. */
  readonly item?: number;
}

export interface RenderedObject {
  readonly object: KubeObject;
  readonly origin: ObjectOrigin;
}

/** Argo CD's `spec.source.directory`. */
export interface DirectoryOptions {
  readonly recurse?: boolean;
  readonly include?: string;
  readonly exclude?: string;
}

export interface HelmParameter {
  readonly name: string;
  readonly value: string;
  readonly forceString?: boolean;
}

/** Argo CD's `spec.source.helm`, plus what `helm template` flags need. */
export interface HelmOptions {
  readonly releaseName?: string;
  readonly namespace?: string;
  /** Paths relative to the chart directory, inside the repository. */
  readonly valueFiles?: readonly string[];
  /** A YAML document of values. */
  readonly values?: string;
  readonly valuesObject?: Record<string, unknown>;
  /** `--set` (or `--set-string` with forceString). */
  readonly parameters?: readonly HelmParameter[];
  readonly setJson?: readonly string[];
  /** `--set-file name=path`, path relative to the chart directory, inside the repository. */
  readonly fileParameters?: readonly { readonly name: string; readonly path: string }[];
  readonly kubeVersion?: string;
  readonly apiVersions?: readonly string[];
  readonly includeCrds?: boolean;
  readonly skipCrds?: boolean;
  readonly skipTests?: boolean;
}

/** Argo CD's `spec.source.kustomize`. */
export interface KustomizeOptions {
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  readonly images?: readonly string[];
  readonly replicas?: readonly { readonly name: string; readonly count: number }[];
  readonly commonLabels?: Record<string, string>;
  readonly commonAnnotations?: Record<string, string>;
  readonly namespace?: string;
  readonly patches?: readonly Record<string, unknown>[];
  readonly components?: readonly string[];
  readonly loadRestrictor?: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
}

/**
 * One render: the repository tree, the application's directory in it, and the options of
 * the renderer. `type` absent means: detect (Chart.yaml → helm, kustomization → kustomize,
 * else plain).
 */
export interface RenderRequest {
  readonly tree: FileTree;
  readonly path: string;
  readonly type?: RendererType;
  readonly directory?: DirectoryOptions;
  readonly helm?: HelmOptions;
  readonly kustomize?: KustomizeOptions;
}

export interface RenderResult {
  readonly type: RendererType;
  readonly objects: readonly RenderedObject[];
}
