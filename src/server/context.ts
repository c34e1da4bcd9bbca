/**
 * What a server is built from (`ServerDeps`) and what its route plugins share (`RouteContext`).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ClusterClient } from '../cluster/index.ts';
import type { Clock } from '../core/index.ts';
import type { Engine } from '../engine/index.ts';
import type { TokenRepository } from '../store/index.ts';
import type { Access, Authenticator, Principal } from './auth.ts';
import type { EventHub } from './event-hub.ts';
import type { FerryMetrics } from './metrics.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { DeliveryLog, WebhookSecrets } from './webhook/index.ts';

export interface ServerOptions {
  /** Ferry's version, for /api/version and the OpenAPI document. */
  readonly version: string;
  readonly auth: { readonly enabled: boolean };
  readonly webhook: WebhookSecrets & { readonly maxPayloadBytes: number; readonly perMinute: number };
  readonly limits: { readonly bodyBytes: number; readonly authFailuresPerMinute: number };
  readonly metrics: { readonly public: boolean };
  /** Messages the live stream keeps for clients that reconnect. @default 1000 */
  readonly streamBufferSize?: number;
  /** A comment line keeps idle streams open through proxies. @default 15_000 */
  readonly streamHeartbeatMs?: number;
  /** A built web UI (index.html and assets) served at `/`, when present. */
  readonly uiDir?: string;
}

export interface ServerDeps {
  readonly engine: Engine;
  readonly tokens: TokenRepository;
  /** The destinations applications can deploy to. */
  readonly clusters: () => readonly { readonly name: string; readonly server: string }[];
  /**
   * The client of a destination cluster, by name or server URL (the cluster page: nodes,
   * cordon, drain; a resource's events). Without it those routes answer 501.
   */
  readonly clusterClient?: (nameOrServer: string) => ClusterClient | undefined;
  readonly clock: Clock;
  /** The process's pino logger: fastify logs requests through it. */
  readonly logger: FastifyBaseLogger;
  /** Shared with the Git and cluster wrappers compose.ts makes; a new registry when omitted. */
  readonly metrics?: FerryMetrics;
  readonly options: ServerOptions;
}

export interface RouteContext {
  readonly deps: ServerDeps;
  readonly hub: EventHub;
  readonly metrics: FerryMetrics;
  readonly authenticator: Authenticator;
  readonly webhookLimiter: RateLimiter;
  readonly deliveries: DeliveryLog;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs: `public` (nothing), `read` (any token), `write` (an admin token). */
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
  /** Documentation keys the OpenAPI document reads (fastify itself ignores them). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: readonly string[];
    consumes?: readonly string[];
  }
}
