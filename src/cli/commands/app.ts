/**
 * `ferry app ...`: applications through the Ferry API, as `argocd app` does it — create (from a
 * file or flags), list, get, diff, sync (with `--wait` progress), history, rollback, unpin,
 * terminate, resources, delete.
 */
import { Option, type Command } from 'commander';
import { FerryError, isPlainObject } from '../../core/index.ts';
import { parseYamlDocuments } from '../../manifest/index.ts';
import type { ApiClient } from '../api-client.ts';
import type { CliDeps } from '../deps.ts';
import { CliExit } from '../exit.ts';
import { outputOption, printStructured, shortSha, type OutputFormat } from '../output.ts';
import { appPath, connect, need, usage, withConnection, type ApiApplication, type ApiHistoryItem, type ApiOperation, type ConnectionFlags } from './api-support.ts';
import { describeProgress, formatApplication, formatApplicationList, formatHistory, formatTree, type TreeNode } from './app-print.ts';

interface CreateFlags extends ConnectionFlags {
  readonly file?: string;
  readonly repo?: string;
  readonly path?: string;
  readonly revision?: string;
  readonly destNamespace?: string;
  readonly destServer?: string;
  readonly destName?: string;
  readonly project?: string;
  readonly autoSync?: boolean;
  readonly prune?: boolean;
  readonly selfHeal?: boolean;
  readonly syncOption: string[];
  readonly upsert?: boolean;
  readonly output: OutputFormat;
}

interface WaitFlags {
  readonly wait?: boolean;
  readonly timeout: string;
}

const POLL_MS = 1000;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function applicationFromFlags(name: string, flags: CreateFlags): Record<string, unknown> {
  const missing = [!flags.repo && '--repo', !flags.destNamespace && '--dest-namespace'].filter(Boolean);
  if (missing.length > 0) throw usage(`app create ${name}: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required (or give -f FILE)`);
  if ((flags.prune || flags.selfHeal) && !flags.autoSync) throw usage('--prune and --self-heal apply to automated sync: add --auto-sync');
  if (flags.destServer && flags.destName) throw usage('give --dest-server or --dest-name, not both');
  const automated = flags.autoSync ? { automated: { prune: flags.prune === true, selfHeal: flags.selfHeal === true } } : {};
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      project: flags.project ?? 'default',
      source: { repoURL: flags.repo, path: flags.path ?? '.', targetRevision: flags.revision ?? 'HEAD' },
      destination: { ...(flags.destName ? { name: flags.destName } : { server: flags.destServer ?? 'https://kubernetes.default.svc' }), namespace: flags.destNamespace },
      syncPolicy: { ...automated, ...(flags.syncOption.length > 0 && { syncOptions: flags.syncOption }) },
    },
  };
}

async function create(name: string | undefined, flags: CreateFlags, deps: CliDeps): Promise<void> {
  const client = connect(deps, flags);
  let request: Parameters<ApiClient['request']>[2];
  let appName: string | undefined = name;
  if (flags.file !== undefined) {
    if (name !== undefined) throw usage('give an application NAME with flags, or -f FILE, not both');
    const flagged = ['repo', 'path', 'revision', 'destNamespace', 'destServer', 'destName', 'project', 'autoSync'].filter((f) => flags[f as keyof CreateFlags] !== undefined);
    if (flagged.length > 0) throw usage(`-f FILE takes the whole Application: drop --${flagged.map((f) => f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', --')}`);
    const readTextFile = need(deps.readTextFile, 'reading files');
    // Parsed here, so a YAML mistake is reported with the file's name and line.
    const documents = parseYamlDocuments(flags.file, await readTextFile(flags.file));
    if (documents.length !== 1) throw usage(`${flags.file}: expected one Application, found ${documents.length} documents`);
    const manifest = documents[0]?.value;
    request = { body: manifest };
    const metadata = isPlainObject(manifest) && isPlainObject(manifest.metadata) ? manifest.metadata : {};
    appName = typeof metadata.name === 'string' ? metadata.name : undefined;
  } else {
    if (name === undefined) throw usage('app create needs an application NAME (with --repo, --path, --dest-namespace) or -f FILE');
    request = { body: applicationFromFlags(name, flags) };
  }
  let created: ApiApplication;
  try {
    created = await client.request<ApiApplication>('POST', '/api/v1/applications', request);
  } catch (error) {
    if (!(flags.upsert && error instanceof FerryError && error.code === 'STORE_ALREADY_EXISTS' && appName)) throw error;
    created = await client.request<ApiApplication>('PUT', appPath(appName), request);
  }
  if (printStructured(flags.output, created, deps.io.writeOut)) return;
  deps.io.writeOut(`application '${created.metadata.name}' ${created.metadata.resourceVersion === '1' ? 'created' : 'updated'}\n`);
}

