import type { KubeObject } from '../../core/index.ts';
import type { RenderRequest, RenderResult } from '../types.ts';
import { buildKustomization } from './build.ts';

/**
 * The kustomize renderer: builds the kustomization at `request.path`, with the Application's
 * `spec.source.kustomize` overrides applied to it first, as Argo CD's `kustomize edit` does.
 */
export function renderKustomize(request: RenderRequest): RenderResult {
  const options = request.kustomize ?? {};
  const result = buildKustomization({
    tree: request.tree,
    path: request.path,
    loadRestrictor: options.loadRestrictor,
    overrides: options,
    // Argo CD needs --enable-helm in its build options; Ferry renders local charts itself, so always.
    enableHelm: true,
  });
  return {
    type: 'kustomize',
    objects: result.objects.map(({ object, origin }) => ({ object: withoutBigInts(object) as KubeObject, origin })),
  };
}

/** Integers beyond 2^53 are BigInts inside a build (so they print exactly); the rest of Ferry takes plain JSON. */
function withoutBigInts(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(withoutBigInts);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBigInts(v)]));
  }
  return value;
}
