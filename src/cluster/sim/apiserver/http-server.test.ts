/* eslint-disable @typescript-eslint/no-explicit-any -- watch events are read loosely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../core/index.ts';
import { EmbeddedCluster } from '../embedded-cluster.ts';
import { AGGREGATED_V2_CONTENT_TYPE } from './discovery.ts';

let cluster: EmbeddedCluster;
let url: string;

beforeAll(async () => {
  cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'off' });
  ({ url } = await cluster.serve({ bookmarkIntervalMs: 100 }));
});

afterAll(async () => {
  await cluster?.close();
});

/** Reads a watch stream until `count` lines arrived (or 3 s), then drops the connection. */
async function watchLines(path: string, count: number, headers: Record<string, string> = {}, whileOpen?: () => Promise<void>): Promise<Record<string, any>[]> {
  const controller = new AbortController();
  const response = await fetch(url + path, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const lines: Record<string, any>[] = [];
  let buffer = '';
  const timer = setTimeout(() => controller.abort(), 3000);
  const pending = whileOpen?.();
  try {
    while (lines.length < count) {
      const chunk = await reader.read();
      if (chunk.done) break;
      buffer += new TextDecoder().decode(chunk.value);
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        lines.push(JSON.parse(buffer.slice(0, newline)) as Record<string, any>);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
  } catch {
    // aborted by the timer: return what arrived
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  await pending;
  return lines;
}

describe('SimApiServer discovery', () => {
  it('answers aggregated discovery with its content type, and legacy discovery otherwise', async () => {
    const aggregated = await fetch(`${url}/apis`, { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    expect(aggregated.headers.get('content-type')).toBe(AGGREGATED_V2_CONTENT_TYPE);
    const body = (await aggregated.json()) as { kind: string; items: { metadata: { name: string } }[] };
    expect(body.kind).toBe('APIGroupDiscoveryList');
    expect(body.items.map((i) => i.metadata.name)).toContain('apps');
    const legacy = await fetch(`${url}/apis`);
    expect(legacy.headers.get('content-type')).toBe('application/json');
    expect(((await legacy.json()) as { kind: string }).kind).toBe('APIGroupList');
    const core = (await (await fetch(`${url}/api/v1`)).json()) as { resources: { name: string; group?: string; version?: string; kind: string }[] };
    expect(core.resources.find((r) => r.name === 'pods/eviction')).toEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  });

  it('changes the OpenAPI document hash of a group-version when a CRD adds to it', async () => {
    const index = async () => ((await (await fetch(`${url}/openapi/v3`)).json()) as { paths: Record<string, { serverRelativeURL: string }> }).paths;
    const before = await index();
    expect(before['apis/apps/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    expect(before['apis/example.com/v1']).toBeUndefined();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'things', kind: 'Thing' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    };
    const created = await fetch(`${url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(crd) });
    expect(created.status).toBe(201);
    const after = await index();
    expect(after['apis/example.com/v1']?.serverRelativeURL).toMatch(/\?hash=/);
    expect(after['apis/apps/v1']).toEqual(before['apis/apps/v1']);
    const document = await fetch(url + (after['apis/example.com/v1']?.serverRelativeURL ?? ''));
    expect(document.headers.get('cache-control')).toBe('public, immutable');
    expect(Object.keys(((await document.json()) as { paths: Record<string, unknown> }).paths)).toContain('/apis/example.com/v1/namespaces/{namespace}/things/{name}');
  });
});

describe('SimApiServer watch streams', () => {
  it('sends Table events with the column definitions on the first one only', async () => {
    const lines = await watchLines('/api/v1/namespaces/default/configmaps?watch=true', 3, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' }, async () => {
      for (const name of ['t1', 't2', 't3']) {
        await fetch(`${url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }) });
      }
    });
    const names = lines.map((l) => l.object.rows[0].cells[0]);
    expect(names).toEqual(expect.arrayContaining(['t1', 't2', 't3']));
    expect(lines[0]?.object.kind).toBe('Table');
    expect(lines[0]?.object.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(lines.slice(1).every((l) => l.object.columnDefinitions === undefined)).toBe(true);
  });

  it('sends periodic bookmarks when asked for them', async () => {
    const lines = await watchLines(`/api/v1/namespaces/default/secrets?watch=true&allowWatchBookmarks=true&resourceVersion=${cluster.store.resourceVersion()}`, 2);
    expect(lines.map((l) => l.type)).toEqual(['BOOKMARK', 'BOOKMARK']);
    expect(lines[0]?.object).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { resourceVersion: cluster.store.resourceVersion(), creationTimestamp: null } });
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const response = await fetch(`${url}/api/v1/namespaces/default/secrets?watch=true&timeoutSeconds=1&resourceVersion=${cluster.store.resourceVersion()}`);
    expect(await response.text()).toBe('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
