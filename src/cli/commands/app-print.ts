/**
 * How `ferry app ...` prints applications, history, trees and sync progress in table form.
 */
import { formatFields, formatTable, shortSha } from '../output.ts';
import type { ApiApplication, ApiHistoryItem, ApiOperation } from './api-support.ts';

function syncPolicy(app: ApiApplication): string {
  const automated = app.spec.syncPolicy?.automated;
  if (!automated) return 'Manual';
  const extras = [automated.prune && 'Prune', automated.selfHeal && 'SelfHeal'].filter(Boolean);
  return `Automated${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

function destination(app: ApiApplication): string {
  return app.spec.destination?.server ?? app.spec.destination?.name ?? '';
}

export function formatApplicationList(apps: readonly ApiApplication[], wide: boolean): string {
  if (!wide) {
    return formatTable(
      ['NAME', 'SYNC', 'HEALTH', 'REVISION', 'PROJECT'],
      apps.map((a) => [a.metadata.name, a.status.sync.status, a.status.health.status, shortSha(a.status.sync.revision), a.spec.project ?? 'default']),
    );
  }
  return formatTable(
    ['NAME', 'CLUSTER', 'NAMESPACE', 'PROJECT', 'SYNC', 'HEALTH', 'SYNCPOLICY', 'REVISION', 'PINNED', 'REPO', 'PATH', 'TARGET'],
    apps.map((a) => [
      a.metadata.name,
      destination(a),
      a.spec.destination?.namespace ?? '',
      a.spec.project ?? 'default',
      a.status.sync.status,
      a.status.health.status,
      syncPolicy(a),
      shortSha(a.status.sync.revision),
      a.status.pin ? `history ${a.status.pin.historyId}` : '',
      a.spec.source?.repoURL ?? '',
      a.spec.source?.path ?? '',
      a.spec.source?.targetRevision ?? 'HEAD',
    ]),
  );
}

/** Phase, stage, the wave being worked on and how many resources are done. */
export function describeProgress(operation: ApiOperation): string {
  const tasks = operation.tasks;
  const done = tasks.filter((t) => t.status === 'Succeeded' || t.status === 'Failed' || t.status === 'Skipped').length;
  const open = tasks.filter((t) => t.status === 'Pending' || t.status === 'Running');
  const wave = open.length > 0 ? Math.min(...open.map((t) => t.wave)) : undefined;
  const phase = open.length > 0 ? open.find((t) => t.wave === wave)?.phase : undefined;
  const where = wave === undefined ? '' : ` · ${phase} wave ${wave === Number.MIN_SAFE_INTEGER ? 'namespace' : wave}`;
  return `${operation.dryRun ? 'dry run ' : ''}${operation.phase}${where} · ${done}/${tasks.length} resources done${operation.phase !== 'Running' && operation.message ? ` · ${operation.message}` : ''}`;
}

export function formatApplication(app: ApiApplication): string {
  const status = app.status;
  const target = app.spec.source?.targetRevision ?? 'HEAD';
  const pin = status.pin && `at history ${status.pin.historyId} (${shortSha(status.pin.revision)}); auto-sync will not redeploy ${shortSha(status.pin.fromRevision)} (ferry app unpin)`;
  const operation = status.operation && `${status.operation.dryRun ? 'Dry run' : 'Sync'} ${describeProgress(status.operation)} (started by ${status.operation.initiator})`;
  const header = formatFields([
    ['Name', app.metadata.name],
    ['Project', app.spec.project ?? 'default'],
    ['Server', destination(app)],
    ['Namespace', app.spec.destination?.namespace],
    ['Repo', app.spec.source?.repoURL],
    ['Target', target],
    ['Path', app.spec.source?.path || '.'],
    ['Sync Policy', syncPolicy(app)],
    ['Sync Status', `${status.sync.status}${status.sync.revision ? ` to ${target} (${shortSha(status.sync.revision)})` : ''}`],
    ['Health Status', `${status.health.status}${status.health.message ? ` (${status.health.message})` : ''}`],
    ['Commit', status.commit && `${status.commit.message.split('\n')[0]} — ${status.commit.author}`],
    ['Pinned', pin],
    ['Operation', operation],
    ...(status.conditions ?? []).map((c) => [c.type, c.message] as const),
  ]);
  const resources = status.resources ?? [];
  if (resources.length === 0) return header;
  const table = formatTable(
    ['GROUP', 'KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HEALTH', 'MESSAGE'],
    resources.map((r) => [r.group, r.kind, r.namespace, r.name, r.status, r.health?.status ?? '', r.health?.message ?? '']),
  );
  return `${header}\n${table}`;
}

export function formatHistory(items: readonly ApiHistoryItem[]): string {
  return formatTable(
    ['ID', 'DATE', 'REVISION', 'PHASE', 'INITIATOR', 'MESSAGE'],
    items.map((h) => [String(h.id), h.deployedAt, shortSha(h.revision), h.phase, h.initiator, h.commitMessage.split('\n')[0] ?? '']),
  );
}

export interface TreeNode {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly status?: string;
  readonly health?: { readonly status: string; readonly message?: string };
  readonly info: readonly { readonly name: string; readonly value: string }[];
  readonly children: readonly TreeNode[];
}

export function formatTree(nodes: readonly TreeNode[]): string {
  const rows: string[][] = [];
  const visit = (node: TreeNode, prefix: string, last: boolean, depth: number) => {
    const branch = depth === 0 ? '' : `${prefix}${last ? '└─' : '├─'}`;
    rows.push([`${branch}${node.kind}/${node.name}`, node.namespace, node.status ?? '', node.health?.status ?? '', node.info.map((i) => `${i.name}=${i.value}`).join(' ')]);
    const childPrefix = depth === 0 ? '' : `${prefix}${last ? '  ' : '│ '}`;
    node.children.forEach((child, i) => visit(child, childPrefix, i === node.children.length - 1, depth + 1));
  };
  nodes.forEach((node) => visit(node, '', true, 0));
  return formatTable(['RESOURCE', 'NAMESPACE', 'SYNC', 'HEALTH', 'INFO'], rows);
}
