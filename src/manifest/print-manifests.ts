import { dump } from 'js-yaml';
import type { KubeObject } from '../core/index.ts';
import { KUBE_YAML_SCHEMA } from './kube-yaml-schema.ts';

/**
 * Multi-document YAML, one `---` before each object, keys in their original order. Printed
 * with the schema manifests are read with, so strings that YAML 1.1 tools would read as
 * something else ("yes", "0644", "1_000") are quoted; no anchors, no line folding.
 */
export function printYamlDocuments(objects: readonly unknown[]): string {
  return objects
    .map(
      (object) =>
        `---\n${dump(object, {
          schema: KUBE_YAML_SCHEMA,
          noRefs: true,
          lineWidth: -1,
          noArrayIndent: true,
          quotingType: '"',
        })}`,
    )
    .join('');
}

/** A JSON array of the objects, two-space indented, with a final newline. */
export function printJsonArray(objects: readonly KubeObject[]): string {
  return `${JSON.stringify(objects, null, 2)}\n`;
}
