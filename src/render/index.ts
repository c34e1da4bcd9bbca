/**
 * render: pure (request with a FileTree) -> objects. `plain/` reads manifest directories,
 * `helm/` renders charts, `kustomize/` builds kustomizations; `renderManifests` picks one.
 */
export type {
  RendererType,
  ObjectOrigin,
  RenderedObject,
  DirectoryOptions,
  HelmParameter,
  HelmOptions,
  KustomizeOptions,
  RenderRequest,
  RenderResult,
} from './types.ts';
export type { Renderer } from './render.ts';
export { renderManifests, detectRendererType, resolveRendererType, unavailableRenderer, RENDERERS } from './render.ts';
export { renderPlainDirectory, selectManifestFiles, compileGlob, matchGlob } from './plain/index.ts';
export type { GlobMatcher } from './plain/index.ts';
