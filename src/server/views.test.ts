import { describe, expect, it } from 'vitest';
import { maskSecret, operationState, redactManifest, redactURL } from './views.ts';

describe('views', () => {
  it.each([
    ['https://user:s3cret@git.example.com/a.git', 'https://user:***@git.example.com/a.git'],
    ['https://token@git.example.com/a.git', 'https://***@git.example.com/a.git'],
    ['https://git.example.com/a.git', 'https://git.example.com/a.git'],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
  ])('redacts %s', (url, expected) => {
    expect(redactURL(url)).toBe(expected);
  });

  it('masks repository credentials in a stored Application', () => {
    const manifest = { spec: { source: { repoURL: 'https://u:p@h/r.git' }, sources: [{ repoURL: 'https://u:q@h/s.git' }] } };
    expect(JSON.stringify(redactManifest(manifest))).not.toMatch(/:p@|:q@/);
    expect(manifest.spec.source.repoURL).toBe('https://u:p@h/r.git');
  });

  it('masks Secret values and drops their last-applied copy', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"a":"c2VjcmV0"}}', keep: 'me' } },
      data: { a: 'c2VjcmV0' },
      stringData: { b: 'plain' },
    };
    expect(maskSecret(secret)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { keep: 'me' } }, data: { a: '********' }, stringData: { b: '********' } });
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'visible' } };
    expect(maskSecret(configMap)).toBe(configMap);
  });

  it("speaks Argo CD's words for task results", () => {
    const state = operationState(
      {
        id: 1, phase: 'Failed', message: 'one failed', startedAt: 't0', finishedAt: 't1', initiator: 'automated', revision: 'abc', prune: true, dryRun: false, attempt: 2, stage: 'done',
        tasks: [
          { key: { group: 'apps', kind: 'Deployment', namespace: 'n', name: 'd' }, phase: 'Sync', wave: 0, action: 'apply', status: 'Succeeded', isHook: false },
          { key: { group: '', kind: 'ConfigMap', namespace: 'n', name: 'old' }, phase: 'Sync', wave: 0, action: 'prune', status: 'Succeeded', isHook: false },
          { key: { group: 'batch', kind: 'Job', namespace: 'n', name: 'migrate' }, phase: 'PreSync', wave: -1, action: 'apply', status: 'Failed', isHook: true, message: 'BackoffLimitExceeded' },
        ],
      },
      undefined,
    );
    expect(state).toMatchObject({ phase: 'Failed', retryCount: 1, operation: { initiatedBy: { automated: true }, sync: { revision: 'abc', prune: true } } });
    expect((state.syncResult as { resources: unknown[] }).resources).toEqual([
      { group: 'apps', kind: 'Deployment', namespace: 'n', name: 'd', status: 'Synced', message: '', syncPhase: 'Sync', wave: 0 },
      { group: '', kind: 'ConfigMap', namespace: 'n', name: 'old', status: 'Pruned', message: '', syncPhase: 'Sync', wave: 0 },
      { group: 'batch', kind: 'Job', namespace: 'n', name: 'migrate', status: 'SyncFailed', message: 'BackoffLimitExceeded', syncPhase: 'PreSync', hookPhase: 'Failed', hookType: 'PreSync', wave: -1 },
    ]);
  });
});
