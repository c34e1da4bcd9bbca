import { silentLogger, type Clock, type Logger } from '../../core/index.ts';
import { apiControllerClient } from './api-controller-client.ts';
import { SimApi } from './apiserver/api.ts';
import { SimApiServer } from './apiserver/http-server.ts';
import { ResourceRegistry } from './apiserver/registry.ts';
import { bootstrapCluster, createControllerManager, type ControllerManager, type NodeConfig } from './controllers/index.ts';
import { SimObjectStore } from './store/index.ts';

/**
 * How the controllers run: `running` on their own (a server on real time), `manual` only when
 * `runUntilIdle()` is called (tests on a ManualClock), `off` not at all (only the objects a
 * fresh cluster starts with are created).
 */
export type ControllerMode = 'running' | 'manual' | 'off';

export interface EmbeddedClusterOptions {
  readonly clock: Clock;
  /** Data directory (SQLite, WAL); omitted: in memory. */
  readonly dataDir?: string;
  /** The simulated nodes (default 3 nodes of 4 CPUs, 8Gi, 110 pods). */
  readonly nodes?: NodeConfig;
  readonly controllers?: ControllerMode;
  readonly logger?: Logger;
  /** Watch history kept for replay, in events. */
  readonly historyLimit?: number;
  /** Uniform in [0, 1): generated names and suffixes; default Math.random. */
  readonly random?: () => number;
}

/** An embedded cluster in this process: store, API machinery and controllers. */
export class EmbeddedCluster {
  readonly store: SimObjectStore;
  readonly registry: ResourceRegistry;
  readonly api: SimApi;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The controllers (undefined when they are `off`). */
  readonly controllers: ControllerManager | undefined;
  private servers: SimApiServer[] = [];

  constructor(options: EmbeddedClusterOptions) {
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger;
    this.store = new SimObjectStore({
      clock: options.clock,
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    this.registry = new ResourceRegistry(this.store);
    this.api = new SimApi({ store: this.store, registry: this.registry, clock: options.clock, ...(options.random ? { random: options.random } : {}) });
    const client = apiControllerClient(this.api);
    const mode = options.controllers ?? 'running';
    if (mode === 'off') {
      bootstrapCluster(this.store, client, options.nodes ? { nodes: options.nodes } : {});
      this.controllers = undefined;
    } else {
      this.controllers = createControllerManager({
        store: this.store,
        client,
        clock: options.clock,
        logger: this.logger,
        ...(options.random ? { random: options.random } : {}),
        ...(options.nodes ? { nodes: options.nodes } : {}),
      });
      if (mode === 'running') this.controllers.start();
    }
  }

  /** Serves the Kubernetes API over HTTP(S); resolves to the URL. */
  async serve(options: { host?: string; port?: number; token?: string; tls?: { key: string; cert: string }; bookmarkIntervalMs?: number } = {}): Promise<{ url: string; server: SimApiServer }> {
    const server = new SimApiServer({ api: this.api, logger: this.logger, ...options });
    const url = await server.start();
    this.servers.push(server);
    return { url, server };
  }

  /** Lets the controllers work until none has anything left to do (at the clock's current time). */
  runUntilIdle(): void {
    this.controllers?.runUntilIdle();
  }

  async close(): Promise<void> {
    for (const server of this.servers) await server.close();
    this.servers = [];
    this.controllers?.stop();
    this.store.close();
  }
}
