import { describe, expect, it } from 'vitest';
import { validateApplication } from '../../application/index.ts';
import type { PushEvent } from './push-event.ts';
import { pushConcerns, repoIdentity, revisionMatches, touchesPaths, watchedPaths } from './repo-match.ts';

function app(source: Record<string, unknown>, annotations?: Record<string, string>) {
  return validateApplication({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', ...(annotations && { annotations }) },
    spec: { source: { repoURL: 'https://github.com/Org/Repo.git', ...source }, destination: { server: 'https://kubernetes.default.svc', namespace: 'web' } },
  });
}

function push(overrides: Partial<PushEvent> = {}): PushEvent {
  return { provider: 'github', event: 'push', isPush: true, repoURLs: ['https://github.com/Org/Repo'], refs: [{ type: 'branch', name: 'main' }], defaultBranch: 'main', ...overrides };
}

describe('repoIdentity', () => {
  it.each([
    'https://github.com/Org/Repo',
    'https://github.com/Org/Repo.git',
    'https://GitHub.com/Org/Repo/',
    'http://github.com:80/Org/Repo.git/',
    'https://user:secret@github.com/Org/Repo.git',
    'git@github.com:Org/Repo.git',
    'ssh://git@github.com/Org/Repo.git',
  ])('reads %s as github.com/Org/Repo', (url) => {
    expect(repoIdentity(url)).toBe('github.com/Org/Repo');
  });

  it.each([
    ['another path case', 'https://github.com/org/repo'],
    ['another port', 'https://github.com:8443/Org/Repo'],
    ['another host', 'https://gitlab.com/Org/Repo'],
  ])('tells %s apart', (_name, url) => {
    expect(repoIdentity(url)).not.toBe('github.com/Org/Repo');
  });

  it('keeps local repositories apart from remote ones', () => {
    expect(repoIdentity('file:///srv/repos/demo.git')).toBe('file:///srv/repos/demo');
    expect(repoIdentity('/srv/repos/demo/')).toBe('file:///srv/repos/demo');
    expect(repoIdentity('not a url')).toBeUndefined();
  });
});

describe('revisionMatches', () => {
  it.each([
    ['HEAD', push(), true],
    ['', push(), true],
    ['HEAD', push({ refs: [{ type: 'branch', name: 'dev' }] }), false],
    ['HEAD', push({ refs: [{ type: 'branch', name: 'dev' }], defaultBranch: undefined }), true],
    ['HEAD', push({ refs: [{ type: 'tag', name: 'v1' }] }), false],
    ['main', push(), true],
    ['refs/heads/main', push(), true],
    ['dev', push(), false],
    ['v1.2.0', push({ refs: [{ type: 'tag', name: 'v1.2.0' }] }), true],
    ['refs/tags/v1.2.0', push({ refs: [{ type: 'tag', name: 'v1.2.0' }] }), true],
    ['abc1234', push({ after: 'abc1234def' + '0'.repeat(30) }), true],
    ['abc1235', push({ after: 'abc1234def' + '0'.repeat(30) }), false],
  ])('target %j against %j: %s', (target, event, expected) => {
    expect(revisionMatches(target, event)).toBe(expected);
  });
});

describe('paths', () => {
  it.each([
    ['the app path', app({ path: 'apps/web' }), ['apps/web']],
    ['the root', app({ path: '.' }), ['']],
    ['annotated paths, relative, absolute and `.`', app({ path: 'apps/web' }, { 'argocd.argoproj.io/manifest-generate-paths': '.;../common;/shared/*.yaml' }), ['apps/web', 'apps/common', 'shared/*.yaml']],
    ['Helm value files', app({ path: 'charts/web', helm: { valueFiles: ['values.yaml', '../../envs/prod.yaml', 'https://example.com/v.yaml'] } }), ['charts/web', 'charts/web/values.yaml', 'envs/prod.yaml']],
  ])('watches %s', (_name, application, expected) => {
    expect(watchedPaths(application)).toEqual(expected);
  });

  it.each([
    [['apps/web/deploy.yaml'], ['apps/web'], true],
    [['apps/webby/deploy.yaml'], ['apps/web'], false],
    [['README.md'], [''], true],
    [['shared/a.yaml'], ['shared/*.yaml'], true],
    [['shared/sub/a.yaml'], ['shared/*.yaml'], false],
    [['shared/sub/a.yaml'], ['shared/**'], true],
  ])('%j touches %j: %s', (files, paths, expected) => {
    expect(touchesPaths(files, paths)).toBe(expected);
  });
});

describe('pushConcerns', () => {
  const web = app({ path: 'apps/web', targetRevision: 'main' });
  it.each([
    ['a push to its path', push({ changedFiles: ['apps/web/a.yaml'] }), true],
    ['a push elsewhere in the repository', push({ changedFiles: ['apps/api/a.yaml'] }), false],
    ['a push without a file list', push(), true],
    ['a push to another repository', push({ repoURLs: ['https://github.com/Org/Other'] }), false],
    ['a push to another branch', push({ refs: [{ type: 'branch', name: 'dev' }] }), false],
  ])('%s: %s', (_name, event, expected) => {
    expect(pushConcerns(web, event)).toBe(expected);
  });

  it('refreshes a Kustomize application on any change unless annotated, since bases may live elsewhere', () => {
    const elsewhere = push({ changedFiles: ['bases/web/deploy.yaml'] });
    expect(pushConcerns(web, elsewhere, true)).toBe(true);
    const annotated = app({ path: 'apps/web', targetRevision: 'main' }, { 'ferry.dev/manifest-generate-paths': '.' });
    expect(pushConcerns(annotated, elsewhere, true)).toBe(false);
  });
});
