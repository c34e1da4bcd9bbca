/**
 * `ferry serve` (the API server, on the embedded cluster or the clusters of a kubeconfig) and
 * `ferry start` (the same with a demo: data in ./.ferry, a demo Git repository made from
 * examples/, an auto-synced demo application, logs in a file and a line per change).
 * Flags override ferry.yaml and FERRY_* variables.
 */
import { Option, type Command } from 'commander';
import type { CliDeps, ServeRequest } from '../deps.ts';
import { CliExit } from '../exit.ts';
import { need } from './api-support.ts';

interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly dataDir?: string;
  readonly config?: string;
  readonly kubeconfig?: string;
  readonly auth?: boolean;
  readonly logLevel?: string;
}

/** The settings the flags give, by their path in ferry.yaml; absent flags leave the file and variables in charge. */
export function settingsOf(flags: ServeFlags): ServeRequest['settings'] {
  const settings: Record<string, string | boolean> = {};
  if (flags.host !== undefined) settings['listen.host'] = flags.host;
  if (flags.port !== undefined) settings['listen.port'] = flags.port;
  if (flags.dataDir !== undefined) settings.dataDir = flags.dataDir;
  if (flags.kubeconfig !== undefined) {
    settings['cluster.kubeconfig'] = flags.kubeconfig;
    settings['cluster.mode'] = 'kubeconfig';
  }
  if (flags.auth === false) settings['auth.enabled'] = false;
  if (flags.logLevel !== undefined) settings.logLevel = flags.logLevel;
  return settings;
}

function serverOptions(command: Command): Command {
  return command
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080)')
    .option('--data-dir <dir>', 'data directory (default ./.ferry)')
    .option('--config <file>', 'configuration file (default ./ferry.yaml when present)')
    .option('--kubeconfig <file>', 'deploy to the clusters of this kubeconfig (its contexts) instead of the embedded cluster')
    .addOption(new Option('--no-auth', 'serve without tokens (refused on any address but loopback)'))
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace');
}

export function registerServeCommands(program: Command, deps: CliDeps): void {
  serverOptions(program.command('serve').description('run the Ferry server: API, live events, webhooks, metrics, and the embedded cluster unless --kubeconfig')).action(async (flags: ServeFlags) => {
    const run = need(deps.runServer, 'the Ferry server');
    const code = await run({ settings: settingsOf(flags), ...(flags.config && { configFile: flags.config }), demo: false });
    if (code !== 0) throw new CliExit(code);
  });
  serverOptions(program.command('start').description('run Ferry on the embedded cluster with a demo application (what npm start does)')).action(async (flags: ServeFlags) => {
    const run = need(deps.runServer, 'the Ferry server');
    // The demo runs on the embedded cluster, even in a pod.
    const code = await run({ settings: { 'cluster.mode': 'embedded', ...settingsOf(flags) }, ...(flags.config && { configFile: flags.config }), demo: true });
    if (code !== 0) throw new CliExit(code);
  });
}
