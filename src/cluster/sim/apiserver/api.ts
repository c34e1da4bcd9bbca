import { cloneJson, isPlainObject, messageOf, type Clock, type KubeObject } from '../../../core/index.ts';
import { strategicMergePatch, type SchemaLookup } from '../../../manifest/strategic-merge/index.ts';
import { clusterErrorFromStatus, makeStatus } from '../../errors.ts';
import type { PropagationPolicy } from '../../types.ts';
import {
  formatLabelSelector,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  requirementsOfSelector,
  selectorMatches,
} from '../../selectors.ts';
import { createServiceAllocator, type ServiceAllocator } from '../controllers/index.ts';
import { defaultObject, fieldErrorBody, validateObject } from '../schema/index.ts';
import {
  badRequestError,
  conflictError,
  jsonEqual,
  notFoundError,
  type ObjectStore,
  type StoreList,
  type StoreWatch,
  type StoreWatchEvent,
} from '../store/index.ts';
import { fieldLabelReader } from './kind-rules.ts';
import { applyConfig, recordUpdate, type WriteScope } from './managed-fields.ts';
import { applyJsonPatch, applyMergePatch, checkJsonPatch } from './patches.ts';
import type { ResourceRegistry, ServedResource } from './registry.ts';
import { childNode, unknownFields, type StructureNode } from './structure.ts';
import {
  forbidden,
  invalid,
  invalidObjectError,
  pruneToSchema,
  required,
  validateAgainstSchema,
  type FieldError,
} from './validation.ts';

/**
 * The API server's request handling without HTTP: what each verb does to the store, with the
 * registry strategies' rules (status/spec split, generation, defaulting, validation, field
 * management, finalizers, propagation). The HTTP server (`http-server.ts`) and the in-process
 * `SimCluster` both call it, so they cannot drift apart.
 */

/** Per-request options every write shares. */
export interface RequestOptions {
  /** `User-Agent`: the field manager when the request names none (`kubectl/v1.35…` → `kubectl`). */
  readonly userAgent?: string;
  readonly fieldManager?: string;
  readonly dryRun?: boolean;
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Filled with `Warning` header texts (unknown fields under `Warn`, Job deletion without policy…). */
  readonly warnings?: string[];
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends RequestOptions {
  readonly force?: boolean;
}

export interface DeleteRequest extends RequestOptions {
  readonly propagationPolicy?: PropagationPolicy;
  readonly orphanDependents?: boolean;
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

export interface ListRequest {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
}

export interface WatchRequest extends ListRequest {
  readonly resourceVersion?: string;
  readonly sendInitialEvents?: boolean;
  readonly allowBookmarks?: boolean;
}

export interface DeleteResponse {
  readonly object: KubeObject;
  readonly deleted: boolean;
}

export interface SimApiOptions {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly clock: Clock;
  /** Random source in [0, 1) for generated suffixes (token volume names); default Math.random. */
  readonly random?: () => number;
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The field manager the API server records when a request names none: the User-Agent's program. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  const cut = userAgent.split('/')[0]?.trim();
  return cut && cut !== '' ? cut.slice(0, 128) : 'unknown';
}

function badRequest(message: string) {
  return badRequestError(message);
}

function statusError(code: number, reason: string, message: string, details?: Parameters<typeof makeStatus>[3]) {
  return clusterErrorFromStatus(makeStatus(code, message, reason, details));
}

function qualifiedKind(resource: ServedResource): string {
  return resource.type.group === '' ? resource.type.kind : `${resource.type.kind}.${resource.type.group}`;
}


export class SimApi {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly clock: Clock;
  private readonly random: () => number;
  private readonly allocator: ServiceAllocator;

  constructor(options: SimApiOptions) {
    this.store = options.store;
    this.registry = options.registry;
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.allocator = createServiceAllocator(options.store, { random: this.random });
    for (const crd of this.store.list('apiextensions.k8s.io/customresourcedefinitions').items) this.registry.defineCrd(crd);
  }

  // ---------------------------------------------------------------- reads

  get(resource: ServedResource, namespace: string, name: string): KubeObject {
    const object = this.store.get(resource.store.key, this.scopeNamespace(resource, namespace), name);
    if (!object) throw notFoundError(resource.type, name);
    return this.present(resource, object);
  }

  list(resource: ServedResource, request: ListRequest = {}): StoreList {
    const filter = this.compileFilter(resource, request);
    const namespace = resource.type.namespaced ? request.namespace : undefined;
    const list = this.store.list(resource.store.key, {
      ...(namespace !== undefined && namespace !== '' ? { namespace } : {}),
      ...(filter ? { filter } : {}),
      ...(request.limit ? { limit: request.limit } : {}),
      ...(request.continue ? { continue: request.continue } : {}),
    });
    if (resource.apiVersion === resource.store.apiVersion) return list;
    return { ...list, items: list.items.map((item) => this.present(resource, item)) };
  }

  /** Subscribes to changes; throws CLUSTER_EXPIRED (410) for a resourceVersion that is too old. */
  watch(resource: ServedResource, request: WatchRequest, listener: (event: StoreWatchEvent) => void): StoreWatch {
    const filter = this.compileFilter(resource, request);
    const namespace = resource.type.namespaced && request.namespace ? request.namespace : undefined;
    const convert = resource.apiVersion !== resource.store.apiVersion;
    return this.store.watch(
      resource.store.key,
      {
        ...(namespace ? { namespace } : {}),
        ...(filter ? { filter } : {}),
        ...(request.resourceVersion !== undefined ? { resourceVersion: request.resourceVersion } : {}),
        ...(request.sendInitialEvents ? { sendInitialEvents: true } : {}),
        allowBookmarks: request.allowBookmarks === true,
      },
      convert
        ? (event) => listener({ type: event.type, object: { ...event.object, apiVersion: resource.apiVersion } })
        : listener,
    );
  }

