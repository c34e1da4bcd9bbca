import { describe, expect, it } from 'vitest';
import { parseRoute } from './route.ts';

describe('parseRoute', () => {
  it.each([
    ['/version', { kind: 'version' }],
    ['/healthz', { kind: 'health' }],
    ['/readyz/ping', { kind: 'health' }],
    ['/api', { kind: 'api-root' }],
    ['/apis', { kind: 'apis-root' }],
    ['/apis/apps', { kind: 'api-group', group: 'apps' }],
    ['/api/v1', { kind: 'group-version', group: '', version: 'v1' }],
    ['/apis/apps/v1', { kind: 'group-version', group: 'apps', version: 'v1' }],
    ['/openapi/v2', { kind: 'openapi-v2' }],
    ['/openapi/v3', { kind: 'openapi-v3-index' }],
    ['/openapi/v3/apis/apps/v1', { kind: 'openapi-v3-document', groupVersion: 'apis/apps/v1' }],
    ['/nope', { kind: 'unknown' }],
  ])('%s', (path, expected) => {
    expect(parseRoute(path)).toEqual(expected);
  });

  const resource = (group: string, version: string, plural: string, namespace?: string, name?: string, subresource?: string, watchPrefix = false) => ({
    kind: 'resource', group, version, plural, namespace, name, subresource, watchPrefix,
  });

  it.each([
    ['/api/v1/pods', resource('', 'v1', 'pods')],
    ['/api/v1/namespaces', resource('', 'v1', 'namespaces')],
    ['/api/v1/namespaces/x', resource('', 'v1', 'namespaces', undefined, 'x')],
    ['/api/v1/namespaces/x/status', resource('', 'v1', 'namespaces', undefined, 'x', 'status')],
    ['/api/v1/namespaces/x/finalize', resource('', 'v1', 'namespaces', undefined, 'x', 'finalize')],
    ['/api/v1/namespaces/x/pods', resource('', 'v1', 'pods', 'x')],
    ['/api/v1/namespaces/x/pods/p/log', resource('', 'v1', 'pods', 'x', 'p', 'log')],
    ['/apis/apps/v1/namespaces/x/deployments/d/scale', resource('apps', 'v1', 'deployments', 'x', 'd', 'scale')],
    ['/api/v1/watch/namespaces/x/pods', resource('', 'v1', 'pods', 'x', undefined, undefined, true)],
    ['/api/v1/nodes/node%2D1', resource('', 'v1', 'nodes', undefined, 'node-1')],
  ])('%s', (path, expected) => {
    expect(parseRoute(path)).toEqual(expected);
  });

  it('refuses paths with segments past a subresource', () => {
    expect(parseRoute('/api/v1/namespaces/x/pods/p/log/extra')).toEqual({ kind: 'unknown' });
  });
});
