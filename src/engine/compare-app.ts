/**
 * Compares one application: every object Git declares against the live cluster, plus the live
 * objects the application still owns but Git no longer declares. Pure: the live state comes in
 * as a lookup, time as `now`.
 */
import { describeResourceKey, formatResourceKey, resourceKeyOf, type KubeObject, type ResourceKey } from '../core/index.ts';
import { compareResource, type CompareOptions, type IgnoreDifferencesRule, type ResourceDiff, type ResourceSyncStatus } from '../diff/index.ts';
import { aggregateHealth, assessHealth, type HealthResult } from '../health/index.ts';
import { readHookInfo } from '../plan/index.ts';

export interface ResourceComparison {
  readonly key: ResourceKey;
  readonly apiVersion: string;
  readonly status: ResourceSyncStatus;
  /** Health of the live object (Missing when absent); undefined for kinds without health. */
  readonly health?: HealthResult;
  readonly diff: ResourceDiff;
  readonly desired?: KubeObject;
  readonly live?: KubeObject;
}

export interface AppComparison {
  readonly syncStatus: 'Synced' | 'OutOfSync';
  readonly health: HealthResult;
  /** Why the application is OutOfSync: which resources, which fields. Empty when Synced. */
  readonly reasons: readonly string[];
  readonly resources: readonly ResourceComparison[];
}

export interface CompareAppInput {
  /** Desired objects, namespaced ones already given their namespace, tracking annotation set. */
  readonly desired: readonly KubeObject[];
  readonly live: (key: ResourceKey) => KubeObject | undefined;
  /** Live objects owned by the application (its tracking annotation), desired or not. */
  readonly owned: readonly KubeObject[];
  readonly namespaced: (apiVersion: string, kind: string) => boolean;
  readonly ignoreDifferences: readonly IgnoreDifferencesRule[];
  readonly fieldManager: string;
  readonly now: Date;
  /** Objects owned (ownerReferences) by a uid: lets a workload's health see its pods. */
  readonly children?: (uid: string) => readonly KubeObject[];
}

/** Workloads whose pods can tell why a rollout does not progress. */
const WORKLOAD_KINDS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet']);
const DESCENDANT_DEPTH = 3;

/**
 * A rollout that waits on pods that cannot start (crash loop, image pull failure) will only be
 * called Degraded when its progress deadline passes, ten minutes later by default. The pods say
 * so at once: the workload takes the first stuck pod's reason.
 */
function stuckPodReason(workload: KubeObject, children: (uid: string) => readonly KubeObject[], now: Date): string | undefined {
  let level: readonly KubeObject[] = [workload];
  for (let depth = 0; depth < DESCENDANT_DEPTH && level.length > 0; depth++) {
    const next: KubeObject[] = [];
    for (const object of level) {
      for (const child of object.metadata.uid ? children(object.metadata.uid) : []) {
        if (child.kind === 'Pod') {
          const health = assessHealth(child, { now });
          if (health?.status === 'Degraded') return `pod ${child.metadata.name}: ${health.message ?? 'Degraded'}`;
        } else {
          next.push(child);
        }
      }
    }
    level = next;
  }
  return undefined;
}

function withPodHealth(health: HealthResult | undefined, live: KubeObject | undefined, input: CompareAppInput): HealthResult | undefined {
  if (!live || health?.status !== 'Progressing' || !input.children) return health;
  const group = live.apiVersion.includes('/') ? live.apiVersion.split('/')[0] : '';
  if (!WORKLOAD_KINDS.has(`${group}/${live.kind}`)) return health;
  const reason = stuckPodReason(live, input.children, input.now);
  return reason ? { status: 'Degraded', message: reason } : health;
}

const REASONS_SHOWN = 5;

function describeDrift(comparison: ResourceComparison): string {
  const name = describeResourceKey(comparison.key);
  if (comparison.status === 'Missing') return `${name} is missing from the cluster`;
  if (comparison.status === 'Extra') return `${name} is no longer in Git (prune to delete it)`;
  const fields = comparison.diff.changes.map((change) => change.path);
  const shown = fields.slice(0, 3).join(', ');
  return `${name} differs at ${shown}${fields.length > 3 ? ` and ${fields.length - 3} more` : ''}`;
}

export function compareApp(input: CompareAppInput): AppComparison {
  const resources: ResourceComparison[] = [];
  const declared = new Set<string>();
  for (const desired of input.desired) {
    // Hooks run during a sync and are not part of the application's steady state.
    const hook = readHookInfo(desired);
    if (hook.phases.length > 0 || hook.skip) continue;
    const key = resourceKeyOf(desired);
    declared.add(formatResourceKey(key));
    const live = input.live(key);
    const options: CompareOptions = { fieldManager: input.fieldManager, ignoreDifferences: input.ignoreDifferences, namespaced: input.namespaced(desired.apiVersion, desired.kind) };
    const diff = compareResource(desired, live, options);
    const health = withPodHealth(assessHealth(live, { now: input.now }), live, input);
    resources.push({ key, apiVersion: desired.apiVersion, status: diff.status, diff, desired, ...(live && { live }), ...(health && { health }) });
  }
  for (const live of input.owned) {
    const key = resourceKeyOf(live);
    if (declared.has(formatResourceKey(key)) || readHookInfo(live).phases.length > 0) continue;
    const health = assessHealth(live, { now: input.now });
    resources.push({ key, apiVersion: live.apiVersion, status: 'Extra', diff: compareResource(undefined, live), live, ...(health && { health }) });
  }
  const drifted = resources.filter((r) => r.status !== 'Synced');
  const reasons = drifted.slice(0, REASONS_SHOWN).map(describeDrift);
  if (drifted.length > REASONS_SHOWN) reasons.push(`and ${drifted.length - REASONS_SHOWN} more resources`);
  // An Extra resource's health does not count: it is on its way out.
  const health = aggregateHealth(resources.filter((r) => r.status !== 'Extra').map((r) => r.health));
  return { syncStatus: drifted.length === 0 ? 'Synced' : 'OutOfSync', health, reasons, resources };
}
