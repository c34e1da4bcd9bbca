/**
 * render/kustomize: kustomize v5 builds in TypeScript, pure over a FileTree, printing what
 * `kubectl kustomize` prints.
 */
export { renderKustomize } from './render-kustomize.ts';
export type { KustomizeBuildRequest, KustomizeBuildResult } from './build.ts';
export { buildKustomization } from './build.ts';
export { printKustomizeOutput } from './print.ts';
export type { LoadRestrictor } from './loader.ts';
export { KUSTOMIZATION_FILE_NAMES } from './loader.ts';
export { OUTSIDE_TREE } from './resource.ts';
export type { KustomizeOverrides } from './kustomization.ts';
export { parseYamlDocuments } from './yaml-read.ts';
export { writeKustomizeYaml } from './yaml-write.ts';
