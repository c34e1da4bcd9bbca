import { isFerryError, type KubeObject } from '../../core/index.ts';
import { clusterErrorFromStatus, makeStatus } from '../errors.ts';
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
  TypeRef,
  UpdateOptions,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../types.ts';
import type { RequestOptions } from './apiserver/api.ts';
import { SIM_SERVER_VERSION } from './apiserver/http-server.ts';
import type { ServedResource } from './apiserver/registry.ts';
import type { EmbeddedCluster } from './embedded-cluster.ts';

/**
 * `ClusterClient` straight on the embedded cluster's API layer, in process: no HTTP, no
 * serialisation, the same semantics (both go through `SimApi`). Returned objects are the
 * store's frozen objects.
 */
export interface SimClusterOptions {
  /** Field manager of writes that name none (default `ferry`). */
  readonly fieldManager?: string;
}

function notServed(type: TypeRef): Error {
  return clusterErrorFromStatus(
    makeStatus(404, `the server could not find the requested resource (no ${type.kind} in ${type.apiVersion})`, 'NotFound'),
  );
}

function checkSignal(options: CallOptions | undefined): void {
  options?.signal?.throwIfAborted();
}

export class SimCluster implements ClusterClient {
  readonly cluster: EmbeddedCluster;
  private readonly fieldManager: string;

  constructor(cluster: EmbeddedCluster, options: SimClusterOptions = {}) {
    this.cluster = cluster;
    this.fieldManager = options.fieldManager ?? 'ferry';
  }

  /** Lets the cluster's controllers catch up (tests on a ManualClock). */
  runUntilIdle(): void {
    this.cluster.runUntilIdle();
  }

  async version(options?: CallOptions): Promise<ServerVersion> {
    checkSignal(options);
    return SIM_SERVER_VERSION;
  }

  async discover(options?: CallOptions): Promise<readonly ResourceType[]> {
    checkSignal(options);
    return this.cluster.registry.all().map((r) => r.type);
  }

  async resourceFor(apiVersion: string, kind: string, options?: CallOptions): Promise<ResourceType | undefined> {
    checkSignal(options);
    return this.cluster.registry.byKind(apiVersion, kind)?.type;
  }

  async get(ref: ObjectRef, options?: CallOptions): Promise<KubeObject | undefined> {
    checkSignal(options);
    const resource = this.served(ref);
    try {
      return this.cluster.api.get(resource, ref.namespace ?? '', ref.name);
    } catch (error) {
      if (isFerryError(error, 'CLUSTER_NOT_FOUND')) return undefined;
      throw error;
    }
  }

  async list(type: TypeRef, options: ListOptions = {}): Promise<ObjectList> {
    checkSignal(options);
    const resource = this.served(type);
    const list = this.cluster.api.list(resource, {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
      ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
      ...(options.continue ? { continue: options.continue } : {}),
    });
    return {
      items: list.items,
      resourceVersion: list.resourceVersion,
      ...(list.continue ? { continue: list.continue } : {}),
      ...(list.remainingItemCount !== undefined ? { remainingItemCount: list.remainingItemCount } : {}),
    };
  }

  async create(object: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    checkSignal(options);
    const resource = this.served(object);
    return this.cluster.api.create(resource, object.metadata?.namespace ?? '', object, this.requestOptions(options));
  }

  async update(object: KubeObject, options: UpdateOptions = {}): Promise<KubeObject> {
    checkSignal(options);
    const api = this.cluster.api;
    const resource = this.served(object);
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    if (options.subresource === 'scale') {
      return api.writeScale(resource, namespace, name, { type: 'update', body: object }, this.requestOptions(options));
    }
    return api.update(resource, namespace, name, object, { ...this.requestOptions(options), scope: options.subresource === 'status' ? 'status' : 'main' });
  }

