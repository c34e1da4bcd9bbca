import { describe, expect, it } from 'vitest';
import { isFerryError, MemoryFileTree } from '../core/index.ts';
import { detectRendererType, renderManifests, resolveRendererType, unavailableRenderer } from './render.ts';
import type { RenderRequest } from './types.ts';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

const tree = new MemoryFileTree({
  'plain/a.yaml': cm('a'),
  'plain/nested/Chart.yaml': 'name: nested',
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'chart/values.yaml': '',
  'kust-yaml/kustomization.yaml': 'resources: []\n',
  'kust-yml/kustomization.yml': 'resources: []\n',
  'kust-bare/Kustomization': 'resources: []\n',
  'both/Chart.yaml': 'name: x',
  'both/kustomization.yaml': 'resources: []\n',
  'dup/a.yaml': cm('same'),
  'dup/b.yaml': `${cm('other')}---\n${cm('same')}`,
});

function caught(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('detectRendererType', () => {
  it.each([
    ['plain', 'plain'],
    ['plain/', 'plain'],
    ['chart', 'helm'],
    ['./chart', 'helm'],
    ['kust-yaml', 'kustomize'],
    ['kust-yml', 'kustomize'],
    ['kust-bare', 'kustomize'],
    ['both', 'kustomize'],
    ['', 'plain'],
  ])('detects %j as %s', (path, type) => {
    expect(detectRendererType(tree, path)).toBe(type);
  });
});

describe('resolveRendererType', () => {
  const base: RenderRequest = { tree, path: 'kust-yaml' };

  it.each<[string, RenderRequest, string]>([
    ['the files decide without type or options', base, 'kustomize'],
    ['type wins over the files', { ...base, type: 'plain' }, 'plain'],
    ['a set options block names the renderer, as in Argo CD', { ...base, directory: { recurse: true } }, 'plain'],
    ['an options block that sets nothing does not', { ...base, directory: { recurse: false }, helm: { valueFiles: [] } }, 'kustomize'],
    ['helm options on a kustomization', { ...base, helm: { releaseName: 'x' } }, 'helm'],
  ])('%s', (_name, request, type) => {
    expect(resolveRendererType(request)).toBe(type);
  });

  it.each<[string, RenderRequest, string]>([
    ['two options blocks', { tree, path: 'plain', directory: { include: '*.yaml' }, kustomize: { namePrefix: 'x-' } }, 'options for plain and kustomize are both given; an application has one renderer'],
    ['a type that disagrees with the options', { tree, path: 'plain', type: 'helm', directory: { recurse: true } }, 'the renderer is helm but plain options are given'],
  ])('refuses %s', (_name, request, message) => {
    const error = caught(() => resolveRendererType(request));
    expect(isFerryError(error, 'RENDER_OPTIONS_CONFLICT')).toBe(true);
    expect(error.message).toBe(message);
  });
});

describe('renderManifests', () => {
  it('renders a plain directory', () => {
    const result = renderManifests({ tree, path: './plain/' });
    expect(result.type).toBe('plain');
    expect(result.objects.map(({ object, origin }) => [object.metadata.name, origin.file])).toEqual([['a', 'plain/a.yaml']]);
  });

  it('passes directory options to the plain renderer', () => {
    const result = renderManifests({ tree, path: 'dup', directory: { include: 'a.yaml' } });
    expect(result.objects).toHaveLength(1);
  });

  it('refuses two objects with the same key, naming both origins', () => {
    const error = caught(() => renderManifests({ tree, path: 'dup' }));
    expect(isFerryError(error, 'MANIFEST_DUPLICATE_OBJECT')).toBe(true);
    expect(error.message).toBe('ConfigMap/same is defined twice: at dup/a.yaml:1 and at dup/b.yaml:6');
  });

  it('refuses a path outside the tree', () => {
    expect(isFerryError(caught(() => renderManifests({ tree, path: '../x' })), 'PATH_OUTSIDE_TREE')).toBe(true);
  });
});

describe('unavailableRenderer', () => {
  it('refuses clearly, naming the renderer', () => {
    const error = caught(() => unavailableRenderer('helm')({ tree, path: 'chart', type: 'helm' }));
    expect(isFerryError(error, 'RENDER_TYPE_UNSUPPORTED')).toBe(true);
    expect(error.message).toBe('the helm renderer is not available yet');
  });
});