function timeoutMs(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw usage(`--timeout must be a whole number of seconds, got ${JSON.stringify(text)}`);
  return Number(text) * 1000;
}

/** Follows an operation until it ends, printing each change; then waits for health to settle. */
async function waitFor(client: ApiClient, name: string, operation: ApiOperation, flags: WaitFlags, deps: CliDeps): Promise<void> {
  const sleep = need(deps.sleep, 'waiting');
  const polls = Math.ceil(timeoutMs(flags.timeout) / POLL_MS);
  let printed = '';
  let app: ApiApplication | undefined;
  const say = (line: string) => {
    if (line !== printed) deps.io.writeOut(`${name}: ${line}\n`);
    printed = line;
  };
  let followed = operation;
  for (let poll = 0; ; poll++) {
    app = await client.request<ApiApplication>('GET', appPath(name));
    const current = app.status.operation;
    // A retry is a new operation: follow the newest one that is ours or later.
    if (current && current.id >= followed.id) followed = current;
    say(describeProgress(followed));
    if (followed.phase !== 'Running' && followed.phase !== 'Terminating') break;
    if (poll >= polls) throw new CliExit(1, `timed out after ${flags.timeout} s waiting for the sync of ${name} (${describeProgress(followed)})`);
    await sleep(POLL_MS);
  }
  if (followed.phase !== 'Succeeded') {
    for (const task of followed.tasks.filter((t) => t.status === 'Failed')) deps.io.writeOut(`  ${task.key.kind}/${task.key.name}: ${task.message ?? 'failed'}\n`);
    throw new CliExit(1, `sync of ${name} ${followed.phase}: ${followed.message}`);
  }
  if (followed.dryRun) return;
  const finishedAt = followed.finishedAt ?? '';
  for (let poll = 0; ; poll++) {
    const { health, sync } = app.status;
    // Right after an operation the status may predate its effect: only a comparison made after it counts.
    if ((app.status.reconciledAt ?? '') >= finishedAt) {
      say(`${sync.status} · ${health.status}${health.message ? ` · ${health.message}` : ''} at ${shortSha(sync.revision)}`);
      if (health.status === 'Degraded') throw new CliExit(1, `${name} is Degraded${health.message ? `: ${health.message}` : ''}`);
      if (health.status !== 'Progressing' && health.status !== 'Unknown') return;
    }
    if (poll >= polls) throw new CliExit(1, `timed out after ${flags.timeout} s waiting for ${name} to become healthy (${health.status})`);
    await sleep(POLL_MS);
    app = await client.request<ApiApplication>('GET', appPath(name));
  }
}

/** `GROUP:KIND:NAME` or `GROUP:KIND:NAMESPACE/NAME` (argocd's form), matched against the app's resources. */
function resourceKeys(specs: readonly string[], app: ApiApplication): { group: string; kind: string; namespace: string; name: string }[] {
  return specs.map((spec) => {
    const parts = spec.split(':');
    if (parts.length !== 3 || !parts[1] || !parts[2]) throw usage(`--resource ${spec}: expected GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME (GROUP empty for core kinds: :Service:web)`);
    const [group = '', kind = '', rest = ''] = parts;
    const [namespace, name] = rest.includes('/') ? (rest.split('/', 2) as [string, string]) : [undefined, rest];
    const matches = (app.status.resources ?? []).filter((r) => r.group === group && r.kind === kind && r.name === name && (namespace === undefined || r.namespace === namespace));
    if (matches.length === 0) throw usage(`--resource ${spec}: application ${app.metadata.name} has no such resource`);
    if (matches.length > 1) throw usage(`--resource ${spec}: several namespaces have it; write GROUP:KIND:NAMESPACE/NAME`);
    const [match] = matches as [(typeof matches)[number]];
    return { group: match.group, kind: match.kind, namespace: match.namespace, name: match.name };
  });
}