  async patch(ref: ObjectRef, patch: Patch, options: UpdateOptions = {}): Promise<KubeObject> {
    checkSignal(options);
    const api = this.cluster.api;
    const resource = this.served(ref);
    const body = patch.type === 'json' ? patch.operations : patch.patch;
    if (options.subresource === 'scale') {
      return api.writeScale(resource, ref.namespace ?? '', ref.name, { type: patch.type, body }, this.requestOptions(options));
    }
    return api.patch(resource, ref.namespace ?? '', ref.name, patch.type, body, {
      ...this.requestOptions(options),
      scope: options.subresource === 'status' ? 'status' : 'main',
    });
  }

  async apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    checkSignal(options);
    const resource = this.served(object);
    return this.cluster.api.patch(resource, object.metadata?.namespace ?? '', object.metadata?.name ?? '', 'apply', object, {
      fieldManager: options.fieldManager,
      force: options.force === true,
      dryRun: options.dryRun === true,
      fieldValidation: options.fieldValidation ?? 'Strict',
      scope: options.subresource === 'status' ? 'status' : 'main',
    });
  }

  async delete(ref: ObjectRef, options: DeleteOptions = {}): Promise<KubeObject | undefined> {
    checkSignal(options);
    const resource = this.served(ref);
    const result = this.cluster.api.delete(resource, ref.namespace ?? '', ref.name, {
      fieldManager: this.fieldManager,
      dryRun: options.dryRun === true,
      ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
      ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
      ...(options.preconditions ? { preconditions: options.preconditions } : {}),
    });
    return result.deleted ? undefined : result.object;
  }

  watch(type: TypeRef, options: WatchOptions): AsyncIterable<WatchEvent> {
    const api = this.cluster.api;
    const resource = this.served(type);
    const clock = this.cluster.clock;
    return {
      [Symbol.asyncIterator]: () => {
        const queue: WatchEvent[] = [];
        let wake: (() => void) | undefined;
        let ended = false;
        const finish = (): void => {
          ended = true;
          wake?.();
        };
        // Subscribing may throw (410 Expired, a bad selector): the first next() reports it.
        let failure: unknown;
        let stop = (): void => undefined;
        try {
          const watch = api.watch(
            resource,
            {
              ...(options.namespace ? { namespace: options.namespace } : {}),
              ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
              ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
              ...(options.resourceVersion !== undefined ? { resourceVersion: options.resourceVersion } : {}),
              ...(options.sendInitialEvents ? { sendInitialEvents: true } : {}),
              allowBookmarks: options.allowBookmarks === true || options.sendInitialEvents === true,
            },
            (event) => {
              queue.push({ type: event.type, object: event.object });
              wake?.();
            },
          );
          stop = () => watch.stop();
        } catch (error) {
          failure = error;
        }
        const timeout = new AbortController();
        const onAbort = (): void => {
          stop();
          timeout.abort();
          finish();
        };
        options.signal.addEventListener('abort', onAbort, { once: true });
        if (options.signal.aborted) onAbort();
        if (options.timeoutSeconds !== undefined && !failure) {
          clock.sleep(options.timeoutSeconds * 1000, timeout.signal).then(onAbort, () => undefined);
        }
        return {
          next: async (): Promise<IteratorResult<WatchEvent>> => {
            if (failure) {
              const error = failure;
              failure = undefined;
              ended = true;
              throw error;
            }
            for (;;) {
              const event = queue.shift();
              if (event) return { value: event, done: false };
              if (ended) return { value: undefined, done: true };
              await new Promise<void>((resolve) => {
                wake = resolve;
              });
              wake = undefined;
            }
          },
          return: async (): Promise<IteratorResult<WatchEvent>> => {
            options.signal.removeEventListener('abort', onAbort);
            stop();
            timeout.abort();
            ended = true;
            return { value: undefined, done: true };
          },
        };
      },
    };
  }

  private served(type: TypeRef): ServedResource {
    const resource = this.cluster.registry.byKind(type.apiVersion, type.kind);
    if (!resource) throw notServed(type);
    return resource;
  }

  private requestOptions(options: WriteOptions): RequestOptions {
    return {
      fieldManager: options.fieldManager ?? this.fieldManager,
      dryRun: options.dryRun === true,
      fieldValidation: options.fieldValidation ?? 'Strict',
    };
  }
}