  /** The label and field selectors of a list or watch as one predicate (400 on a bad selector). */
  compileFilter(resource: ServedResource, request: ListRequest): ((object: KubeObject) => boolean) | undefined {
    const labels = request.labelSelector ? parseLabelSelector(request.labelSelector) : [];
    const fields = request.fieldSelector ? parseFieldSelector(request.fieldSelector) : [];
    const readers = fields.map((f) => {
      const reader = fieldLabelReader(resource.rules, f.field);
      if (!reader) {
        throw badRequest(`field label not supported: ${f.field}`);
      }
      return reader;
    });
    if (labels.length === 0 && fields.length === 0) return undefined;
    const byField = new Map(fields.map((f, i) => [f.field, readers[i] as (o: KubeObject) => string]));
    return (object) =>
      matchesLabels(labels, object.metadata?.labels) &&
      matchesFields(fields, (field) => (byField.get(field) as (o: KubeObject) => string)(object));
  }

  // ---------------------------------------------------------------- writes

  create(resource: ServedResource, namespace: string, body: unknown, options: RequestOptions = {}): KubeObject {
    let object = this.checkBody(resource, body, namespace, undefined, options);
    if (object.metadata.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    const ns = this.scopeNamespace(resource, namespace);
    if (resource.type.namespaced) this.checkNamespaceWritable(ns, resource, object.metadata.name ?? '');
    object = this.prepare(resource, object, undefined, 'main');
    const manager = this.managerOf(options);
    object.metadata.managedFields = recordUpdate(undefined, object, { manager, apiVersion: resource.apiVersion }, resource.structure(), {
      scope: 'main',
      hasStatus: resource.hasStatus,
      now: timestamp(this.clock.now()),
    });
    const created = this.store.create(resource.store.key, this.toStorage(resource, object), { dryRun: options.dryRun === true });
    if (!options.dryRun) this.afterCreate(resource, created);
    return this.present(resource, created);
  }

  /** PUT of the object or (`scope: 'status'`) its status. */
  update(resource: ServedResource, namespace: string, name: string, body: unknown, options: RequestOptions & { scope?: WriteScope } = {}): KubeObject {
    const scope = options.scope ?? 'main';
    const input = this.checkBody(resource, body, namespace, name, options);
    const current = this.store.get(resource.store.key, this.scopeNamespace(resource, namespace), name);
    if (!current) throw notFoundError(resource.type, name);
    return this.write(resource, current, input, scope, options, (before, after) =>
      recordUpdate(before, after, { manager: this.managerOf(options), apiVersion: resource.apiVersion, ...(scope === 'status' ? { subresource: 'status' } : {}) }, resource.structure(), {
        scope,
        hasStatus: resource.hasStatus,
        now: timestamp(this.clock.now()),
      }),
    );
  }

  /** PATCH of the object or its status with one of the four patch types. */
  patch(
    resource: ServedResource,
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    options: PatchOptions & { scope?: WriteScope } = {},
  ): KubeObject {
    const scope = options.scope ?? 'main';
    const ns = this.scopeNamespace(resource, namespace);
    const current = this.store.get(resource.store.key, ns, name);
    if (type === 'apply') return this.apply(resource, ns, name, current, body, options, scope);
    if (!current) throw notFoundError(resource.type, name);
    const live = this.present(resource, current);
    let patched: unknown;
    if (type === 'json') patched = applyJsonPatch(live, checkJsonPatch(body));
    else if (!isPlainObject(body)) throw badRequest(`the body of the request was not a JSON object: ${JSON.stringify(body)?.slice(0, 80)}`);
    else if (type === 'merge') patched = applyMergePatch(live, body);
    else patched = this.strategicMerge(resource, live, body);
    if (!isPlainObject(patched)) throw statusError(422, 'Invalid', 'the patched object is not a JSON object');
    const candidate = patched as KubeObject;
    this.checkUnknownFields(resource, candidate, options, 'patch', live);
    if (candidate.metadata?.name !== undefined && candidate.metadata.name !== name) {
      throw statusError(422, 'Invalid', `${qualifiedKind(resource)} "${name}" is invalid: metadata.name: Invalid value: "${candidate.metadata.name}": field is immutable`);
    }
    const input = { ...candidate, metadata: { ...(candidate.metadata ?? {}), name, ...(resource.type.namespaced ? { namespace: ns } : {}) } } as KubeObject;
    return this.write(resource, current, input, scope, options, (before, after) =>
      recordUpdate(before, after, { manager: this.managerOf(options), apiVersion: resource.apiVersion, ...(scope === 'status' ? { subresource: 'status' } : {}) }, resource.structure(), {
        scope,
        hasStatus: resource.hasStatus,
        now: timestamp(this.clock.now()),
      }),
    );
  }

  private apply(
    resource: ServedResource,
    namespace: string,
    name: string,
    current: KubeObject | undefined,
    body: unknown,
    options: PatchOptions,
    scope: WriteScope,
  ): KubeObject {
    if (!options.fieldManager) {
      throw statusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
        kind: 'PatchOptions',
        group: 'meta.k8s.io',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      });
    }
    const config = this.checkBody(resource, body, namespace, name, options, true);
    const who = { manager: options.fieldManager, apiVersion: resource.apiVersion, ...(scope === 'status' ? { subresource: 'status' } : {}) };
    const node = resource.structure();
    const now = timestamp(this.clock.now());
    if (!current) {
      if (scope === 'status') throw notFoundError(resource.type, name);
      if (resource.type.namespaced) this.checkNamespaceWritable(namespace, resource, name);
      const applied = applyConfig(undefined, config, who, node, { scope, hasStatus: resource.hasStatus, force: true, now });
      let object = applied.object;
      object.metadata = { ...object.metadata, name, ...(resource.type.namespaced ? { namespace } : {}) };
      object = this.prepare(resource, object, undefined, 'main');
      object.metadata.managedFields = applied.managedFields;
      const created = this.store.create(resource.store.key, this.toStorage(resource, object), { dryRun: options.dryRun === true });
      if (!options.dryRun) this.afterCreate(resource, created);
      return this.present(resource, created);
    }
    const live = this.present(resource, current);
    const applied = applyConfig(live, config, who, node, { scope, hasStatus: resource.hasStatus, force: options.force === true, now });
    return this.write(resource, current, applied.object, scope, options, applied.managedFields);
  }

