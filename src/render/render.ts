/**
 * The render entry point: picks the renderer for a request (its `type`, the options given, or
 * the files of the directory) and dispatches through a table keyed by renderer type.
 */
import { FerryError, resolveTreePath, type FileTree } from '../core/index.ts';
import { checkNoDuplicates } from '../manifest/index.ts';
import { renderPlainDirectory } from './plain/index.ts';
import { renderHelm } from './helm/index.ts';
import { renderKustomize } from './kustomize/index.ts';
import type { RendererType, RenderRequest, RenderResult } from './types.ts';

/** One renderer: receives a request whose `path` is normalised and whose `type` is decided. */
export type Renderer = (request: RenderRequest & { readonly type: RendererType }) => RenderResult;

/** The placeholder of a renderer that is not built yet: refuses clearly. */
export function unavailableRenderer(type: RendererType): Renderer {
  return () => {
    throw new FerryError('RENDER_TYPE_UNSUPPORTED', `the ${type} renderer is not available yet`, { httpStatus: 501 });
  };
}

const renderPlain: Renderer = (request) => ({
  type: 'plain',
  objects: renderPlainDirectory(request.tree, request.path, request.directory),
});

/** Plugging in a renderer is one line here. */
export const RENDERERS: Readonly<Record<RendererType, Renderer>> = {
  plain: renderPlain,
  helm: (request) => renderHelm(request),
  kustomize: renderKustomize,
};

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function join(directory: string, file: string): string {
  return directory === '' ? file : `${directory}/${file}`;
}

/**
 * The renderer a directory calls for, from its files: a kustomization → kustomize, a
 * Chart.yaml → helm, else plain. A directory with both is Kustomize, as in Argo CD (whose
 * discovery walks Chart.yaml first and lets the kustomization overwrite it).
 */
export function detectRendererType(tree: FileTree, path: string): RendererType {
  const directory = resolveTreePath('', path);
  if (KUSTOMIZATION_FILES.some((file) => tree.hasFile(join(directory, file)))) return 'kustomize';
  if (tree.hasFile(join(directory, 'Chart.yaml'))) return 'helm';
  return 'plain';
}

/** True when an options block sets something: `{ recurse: false }` is as good as absent. */
function isSet(options: object | undefined): boolean {
  if (options === undefined) return false;
  return Object.values(options).some((value) => {
    if (value === undefined || value === null || value === false || value === '') return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === 'object') return Object.keys(value).length > 0;
    return true;
  });
}

/**
 * The renderer of a request, as Argo CD decides it: the options block that is set (directory,
 * helm or kustomize) names it explicitly; `type` must agree with it; without either, the
 * directory's files decide.
 */
export function resolveRendererType(request: RenderRequest): RendererType {
  const explicit = (
    [
      ['plain', request.directory],
      ['helm', request.helm],
      ['kustomize', request.kustomize],
    ] as const
  )
    .filter(([, options]) => isSet(options))
    .map(([type]) => type);
  if (explicit.length > 1) {
    throw new FerryError(
      'RENDER_OPTIONS_CONFLICT',
      `options for ${explicit.join(' and ')} are both given; an application has one renderer`,
      { httpStatus: 400 },
    );
  }
  const [fromOptions] = explicit;
  if (request.type !== undefined) {
    if (fromOptions !== undefined && fromOptions !== request.type) {
      throw new FerryError('RENDER_OPTIONS_CONFLICT', `the renderer is ${request.type} but ${fromOptions} options are given`, {
        httpStatus: 400,
      });
    }
    return request.type;
  }
  return fromOptions ?? detectRendererType(request.tree, request.path);
}

/**
 * Renders the objects of a request. Every renderer's output is checked for duplicate
 * resources here, so renderers need not.
 */
export function renderManifests(request: RenderRequest): RenderResult {
  const path = resolveTreePath('', request.path);
  const type = resolveRendererType({ ...request, path });
  const renderer = RENDERERS[type];
  if (!renderer) {
    throw new FerryError('RENDER_TYPE_UNSUPPORTED', `unknown renderer type ${String(type)}`, { httpStatus: 400 });
  }
  const result = renderer({ ...request, path, type });
  checkNoDuplicates(result.objects);
  return result;
}
