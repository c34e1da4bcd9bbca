import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import yaml from 'js-yaml';
import { isFerryError, isPlainObject, messageOf, silentLogger, type KubeObject, type Logger } from '../../../core/index.ts';
import { makeStatus, statusOfClusterError, type KubeStatus } from '../../errors.ts';
import type { ServerVersion } from '../../types.ts';
import { openApiV3Document, openApiV3Paths, type OpenApiResource } from '../schema/openapi.ts';
import { tableFor, type PrinterColumn } from '../schema/tables/table.ts';
import type { StoreWatch, StoreWatchEvent } from '../store/index.ts';
import type { DeleteRequest, PatchType, RequestOptions, SimApi } from './api.ts';
import {
  aggregatedDiscovery,
  AGGREGATED_V2_CONTENT_TYPE,
  AGGREGATED_V2BETA1_CONTENT_TYPE,
  legacyApiGroup,
  legacyApiGroupList,
  legacyApiVersions,
  legacyResourceList,
} from './discovery.ts';
import type { ServedResource } from './registry.ts';
import { decodeProtobufObject } from './protobuf.ts';
import { parseRoute, type ResourceRoute } from './route.ts';

/**
 * The Kubernetes REST API over HTTP(S), on node:http for exact control of content types and of
 * streamed watch responses. Every request but `/version` and the health probes needs the bearer
 * token (when one is configured). Failures are `metav1.Status` bodies with the API server's
 * codes and reasons; nothing a client sends can take the server down.
 */

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export const SIM_SERVER_VERSION: ServerVersion = {
  major: '1',
  minor: '35',
  emulationMajor: '1',
  emulationMinor: '35',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '34',
  gitVersion: 'v1.35.0-ferry',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.25.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface ApiServerOptions {
  readonly api: SimApi;
  /** Bearer token every request must carry; undefined: no authentication (tests on loopback). */
  readonly token?: string;
  /** PEM key and certificate: serve HTTPS. */
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly host?: string;
  readonly port?: number;
  readonly logger?: Logger;
  /** How often an idle watch with bookmarks allowed gets one (default 60 s). */
  readonly bookmarkIntervalMs?: number;
}

class RequestFailure extends Error {
  readonly status: KubeStatus;
  constructor(status: KubeStatus) {
    super(status.message);
    this.status = status;
  }
}

function fail(code: number, message: string, reason?: string, details?: KubeStatus['details']): never {
  throw new RequestFailure(makeStatus(code, message, reason, details));
}

const NOT_FOUND_MESSAGE = 'the server could not find the requested resource';

const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.includes('as=Table') && part.includes('g=meta.k8s.io') && part.includes('v=v1'));
}

function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

export class SimApiServer {
  readonly api: SimApi;
  private readonly options: ApiServerOptions;
  private readonly logger: Logger;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<() => void>();
  private openApiCache: { generation: number; index: unknown; documents: Map<string, unknown> } | undefined;
  private address = '127.0.0.1:6443';

  constructor(options: ApiServerOptions) {
    this.api = options.api;
    this.options = options;
    this.logger = options.logger ?? silentLogger;
  }

  /** Starts listening; resolves to the server's URL. */
  async start(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const server = this.options.tls ? createHttpsServer({ key: this.options.tls.key, cert: this.options.tls.cert }, handler) : createHttpServer(handler);
    server.keepAliveTimeout = 65_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.address = `${host}:${address.port}`;
    return `${this.options.tls ? 'https' : 'http'}://${this.address}`;
  }

  get port(): number {
    return Number(this.address.split(':').pop());
  }

