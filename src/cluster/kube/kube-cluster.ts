import { HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { FerryError, isPlainObject, messageOf, type KubeObject } from '../../core/index.ts';
import { clusterErrorFromStatus, isKubeStatus, makeStatus, reasonForCode } from '../errors.ts';
import { groupVersionOf } from '../resource-table.ts';
import type {
  ApplyOptions,
  CallOptions,
  ClusterClient,
  DeleteOptions,
  ListOptions,
  ObjectList,
  ObjectRef,
  Patch,
  ResourceType,
  ServerVersion,
  SubresourceType,
  TypeRef,
  UpdateOptions,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../types.ts';

/**
 * `ClusterClient` for any Kubernetes API server, through @kubernetes/client-node 2.0: its
 * KubeConfig (contexts, certificates, tokens, exec plugins) authenticates, its HTTP library
 * (undici) carries the requests, and objects stay unstructured JSON end to end — client-node's
 * typed models would drop fields they do not know and turn timestamps into Dates.
 *
 * Discovery uses the aggregated format (two requests) and falls back to the legacy one; it is
 * cached and refreshed when a kind is missing (a CRD may just have been created).
 */
export interface KubeClusterOptions {
  readonly kubeConfig: KubeConfig;
  /** Field manager of writes that name none (default `ferry`). */
  readonly fieldManager?: string;
  readonly userAgent?: string;
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

const PATCH_CONTENT_TYPES: Readonly<Record<Patch['type'] | 'apply', string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
  readonly signal?: AbortSignal | undefined;
}

function gvPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

function errorFromResponse(response: RawResponse): FerryError {
  try {
    const body: unknown = JSON.parse(response.text);
    if (isKubeStatus(body)) return clusterErrorFromStatus(body);
  } catch {
    // not JSON: described below
  }
  const text = response.text.trim().slice(0, 300) || `HTTP ${response.status}`;
  return clusterErrorFromStatus(makeStatus(response.status, text, reasonForCode(response.status)));
}

/**
 * fetch says only "fetch failed"; its innermost cause says why (ECONNREFUSED, a certificate the
 * CA does not vouch for, an unknown host), which is what an operator needs to read.
 */
function describeFailure(error: unknown): string {
  let innermost = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) innermost = innermost.cause;
  if (innermost === error) return messageOf(error);
  const code = (innermost as { code?: unknown }).code;
  return `${messageOf(error)}: ${messageOf(innermost)}${typeof code === 'string' && !messageOf(innermost).includes(code) ? ` (${code})` : ''}`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Resource types out of an aggregated discovery document (`APIGroupDiscoveryList`). */
function typesFromAggregated(document: unknown): ResourceType[] {
  const out: ResourceType[] = [];
  const items = isPlainObject(document) && Array.isArray(document.items) ? document.items : [];
  for (const item of items.filter(isPlainObject)) {
    const metadata = isPlainObject(item.metadata) ? item.metadata : {};
    const group = typeof metadata.name === 'string' ? metadata.name : '';
    for (const version of (Array.isArray(item.versions) ? item.versions : []).filter(isPlainObject)) {
      const versionName = String(version.version ?? '');
      for (const resource of (Array.isArray(version.resources) ? version.resources : []).filter(isPlainObject)) {
        const kind = isPlainObject(resource.responseKind) ? String(resource.responseKind.kind ?? '') : '';
        const subresources: SubresourceType[] = (Array.isArray(resource.subresources) ? resource.subresources : [])
          .filter(isPlainObject)
          .map((sub) => {
            const response = isPlainObject(sub.responseKind) ? sub.responseKind : {};
            return {
              name: String(sub.subresource ?? ''),
              group: String(response.group ?? group),
              version: String(response.version ?? versionName),
              kind: String(response.kind ?? kind),
              verbs: strings(sub.verbs),
            };
          });
        out.push({
          group,
          version: versionName,
          kind,
          plural: String(resource.resource ?? ''),
          singular: String(resource.singularResource ?? kind.toLowerCase()),
          namespaced: resource.scope === 'Namespaced',
          shortNames: strings(resource.shortNames),
          categories: strings(resource.categories),
          verbs: strings(resource.verbs),
          subresources,
        });
      }
    }
  }
  return out;
}

/** Resource types out of one legacy `APIResourceList`. */
function typesFromResourceList(list: unknown, group: string, version: string): ResourceType[] {
  const resources = isPlainObject(list) && Array.isArray(list.resources) ? list.resources.filter(isPlainObject) : [];
  const main = resources.filter((r) => typeof r.name === 'string' && !r.name.includes('/'));
  return main.map((r) => {
    const plural = String(r.name);
    const subresources = resources
      .filter((s) => typeof s.name === 'string' && s.name.startsWith(`${plural}/`))
      .map((s) => ({
        name: String(s.name).slice(plural.length + 1),
        group: typeof s.group === 'string' ? s.group : group,
        version: typeof s.version === 'string' ? s.version : version,
        kind: String(s.kind ?? ''),
        verbs: strings(s.verbs),
      }));
    return {
      group,
      version,
      kind: String(r.kind ?? ''),
      plural,
      singular: typeof r.singularName === 'string' && r.singularName !== '' ? r.singularName : String(r.kind ?? '').toLowerCase(),
      namespaced: r.namespaced === true,
      shortNames: strings(r.shortNames),
      categories: strings(r.categories),
      verbs: strings(r.verbs),
      subresources,
    };
  });
}

export class KubeCluster implements ClusterClient {
  private readonly kubeConfig: KubeConfig;
  private readonly http = new IsomorphicFetchHttpLibrary();
  /**
   * client-node builds a new undici Agent on every `applySecurityAuthentication` (one TCP/TLS
   * connection per request, never pooled); the TLS settings are fixed per cluster, so the first
   * dispatcher is kept and reused, while headers (tokens) are still applied per request.
   */
  private dispatcher: ReturnType<RequestContext['getDispatcher']> | undefined;
  private readonly fieldManager: string;
  private readonly userAgent: string;
  private discovery: Promise<ResourceType[]> | undefined;

  constructor(options: KubeClusterOptions) {
    this.kubeConfig = options.kubeConfig;
    this.fieldManager = options.fieldManager ?? 'ferry';
    this.userAgent = options.userAgent ?? 'ferry/0.1.0';
  }

  /** A client for the current context of a kubeconfig file's text. */
  static fromKubeconfigText(text: string, options: Omit<KubeClusterOptions, 'kubeConfig'> = {}): KubeCluster {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(text);
    return new KubeCluster({ ...options, kubeConfig });
  }

  private server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new FerryError('CLUSTER_CONFIG_INVALID', 'kubeconfig: no current cluster (set current-context)', { httpStatus: 400 });
    return cluster.server.replace(/\/+$/, '');
  }

  private async send(spec: RequestSpec): Promise<RawResponse> {
    const url = new URL(this.server() + spec.path);
    for (const [key, value] of Object.entries(spec.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const context = new RequestContext(url.toString(), HttpMethod[spec.method]);
    context.setHeaderParam('Accept', spec.accept ?? 'application/json');
    context.setHeaderParam('User-Agent', this.userAgent);
    if (spec.body !== undefined) {
      context.setHeaderParam('Content-Type', spec.contentType ?? 'application/json');
      context.setBody(JSON.stringify(spec.body));
    }
    if (spec.signal) context.setSignal(spec.signal);
    try {
      await this.authenticate(context);
      const response = await this.http.send(context).toPromise();
      return {
        status: response.httpStatusCode,
        contentType: String(response.headers['content-type'] ?? ''),
        text: await response.body.text(),
      };
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      throw new FerryError('CLUSTER_UNREACHABLE', `${spec.method} ${url.origin}${spec.path}: ${describeFailure(error)}`, {
        httpStatus: 503,
        cause: error,
      });
    }
  }

  private async json(spec: RequestSpec): Promise<unknown> {
    const response = await this.send(spec);
    if (response.status >= 400) throw errorFromResponse(response);
    try {
      return JSON.parse(response.text);
    } catch (error) {
      throw new FerryError('CLUSTER_BAD_RESPONSE', `${spec.method} ${spec.path}: the server answered with invalid JSON: ${messageOf(error)}`, { httpStatus: 502 });
    }
  }

  private async authenticate(context: RequestContext): Promise<void> {
    await this.kubeConfig.applySecurityAuthentication(context);
    const created = context.getDispatcher();
    if (!created) return;
    if (this.dispatcher) context.setDispatcher(this.dispatcher);
    else this.dispatcher = created;
  }

  async version(options?: CallOptions): Promise<ServerVersion> {
    return (await this.json({ method: 'GET', path: '/version', signal: options?.signal })) as ServerVersion;
  }

  async discover(options?: CallOptions): Promise<readonly ResourceType[]> {
    this.discovery ??= this.fetchDiscovery(options?.signal);
    try {
      return await this.discovery;
    } catch (error) {
      this.discovery = undefined;
      throw error;
    }
  }

  private async fetchDiscovery(signal: AbortSignal | undefined): Promise<ResourceType[]> {
    const [core, groups] = await Promise.all([
      this.send({ method: 'GET', path: '/api', accept: AGGREGATED_ACCEPT, signal }),
      this.send({ method: 'GET', path: '/apis', accept: AGGREGATED_ACCEPT, signal }),
    ]);
    for (const response of [core, groups]) if (response.status >= 400) throw errorFromResponse(response);
    if (core.contentType.includes('as=APIGroupDiscoveryList') && groups.contentType.includes('as=APIGroupDiscoveryList')) {
      return [...typesFromAggregated(JSON.parse(core.text)), ...typesFromAggregated(JSON.parse(groups.text))];
    }
    // Legacy discovery: one request per group-version.
    const versions: { group: string; version: string }[] = [];
    const coreDoc: unknown = JSON.parse(core.text);
    for (const version of isPlainObject(coreDoc) ? strings(coreDoc.versions) : []) versions.push({ group: '', version });
    const groupsDoc: unknown = JSON.parse(groups.text);
    for (const group of (isPlainObject(groupsDoc) && Array.isArray(groupsDoc.groups) ? groupsDoc.groups : []).filter(isPlainObject)) {
      for (const v of (Array.isArray(group.versions) ? group.versions : []).filter(isPlainObject)) {
        versions.push({ group: String(group.name), version: String(v.version) });
      }
    }
    const lists = await Promise.all(
      versions.map(async ({ group, version }) => typesFromResourceList(await this.json({ method: 'GET', path: gvPath(group, version), signal }), group, version)),
    );
    return lists.flat();
  }

  async resourceFor(apiVersion: string, kind: string, options?: CallOptions): Promise<ResourceType | undefined> {
    const find = (types: readonly ResourceType[]) => types.find((t) => groupVersionOf(t) === apiVersion && t.kind === kind);
    const cached = find(await this.discover(options));
    if (cached) return cached;
    this.discovery = undefined;
    return find(await this.discover(options));
  }

  private async resolve(type: TypeRef, signal?: AbortSignal): Promise<ResourceType> {
    const resource = await this.resourceFor(type.apiVersion, type.kind, signal ? { signal } : {});
    if (!resource) {
      throw clusterErrorFromStatus(
        makeStatus(404, `the server could not find the requested resource (no ${type.kind} in ${type.apiVersion})`, 'NotFound'),
      );
    }
    return resource;
  }

  private pathOf(resource: ResourceType, namespace: string | undefined, name?: string, subresource?: string): string {
    let path = gvPath(resource.group, resource.version);
    if (resource.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
    path += `/${resource.plural}`;
    if (name !== undefined) path += `/${encodeURIComponent(name)}`;
    if (subresource) path += `/${subresource}`;
    return path;
  }

  private withTypeMeta(resource: ResourceType, object: unknown): KubeObject {
    const item = object as Record<string, unknown>;
    if (item.apiVersion && item.kind) return item as KubeObject;
    return { ...item, apiVersion: groupVersionOf(resource), kind: resource.kind } as KubeObject;
  }

  async get(ref: ObjectRef, options?: CallOptions): Promise<KubeObject | undefined> {
    const resource = await this.resolve(ref, options?.signal);
    const response = await this.send({ method: 'GET', path: this.pathOf(resource, ref.namespace, ref.name), signal: options?.signal });
    if (response.status === 404) {
      const error = errorFromResponse(response);
      // A 404 that names the object means "no such object"; a bare one means a missing route.
      const status = (error.details?.status ?? {}) as { details?: { name?: string } };
      if (status.details?.name === ref.name) return undefined;
      throw error;
    }
    if (response.status >= 400) throw errorFromResponse(response);
    return this.withTypeMeta(resource, JSON.parse(response.text));
  }

  async list(type: TypeRef, options: ListOptions = {}): Promise<ObjectList> {
    const resource = await this.resolve(type, options.signal);
    const body = (await this.json({
      method: 'GET',
      path: this.pathOf(resource, options.namespace),
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.limit ? String(options.limit) : undefined,
        continue: options.continue,
      },
      signal: options.signal,
    })) as { items?: unknown[]; metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number } };
    return {
      items: (body.items ?? []).map((item) => this.withTypeMeta(resource, item)),
      resourceVersion: body.metadata?.resourceVersion ?? '',
      ...(body.metadata?.continue ? { continue: body.metadata.continue } : {}),
      ...(body.metadata?.remainingItemCount !== undefined ? { remainingItemCount: body.metadata.remainingItemCount } : {}),
    };
  }

  private writeQuery(options: WriteOptions): Record<string, string | undefined> {
    return {
      fieldManager: options.fieldManager ?? this.fieldManager,
      fieldValidation: options.fieldValidation ?? 'Strict',
      dryRun: options.dryRun ? 'All' : undefined,
    };
  }

  async create(object: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const resource = await this.resolve(object, options.signal);
    const created = await this.json({
      method: 'POST',
      path: this.pathOf(resource, object.metadata?.namespace),
      query: this.writeQuery(options),
      body: object,
      signal: options.signal,
    });
    return this.withTypeMeta(resource, created);
  }

  async update(object: KubeObject, options: UpdateOptions = {}): Promise<KubeObject> {
    const resource = await this.resolve(object, options.signal);
    const updated = await this.json({
      method: 'PUT',
      path: this.pathOf(resource, object.metadata?.namespace, object.metadata?.name ?? '', options.subresource),
      query: this.writeQuery(options),
      body: object,
      signal: options.signal,
    });
    return options.subresource === 'scale' ? (updated as KubeObject) : this.withTypeMeta(resource, updated);
  }

  async patch(ref: ObjectRef, patch: Patch, options: UpdateOptions = {}): Promise<KubeObject> {
    const resource = await this.resolve(ref, options.signal);
    const patched = await this.json({
      method: 'PATCH',
      path: this.pathOf(resource, ref.namespace, ref.name, options.subresource),
      query: this.writeQuery(options),
      body: patch.type === 'json' ? patch.operations : patch.patch,
      contentType: PATCH_CONTENT_TYPES[patch.type],
      signal: options.signal,
    });
    return options.subresource === 'scale' ? (patched as KubeObject) : this.withTypeMeta(resource, patched);
  }

  async apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const resource = await this.resolve(object, options.signal);
    const applied = await this.json({
      method: 'PATCH',
      path: this.pathOf(resource, object.metadata?.namespace, object.metadata?.name ?? '', options.subresource),
      query: {
        fieldManager: options.fieldManager,
        force: options.force ? 'true' : 'false',
        fieldValidation: options.fieldValidation ?? 'Strict',
        dryRun: options.dryRun ? 'All' : undefined,
      },
      body: object,
      contentType: PATCH_CONTENT_TYPES.apply,
      signal: options.signal,
    });
    return this.withTypeMeta(resource, applied);
  }

  async delete(ref: ObjectRef, options: DeleteOptions = {}): Promise<KubeObject | undefined> {
    const resource = await this.resolve(ref, options.signal);
    const result = await this.json({
      method: 'DELETE',
      path: this.pathOf(resource, ref.namespace, ref.name),
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
        ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
        ...(options.preconditions ? { preconditions: options.preconditions } : {}),
        ...(options.dryRun ? { dryRun: ['All'] } : {}),
      },
      signal: options.signal,
    });
    if (isKubeStatus(result)) return undefined;
    const object = this.withTypeMeta(resource, result);
    // Pods and Services answer with the object itself: it is gone unless it is being deleted.
    return object.metadata?.deletionTimestamp ? object : undefined;
  }

  watch(type: TypeRef, options: WatchOptions): AsyncIterable<WatchEvent> {
    return { [Symbol.asyncIterator]: () => this.watchIterator(type, options) };
  }

  private async *watchIterator(type: TypeRef, options: WatchOptions): AsyncGenerator<WatchEvent> {
    const resource = await this.resolve(type, options.signal);
    const url = new URL(this.server() + this.pathOf(resource, options.namespace));
    const query: Record<string, string | undefined> = {
      watch: 'true',
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: options.allowBookmarks || options.sendInitialEvents ? 'true' : undefined,
      sendInitialEvents: options.sendInitialEvents ? 'true' : undefined,
      resourceVersionMatch: options.sendInitialEvents ? 'NotOlderThan' : undefined,
      timeoutSeconds: options.timeoutSeconds !== undefined ? String(options.timeoutSeconds) : undefined,
    };
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    const context = new RequestContext(url.toString(), HttpMethod.GET);
    context.setHeaderParam('Accept', 'application/json');
    context.setHeaderParam('User-Agent', this.userAgent);
    const abort = new AbortController();
    const onAbort = (): void => abort.abort(options.signal.reason);
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) return;
    context.setSignal(abort.signal);
    try {
      await this.authenticate(context);
      let response;
      try {
        response = await this.http.send(context).toPromise();
      } catch (error) {
        if (options.signal.aborted) return;
        throw new FerryError('CLUSTER_UNREACHABLE', `watch ${url.pathname}: ${messageOf(error)}`, { httpStatus: 503, cause: error });
      }
      if (response.httpStatusCode !== 200) {
        throw errorFromResponse({ status: response.httpStatusCode, contentType: '', text: await response.body.text() });
      }
      const stream = response.body.stream() as unknown as ReadableStream<Uint8Array> | undefined;
      if (!stream) return;
      const decoder = new TextDecoder();
      let buffered = '';
      const reader = stream.getReader();
      try {
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (error) {
            if (options.signal.aborted) return;
            throw new FerryError('CLUSTER_UNREACHABLE', `watch ${url.pathname}: ${messageOf(error)}`, { httpStatus: 503, cause: error });
          }
          if (chunk.done) return;
          buffered += decoder.decode(chunk.value, { stream: true });
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            newline = buffered.indexOf('\n');
            if (line === '') continue;
            const event = JSON.parse(line) as { type?: string; object?: unknown };
            if (event.type === 'ERROR') {
              throw isKubeStatus(event.object) ? clusterErrorFromStatus(event.object) : clusterErrorFromStatus(makeStatus(500, `watch error: ${line.slice(0, 200)}`));
            }
            if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED' || event.type === 'BOOKMARK') {
              yield { type: event.type, object: this.withTypeMeta(resource, event.object) };
            }
          }
        }
      } finally {
        abort.abort();
        reader.releaseLock();
      }
    } finally {
      options.signal.removeEventListener('abort', onAbort);
      abort.abort();
    }
  }
}


