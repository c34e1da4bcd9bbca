/**
 * What the commands that talk to a Ferry server share: the `--server`/`--token` options, the
 * client, and the shapes of the API's answers they read.
 */
import type { Command } from 'commander';
import { FerryError } from '../../core/index.ts';
import type { ApiClient } from '../api-client.ts';
import type { CliDeps } from '../deps.ts';

export interface ConnectionFlags {
  readonly server?: string;
  readonly token?: string;
}

export function withConnection(command: Command): Command {
  return command.option('--server <url>', 'Ferry server (default: what ferry login saved, FERRY_SERVER, http://127.0.0.1:8080)').option('--token <token>', 'API token (default: what ferry login saved, FERRY_TOKEN)');
}

export function need<T>(dep: T | undefined, what: string): T {
  if (dep === undefined) throw new FerryError('CLI_UNAVAILABLE', `${what} is not available in this build`, { httpStatus: 501 });
  return dep;
}

export function connect(deps: CliDeps, flags: ConnectionFlags): ApiClient {
  const connectApi = need(deps.connectApi, 'talking to a Ferry server');
  return connectApi({ ...(flags.server !== undefined && { server: flags.server }), ...(flags.token !== undefined && { token: flags.token }) });
}

export function usage(message: string): FerryError {
  return new FerryError('CLI_USAGE', message, { httpStatus: 400 });
}

/** The parts of the API's Application the commands read (the rest is printed as is). */
export interface ApiApplication {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly resourceVersion?: string; readonly [key: string]: unknown };
  readonly spec: {
    readonly project?: string;
    readonly source?: { readonly repoURL?: string; readonly path?: string; readonly targetRevision?: string };
    readonly destination?: { readonly server?: string; readonly name?: string; readonly namespace?: string };
    readonly syncPolicy?: { readonly automated?: { readonly prune?: boolean; readonly selfHeal?: boolean } };
  };
  readonly status: ApiStatus;
}

export interface ApiResourceStatus {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly status: string;
  readonly health?: { readonly status: string; readonly message?: string };
}

export interface ApiTask {
  readonly key: { readonly group: string; readonly kind: string; readonly namespace: string; readonly name: string };
  readonly phase: string;
  readonly wave: number;
  readonly action: string;
  readonly status: string;
  readonly message?: string;
  readonly isHook: boolean;
}

export interface ApiOperation {
  readonly id: number;
  readonly phase: string;
  readonly message: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly initiator: string;
  readonly revision: string;
  readonly dryRun: boolean;
  readonly stage: string;
  readonly tasks: readonly ApiTask[];
}

export interface ApiStatus {
  readonly sync: { readonly status: string; readonly revision?: string; readonly reasons?: readonly string[] };
  readonly health: { readonly status: string; readonly message?: string };
  readonly resources?: readonly ApiResourceStatus[];
  readonly operation?: ApiOperation;
  readonly pin?: { readonly revision: string; readonly historyId: number; readonly fromRevision: string; readonly pinnedAt: string };
  readonly commit?: { readonly message: string; readonly author: string; readonly date: string };
  readonly conditions?: readonly { readonly type: string; readonly message: string }[];
  readonly history?: readonly ApiHistoryItem[];
  readonly reconciledAt?: string;
}

export interface ApiHistoryItem {
  readonly id: number;
  readonly revision: string;
  readonly deployedAt: string;
  readonly deployStartedAt: string;
  readonly initiator: string;
  readonly phase: string;
  readonly commitMessage: string;
  readonly commitAuthor: string;
}

/** Application names go into URLs: refuse what the server would refuse, before asking it. */
export function appPath(name: string, suffix = ''): string {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.includes('..')) throw usage(`${JSON.stringify(name)} is not a valid application name (lower-case letters, digits, '-' and '.')`);
  return `/api/v1/applications/${name}${suffix}`;
}
