import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import { parseDuration } from './field-reader.ts';
import { DEFAULT_RETRY, validateApplication } from './validate.ts';

const minimal = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'guestbook', namespace: 'argocd' },
  spec: {
    source: { repoURL: 'https://git.example.com/apps.git', path: 'guestbook' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
  },
};

function problemsOf(input: unknown): string[] {
  try {
    validateApplication(input);
  } catch (error) {
    if (isFerryError(error, 'APP_INVALID')) return (error.details?.problems as { field: string; message: string }[]).map((p) => p.field);
    throw error;
  }
  return [];
}

describe('validateApplication', () => {
  it('accepts an Argo CD Application unchanged and fills the defaults', () => {
    const app = validateApplication(minimal);
    expect(app.spec.source).toEqual({ repoURL: 'https://git.example.com/apps.git', targetRevision: 'HEAD', path: 'guestbook' });
    expect(app.spec.project).toBe('default');
    expect(app.spec.revisionHistoryLimit).toBe(10);
    expect(app.spec.syncPolicy).toEqual({ syncOptions: {}, retry: DEFAULT_RETRY });
  });

  it('accepts the ferry.dev group and a full sync policy', () => {
    const app = validateApplication({
      ...minimal,
      apiVersion: 'ferry.dev/v1alpha1',
      spec: {
        ...minimal.spec,
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'ServerSideApply=false'],
          retry: { limit: 3, backoff: { duration: '10s', factor: 3, maxDuration: '1h30m' } },
        },
        ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
      },
    });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
    expect(app.spec.syncPolicy.syncOptions).toEqual({ CreateNamespace: 'true', ServerSideApply: 'false' });
    expect(app.spec.syncPolicy.retry).toEqual({ limit: 3, backoff: { durationMs: 10_000, factor: 3, maxDurationMs: 5_400_000 } });
    expect(app.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'], managedFieldsManagers: [] }]);
  });

  it('treats automated.enabled=false as manual sync', () => {
    const app = validateApplication({ ...minimal, spec: { ...minimal.spec, syncPolicy: { automated: { enabled: false, prune: true } } } });
    expect(app.spec.syncPolicy.automated).toBeUndefined();
  });

  it('reads helm and kustomize options', () => {
    const helm = validateApplication({ ...minimal, spec: { ...minimal.spec, source: { ...minimal.spec.source, helm: { valueFiles: ['values-prod.yaml'], parameters: [{ name: 'image.tag', value: '1.2', forceString: true }], releaseName: 'gb' } } } });
    expect(helm.spec.source.helm).toMatchObject({ valueFiles: ['values-prod.yaml'], parameters: [{ name: 'image.tag', value: '1.2', forceString: true }], releaseName: 'gb' });
    const kustomize = validateApplication({ ...minimal, spec: { ...minimal.spec, source: { ...minimal.spec.source, kustomize: { namePrefix: 'prod-', images: ['nginx=nginx:1.27'], replicas: [{ name: 'web', count: '3' }] } } } });
    expect(kustomize.spec.source.kustomize).toMatchObject({ namePrefix: 'prod-', images: ['nginx=nginx:1.27'], replicas: [{ name: 'web', count: 3 }] });
  });

  it('lists every bad field at once', () => {
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'Bad/Name' },
      spec: {
        source: { path: '../outside', helm: {}, kustomize: {} },
        destination: { namespace: 'NOT OK' },
        syncPolicy: { automated: { prune: 'yes' }, syncOptions: ['Prune=false', 'Turbo=true'], retry: { backoff: { duration: 'soon' } } },
        ignoreDifferences: [{ jsonPointers: ['spec/replicas'], jqPathExpressions: ['.x'] }],
        revisionHistoryLimit: -1,
        bogus: true,
      },
    };
    expect(problemsOf(bad)).toEqual([
      'apiVersion',
      'kind',
      'metadata.name',
      'spec.bogus',
      'spec.source.repoURL',
      'spec.source.path',
      'spec.source',
      'spec.destination',
      'spec.destination.namespace',
      'spec.syncPolicy.automated.prune',
      'spec.syncPolicy.syncOptions[1]',
      'spec.syncPolicy.retry.backoff.duration',
      'spec.ignoreDifferences[0].jqPathExpressions',
      'spec.ignoreDifferences[0].kind',
      'spec.ignoreDifferences[0].jsonPointers[0]',
      'spec.revisionHistoryLimit',
    ]);
  });

  it.each(['a/b', '..', 'has space', 'UPPER', '-dash', 'x'.repeat(254)])('refuses the name %j', (name) => {
    expect(problemsOf({ ...minimal, metadata: { name } })).toEqual(['metadata.name']);
  });

  it('refuses what Ferry cannot do, saying so', () => {
    expect(problemsOf({ ...minimal, spec: { ...minimal.spec, source: { repoURL: 'https://charts.example.com', chart: 'redis' } } })).toEqual(['spec.source.chart']);
    expect(problemsOf({ ...minimal, spec: { ...minimal.spec, sources: [] } })).toEqual(['spec.sources']);
  });

  it('refuses something that is not an object at all', () => {
    expect(problemsOf('apiVersion: v1')).toEqual(['application', 'apiVersion', 'kind', 'metadata', 'metadata.name', 'spec', 'spec.source', 'spec.source.repoURL', 'spec.destination']);
  });
});

describe('parseDuration', () => {
  it.each([
    ['5s', 5000],
    ['3m', 180_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['90', 90_000],
    ['soon', undefined],
    ['', undefined],
  ])('%j is %s ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});
