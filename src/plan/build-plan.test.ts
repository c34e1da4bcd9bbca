import { describe, expect, it } from 'vitest';
import { resourceKeyOf, type KubeObject } from '../core/index.ts';
import { buildSyncPlan } from './build-plan.ts';
import { KIND_ORDER } from './kind-order.ts';
import type { PlanOptions, PlanResource } from './types.ts';

const options: PlanOptions = { revision: 'abcdef1234567890', startedAt: new Date('2026-01-01T00:00:00Z'), prune: true };

function object(kind: string, name: string, annotations: Record<string, string> = {}, apiVersion = 'v1', namespace = 'prod'): KubeObject {
  return { apiVersion, kind, metadata: { name, namespace, annotations } };
}

function missing(obj: KubeObject): PlanResource {
  return { key: resourceKeyOf(obj), desired: obj, status: 'Missing' };
}

function extra(obj: KubeObject): PlanResource {
  return { key: resourceKeyOf(obj), live: obj, status: 'Extra' };
}

function order(resources: PlanResource[], planOptions: PlanOptions = options): string[] {
  return buildSyncPlan(resources, planOptions).tasks.map((t) => `${t.phase}:${t.wave}:${t.action}:${t.key.kind}/${t.key.name}${t.skipReason ? ' (skipped)' : ''}`);
}

