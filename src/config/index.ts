/**
 * config: the only code that reads the environment, argv and config files. Validates once and
 * returns frozen values; compose.ts hands them to whoever needs them.
 */
export type { CliEnvironment, GitCredentials, Environment } from './cli-environment.ts';
export { readCliEnvironment } from './cli-environment.ts';
export type { ServerConfig, ServerConfigInput, SettingOverrides, SettingRow, LogLevel, ClusterMode, RepositoryCredentials } from './server-config.ts';
export { SERVER_SETTINGS, resolveServerConfig, loadServerConfig, credentialsForRepo } from './server-config.ts';
export type { ClientConfig } from './client-config.ts';
export { DEFAULT_SERVER, clientConfigPath, checkServerURL, parseClientConfig, readClientConfig, resolveClientConfig } from './client-config.ts';