  /**
   * The shared tail of PUT and PATCH: keep what the scope may not change, default, validate,
   * record managed fields, and store (no-op writes change nothing).
   */
  private write(
    resource: ServedResource,
    current: KubeObject,
    input: KubeObject,
    scope: WriteScope,
    options: RequestOptions,
    managed: ((before: KubeObject, after: KubeObject) => unknown[]) | unknown[],
  ): KubeObject {
    const live = this.present(resource, current);
    let next = this.prepare(resource, input, live, scope);
    const requested = next.metadata.managedFields;
    next.metadata.managedFields = live.metadata.managedFields;
    const unchanged = jsonEqual(this.withoutVolatile(next), this.withoutVolatile(live));
    if (Array.isArray(managed)) {
      // Server-side apply computed the managed fields with the merge: they may change (shared
      // ownership) even when the object does not.
      next.metadata.managedFields = managed;
    } else if (requested !== undefined && !jsonEqual(requested, live.metadata.managedFields)) {
      // The client rewrote managedFields (kubectl's upgrade to server-side apply): keep them.
      next.metadata.managedFields = requested;
      next = { ...next, metadata: { ...next.metadata, managedFields: managed(live, next) } };
    } else if (!unchanged) {
      next.metadata.managedFields = managed(live, next);
    }
    if (!next.metadata.managedFields || (next.metadata.managedFields as unknown[]).length === 0) delete next.metadata.managedFields;
    const stored = this.store.update(resource.store.key, this.toStorage(resource, next), { dryRun: options.dryRun === true });
    if (!options.dryRun) this.afterUpdate(resource, current, stored);
    return this.present(resource, stored);
  }

  private withoutVolatile(object: KubeObject): KubeObject {
    const { managedFields: _m, resourceVersion: _r, ...metadata } = object.metadata;
    return { ...object, metadata };
  }

  /** Defaulting, scope rules, pruning and validation of what a write would store. */
  private prepare(resource: ServedResource, input: KubeObject, live: KubeObject | undefined, scope: WriteScope): KubeObject {
    let next = cloneJson(input);
    next.apiVersion = resource.apiVersion;
    next.kind = resource.type.kind;
    if (live && resource.hasStatus) {
      if (scope === 'main') {
        if (live.status === undefined) delete next.status;
        else next.status = live.status;
      } else {
        const status = next.status;
        next = { ...cloneJson(live), metadata: next.metadata };
        if (status === undefined) delete next.status;
        else next.status = status;
        // Status writes may change metadata, but not labels of workloads nor anything spec-like.
        next.metadata.labels = live.metadata.labels;
      }
    }
    if (!live && resource.hasStatus && resource.custom) delete next.status;
    if (live) {
      // System fields come from the stored object, whatever the client sent back (client-node
      // re-serialises timestamps with milliseconds).
      const uid = next.metadata.uid;
      if (uid && uid !== live.metadata.uid) {
        throw conflictError(resource.type, live.metadata.name ?? '', `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${live.metadata.uid}`);
      }
      next.metadata.uid = live.metadata.uid;
      next.metadata.creationTimestamp = live.metadata.creationTimestamp;
    }
    if (resource.custom) next = this.pruneCustom(resource, next);
    next = this.defaulted(resource, next, live);
    // The built-in kinds' validation (schema layer), then what it leaves to the API layer.
    const errors: FieldError[] = validateObject(next, { operation: live ? 'update' : 'create', ...(live ? { old: live } : {}) }).map((e) => ({
      type: e.type,
      field: e.field,
      detail: fieldErrorBody(e),
    }));
    if (live) errors.push(...this.updateMetaErrors(live, next));
    if (isCrd(resource)) errors.push(...crdSchemaErrors(next));
    if (errors.length > 0) throw invalidObjectError(resource.type.kind, resource.type.group, next.metadata.name ?? '', errors);
    if (resource.custom?.schema) {
      const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = next;
      const schemaErrors = validateAgainstSchema(rest, { ...resource.custom.schema, required: (resource.custom.schema.required as unknown[] | undefined)?.filter((r) => r !== 'metadata' && r !== 'apiVersion' && r !== 'kind') }, '');
      if (schemaErrors.length > 0) throw invalidObjectError(resource.type.kind, resource.type.group, next.metadata.name ?? '', schemaErrors);
    }
    return next;
  }

  private defaulted(resource: ServedResource, object: KubeObject, live: KubeObject | undefined): KubeObject {
    if (resource.custom) return object;
    if (resource.type.group === '' && resource.type.kind === 'Service') this.checkRequestedAllocations(object, live);
    return defaultObject(object, {
      operation: live ? 'update' : 'create',
      ...(live ? { old: live } : {}),
      admission: this.podAdmission(object),
      allocateClusterIP: () => this.allocator.allocateClusterIP(),
      allocateNodePort: () => this.allocator.allocateNodePort(),
    });
  }

