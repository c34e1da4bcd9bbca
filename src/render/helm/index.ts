/**
 * render/helm: Helm charts rendered natively, as `helm template` (v4) renders them. Pure: it
 * reads a FileTree. `gotemplate/` is Go's text/template; `functions/` Sprig and Helm's
 * functions; `chart/` loading, dependencies and schemas; `values/` coalescing and `--set`;
 * `yaml/` go-yaml compatible parsing and printing; `engine/` the render itself.
 * `testdata/differential/` holds charts that test/render/helm-differential.test.ts renders with
 * Ferry and with the real `helm template`, with the template snippets of
 * test/render/helm-differential-snippets.ts; the differences still known are written there.
 */
export { renderHelm, helmOptionValues, renderedObjects } from './render-helm.ts';
export type { HelmRenderContext } from './render-helm.ts';
export { renderChart, showOnly, chartDigest, clearChartCache } from './engine/render.ts';
export type { RenderChartOptions, RenderedChart, CrdFile } from './engine/render.ts';
export { mergeValueSources, MAX_VALUES_FILE_BYTES } from './engine/values-input.ts';
export type { ValueSources } from './engine/values-input.ts';
export type { Manifest, Hook } from './engine/manifests.ts';
export { createRuntime, seededRuntime, systemRuntime, helmFuncMap } from './functions/index.ts';
export type { HelmRuntime } from './functions/index.ts';
export { HELM_VERSION, DEFAULT_KUBE_VERSION, DEFAULT_API_VERSIONS } from './engine/objects.ts';
