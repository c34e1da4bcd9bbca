/**
 * The embedded cluster: object store, API server, controllers, and the in-process
 * `ClusterClient`. Reached from compose.ts only (it is an adapter).
 */
export { EmbeddedCluster } from './embedded-cluster.ts';
export type { EmbeddedClusterOptions, ControllerMode } from './embedded-cluster.ts';
export { SimCluster } from './sim-cluster.ts';
export type { SimClusterOptions } from './sim-cluster.ts';
export { SimApiServer, SIM_SERVER_VERSION, MAX_BODY_BYTES } from './apiserver/http-server.ts';
export type { ApiServerOptions } from './apiserver/http-server.ts';
export { SimApi } from './apiserver/api.ts';
export { apiControllerClient } from './api-controller-client.ts';
export { serveEmbeddedCluster, isLoopbackHost } from './serve.ts';
export type { ServeClusterOptions, ServedCluster } from './serve.ts';
export { createSelfSignedCertificate } from './tls/self-signed.ts';
export type { SelfSignedCertificate, CertificateOptions } from './tls/self-signed.ts';
