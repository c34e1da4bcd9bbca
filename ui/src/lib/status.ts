/**
 * How statuses look and fold: every status has an icon and a word (colour is a third cue, never
 * the only one), health folds to the worst of a group, and counts are kept per status word.
 */
import type { HealthStatus, OperationPhase, ResourceNode } from '../api/types.ts';

export type Tone = 'ok' | 'warn' | 'bad' | 'busy' | 'muted' | 'info';

export interface StatusLook {
  /** A glyph whose shape differs per status, so no one has to tell colours apart. */
  readonly icon: string;
  readonly label: string;
  readonly tone: Tone;
}

export const HEALTH_LOOK: Readonly<Record<HealthStatus, StatusLook>> = {
  Healthy: { icon: '♥', label: 'Healthy', tone: 'ok' },
  Progressing: { icon: '◔', label: 'Progressing', tone: 'busy' },
  Degraded: { icon: '✖', label: 'Degraded', tone: 'bad' },
  Suspended: { icon: '‖', label: 'Suspended', tone: 'muted' },
  Missing: { icon: '⊘', label: 'Missing', tone: 'warn' },
  Unknown: { icon: '?', label: 'Unknown', tone: 'muted' },
};

/** Application and resource sync words together: a resource may also be Missing or Extra. */
export const SYNC_LOOK: Readonly<Record<string, StatusLook>> = {
  Synced: { icon: '✔', label: 'Synced', tone: 'ok' },
  OutOfSync: { icon: '≠', label: 'OutOfSync', tone: 'warn' },
  Missing: { icon: '⊕', label: 'Missing', tone: 'warn' },
  Extra: { icon: '⊖', label: 'Extra (prune)', tone: 'warn' },
  Unknown: { icon: '?', label: 'Unknown', tone: 'muted' },
};

export const OPERATION_LOOK: Readonly<Record<OperationPhase, StatusLook>> = {
  Running: { icon: '◔', label: 'Running', tone: 'busy' },
  Terminating: { icon: '◼', label: 'Terminating', tone: 'busy' },
  Succeeded: { icon: '✔', label: 'Succeeded', tone: 'ok' },
  Failed: { icon: '✖', label: 'Failed', tone: 'bad' },
  Error: { icon: '⚠', label: 'Error', tone: 'bad' },
};

const UNKNOWN_LOOK: StatusLook = { icon: '?', label: 'Unknown', tone: 'muted' };

export function healthLook(status: string | undefined): StatusLook {
  return (status && HEALTH_LOOK[status as HealthStatus]) || UNKNOWN_LOOK;
}

export function syncLook(status: string | undefined): StatusLook {
  return (status && SYNC_LOOK[status]) || UNKNOWN_LOOK;
}

export function operationLook(phase: string | undefined): StatusLook {
  return (phase && OPERATION_LOOK[phase as OperationPhase]) || { icon: '•', label: phase ?? 'none', tone: 'muted' };
}

export const HEALTH_ORDER: readonly HealthStatus[] = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];
export const SYNC_ORDER = ['Synced', 'OutOfSync', 'Unknown'] as const;

// Worst first: what needs a person's attention most.
const SEVERITY: readonly HealthStatus[] = ['Degraded', 'Missing', 'Progressing', 'Unknown', 'Suspended', 'Healthy'];

/** The worst health of a group, as a collapsed branch or an application shows it. */
export function worstHealth(statuses: Iterable<string | undefined>): HealthStatus | undefined {
  let worst: number | undefined;
  for (const status of statuses) {
    if (!status) continue;
    const rank = SEVERITY.indexOf(status as HealthStatus);
    const effective = rank < 0 ? SEVERITY.indexOf('Unknown') : rank;
    if (worst === undefined || effective < worst) worst = effective;
  }
  return worst === undefined ? undefined : SEVERITY[worst];
}

/** How many items carry each value, in first-seen order. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const value = key(item);
    if (value === undefined) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

export interface Fold {
  /** Descendants hidden under a collapsed node. */
  readonly count: number;
  readonly health: ReadonlyMap<string, number>;
  readonly worst?: HealthStatus;
  readonly kinds: ReadonlyMap<string, number>;
}

/** What a collapsed node hides: how many objects, of which kinds, and their health. */
export function foldChildren(node: Pick<ResourceNode, 'children'>): Fold {
  const all: ResourceNode[] = [];
  const walk = (children: readonly ResourceNode[]) => {
    for (const child of children) {
      all.push(child);
      walk(child.children);
    }
  };
  walk(node.children);
  const health = countBy(all, (n) => n.health?.status);
  const worst = worstHealth(health.keys());
  return { count: all.length, health, kinds: countBy(all, (n) => n.kind), ...(worst && { worst }) };
}

/** "3 Pods, 1 ReplicaSet" */
export function describeKinds(kinds: ReadonlyMap<string, number>): string {
  return [...kinds.entries()].map(([kind, n]) => `${n} ${n === 1 ? kind : pluralKind(kind)}`).join(', ');
}

/** Ingresses, NetworkPolicies, Endpoints, Pods. */
export function pluralKind(kind: string): string {
  if (/ss$/.test(kind)) return `${kind}es`;
  if (/s$/.test(kind)) return kind;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}