  /** A Service that asks for a particular ClusterIP or NodePort gets it only if it is free and in range (422). */
  private checkRequestedAllocations(service: KubeObject, live: KubeObject | undefined): void {
    const spec = isPlainObject(service.spec) ? service.spec : {};
    const liveSpec = live && isPlainObject(live.spec) ? live.spec : {};
    const errors: FieldError[] = [];
    const ip = typeof spec.clusterIP === 'string' ? spec.clusterIP : undefined;
    if (ip && ip !== 'None' && ip !== liveSpec.clusterIP) {
      try {
        this.allocator.allocateClusterIP(ip);
      } catch (error) {
        errors.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', detail: `Invalid value: []string{${JSON.stringify(ip)}}: ${messageOf(error)}` });
      }
    }
    const livePorts = new Set((Array.isArray(liveSpec.ports) ? liveSpec.ports : []).map((p) => (isPlainObject(p) ? p.nodePort : undefined)));
    const taken = new Set<number>();
    (Array.isArray(spec.ports) ? spec.ports : []).forEach((port, i) => {
      if (!isPlainObject(port) || typeof port.nodePort !== 'number' || port.nodePort === 0 || livePorts.has(port.nodePort)) return;
      try {
        taken.add(this.allocator.allocateNodePort(port.nodePort, taken));
      } catch (error) {
        errors.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, detail: `Invalid value: ${port.nodePort}: ${messageOf(error)}` });
      }
    });
    if (errors.length > 0) throw invalidObjectError('Service', '', service.metadata.name ?? '', errors);
  }

  private podAdmission(object: KubeObject): { tokenVolumeName?: string } {
    if (object.kind !== 'Pod') return {};
    const spec = isPlainObject(object.spec) ? object.spec : {};
    const account = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '' ? spec.serviceAccountName : 'default';
    if (!this.store.get('serviceaccounts', object.metadata.namespace ?? '', account)) return {};
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(this.random() * NAME_ALPHABET.length)];
    return { tokenVolumeName: `kube-api-access-${suffix}` };
  }

  private updateMetaErrors(live: KubeObject, next: KubeObject): FieldError[] {
    const errors: FieldError[] = [];
    if (live.metadata.deletionTimestamp) {
      const before = new Set(live.metadata.finalizers ?? []);
      const added = (next.metadata.finalizers ?? []).filter((f) => !before.has(f));
      if (added.length > 0) {
        errors.push(forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((a) => JSON.stringify(a)).join(', ')}}`));
      }
    }
    return errors;
  }

  private pruneCustom(resource: ServedResource, object: KubeObject): KubeObject {
    const schema = resource.custom?.schema;
    if (!schema) return object;
    const { apiVersion, kind, metadata, ...rest } = object;
    const pruned = pruneToSchema(rest, { ...schema, properties: { ...(isPlainObject(schema.properties) ? schema.properties : {}) } }) as Record<string, unknown>;
    return { apiVersion, kind, metadata, ...pruned } as KubeObject;
  }

  private strategicMerge(resource: ServedResource, live: KubeObject, patch: Record<string, unknown>): unknown {
    if (resource.custom) {
      throw statusError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    }
    try {
      return strategicMergePatch(live, patch, lookupFromStructure(resource.structure()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw statusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
        causes: [{ reason: 'UnexpectedServerResponse', message }],
      });
    }
  }

  /**
   * Checks a request body: a JSON object of the resource's kind and version, whose name and
   * namespace agree with the URL; unknown fields fail (Strict), warn (Warn) or go (Ignore).
   */
  private checkBody(resource: ServedResource, body: unknown, namespace: string, name: string | undefined, options: RequestOptions, apply = false): KubeObject {
    if (!isPlainObject(body)) {
      throw badRequest(`the body of the request was in an unknown format - it is not a JSON object`);
    }
    // A body without kind or apiVersion takes them from the URL, as the API server's decoder
    // defaults them (client-node's typed APIs send bare objects).
    const kind = body.kind === undefined || body.kind === '' ? resource.type.kind : body.kind;
    const apiVersion = body.apiVersion === undefined || body.apiVersion === '' ? resource.apiVersion : body.apiVersion;
    if (typeof kind !== 'string') {
      throw badRequest(`Object 'Kind' is missing in '${truncate(JSON.stringify(body))}'`);
    }
    if (typeof apiVersion !== 'string') {
      throw badRequest(`Object 'apiVersion' is missing in '${truncate(JSON.stringify(body))}'`);
    }
    if (kind !== resource.type.kind || apiVersion !== resource.apiVersion) {
      if (apply) {
        throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${resource.apiVersion})`);
      }
      throw badRequest(
        `${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${resource.type.kind}: no kind "${kind}" is registered for version "${apiVersion}" in scheme "k8s.io/apimachinery/pkg/runtime/scheme.go:100"`,
      );
    }
    if (body.metadata !== undefined && !isPlainObject(body.metadata)) {
      throw badRequest(`${resource.type.kind} in version "${resource.type.version}" cannot be handled as a ${resource.type.kind}: json: cannot unmarshal ${typeof body.metadata} into Go struct field ${resource.type.kind}.metadata of type v1.ObjectMeta`);
    }
    const object = cloneJson(body) as KubeObject;
    object.apiVersion = apiVersion;
    object.kind = kind;
    object.metadata = { ...(object.metadata ?? {}) };
    const meta = object.metadata;
    if (resource.type.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace;
    } else {
      delete meta.namespace;
    }
    if (name !== undefined) {
      if (meta.name !== undefined && meta.name !== '' && meta.name !== name) {
        throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
      }
      meta.name = name;
    }
    this.checkUnknownFields(resource, object, options, apply ? 'apply' : 'body');
    return object;
  }

  /** Strict field validation: unknown fields fail, warn or are dropped, as the request asks. */
  private checkUnknownFields(resource: ServedResource, object: KubeObject, options: RequestOptions, mode: 'body' | 'apply' | 'patch', before?: KubeObject): void {
    const node = resource.structure();
    let unknown = unknownFields(object, node);
    if (before) {
      const existing = new Set(unknownFields(before, node));
      unknown = unknown.filter((path) => !existing.has(path));
    }
    if (unknown.length === 0) return;
    const validation = options.fieldValidation ?? (mode === 'apply' ? 'Strict' : 'Warn');
    if (validation === 'Strict') {
      const list = unknown.map((path) => `unknown field "${path}"`).join(', ');
      if (mode === 'apply') {
        throw badRequest(`failed to create typed patch object (${resource.apiVersion}, Kind=${resource.type.kind}): ${unknown.map((p) => `.${p}: field not declared in schema`).join(', ')}`);
      }
      if (mode === 'patch') {
        throw statusError(422, 'Invalid', `The request is invalid: patch: Invalid value: "strict decoding error: ${list}"`, {
          causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "strict decoding error: ${list}"`, field: 'patch' }],
        });
      }
      throw badRequest(`${resource.type.kind} in version "${resource.type.version}" cannot be handled as a ${resource.type.kind}: strict decoding error: ${list}`);
    }
    if (validation === 'Warn') for (const path of unknown) options.warnings?.push(`unknown field "${path}"`);
    for (const path of unknown) removeFieldPath(object, path);
  }

  private checkNamespaceWritable(namespace: string, resource: ServedResource, name: string): void {
    const ns = this.store.get('namespaces', '', namespace);
    if (!ns) throw notFoundError({ group: '', plural: 'namespaces' }, namespace);
    if (ns.metadata.deletionTimestamp) {
      const qualified = resource.type.group === '' ? resource.type.plural : `${resource.type.plural}.${resource.type.group}`;
      throw statusError(403, 'Forbidden', `${qualified} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
        name,
        ...(resource.type.group === '' ? {} : { group: resource.type.group }),
        kind: resource.type.plural,
        causes: [{ type: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  // ---------------------------------------------------------------- delete

  delete(resource: ServedResource, namespace: string, name: string, request: DeleteRequest = {}): DeleteResponse {
    const ns = this.scopeNamespace(resource, namespace);
    const current = this.store.get(resource.store.key, ns, name);
    if (!current) throw notFoundError(resource.type, name);
    let policy = request.propagationPolicy;
    if (!policy && request.orphanDependents !== undefined) policy = request.orphanDependents ? 'Orphan' : 'Background';
    if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw invalidObjectError('DeleteOptions', 'meta.k8s.io', '', [
        { type: 'FieldValueNotSupported', field: 'propagationPolicy', detail: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"` },
      ]);
    }
    if (!policy) {
      policy = resource.rules.defaultPropagation;
      if (resource.type.kind === 'Job' && resource.type.group === 'batch') {
        request.warnings?.push('child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning');
      }
    }
    const addFinalizers = policy === 'Foreground' ? ['foregroundDeletion'] : policy === 'Orphan' ? ['orphan'] : [];
    let grace = 0;
    if (resource.type.group === '' && resource.type.kind === 'Pod') grace = this.podGracePeriod(current, request.gracePeriodSeconds);
    if (resource.type.group === '' && resource.type.kind === 'Namespace') return this.deleteNamespace(resource, current, request);
    if (isCrd(resource)) return this.deleteCrd(resource, current, request);
    const result = this.store.delete(resource.store.key, ns, name, {
      dryRun: request.dryRun === true,
      gracePeriodSeconds: grace,
      addFinalizers: current.metadata.deletionTimestamp ? [] : addFinalizers,
      ...(request.preconditions ? { preconditions: request.preconditions } : {}),
    });
    return { object: this.present(resource, result.object), deleted: result.deleted };
  }

  /** Pods bound to a node terminate gracefully; unbound or finished ones go at once. */
  private podGracePeriod(pod: KubeObject, requested: number | undefined): number {
    const spec = isPlainObject(pod.spec) ? pod.spec : {};
    const status = isPlainObject(pod.status) ? pod.status : {};
    if (!spec.nodeName) return 0;
    if (status.phase === 'Succeeded' || status.phase === 'Failed') return 0;
    if (requested !== undefined) return Math.max(0, requested);
    return typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30;
  }

  /** Namespaces go Terminating; the namespace controller empties them and finalizes. */
  private deleteNamespace(resource: ServedResource, current: KubeObject, request: DeleteRequest): DeleteResponse {
    const result = this.store.batch(() => {
      const pending = this.store.delete(resource.store.key, '', current.metadata.name ?? '', {
        dryRun: request.dryRun === true,
        retain: hasSpecFinalizers(current),
        ...(request.preconditions ? { preconditions: request.preconditions } : {}),
      });
      if (pending.deleted || request.dryRun) return pending;
      const status = isPlainObject(pending.object.status) ? pending.object.status : {};
      if (status.phase === 'Terminating') return pending;
      const terminating = { ...cloneJson(pending.object), status: { ...status, phase: 'Terminating' } } as KubeObject;
      return { object: this.store.update(resource.store.key, terminating), deleted: false };
    });
    return { object: result.object, deleted: result.deleted };
  }

  /** PUT namespaces/{name}/finalize: only `spec.finalizers` is taken; an empty list ends deletion. */
  finalizeNamespace(name: string, body: unknown, options: RequestOptions = {}): KubeObject {
    const resource = this.requireBuiltin('v1', 'Namespace');
    const current = this.store.get('namespaces', '', name);
    if (!current) throw notFoundError(resource.type, name);
    const spec = isPlainObject(body) && isPlainObject(body.spec) ? body.spec : {};
    const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    const next = { ...cloneJson(current), spec: { ...(isPlainObject(current.spec) ? current.spec : {}), finalizers } } as KubeObject;
    if (finalizers.length === 0) delete (next.spec as Record<string, unknown>).finalizers;
    if (options.dryRun) return next;
    if (current.metadata.deletionTimestamp && finalizers.length === 0 && !(current.metadata.finalizers?.length ?? 0)) {
      this.store.batch(() => {
        const updated = this.store.update('namespaces', next);
        this.store.delete('namespaces', '', name);
        return updated;
      });
      return next;
    }
    return this.store.update('namespaces', next);
  }

  /** Deleting a CRD removes its custom resources and stops serving them. */
  private deleteCrd(resource: ServedResource, current: KubeObject, request: DeleteRequest): DeleteResponse {
    const name = current.metadata.name ?? '';
    if (request.dryRun) return { object: current, deleted: true };
    const served = this.registry.customResourcesOf(name);
    const result = this.store.batch(() => {
      const storeKey = served[0]?.store.key;
      if (storeKey) {
        for (const item of this.store.list(storeKey).items) {
          const objectMeta = { ...item.metadata };
          if (objectMeta.finalizers?.length) {
            this.store.update(storeKey, { ...item, metadata: { ...objectMeta, finalizers: [] } } as KubeObject);
          }
          if (this.store.get(storeKey, item.metadata.namespace ?? '', item.metadata.name ?? '')) {
            this.store.delete(storeKey, item.metadata.namespace ?? '', item.metadata.name ?? '');
          }
        }
      }
      return this.store.delete(resource.store.key, '', name, request.preconditions ? { preconditions: request.preconditions } : {});
    });
    if (result.deleted) this.registry.removeCrd(name);
    return { object: result.object, deleted: result.deleted };
  }

  deleteCollection(resource: ServedResource, request: ListRequest & DeleteRequest): KubeObject[] {
    const items = this.list(resource, { ...request, limit: 0 }).items;
    const deleted: KubeObject[] = [];
    for (const item of items) {
      try {
        deleted.push(this.delete(resource, item.metadata.namespace ?? '', item.metadata.name ?? '', request).object);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && (error as { code: string }).code === 'CLUSTER_NOT_FOUND')) throw error;
      }
    }
    return deleted;
  }

  // ---------------------------------------------------------------- subresources

  /** GET …/scale: an `autoscaling/v1 Scale` view of the parent. */
  getScale(resource: ServedResource, namespace: string, name: string): KubeObject {
    const parent = this.get(resource, namespace, name);
    return this.scaleOf(resource, parent);
  }

  private scaleOf(resource: ServedResource, parent: KubeObject): KubeObject {
    const paths = this.scalePaths(resource);
    const specReplicas = readPath(parent, paths.specReplicasPath);
    const statusReplicas = readPath(parent, paths.statusReplicasPath);
    let selector = '';
    if (paths.labelSelectorPath) {
      const raw = readPath(parent, paths.labelSelectorPath);
      selector = typeof raw === 'string' ? raw : '';
    } else {
      const spec = isPlainObject(parent.spec) ? parent.spec : {};
      if (isPlainObject(spec.selector)) {
        selector = resource.type.kind === 'ReplicationController'
          ? Object.entries(spec.selector).map(([k, v]) => `${k}=${String(v)}`).join(',')
          : formatLabelSelector(requirementsOfSelector(spec.selector));
      }
    }
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: parent.metadata.name,
        ...(parent.metadata.namespace ? { namespace: parent.metadata.namespace } : {}),
        uid: parent.metadata.uid,
        resourceVersion: parent.metadata.resourceVersion,
        creationTimestamp: parent.metadata.creationTimestamp,
      },
      spec: { ...(typeof specReplicas === 'number' && specReplicas !== 0 ? { replicas: specReplicas } : {}) },
      status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0, ...(selector ? { selector } : {}) },
    };
  }

  private scalePaths(resource: ServedResource): { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } {
    return resource.custom?.scale ?? { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' };
  }

  /** PUT or PATCH of …/scale: changes only the parent's replicas (RV precondition honoured). */
  writeScale(resource: ServedResource, namespace: string, name: string, write: { type: 'update' | PatchType; body: unknown }, options: PatchOptions = {}): KubeObject {
    const current = this.get(resource, namespace, name);
    const scale = this.scaleOf(resource, current);
    let next: unknown;
    if (write.type === 'update') next = write.body;
    else if (write.type === 'json') next = applyJsonPatch(scale, checkJsonPatch(write.body));
    else if (write.type === 'merge' || write.type === 'strategic' || write.type === 'apply') {
      if (!isPlainObject(write.body)) throw badRequest('the body of the request was not a JSON object');
      next = applyMergePatch(scale, write.body);
    }
    if (!isPlainObject(next)) throw badRequest('the body of the request was not a JSON object');
    const spec = isPlainObject(next.spec) ? next.spec : {};
    const replicas = spec.replicas ?? 0;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw invalidObjectError('Scale', 'autoscaling', name, [invalid('spec.replicas', replicas, 'must be greater than or equal to 0')]);
    }
    const metadata = isPlainObject(next.metadata) ? next.metadata : {};
    const rv = typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
    if (rv && rv !== current.metadata.resourceVersion) {
      throw conflictError(resource.type, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const updated = cloneJson(current);
    writePath(updated, this.scalePaths(resource).specReplicasPath, replicas);
    const stored = this.write(resource, this.store.get(resource.store.key, this.scopeNamespace(resource, namespace), name) as KubeObject, updated, 'main', options, (before, after) =>
      recordUpdate(before, after, { manager: this.managerOf(options), apiVersion: resource.apiVersion, subresource: 'scale' }, resource.structure(), {
        scope: 'main',
        hasStatus: resource.hasStatus,
        now: timestamp(this.clock.now()),
      }),
    );
    return this.scaleOf(resource, stored);
  }

  /**
   * POST pods/{name}/eviction: deletes the pod unless a PodDisruptionBudget covering it has no
   * disruption left (429 TooManyRequests). Budgets are computed from the pods as they are now.
   */
  evict(namespace: string, name: string, body: unknown, options: RequestOptions = {}): void {
    const pods = this.requireBuiltin('v1', 'Pod');
    const pod = this.store.get('pods', namespace, name);
    if (!pod) throw notFoundError(pods.type, name);
    const deleteOptions = isPlainObject(body) && isPlainObject(body.deleteOptions) ? body.deleteOptions : {};
    const status = isPlainObject(pod.status) ? pod.status : {};
    const ignoresBudgets = pod.metadata.deletionTimestamp !== undefined || ['Succeeded', 'Failed', 'Pending'].includes(String(status.phase ?? 'Pending'));
    if (!ignoresBudgets) {
      const budgets = this.store
        .list('policy/poddisruptionbudgets', { namespace })
        .items.filter((pdb) => {
          const spec = isPlainObject(pdb.spec) ? pdb.spec : {};
          return isPlainObject(spec.selector) && Object.keys(spec.selector).length > 0 && selectorMatches(spec.selector, pod.metadata.labels);
        });
      if (budgets.length > 1) {
        throw statusError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
      }
      const budget = budgets[0];
      if (budget) {
        const { allowed, healthy, desired } = this.disruptionsAllowed(budget, namespace);
        if (allowed < 1) {
          throw statusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
            causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${budget.metadata.name} needs ${desired} healthy pods and has ${healthy} currently` }],
          });
        }
        if (!options.dryRun) {
          const budgetStatus = isPlainObject(budget.status) ? budget.status : {};
          const disrupted = isPlainObject(budgetStatus.disruptedPods) ? budgetStatus.disruptedPods : {};
          this.store.update('policy/poddisruptionbudgets', {
            ...cloneJson(budget),
            status: {
              ...budgetStatus,
              disruptionsAllowed: allowed - 1,
              disruptedPods: { ...disrupted, [name]: timestamp(this.clock.now()) },
            },
          } as KubeObject);
        }
      }
    }
    this.delete(pods, namespace, name, {
      ...options,
      ...(typeof deleteOptions.gracePeriodSeconds === 'number' ? { gracePeriodSeconds: deleteOptions.gracePeriodSeconds } : {}),
      ...(isPlainObject(deleteOptions.preconditions) ? { preconditions: deleteOptions.preconditions as DeleteRequest['preconditions'] } : {}),
    });
  }

  private disruptionsAllowed(budget: KubeObject, namespace: string): { allowed: number; healthy: number; desired: number } {
    const spec = isPlainObject(budget.spec) ? budget.spec : {};
    const selector = isPlainObject(spec.selector) ? spec.selector : {};
    const disrupted = isPlainObject(budget.status) && isPlainObject(budget.status.disruptedPods) ? budget.status.disruptedPods : {};
    const pods = this.store.list('pods', { namespace, filter: (p) => selectorMatches(selector, p.metadata.labels) }).items;
    const expected = pods.length;
    const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && !Object.hasOwn(disrupted, p.metadata.name ?? '') && isPodReady(p)).length;
    let desired: number;
    if (spec.minAvailable !== undefined) desired = scaledValue(spec.minAvailable, expected, true);
    else if (spec.maxUnavailable !== undefined) desired = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true));
    else desired = expected;
    return { allowed: Math.max(0, healthy - desired), healthy, desired };
  }

  /** POST pods/{name}/binding: assigns the pod to a node (409 when it already has one). */
  bind(namespace: string, name: string, body: unknown): void {
    const pods = this.requireBuiltin('v1', 'Pod');
    const pod = this.store.get('pods', namespace, name);
    if (!pod) throw notFoundError(pods.type, name);
    const target = isPlainObject(body) && isPlainObject(body.target) ? body.target : {};
    const node = typeof target.name === 'string' ? target.name : '';
    if (node === '') throw invalidObjectError('Binding', '', name, [required('target.name')]);
    const spec = isPlainObject(pod.spec) ? pod.spec : {};
    if (spec.nodeName) {
      throw conflictError(pods.type, name, `pod ${name} is already assigned to node "${String(spec.nodeName)}"`);
    }
    const status = isPlainObject(pod.status) ? pod.status : {};
    const conditions = Array.isArray(status.conditions) ? status.conditions.filter((c) => !(isPlainObject(c) && c.type === 'PodScheduled')) : [];
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(this.clock.now()) });
    this.store.update('pods', { ...cloneJson(pod), spec: { ...spec, nodeName: node }, status: { ...status, conditions } } as KubeObject);
  }

  // ---------------------------------------------------------------- helpers

  /** The served resource a store resource is kept for (its storage version). */
  resourceOfStore(storeKey: string): ServedResource | undefined {
    const info = this.store.resource(storeKey);
    if (!info) return undefined;
    return this.registry.byKind(info.apiVersion, info.kind) ?? this.registry.all().find((r) => r.store.key === storeKey);
  }

  requireBuiltin(apiVersion: string, kind: string): ServedResource {
    const resource = this.registry.byKind(apiVersion, kind);
    if (!resource) throw new Error(`built-in ${apiVersion} ${kind} is not registered`);
    return resource;
  }

  private managerOf(options: RequestOptions): string {
    return options.fieldManager && options.fieldManager !== '' ? options.fieldManager : managerFromUserAgent(options.userAgent);
  }

  private scopeNamespace(resource: ServedResource, namespace: string): string {
    return resource.type.namespaced ? namespace : '';
  }

  /** An object as served at `resource`'s version (the store may hold another version). */
  present(resource: ServedResource, object: KubeObject): KubeObject {
    if (object.apiVersion === resource.apiVersion) return object;
    return { ...object, apiVersion: resource.apiVersion };
  }

  private toStorage(resource: ServedResource, object: KubeObject): KubeObject {
    if (object.apiVersion === resource.store.apiVersion) return object;
    return { ...object, apiVersion: resource.store.apiVersion };
  }

  private afterCreate(resource: ServedResource, created: KubeObject): void {
    if (isCrd(resource)) this.establishCrd(created);
  }

  private afterUpdate(resource: ServedResource, before: KubeObject, after: KubeObject): void {
    if (isCrd(resource) && !jsonEqual(before.spec, after.spec)) this.establishCrd(after);
  }

  /** What the apiextensions controllers do for a new or changed CRD: names accepted, established. */
  private establishCrd(crd: KubeObject): void {
    this.registry.defineCrd(crd);
    const current = this.store.get('apiextensions.k8s.io/customresourcedefinitions', '', crd.metadata.name ?? '');
    if (!current) return;
    const spec = isPlainObject(current.spec) ? current.spec : {};
    const status = isPlainObject(current.status) ? current.status : {};
    const now = timestamp(this.clock.now());
    const versions = Array.isArray(spec.versions) ? spec.versions.filter(isPlainObject) : [];
    const storage = versions.find((v) => v.storage === true)?.name;
    const stored = Array.isArray(status.storedVersions) ? [...status.storedVersions] : [];
    if (typeof storage === 'string' && !stored.includes(storage)) stored.push(storage);
    const keep = (type: string): Record<string, unknown> | undefined =>
      (Array.isArray(status.conditions) ? status.conditions : []).find((c) => isPlainObject(c) && c.type === type && c.status === 'True') as Record<string, unknown> | undefined;
    const names = isPlainObject(spec.names) ? spec.names : {};
    const acceptedNames = { ...names, singular: names.singular ?? String(names.kind ?? '').toLowerCase() };
    const next = {
      ...cloneJson(current),
      status: {
        conditions: [
          keep('NamesAccepted') ?? { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
          keep('Established') ?? { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
        ],
        acceptedNames,
        storedVersions: stored,
      },
    } as KubeObject;
    this.store.update('apiextensions.k8s.io/customresourcedefinitions', next);
  }

}

function isCrd(resource: ServedResource): boolean {
  return resource.type.group === 'apiextensions.k8s.io' && resource.type.kind === 'CustomResourceDefinition';
}

function hasSpecFinalizers(namespace: KubeObject): boolean {
  const spec = isPlainObject(namespace.spec) ? namespace.spec : {};
  return Array.isArray(spec.finalizers) && spec.finalizers.length > 0;
}

function isPodReady(pod: KubeObject): boolean {
  const status = isPlainObject(pod.status) ? pod.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  return conditions.some((c) => isPlainObject(c) && c.type === 'Ready' && c.status === 'True');
}

/** An int-or-percent against a total (`"50%"` of 5, rounded up → 3). */
function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const percent = Number(value.slice(0, -1));
    const exact = (percent * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return Number(value) || 0;
}

function readPath(object: unknown, path: string): unknown {
  let node = object;
  for (const part of path.split('.').filter((p) => p !== '')) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter((p) => p !== '');
  let node = object;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** Removes `spec.template.spec.containers[0].bogus` from an object (for dropped unknown fields). */
function removeFieldPath(object: unknown, path: string): void {
  const parts = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let node: unknown = object;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (part.startsWith('[')) node = Array.isArray(node) ? node[Number(part.slice(1, -1))] : undefined;
    else node = isPlainObject(node) ? node[part] : undefined;
  }
  const last = parts[parts.length - 1];
  if (last && isPlainObject(node)) delete node[last];
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** A strategic-merge lookup over the kind's OpenAPI structure (merge keys, strategies). */
function lookupFromStructure(root: StructureNode): SchemaLookup {
  return (path) => {
    let node: StructureNode | undefined = root;
    for (const key of path) {
      node = childNode(node, key);
      if (node?.type === 'array' && path[path.length - 1] !== key) node = node.items;
      if (!node) return undefined;
    }
    if (!node) return undefined;
    const strategy = node.patchStrategy ?? '';
    const parts = strategy.split(',');
    return {
      ...(parts.includes('merge') ? { strategy: 'merge' as const } : node.type === 'array' ? { strategy: 'replace' as const } : {}),
      ...(node.patchMergeKey ? { mergeKey: node.patchMergeKey } : {}),
      ...(parts.includes('retainKeys') ? { retainKeys: true } : {}),
    };
  };
}

/** What the schema layer's CRD validation leaves out: every version needs a schema (apiextensions/v1). */
function crdSchemaErrors(crd: KubeObject): FieldError[] {
  const spec = isPlainObject(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const errors: FieldError[] = [];
  versions.forEach((version, i) => {
    if (!isPlainObject(version)) return;
    const schema = isPlainObject(version.schema) ? version.schema : {};
    if (!isPlainObject(schema.openAPIV3Schema)) errors.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  return errors;
}

export type { StoreWatchEvent };