describe('buildSyncPlan', () => {
  it('orders by kind within a wave: namespaces and config before workloads, ingress last', () => {
    const resources = [
      missing(object('Ingress', 'web', {}, 'networking.k8s.io/v1')),
      missing(object('Deployment', 'web', {}, 'apps/v1')),
      missing(object('Service', 'web')),
      missing(object('ConfigMap', 'web')),
      missing(object('Widget', 'w', {}, 'example.com/v1')),
      missing(object('Namespace', 'prod', {}, 'v1', '')),
    ];
    expect(order(resources)).toEqual([
      'Sync:0:apply:Namespace/prod',
      'Sync:0:apply:ConfigMap/web',
      'Sync:0:apply:Service/web',
      'Sync:0:apply:Deployment/web',
      'Sync:0:apply:Ingress/web',
      'Sync:0:apply:Widget/w',
    ]);
  });

  it('orders by phase, then wave, with hooks named per sync', () => {
    const migrate: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'prod', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } } };
    const resources = [
      missing(object('Deployment', 'web', { 'argocd.argoproj.io/sync-wave': '1' }, 'apps/v1')),
      missing(object('Deployment', 'db', { 'argocd.argoproj.io/sync-wave': '-1' }, 'apps/v1')),
      missing(object('Job', 'smoke', { 'argocd.argoproj.io/hook': 'PostSync' }, 'batch/v1')),
      missing(migrate),
      missing(object('Job', 'notify', { 'helm.sh/hook': 'post-install,post-upgrade' }, 'batch/v1')),
    ];
    expect(order(resources)).toEqual([
      'PreSync:0:apply:Job/migrate-abcdef1-presync-1767225600',
      'Sync:-1:apply:Deployment/db',
      'Sync:1:apply:Deployment/web',
      'PostSync:0:apply:Job/notify',
      'PostSync:0:apply:Job/smoke',
    ]);
  });

  it('skips Skip hooks and Helm test hooks', () => {
    const resources = [missing(object('Pod', 'test', { 'helm.sh/hook': 'test' })), missing(object('ConfigMap', 'x', { 'argocd.argoproj.io/hook': 'Skip' }))];
    expect(order(resources)).toEqual([]);
  });

  it('gives hooks their delete policies, BeforeHookCreation by default', () => {
    const plan = buildSyncPlan(
      [missing(object('Job', 'a', { 'argocd.argoproj.io/hook': 'PreSync' }, 'batch/v1')), missing(object('Job', 'b', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-delete-policy': 'hook-succeeded,before-hook-creation' }, 'batch/v1'))],
      options,
    );
    expect(plan.tasks.map((t) => [t.key.name, t.hookDeletePolicies])).toEqual([
      ['a', ['BeforeHookCreation']],
      ['b', ['HookSucceeded', 'BeforeHookCreation']],
    ]);
  });

  it('prunes in reverse wave order, before applies of the same wave', () => {
    const resources = [
      extra(object('ConfigMap', 'old-a', { 'argocd.argoproj.io/sync-wave': '-2' })),
      extra(object('ConfigMap', 'old-b', { 'argocd.argoproj.io/sync-wave': '3' })),
      missing(object('ConfigMap', 'new', {})),
    ];
    expect(order(resources)).toEqual(['Sync:-2:prune:ConfigMap/old-b', 'Sync:0:apply:ConfigMap/new', 'Sync:3:prune:ConfigMap/old-a']);
  });

  it('prunes last when asked, and marks prunes that must not run', () => {
    const resources = [
      extra(object('ConfigMap', 'old', {})),
      extra(object('ConfigMap', 'keep', { 'argocd.argoproj.io/sync-options': 'Prune=false' })),
      missing(object('ConfigMap', 'new', { 'argocd.argoproj.io/sync-wave': '2' })),
    ];
    expect(order(resources, { ...options, pruneLast: true })).toEqual(['Sync:2:apply:ConfigMap/new', 'Sync:3:prune:ConfigMap/keep (skipped)', 'Sync:3:prune:ConfigMap/old']);
    expect(order([extra(object('ConfigMap', 'old', {}))], { ...options, prune: false })).toEqual(['Sync:0:prune:ConfigMap/old (skipped)']);
  });

  it('applies only out-of-sync resources when asked, hooks still run', () => {
    const resources: PlanResource[] = [
      { ...missing(object('ConfigMap', 'same')), status: 'Synced' },
      { ...missing(object('ConfigMap', 'changed')), status: 'OutOfSync' },
      missing(object('Job', 'hook', { 'argocd.argoproj.io/hook': 'PreSync' }, 'batch/v1')),
    ];
    expect(order(resources, { ...options, applyOutOfSyncOnly: true })).toEqual(['PreSync:0:apply:Job/hook', 'Sync:0:apply:ConfigMap/changed']);
  });

  it('syncs only the selected resources, without hooks', () => {
    const web = object('ConfigMap', 'web');
    const resources = [missing(web), missing(object('ConfigMap', 'db')), missing(object('Job', 'hook', { 'argocd.argoproj.io/hook': 'PreSync' }, 'batch/v1'))];
    expect(order(resources, { ...options, onlyResources: [resourceKeyOf(web)] })).toEqual(['Sync:0:apply:ConfigMap/web']);
  });

  it('moves a namespace and a CRD in front of the first thing that needs them', () => {
    const namespace = object('Namespace', 'team', { 'argocd.argoproj.io/sync-wave': '5' }, 'v1', '');
    const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com', annotations: { 'argocd.argoproj.io/sync-wave': '3' } }, spec: { group: 'example.com', names: { kind: 'Widget' } } };
    const resources = [
      missing(namespace),
      missing(crd),
      missing(object('Job', 'setup', { 'argocd.argoproj.io/hook': 'PreSync' }, 'batch/v1', 'team')),
      missing(object('Widget', 'w', {}, 'example.com/v1', 'other')),
    ];
    expect(order(resources)).toEqual([
      'PreSync:0:apply:Namespace/team',
      'PreSync:0:apply:Job/setup',
      'Sync:0:apply:CustomResourceDefinition/widgets.example.com',
      'Sync:0:apply:Widget/w',
    ]);
  });

  it('creates the destination namespace before anything when asked', () => {
    const plan = buildSyncPlan([missing(object('Job', 'h', { 'argocd.argoproj.io/hook': 'PreSync' }, 'batch/v1'))], { ...options, createNamespace: { name: 'prod', exists: false } });
    expect(plan.tasks.map((t) => `${t.action}:${t.key.name}`)).toEqual(['create-namespace:prod', 'apply:h']);
    expect(buildSyncPlan([], { ...options, createNamespace: { name: 'prod', exists: true } }).tasks).toEqual([]);
  });

  it('refuses a wave that is not an integer, naming the resource', () => {
    const plan = buildSyncPlan([missing(object('ConfigMap', 'c', { 'argocd.argoproj.io/sync-wave': 'soon' }))], options);
    expect(plan.errors).toEqual(['/ConfigMap/prod/c: sync wave "soon" is not an integer']);
  });

  it('keeps the kind order table as Helm and Argo CD have it', () => {
    expect(KIND_ORDER.slice(0, 3)).toEqual(['Namespace', 'NetworkPolicy', 'ResourceQuota']);
    expect(KIND_ORDER.indexOf('CustomResourceDefinition')).toBeLessThan(KIND_ORDER.indexOf('Deployment'));
    expect(KIND_ORDER[KIND_ORDER.length - 1]).toBe('APIService');
  });
});