export function registerAppCommand(program: Command, deps: CliDeps): void {
  const app = program.command('app').description('manage applications on a Ferry server');

  withConnection(
    app
      .command('create [name]')
      .description('create an application from a file (-f) or from flags, as argocd app create')
      .option('-f, --file <file>', 'Application YAML or JSON (argoproj.io/v1alpha1 or ferry.dev/v1alpha1)')
      .option('--repo <url>', 'Git repository URL')
      .option('--path <path>', 'directory in the repository (default: its root)')
      .option('--revision <revision>', 'branch, tag or commit (default HEAD)')
      .option('--dest-namespace <namespace>', 'namespace to deploy to')
      .option('--dest-server <url>', 'cluster API URL (default https://kubernetes.default.svc)')
      .option('--dest-name <name>', 'cluster by name (a kubeconfig context)')
      .option('--project <project>', 'project (default "default")')
      .option('--auto-sync', 'sync automatically when Git changes')
      .option('--prune', 'with --auto-sync: delete resources removed from Git')
      .option('--self-heal', 'with --auto-sync: undo changes made in the cluster')
      .option('--sync-option <option>', 'sync option such as CreateNamespace=true (repeatable)', collect, [])
      .option('--upsert', 'replace the application when it exists')
      .addOption(outputOption()),
  ).action((name: string | undefined, flags: CreateFlags) => create(name, flags, deps));

  withConnection(
    app
      .command('list')
      .description('list applications')
      .option('--project <project>', 'only this project')
      .option('--sync <status>', 'only Synced, OutOfSync or Unknown')
      .option('--health <status>', 'only this health (Healthy, Progressing, Degraded...)')
      .option('--repo <url>', 'only this repository')
      .option('--namespace <namespace>', 'only this destination namespace')
      .option('--cluster <cluster>', 'only this destination (server URL or name)')
      .addOption(outputOption()),
  ).action(async (flags: ConnectionFlags & { project?: string; sync?: string; health?: string; repo?: string; namespace?: string; cluster?: string; output: OutputFormat }) => {
    const client = connect(deps, flags);
    const query = new URLSearchParams();
    for (const key of ['project', 'sync', 'health', 'repo', 'namespace', 'cluster'] as const) if (flags[key] !== undefined) query.set(key, flags[key] as string);
    const list = await client.request<{ items: ApiApplication[] }>('GET', `/api/v1/applications${query.size ? `?${query}` : ''}`);
    if (printStructured(flags.output, list.items, deps.io.writeOut)) return;
    deps.io.writeOut(formatApplicationList(list.items, flags.output === 'wide'));
  });

  withConnection(
    app
      .command('get <name>')
      .description('show an application: sync, health, operation, pin and resources')
      .option('--refresh', 'compare with Git and the cluster first')
      .option('--hard-refresh', 'ask Git again (not the shared check) first')
      .addOption(outputOption()),
  ).action(async (name: string, flags: ConnectionFlags & { refresh?: boolean; hardRefresh?: boolean; output: OutputFormat }) => {
    const client = connect(deps, flags);
    const refresh = flags.hardRefresh ? '?refresh=hard' : flags.refresh ? '?refresh=normal' : '';
    const application = await client.request<ApiApplication>('GET', appPath(name, refresh));
    if (printStructured(flags.output, application, deps.io.writeOut)) return;
    deps.io.writeOut(formatApplication(application));
  });

  withConnection(
    app
      .command('diff <name>')
      .description('show how the cluster differs from Git (exit code 1 when it does); Secret values are masked')
      .option('--refresh', 'compare again first'),
  ).action(async (name: string, flags: ConnectionFlags & { refresh?: boolean }) => {
    const client = connect(deps, flags);
    if (flags.refresh) await client.request('POST', appPath(name, '/refresh'));
    const diff = await client.request<{ syncStatus: string; resources: { group: string; kind: string; namespace: string; name: string; status: string; unified: string }[] }>('GET', appPath(name, '/diff'));
    const differing = diff.resources.filter((r) => r.status !== 'Synced');
    for (const r of differing) {
      deps.io.writeOut(`===== ${[r.group, r.kind].filter(Boolean).join('/')} ${[r.namespace, r.name].filter(Boolean).join('/')} (${r.status}) ======\n${r.unified.endsWith('\n') ? r.unified : `${r.unified}\n`}`);
    }
    if (differing.length > 0) throw new CliExit(1);
  });

  withConnection(
    app
      .command('sync <name>')
      .description('sync an application with Git (optionally another revision, some resources, a dry run)')
      .option('--revision <revision>', 'sync this branch, tag or commit instead of the target')
      .option('--prune', 'delete resources no longer in Git')
      .option('--dry-run', 'check every resource with the API server, change nothing')
      .option('--resource <GROUP:KIND:NAME>', 'only this resource (repeatable; hooks do not run)', collect, [])
      .option('--wait', 'follow the operation and wait for health; exit 1 when it fails or ends Degraded')
      .option('--timeout <seconds>', 'with --wait: give up after this long', '300')
      .addOption(outputOption()),
  ).action(async (name: string, flags: ConnectionFlags & WaitFlags & { revision?: string; prune?: boolean; dryRun?: boolean; resource: string[]; output: OutputFormat }) => {
    const client = connect(deps, flags);
    timeoutMs(flags.timeout);
    const resources = flags.resource.length > 0 ? resourceKeys(flags.resource, await client.request<ApiApplication>('GET', appPath(name))) : undefined;
    const body = { ...(flags.revision && { revision: flags.revision }), ...(flags.prune && { prune: true }), ...(flags.dryRun && { dryRun: true }), ...(resources && { resources }) };
    const { operation } = await client.request<{ operation: ApiOperation }>('POST', appPath(name, '/sync'), { body });
    if (printStructured(flags.output, operation, deps.io.writeOut)) return;
    deps.io.writeOut(`${flags.dryRun ? 'dry run' : 'sync'} of ${name} to ${shortSha(operation.revision)} started (operation ${operation.id})\n`);
    if (flags.wait) await waitFor(client, name, operation, flags, deps);
  });

  withConnection(app.command('history <name>').description('list the syncs of an application, newest first').addOption(outputOption())).action(async (name: string, flags: ConnectionFlags & { output: OutputFormat }) => {
    const client = connect(deps, flags);
    const history = await client.request<{ items: ApiHistoryItem[] }>('GET', appPath(name, '/history'));
    if (printStructured(flags.output, history.items, deps.io.writeOut)) return;
    deps.io.writeOut(formatHistory(history.items));
  });

  withConnection(
    app
      .command('rollback <name> [id]')
      .description('re-apply an earlier sync (default: the newest successful one of another revision) and pin the application there')
      .option('--prune', 'delete resources the earlier sync did not have')
      .option('--wait', 'follow the operation and wait for health')
      .option('--timeout <seconds>', 'with --wait: give up after this long', '300'),
  ).action(async (name: string, id: string | undefined, flags: ConnectionFlags & WaitFlags & { prune?: boolean }) => {
    const client = connect(deps, flags);
    timeoutMs(flags.timeout);
    let historyId: number;
    if (id === undefined) {
      const items = (await client.request<{ items: ApiHistoryItem[] }>('GET', appPath(name, '/history'))).items;
      // The newest successful sync of another revision than the last one: "the previous version".
      const previous = items.slice(1).find((item) => item.revision !== items[0]?.revision && item.phase === 'Succeeded');
      if (!previous) throw usage(`application ${name} has ${items.length === 0 ? 'no history' : 'no earlier successful revision in its history'}: nothing to roll back to`);
      historyId = previous.id;
    } else {
      if (!/^\d+$/.test(id)) throw usage(`history id must be a number (ferry app history ${name}), got ${JSON.stringify(id)}`);
      historyId = Number(id);
    }
    const { operation } = await client.request<{ operation: ApiOperation }>('POST', appPath(name, '/rollback'), { body: { id: historyId, ...(flags.prune && { prune: true }) } });
    deps.io.writeOut(`rollback of ${name} to history ${historyId} (${shortSha(operation.revision)}) started (operation ${operation.id}); ${name} is pinned there until a new sync or ferry app unpin\n`);
    if (flags.wait) await waitFor(client, name, operation, flags, deps);
  });

  withConnection(app.command('unpin <name>').description('let auto-sync follow Git again after a rollback')).action(async (name: string, flags: ConnectionFlags) => {
    await connect(deps, flags).request('POST', appPath(name, '/unpin'));
    deps.io.writeOut(`application '${name}' unpinned\n`);
  });

  withConnection(app.command('terminate <name>').alias('terminate-op').description('stop the running operation')).action(async (name: string, flags: ConnectionFlags) => {
    await connect(deps, flags).request('DELETE', appPath(name, '/operation'));
    deps.io.writeOut(`operation of '${name}' is terminating\n`);
  });

  withConnection(app.command('resources <name>').description('show the resource tree: resources, their ReplicaSets and Pods').addOption(outputOption())).action(async (name: string, flags: ConnectionFlags & { output: OutputFormat }) => {
    const tree = await connect(deps, flags).request<{ nodes: TreeNode[] }>('GET', appPath(name, '/resource-tree'));
    if (printStructured(flags.output, tree.nodes, deps.io.writeOut)) return;
    deps.io.writeOut(formatTree(tree.nodes));
  });

  withConnection(
    app
      .command('delete <name>')
      .description('delete an application and (unless --no-cascade) the resources it deployed')
      .addOption(new Option('--no-cascade', 'keep the resources in the cluster')),
  ).action(async (name: string, flags: ConnectionFlags & { cascade: boolean }) => {
    await connect(deps, flags).request('DELETE', appPath(name, `?cascade=${flags.cascade}`));
    deps.io.writeOut(`application '${name}' deleted${flags.cascade ? ' with its resources' : ' (resources kept)'}\n`);
  });
}
