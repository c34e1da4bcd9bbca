import { describe, expect, it } from 'vitest';
import { MemoryFileTree } from '../../core/index.ts';
import { renderManifests } from '../index.ts';
import { parseImageOverride } from './kustomization.ts';
import { renderKustomize } from './render-kustomize.ts';

const tree = new MemoryFileTree({
  'apps/web/kustomization.yaml': 'namePrefix: base-\nimages:\n- name: nginx\n  newTag: "1.0"\nresources:\n- deploy.yaml\n',
  'apps/web/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
      - name: proxy
        image: envoy:1
`,
  'apps/comp/kustomization.yaml': 'kind: Component\ncommonAnnotations:\n  from-component: "yes"\n',
});

describe('renderKustomize with Argo CD overrides', () => {
  it('applies them as kustomize edit would, before building', () => {
    const result = renderKustomize({
      tree,
      path: 'apps/web',
      kustomize: {
        namePrefix: 'argo-',
        nameSuffix: '-v2',
        images: ['nginx:1.27', 'envoy=registry.local/envoy@sha256:abc'],
        replicas: [{ name: 'web', count: 3 }],
        commonLabels: { team: 'a' },
        commonAnnotations: { note: 'x' },
        namespace: 'prod',
        patches: [{ target: { kind: 'Deployment' }, patch: '- op: add\n  path: /spec/paused\n  value: true\n' }],
        components: ['../comp'],
      },
    });
    expect(result.type).toBe('kustomize');
    expect(result.objects).toHaveLength(1);
    const [{ object, origin }] = result.objects as [(typeof result.objects)[number]];
    expect(origin).toEqual({ file: 'apps/web/deploy.yaml', document: 0, line: 1 });
    expect(object.metadata).toEqual({
      name: 'argo-web-v2',
      namespace: 'prod',
      labels: { team: 'a' },
      annotations: { note: 'x', 'from-component': 'yes' },
    });
    const spec = object.spec as { replicas: number; paused: boolean; selector: unknown; template: { spec: { containers: { image: string }[] } } };
    expect(spec.replicas).toBe(3);
    expect(spec.paused).toBe(true);
    expect(spec.selector).toEqual({ matchLabels: { app: 'web', team: 'a' } });
    expect(spec.template.spec.containers.map((c) => c.image)).toEqual(['nginx:1.27', 'registry.local/envoy@sha256:abc']);
  });

  it('is what the render dispatcher uses for a directory with a kustomization', () => {
    const result = renderManifests({ tree, path: 'apps/web' });
    expect(result.type).toBe('kustomize');
    expect(result.objects.map((o) => o.object.metadata.name)).toEqual(['base-web']);
  });

  it.each([
    ['nginx:1.27', { name: 'nginx', newTag: '1.27' }],
    ['nginx@sha256:abc', { name: 'nginx', digest: 'sha256:abc' }],
    ['nginx=registry.local/nginx:2', { name: 'nginx', newName: 'registry.local/nginx', newTag: '2' }],
    ['registry.local:5000/team/app', { name: 'registry.local:5000/team/app' }],
    ['app=app:3', { name: 'app', newTag: '3' }],
  ])('reads the image override %j', (text, expected) => {
    expect(parseImageOverride(text)).toEqual(expected);
  });
});
