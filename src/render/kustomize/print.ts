import { writeKustomizeYaml } from './yaml-write.ts';

/** The text `kubectl kustomize` prints for these objects: documents joined by `---`. */
export function printKustomizeOutput(objects: readonly unknown[]): string {
  return objects.map((object) => writeKustomizeYaml(object)).join('---\n');
}
