import type { KubeObject } from '../core/index.ts';

/**
 * Where an object was read: the same shape as render's `ObjectOrigin` (render/types.ts), so a
 * `ParsedObject` is a `RenderedObject`.
 */
export interface ManifestOrigin {
  /** Path of the file inside the repository (or chart, for Helm). */
  readonly file: string;
  /** 0-based index of the YAML document within the file (of the element, in a JSON array). */
  readonly document: number;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** 0-based index in the `items` of the List the object was flattened from, if any. */
  readonly item?: number;
}

export interface ParsedObject {
  readonly object: KubeObject;
  readonly origin: ManifestOrigin;
}

export interface ParseOptions {
  /** Largest file accepted, in bytes (DEFAULT_MAX_MANIFEST_BYTES). */
  readonly maxFileBytes?: number;
  /** Largest expanded size of a file's documents through aliases (DEFAULT_MAX_EXPANDED_SIZE). */
  readonly maxExpandedSize?: number;
}