  async close(): Promise<void> {
    for (const stop of [...this.watches]) stop();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Handles one request (exposed for tests that drive the handler without a socket). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auditId = randomUUID();
    res.setHeader('Audit-Id', auditId);
    res.setHeader('Cache-Control', 'no-cache, private');
    const warnings: string[] = [];
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = parseRoute(url.pathname);
      if (route.kind !== 'version' && route.kind !== 'health') this.authenticate(req);
      await this.dispatch(req, res, url, route, warnings);
    } catch (error) {
      this.sendError(res, error, warnings);
    }
  }

  private authenticate(req: IncomingMessage): void {
    const token = this.options.token;
    if (token === undefined) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = Buffer.from(match?.[1]?.trim() ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) fail(401, 'Unauthorized', 'Unauthorized');
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, url: URL, route: ReturnType<typeof parseRoute>, warnings: string[]): Promise<void> {
    const method = req.method ?? 'GET';
    const accept = req.headers.accept;
    const registry = this.api.registry;
    switch (route.kind) {
      case 'version':
        return this.sendJson(res, 200, SIM_SERVER_VERSION);
      case 'health':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      case 'api-root':
      case 'apis-root': {
        const core = route.kind === 'api-root';
        const aggregated = this.aggregatedVersion(accept);
        if (aggregated) {
          const body = aggregatedDiscovery(registry.all(), core, aggregated);
          return this.sendJson(res, 200, body, aggregated === 'v2' ? AGGREGATED_V2_CONTENT_TYPE : AGGREGATED_V2BETA1_CONTENT_TYPE);
        }
        return this.sendJson(res, 200, core ? legacyApiVersions(this.address) : legacyApiGroupList(registry.all()));
      }
      case 'api-group': {
        const body = legacyApiGroup(registry.all(), route.group);
        if (!body) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
        return this.sendJson(res, 200, body);
      }
      case 'group-version': {
        const body = legacyResourceList(registry.all(), route.group, route.version);
        if (!body) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
        return this.sendJson(res, 200, body);
      }
      case 'openapi-v2':
        // kubectl reads v2 only for kinds v3 does not describe, and only as protobuf: an empty
        // Swagger 2.0 document (`swagger: "2.0"`) tells it there is no schema, so it leaves
        // unknown kinds to discovery ("no matches for kind") as a real server's v2 does.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30]));
        return;
      case 'openapi-v3-index':
        return this.sendJson(res, 200, this.openApi().index);
      case 'openapi-v3-document': {
        const document = this.openApiDocument(route.groupVersion);
        if (url.searchParams.has('hash')) {
          res.setHeader('Cache-Control', 'public, immutable');
          res.setHeader('Etag', `"${url.searchParams.get('hash')}"`);
        }
        return this.sendJson(res, 200, document);
      }
      case 'resource':
        return this.handleResource(req, res, url, route, method, warnings);
      case 'unknown':
        fail(404, NOT_FOUND_MESSAGE, 'NotFound');
    }
  }

  private aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
    const parts = (accept ?? '').split(',');
    const aggregated = parts.filter((p) => p.includes('as=APIGroupDiscoveryList') && p.includes('g=apidiscovery.k8s.io'));
    if (aggregated.some((p) => /v=v2(;|$|\s)/.test(p) || p.endsWith('v=v2'))) return 'v2';
    if (aggregated.some((p) => p.includes('v=v2beta1'))) return 'v2beta1';
    return undefined;
  }

  private openApi(): { index: unknown; documents: Map<string, unknown> } {
    const generation = this.api.registry.generation;
    if (!this.openApiCache || this.openApiCache.generation !== generation) {
      this.openApiCache = { generation, index: openApiV3Paths(this.openApiResources()), documents: new Map() };
    }
    return this.openApiCache;
  }

  private openApiResources(): OpenApiResource[] {
    return this.api.registry.all().map((r) => ({
      group: r.type.group,
      version: r.type.version,
      kind: r.type.kind,
      plural: r.type.plural,
      namespaced: r.type.namespaced,
      subresources: r.type.subresources.map((s) => ({ name: s.name })),
      ...(r.custom ? { customSchema: r.custom.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } : {}),
    }));
  }

  private openApiDocument(path: string): unknown {
    const cache = this.openApi();
    const groupVersion = path.startsWith('api/') ? path.slice(4) : path.startsWith('apis/') ? path.slice(5) : undefined;
    if (!groupVersion) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
    let document = cache.documents.get(groupVersion);
    if (!document) {
      try {
        document = openApiV3Document(groupVersion, this.openApiResources());
      } catch (error) {
        if (isFerryError(error) && error.httpStatus === 404) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
        throw error;
      }
      cache.documents.set(groupVersion, document);
    }
    return document;
  }

  // ------------------------------------------------------------------ resources

  private resolveResource(route: ResourceRoute): ServedResource {
    const resource = this.api.registry.find(route.group, route.version, route.plural);
    if (!resource) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
    if (route.namespace !== undefined && !resource.type.namespaced) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
    return resource;
  }

  private async handleResource(req: IncomingMessage, res: ServerResponse, url: URL, route: ResourceRoute, method: string, warnings: string[]): Promise<void> {
    const resource = this.resolveResource(route);
    const query = url.searchParams;
    const namespace = route.namespace ?? '';
    const accept = req.headers.accept;
    const options = this.requestOptions(req, query, warnings);
    const api = this.api;
    if (route.name === undefined) {
      // Collections: list, watch, create, deletecollection.
      if (route.subresource !== undefined) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
      if (method === 'GET') {
        if (route.watchPrefix || queryFlag(query, 'watch')) return this.serveWatch(req, res, resource, query, namespace, accept);
        const list = api.list(resource, {
          ...(route.namespace !== undefined ? { namespace } : {}),
          ...this.selectors(query),
          ...this.paging(query),
        });
        if (wantsTable(accept)) {
          const table = this.table(resource, list.items, query, list.resourceVersion) as Record<string, unknown>;
          const metadata = table.metadata as Record<string, unknown>;
          if (list.continue) metadata.continue = list.continue;
          if (list.remainingItemCount !== undefined) metadata.remainingItemCount = list.remainingItemCount;
          return this.sendJson(res, 200, table, undefined, warnings);
        }
        return this.sendJson(res, 200, this.listBody(resource, list.items, list), undefined, warnings);
      }
      if (method === 'POST') {
        if (route.namespace === undefined && resource.type.namespaced) fail(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed');
        const body = await this.readBody(req, resource);
        const created = api.create(resource, namespace, body, options);
        return this.sendJson(res, 201, created, undefined, warnings);
      }
      if (method === 'DELETE') {
        const body = await this.readOptionalBody(req);
        const deleteRequest = this.deleteRequest(query, body, options);
        const deleted = api.deleteCollection(resource, {
          ...(route.namespace !== undefined ? { namespace } : {}),
          ...this.selectors(query),
          ...deleteRequest,
        });
        return this.sendJson(res, 200, this.listBody(resource, deleted, { resourceVersion: api.store.resourceVersion() }), undefined, warnings);
      }
      fail(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed');
    }
    const name = route.name;
    if (route.subresource === undefined || route.subresource === 'status') {
      const scope = route.subresource === 'status' ? 'status' : 'main';
      if (scope === 'status' && !resource.hasStatus) fail(404, NOT_FOUND_MESSAGE, 'NotFound');
      switch (method) {
        case 'GET': {
          const object = api.get(resource, namespace, name);
          if (wantsTable(accept)) return this.sendJson(res, 200, this.table(resource, [object], query, undefined));
          return this.sendJson(res, 200, object);
        }
        case 'PUT': {
          const body = await this.readBody(req, resource);
          const updated = api.update(resource, namespace, name, body, { ...options, scope });
          return this.sendJson(res, 200, updated, undefined, warnings);
        }
        case 'PATCH': {
          const type = this.patchType(req, resource);
          const existed = api.store.get(resource.store.key, resource.type.namespaced ? namespace : '', name) !== undefined;
          const body = await this.readBody(req, resource, type);
          const patched = api.patch(resource, namespace, name, type, body, { ...options, scope, force: queryFlag(query, 'force') });
          return this.sendJson(res, existed ? 200 : 201, patched, undefined, warnings);
        }
        case 'DELETE': {
          if (scope === 'status') break;
          const body = await this.readOptionalBody(req);
          const result = api.delete(resource, namespace, name, this.deleteRequest(query, body, options));
          if (!result.deleted || resource.rules.returnDeletedObject) return this.sendJson(res, 200, result.object, undefined, warnings);
          return this.sendJson(res, 200, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: {
              name,
              ...(resource.type.group === '' ? {} : { group: resource.type.group }),
              kind: resource.type.plural,
              uid: result.object.metadata.uid,
            },
          }, undefined, warnings);
        }
      }
      fail(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed');
    }
    return this.handleSubresource(req, res, resource, route, namespace, name, method, options);
  }

  private async handleSubresource(
    req: IncomingMessage,
    res: ServerResponse,
    resource: ServedResource,
    route: ResourceRoute,
    namespace: string,
    name: string,
    method: string,
    options: RequestOptions,
  ): Promise<void> {
    const api = this.api;
    const sub = route.subresource;
    const isPod = resource.type.group === '' && resource.type.kind === 'Pod';
    if (sub === 'scale' && resource.hasScale) {
      if (method === 'GET') return this.sendJson(res, 200, api.getScale(resource, namespace, name));
      if (method === 'PUT') {
        const body = await this.readBody(req, undefined);
        return this.sendJson(res, 200, api.writeScale(resource, namespace, name, { type: 'update', body }, options));
      }
      if (method === 'PATCH') {
        const type = this.patchType(req, undefined);
        const body = await this.readBody(req, undefined, type);
        return this.sendJson(res, 200, api.writeScale(resource, namespace, name, { type, body }, options));
      }
    } else if (sub === 'eviction' && isPod) {
      if (method === 'POST') {
        const body = await this.readBody(req, undefined);
        api.evict(namespace, name, body, options);
        return this.sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      }
    } else if (sub === 'binding' && isPod) {
      if (method === 'POST') {
        const body = await this.readBody(req, undefined);
        api.bind(namespace, name, body);
        return this.sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      }
    } else if (sub === 'log' && isPod) {
      if (method === 'GET') return this.servePodLog(res, namespace, name, new URL(req.url ?? '/', 'http://x').searchParams);
    } else if (sub === 'finalize' && resource.type.group === '' && resource.type.kind === 'Namespace') {
      if (method === 'PUT') {
        const body = await this.readBody(req, undefined);
        return this.sendJson(res, 200, api.finalizeNamespace(name, body, options));
      }
    } else {
      fail(404, NOT_FOUND_MESSAGE, 'NotFound');
    }
    fail(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed');
  }

  private servePodLog(res: ServerResponse, namespace: string, name: string, query: URLSearchParams): void {
    const pod = this.api.get(this.api.requireBuiltin('v1', 'Pod'), namespace, name);
    const spec = isPlainObject(pod.spec) ? pod.spec : {};
    const containers = (Array.isArray(spec.containers) ? spec.containers : []).filter(isPlainObject).map((c) => String(c.name));
    let container = query.get('container') ?? undefined;
    if (!container) {
      if (containers.length !== 1) {
        fail(400, `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`, 'BadRequest');
      }
      container = containers[0] as string;
    } else if (!containers.includes(container)) {
      fail(400, `container ${container} is not valid for pod ${name}`, 'BadRequest');
    }
    const status = isPlainObject(pod.status) ? pod.status : {};
    const statuses = (Array.isArray(status.containerStatuses) ? status.containerStatuses : []).filter(isPlainObject);
    const own = statuses.find((s) => s.name === container);
    const state = own && isPlainObject(own.state) ? own.state : {};
    if (!own || isPlainObject(state.waiting) || !spec.nodeName) {
      const reason = isPlainObject(state.waiting) && typeof state.waiting.reason === 'string' ? state.waiting.reason : 'ContainerCreating';
      fail(400, `container "${container}" in pod "${name}" is waiting to start: ${reason}`, 'BadRequest');
    }
    const annotations = pod.metadata.annotations ?? {};
    const text = annotations['sim.ferry.dev/log'] ?? '';
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(text);
  }

  // ------------------------------------------------------------------ watch

  private serveWatch(req: IncomingMessage, res: ServerResponse, resource: ServedResource, query: URLSearchParams, namespace: string, accept: string | undefined): void {
    const sendInitialEvents = queryFlag(query, 'sendInitialEvents');
    const allowBookmarks = queryFlag(query, 'allowWatchBookmarks');
    const rvMatch = query.get('resourceVersionMatch') ?? undefined;
    if (sendInitialEvents && rvMatch !== 'NotOlderThan') {
      fail(422, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan', 'Invalid', {
        kind: 'ListOptions',
        group: 'meta.k8s.io',
        causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan', field: 'resourceVersionMatch' }],
      });
    }
    if (sendInitialEvents && !allowBookmarks) {
      fail(422, 'ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true', 'Invalid', {
        kind: 'ListOptions',
        group: 'meta.k8s.io',
        causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true', field: 'allowWatchBookmarks' }],
      });
    }
    const table = wantsTable(accept);
    const selectors = this.selectors(query);
    const timeoutText = query.get('timeoutSeconds');
    const timeoutSeconds = timeoutText !== null && /^\d+$/.test(timeoutText) ? Number(timeoutText) : 1800 + Math.floor(Math.random() * 1800);
    let first = true;
    const encode = (event: StoreWatchEvent): string => {
      let object: unknown = event.object;
      if (table && event.type !== 'BOOKMARK') {
        const t = this.table(resource, [event.object], query, event.object.metadata.resourceVersion) as Record<string, unknown>;
        if (!first) delete t.columnDefinitions;
        first = false;
        object = t;
      }
      return `${JSON.stringify({ type: event.type, object })}\n`;
    };
    const buffered: string[] = [];
    let live = false;
    let watch: StoreWatch;
    let failed = false;
    const listener = (event: StoreWatchEvent): void => {
      let line: string;
      try {
        line = encode(event);
      } catch (error) {
        // An event that cannot be encoded ends the stream (the client re-watches) rather than
        // leaving it silently open.
        this.logger.warn({ err: messageOf(error) }, 'sim apiserver: watch event could not be encoded');
        failed = true;
        if (live && !res.writableEnded) res.end();
        return;
      }
      if (live) res.write(line);
      else buffered.push(line);
    };
    try {
      watch = this.api.watch(resource, {
        ...(namespace !== '' ? { namespace } : {}),
        ...selectors,
        ...(query.get('resourceVersion') !== null ? { resourceVersion: query.get('resourceVersion') as string } : {}),
        sendInitialEvents,
        allowBookmarks,
      }, listener);
    } catch (error) {
      const status = statusOfClusterError(error);
      if (status?.code !== 410) throw error;
      // An expired resourceVersion is reported in the stream, as the watch cache does.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    for (const line of buffered) res.write(line);
    live = true;
    if (failed) {
      watch.stop();
      res.end();
      return;
    }
    const interval = this.options.bookmarkIntervalMs ?? 60_000;
    const bookmarks = allowBookmarks ? setInterval(() => watch.bookmark(), interval) : undefined;
    const stop = (): void => {
      watch.stop();
      clearTimeout(timer);
      if (bookmarks) clearInterval(bookmarks);
      this.watches.delete(stop);
      if (!res.writableEnded) res.end();
    };
    const timer = setTimeout(() => {
      if (allowBookmarks) watch.bookmark();
      stop();
    }, timeoutSeconds * 1000);
    this.watches.add(stop);
    req.on('close', stop);
    res.on('close', stop);
  }

  // ------------------------------------------------------------------ helpers

  private table(resource: ServedResource, items: readonly KubeObject[], query: URLSearchParams, resourceVersion: string | undefined): unknown {
    const include = query.get('includeObject');
    return tableFor({ group: resource.type.group, kind: resource.type.kind }, items, this.api.clock.now(), {
      includeObject: include === 'None' || include === 'Object' ? include : 'Metadata',
      ...(resource.custom ? { printerColumns: resource.custom.printerColumns as unknown as PrinterColumn[] } : {}),
      ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    });
  }

  private listBody(resource: ServedResource, items: readonly KubeObject[], list: { resourceVersion: string; continue?: string; remainingItemCount?: number }): unknown {
    // Built-in lists omit each item's kind and apiVersion, as a real server's do.
    const bare = resource.custom
      ? items
      : items.map((item) => {
          const { apiVersion: _a, kind: _k, ...rest } = item;
          return rest;
        });
    return {
      kind: `${resource.type.kind}List`,
      apiVersion: resource.apiVersion,
      metadata: {
        resourceVersion: list.resourceVersion,
        ...(list.continue ? { continue: list.continue } : {}),
        ...(list.remainingItemCount !== undefined ? { remainingItemCount: list.remainingItemCount } : {}),
      },
      items: bare,
    };
  }

  private selectors(query: URLSearchParams): { labelSelector?: string; fieldSelector?: string } {
    const labelSelector = query.get('labelSelector');
    const fieldSelector = query.get('fieldSelector');
    return {
      ...(labelSelector ? { labelSelector } : {}),
      ...(fieldSelector ? { fieldSelector } : {}),
    };
  }

  private paging(query: URLSearchParams): { limit?: number; continue?: string } {
    const limitText = query.get('limit');
    const token = query.get('continue');
    let limit: number | undefined;
    if (limitText !== null && limitText !== '') {
      limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 0) fail(400, `limit: Invalid value: "${limitText}": must be a non-negative integer`, 'BadRequest');
    }
    return { ...(limit ? { limit } : {}), ...(token ? { continue: token } : {}) };
  }

  private requestOptions(req: IncomingMessage, query: URLSearchParams, warnings: string[]): RequestOptions {
    const dryRun = query.getAll('dryRun');
    for (const value of dryRun) {
      if (value !== 'All') {
        fail(400, `Invalid dry run value: "${value}": supported values: "All"`, 'BadRequest');
      }
    }
    const validation = query.get('fieldValidation');
    if (validation !== null && !['Strict', 'Warn', 'Ignore'].includes(validation)) {
      fail(400, `fieldValidation must be one of "Ignore", "Warn", or "Strict", got: ${validation}`, 'BadRequest');
    }
    const fieldManager = query.get('fieldManager');
    if (fieldManager !== null && fieldManager.length > 128) {
      fail(422, `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes`, 'Invalid');
    }
    return {
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
      ...(fieldManager ? { fieldManager } : {}),
      dryRun: dryRun.length > 0,
      ...(validation ? { fieldValidation: validation as RequestOptions['fieldValidation'] } : {}),
      warnings,
    };
  }

  private deleteRequest(query: URLSearchParams, body: unknown, options: RequestOptions): DeleteRequest {
    const fromBody = isPlainObject(body) ? body : {};
    const policy = query.get('propagationPolicy') ?? (typeof fromBody.propagationPolicy === 'string' ? fromBody.propagationPolicy : undefined);
    const graceText = query.get('gracePeriodSeconds');
    const grace = graceText !== null ? Number(graceText) : typeof fromBody.gracePeriodSeconds === 'number' ? fromBody.gracePeriodSeconds : undefined;
    const orphanText = query.get('orphanDependents');
    const orphan = orphanText !== null ? orphanText === 'true' : typeof fromBody.orphanDependents === 'boolean' ? fromBody.orphanDependents : undefined;
    const bodyDryRun = Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All');
    return {
      ...options,
      dryRun: options.dryRun === true || bodyDryRun,
      ...(policy ? { propagationPolicy: policy as DeleteRequest['propagationPolicy'] } : {}),
      ...(grace !== undefined && Number.isFinite(grace) ? { gracePeriodSeconds: grace } : {}),
      ...(orphan !== undefined ? { orphanDependents: orphan } : {}),
      ...(isPlainObject(fromBody.preconditions) ? { preconditions: fromBody.preconditions as DeleteRequest['preconditions'] } : {}),
    };
  }

  private patchType(req: IncomingMessage, resource: ServedResource | undefined): PatchType {
    const type = PATCH_TYPES[mediaType(req.headers['content-type'])];
    const custom = resource?.custom !== undefined;
    if (!type || (custom && type === 'strategic')) {
      const accepted = custom
        ? 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml'
        : 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json';
      fail(415, `the body of the request was in an unknown format - accepted media types include: ${accepted}`, 'UnsupportedMediaType');
    }
    return type;
  }

  private async readRaw(req: IncomingMessage): Promise<Buffer> {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      fail(413, `Request entity too large: limit is ${MAX_BODY_BYTES}`, 'RequestEntityTooLarge');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        req.resume();
        fail(413, `Request entity too large: limit is ${MAX_BODY_BYTES}`, 'RequestEntityTooLarge');
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private async readOptionalBody(req: IncomingMessage): Promise<unknown> {
    const raw = await this.readRaw(req);
    if (raw.length === 0) return undefined;
    return this.decode(raw, mediaType(req.headers['content-type']) || 'application/json', undefined);
  }

  /** Reads and decodes a request body by its Content-Type (JSON, YAML; patches as their type says). */
  private async readBody(req: IncomingMessage, resource: ServedResource | undefined, patch?: PatchType): Promise<unknown> {
    const type = mediaType(req.headers['content-type']);
    const protobuf = type === 'application/vnd.kubernetes.protobuf';
    if (!patch && !protobuf && type !== '' && type !== 'application/json' && type !== 'application/yaml') {
      req.resume();
      fail(415, `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`, 'UnsupportedMediaType');
    }
    const raw = await this.readRaw(req);
    if (raw.length === 0) fail(400, 'the body of the request was empty', 'BadRequest');
    if (protobuf && !patch) return decodeProtobufObject(raw);
    return this.decode(raw, patch ? (patch === 'apply' ? 'application/apply-patch+yaml' : 'application/json') : type || 'application/json', resource);
  }

  private decode(raw: Buffer, type: string, resource: ServedResource | undefined): unknown {
    const text = raw.toString('utf8');
    if (type === 'application/yaml' || type === 'application/apply-patch+yaml') {
      try {
        return yaml.load(text, { schema: yaml.CORE_SCHEMA });
      } catch (error) {
        fail(400, `error converting YAML to JSON: yaml: ${messageOf(error).split('\n')[0]}`, 'BadRequest');
      }
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      const what = resource ? `couldn't get version/kind; json parse error` : 'error decoding body';
      fail(400, `${what}: ${messageOf(error)}`, 'BadRequest');
    }
  }

  private sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', warnings: readonly string[] = []): void {
    const text = JSON.stringify(body);
    if (warnings.length > 0) res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
    res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private sendError(res: ServerResponse, error: unknown, warnings: readonly string[]): void {
    let status: KubeStatus | undefined;
    if (error instanceof RequestFailure) status = error.status;
    else status = statusOfClusterError(error) ?? (isFerryError(error) ? makeStatus(error.httpStatus, error.message) : undefined);
    if (!status) {
      this.logger.error({ err: messageOf(error) }, 'sim apiserver: internal error');
      status = makeStatus(500, `Internal error occurred: ${messageOf(error)}`, 'InternalError');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (status.code === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    this.sendJson(res, status.code, status, 'application/json', warnings);
  }
}

