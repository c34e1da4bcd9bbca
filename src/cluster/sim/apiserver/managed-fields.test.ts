import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../core/index.ts';
import { statusOfClusterError } from '../../errors.ts';
import { builtinSchemaFor } from '../schema/openapi.ts';
import { fieldSetOf } from './field-set.ts';
import { applyConfig, encodeManagedFields, decodeManagedFields, recordUpdate } from './managed-fields.ts';
import { structureOf } from './structure.ts';

const schema = builtinSchemaFor('apps/v1', 'Deployment');
if (!schema) throw new Error('no Deployment schema');
const node = structureOf(schema.schema, schema.definitions, { freeFormObjects: true });
const options = { scope: 'main' as const, hasStatus: true, now: '2026-03-01T10:00:00Z' };

function deployment(replicas: number, image: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 80 }], ...extra }] },
      },
    },
  };
}

describe('fieldSetOf', () => {
  it('owns leaves, atomic maps, and list-map elements by their (defaulted) keys', () => {
    const set = fieldSetOf({ spec: (deployment(2, 'nginx').spec as object) }, node);
    expect(set.toJSON()).toEqual({
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    });
  });
});

describe('recordUpdate', () => {
  it('gives a new object to its creator, and a changed field to whoever changed it', () => {
    const created = deployment(2, 'nginx:1');
    created.metadata.managedFields = recordUpdate(undefined, created, { manager: 'creator', apiVersion: 'apps/v1' }, node, options);
    const scaled = { ...deployment(5, 'nginx:1'), metadata: { ...created.metadata } };
    const managers = recordUpdate(created, scaled, { manager: 'scaler', apiVersion: 'apps/v1' }, node, { ...options, now: '2026-03-01T11:00:00Z' });
    expect(managers.map((m) => [m.manager, m.operation, m.time])).toEqual([
      ['creator', 'Update', '2026-03-01T10:00:00Z'],
      ['scaler', 'Update', '2026-03-01T11:00:00Z'],
    ]);
    expect(managers[1]?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect((managers[0]?.fieldsV1 as { 'f:spec': Record<string, unknown> })['f:spec']['f:replicas']).toBeUndefined();
  });

  it('takes client-written managedFields as the starting point', () => {
    const live = deployment(2, 'nginx:1');
    live.metadata.managedFields = recordUpdate(undefined, live, { manager: 'old', apiVersion: 'apps/v1' }, node, options);
    const rewritten = { ...live, metadata: { ...live.metadata, managedFields: [{ manager: 'new', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }] } };
    const managers = recordUpdate(live, rewritten, { manager: 'kubectl', apiVersion: 'apps/v1' }, node, options);
    expect(managers.map((m) => m.manager)).toEqual(['new']);
  });
});

describe('applyConfig', () => {
  const base = (): KubeObject => {
    const live = deployment(2, 'nginx:1');
    live.metadata.managedFields = recordUpdate(undefined, live, { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1' }, node, options);
    return live;
  };

  it('reports each field another manager owns with a different value (409)', () => {
    let caught: unknown;
    try {
      applyConfig(base(), deployment(3, 'nginx:2'), { manager: 'kubectl', apiVersion: 'apps/v1' }, node, { ...options, force: false });
    } catch (error) {
      caught = error;
    }
    expect(statusOfClusterError(caught)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image',
      reason: 'Conflict',
      details: {
        causes: [
          { type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' },
          { type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.template.spec.containers[name="app"].image' },
        ],
      },
      code: 409,
    });
  });

  it('shares fields applied with the same value, and takes conflicting ones when forced', () => {
    const shared = applyConfig(base(), deployment(2, 'nginx:1'), { manager: 'kubectl', apiVersion: 'apps/v1' }, node, { ...options, force: false });
    expect(shared.managedFields.map((m) => `${m.manager}/${m.operation}`)).toEqual(['kubectl/Apply', 'kubectl-client-side-apply/Update']);
    const forced = applyConfig(base(), deployment(3, 'nginx:1'), { manager: 'kubectl', apiVersion: 'apps/v1' }, node, { ...options, force: true });
    expect((forced.object.spec as { replicas: number }).replicas).toBe(3);
    const previous = forced.managedFields.find((m) => m.manager === 'kubectl-client-side-apply')?.fieldsV1 as { 'f:spec': Record<string, unknown> };
    expect(previous['f:spec']['f:replicas']).toBeUndefined();
  });

  it('removes what the manager applied before and omits now, unless someone else owns it', () => {
    const first = applyConfig(undefined, deployment(2, 'nginx:1', { args: ['--a'] }), { manager: 'me', apiVersion: 'apps/v1' }, node, { ...options, force: false });
    const live = { ...first.object, metadata: { ...first.object.metadata, managedFields: first.managedFields } };
    const second = applyConfig(live, deployment(2, 'nginx:1'), { manager: 'me', apiVersion: 'apps/v1' }, node, { ...options, force: false });
    const container = (second.object.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0];
    expect(container?.args).toBeUndefined();
    const keptLive = { ...live, metadata: { ...live.metadata, managedFields: [...first.managedFields, ...recordUpdate(undefined, live, { manager: 'other', apiVersion: 'apps/v1' }, node, options)] } };
    const third = applyConfig(keptLive, deployment(2, 'nginx:1'), { manager: 'me', apiVersion: 'apps/v1' }, node, { ...options, force: false });
    expect((third.object.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]?.args).toEqual(['--a']);
  });
});

describe('encodeManagedFields', () => {
  it('orders entries as the server does: Apply first, then oldest, then by name', () => {
    const managers = decodeManagedFields([
      { manager: 'b', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:02Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:a': {} } },
      { manager: 'a', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:02Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:b': {} } },
      { manager: 'z', operation: 'Apply', apiVersion: 'v1', time: '2026-01-01T00:00:09Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:c': {} } },
      { manager: 'c', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:01Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:d': {} } },
      { manager: 'empty', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} },
    ]);
    expect(encodeManagedFields(managers).map((m) => m.manager)).toEqual(['z', 'c', 'a', 'b']);
  });
});
