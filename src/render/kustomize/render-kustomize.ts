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
  });
  return {
    type: 'kustomize',
    objects: result.objects.map(({ object, origin }) => ({ object: object as KubeObject, origin })),
  };
}
