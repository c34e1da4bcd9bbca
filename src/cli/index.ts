/**
 * cli: the `ferry` command. A thin shell: parses argv with commander, calls what it is given
 * in `CliDeps`, prints results, and maps errors to one line on stderr and an exit code.
 */
export type { CliDeps, CliIO, ClusterServeRequest, RunningCluster, ServeRequest, LocalTokenRequest, LocalToken } from './deps.ts';
export { ApiClient } from './api-client.ts';
export type { ApiClientOptions, ApiRequest } from './api-client.ts';
export { CliExit } from './exit.ts';
export { runCli } from './run-cli.ts';
