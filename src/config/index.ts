/**
 * config: the only code that reads the environment, argv and config files. Validates once and
 * returns frozen values; compose.ts hands them to whoever needs them.
 */
export type { CliEnvironment, GitCredentials, Environment } from './cli-environment.ts';
export { readCliEnvironment } from './cli-environment.ts';
