import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, findBuiltinResource, groupVersionOf, qualifiedResourceName, resolveResourceName } from './resource-table.ts';

describe('BUILTIN_RESOURCES', () => {
  it('serves every group-version the embedded cluster promises', () => {
    const groupVersions = [...new Set(BUILTIN_RESOURCES.map(groupVersionOf))].sort();
    expect(groupVersions).toEqual([
      'apiextensions.k8s.io/v1', 'apps/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1', 'coordination.k8s.io/v1',
      'discovery.k8s.io/v1', 'events.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1', 'rbac.authorization.k8s.io/v1',
      'scheduling.k8s.io/v1', 'storage.k8s.io/v1', 'v1',
    ]);
  });

  it.each([
    // apiVersion, kind, plural, namespaced, short names, categories, subresources
    ['v1', 'Pod', 'pods', true, ['po'], ['all'], ['binding', 'eviction', 'log', 'status']],
    ['v1', 'Namespace', 'namespaces', false, ['ns'], [], ['finalize', 'status']],
    ['v1', 'Node', 'nodes', false, ['no'], [], ['status']],
    ['v1', 'Service', 'services', true, ['svc'], ['all'], ['status']],
    ['v1', 'ConfigMap', 'configmaps', true, ['cm'], [], []],
    ['v1', 'Secret', 'secrets', true, [], [], []],
    ['v1', 'ReplicationController', 'replicationcontrollers', true, ['rc'], ['all'], ['scale', 'status']],
    ['apps/v1', 'Deployment', 'deployments', true, ['deploy'], ['all'], ['scale', 'status']],
    ['apps/v1', 'StatefulSet', 'statefulsets', true, ['sts'], ['all'], ['scale', 'status']],
    ['apps/v1', 'DaemonSet', 'daemonsets', true, ['ds'], ['all'], ['status']],
    ['batch/v1', 'CronJob', 'cronjobs', true, ['cj'], ['all'], ['status']],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'], ['all'], ['status']],
    ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb'], [], ['status']],
    ['networking.k8s.io/v1', 'Ingress', 'ingresses', true, ['ing'], [], ['status']],
    ['storage.k8s.io/v1', 'StorageClass', 'storageclasses', false, ['sc'], [], []],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds'], ['api-extensions'], ['status']],
    ['scheduling.k8s.io/v1', 'PriorityClass', 'priorityclasses', false, ['pc'], [], []],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false, [], [], []],
  ])('%s %s is %s', (apiVersion, kind, plural, namespaced, shortNames, categories, subresources) => {
    const type = findBuiltinResource(apiVersion, kind);
    expect(type).toMatchObject({ plural, singular: kind.toLowerCase(), namespaced, shortNames, categories });
    expect(type?.subresources.map((s) => s.name)).toEqual(subresources);
  });

  it('describes scale and eviction with the kinds they take', () => {
    const deployment = findBuiltinResource('apps/v1', 'Deployment');
    expect(deployment?.subresources.find((s) => s.name === 'scale')).toEqual({
      name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'],
    });
    const pod = findBuiltinResource('v1', 'Pod');
    expect(pod?.subresources.find((s) => s.name === 'eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction' });
  });

  it('gives namespaces no deletecollection verb, as a real server does', () => {
    expect(findBuiltinResource('v1', 'Namespace')?.verbs).not.toContain('deletecollection');
    expect(findBuiltinResource('v1', 'ConfigMap')?.verbs).toContain('deletecollection');
  });

  it('has one row per group, version and kind, and one kind per plural in a group-version', () => {
    const gvks = BUILTIN_RESOURCES.map((t) => `${groupVersionOf(t)}/${t.kind}`);
    expect(new Set(gvks).size).toBe(gvks.length);
    const plurals = BUILTIN_RESOURCES.map((t) => `${groupVersionOf(t)}/${t.plural}`);
    expect(new Set(plurals).size).toBe(plurals.length);
  });
});

describe('resolveResourceName', () => {
  it.each([
    ['deploy', 'apps/v1 Deployment'],
    ['deployments.apps', 'apps/v1 Deployment'],
    ['Deployment', 'apps/v1 Deployment'],
    ['po', 'v1 Pod'],
    ['hpa', 'autoscaling/v2 HorizontalPodAutoscaler'],
    ['ev', 'v1 Event'],
    ['events.events.k8s.io', 'events.k8s.io/v1 Event'],
    ['crd', 'apiextensions.k8s.io/v1 CustomResourceDefinition'],
  ])('resolves %s to %s', (word, expected) => {
    const type = resolveResourceName(word);
    expect(type && `${groupVersionOf(type)} ${type.kind}`).toBe(expected);
  });

  it('finds nothing for an unknown word', () => {
    expect(resolveResourceName('widgets')).toBeUndefined();
  });

  it('qualifies names as error messages do', () => {
    expect(qualifiedResourceName({ group: 'apps', plural: 'deployments' })).toBe('deployments.apps');
    expect(qualifiedResourceName({ group: '', plural: 'pods' })).toBe('pods');
  });
});
