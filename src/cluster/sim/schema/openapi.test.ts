import { describe, expect, it } from 'vitest';
import type { Loose } from './loose.ts';
import type { OpenApiResource } from './openapi.ts';
import { builtinSchemaFor, openApiV3Document, openApiV3Paths } from './openapi.ts';

const RESOURCES: OpenApiResource[] = [
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, subresources: [{ name: 'status' }, { name: 'scale' }] },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, subresources: [{ name: 'status' }] },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  {
    group: 'example.com',
    version: 'v1',
    kind: 'Widget',
    plural: 'widgets',
    namespaced: true,
    customSchema: { type: 'object', properties: { spec: { type: 'object', description: 'The widget.', properties: { size: { type: 'integer' } } } } },
  },
];

describe('openApiV3Paths', () => {
  it('lists one document per group-version with a content hash', () => {
    const index = openApiV3Paths(RESOURCES);
    expect(Object.keys(index.paths).sort()).toEqual(['api/v1', 'apis/apps/v1', 'apis/example.com/v1']);
    expect(index.paths['apis/apps/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    // The hash follows the content: a changed custom schema changes only its own document's.
    const changed = openApiV3Paths([...RESOURCES.slice(0, 3), { ...RESOURCES[3]!, customSchema: { type: 'object' } }]);
    expect(changed.paths['apis/apps/v1']).toEqual(index.paths['apis/apps/v1']);
    expect(changed.paths['apis/example.com/v1']).not.toEqual(index.paths['apis/example.com/v1']);
  });
});

describe('openApiV3Document', () => {
  const doc = openApiV3Document('apps/v1', RESOURCES) as Loose;
  const schemas = doc.components.schemas as Loose;

  it('has the PATCH operation kubectl looks for before server-side validation (k8s-api.md §4)', () => {
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(patch.parameters.some((p: Loose) => p.name === 'fieldValidation' && p.in === 'query')).toBe(true);
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    expect(doc.paths['/apis/apps/v1/deployments'].get.operationId).toBe('listAppsV1DeploymentForAllNamespaces');
  });

  it('carries the real schemas with descriptions and the GVK extension', () => {
    const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    const replicas = schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas;
    expect(replicas).toEqual({ description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.', type: 'integer', format: 'int32' });
    expect(schemas['io.k8s.api.apps.v1.DeploymentSpec'].required).toEqual(['selector', 'template']);
    expect(schemas['io.k8s.api.core.v1.PodSpec']).toBeDefined();
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Status']).toBeDefined();
  });

  it('carries the list and patch metadata server-side apply and strategic merge need', () => {
    const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
    expect(containers).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
    expect(schemas['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-list-map-keys']).toEqual(['containerPort', 'protocol']);
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']['x-kubernetes-map-type']).toBe('atomic');
    expect(schemas['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties).toEqual({ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' });
    expect(schemas['io.k8s.api.apps.v1.RollingUpdateDeployment'].properties.maxSurge.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }]);
  });

  it('includes only definitions reachable from its group-version', () => {
    expect(schemas['io.k8s.api.batch.v1.Job']).toBeUndefined();
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    for (const ref of refs) expect(schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
  });

  it('serves custom resources with their schema, without strategic merge', () => {
    const custom = openApiV3Document('example.com/v1', RESOURCES) as Loose;
    const widget = custom.components.schemas['com.example.v1.Widget'];
    expect(widget['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
    expect(widget.properties.spec.description).toBe('The widget.');
    expect(widget.properties.metadata.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    const patch = custom.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'].patch;
    expect(Object.keys(patch.requestBody.content)).not.toContain('application/strategic-merge-patch+json');
  });

  it('rejects an unknown group-version with a 404 error', () => {
    expect(() => openApiV3Document('nope/v1', RESOURCES)).toThrow(/openapi: no group-version nope\/v1/);
  });

  it('builtinSchemaFor finds a kind\'s schema', () => {
    expect(builtinSchemaFor('v1', 'Pod')?.name).toBe('io.k8s.api.core.v1.Pod');
    expect(builtinSchemaFor('example.com/v1', 'Widget')).toBeUndefined();
  });
});
