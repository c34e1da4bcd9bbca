/**
 * The sync plan as the dialog previews it: the tasks of a dry-run operation (phase, wave,
 * action) joined with each resource's comparison, so a task reads as what it will do —
 * create, change, leave as is, prune — grouped by phase and wave in the order they run.
 */
import type { OperationTask, OperationView, ResourceStatusView } from '../api/types.ts';
import { formatResourceRef } from './url-state.ts';

export type PlanVerb = 'create' | 'change' | 'unchanged' | 'prune' | 'keep' | 'hook' | 'create-namespace';

export interface PlanItem {
  readonly ref: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly verb: PlanVerb;
  readonly status: OperationTask['status'];
  readonly message?: string;
}

export interface PlanStep {
  readonly phase: string;
  readonly wave: number;
  readonly items: readonly PlanItem[];
}

export interface PlanSummary {
  readonly steps: readonly PlanStep[];
  readonly counts: Readonly<Record<PlanVerb, number>>;
}

export const PHASE_ORDER = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PostDelete'];

export const VERB_LOOK: Readonly<Record<PlanVerb, { readonly icon: string; readonly label: string; readonly tone: 'ok' | 'warn' | 'bad' | 'muted' | 'info' }>> = {
  create: { icon: '⊕', label: 'create', tone: 'ok' },
  change: { icon: '✎', label: 'change', tone: 'warn' },
  unchanged: { icon: '=', label: 'unchanged', tone: 'muted' },
  prune: { icon: '⊖', label: 'prune', tone: 'bad' },
  keep: { icon: '⊘', label: 'not pruned', tone: 'muted' },
  hook: { icon: '⚙', label: 'run hook', tone: 'info' },
  'create-namespace': { icon: '⊕', label: 'create namespace', tone: 'ok' },
};

function verbOf(task: OperationTask, compared: ResourceStatusView | undefined): PlanVerb {
  if (task.action === 'create-namespace') return 'create-namespace';
  if (task.isHook) return 'hook';
  if (task.action === 'prune') return task.status === 'Skipped' ? 'keep' : 'prune';
  if (!compared || compared.status === 'Missing') return 'create';
  return compared.status === 'Synced' ? 'unchanged' : 'change';
}

function phaseRank(phase: string): number {
  const rank = PHASE_ORDER.indexOf(phase);
  return rank < 0 ? PHASE_ORDER.length : rank;
}

export function summarizePlan(operation: Pick<OperationView, 'tasks'>, resources: readonly ResourceStatusView[]): PlanSummary {
  const byRef = new Map(resources.map((r) => [formatResourceRef(r), r]));
  const steps = new Map<string, { phase: string; wave: number; items: PlanItem[] }>();
  const counts: Record<PlanVerb, number> = { create: 0, change: 0, unchanged: 0, prune: 0, keep: 0, hook: 0, 'create-namespace': 0 };
  for (const task of operation.tasks) {
    const ref = formatResourceRef(task.key);
    const verb = verbOf(task, byRef.get(ref));
    counts[verb]++;
    const stepKey = `${task.phase}/${task.wave}`;
    const step = steps.get(stepKey) ?? { phase: task.phase, wave: task.wave, items: [] };
    step.items.push({ ref, kind: task.key.kind, namespace: task.key.namespace, name: task.key.name, verb, status: task.status, ...(task.message && { message: task.message }) });
    steps.set(stepKey, step);
  }
  const ordered = [...steps.values()].sort((a, b) => phaseRank(a.phase) - phaseRank(b.phase) || a.wave - b.wave);
  return { steps: ordered, counts };
}

/** "2 to create, 1 to change, 1 to prune" */
export function describeCounts(counts: Readonly<Record<PlanVerb, number>>): string {
  const parts: string[] = [];
  if (counts['create-namespace']) parts.push(`${counts['create-namespace']} namespace to create`);
  if (counts.create) parts.push(`${counts.create} to create`);
  if (counts.change) parts.push(`${counts.change} to change`);
  if (counts.prune) parts.push(`${counts.prune} to prune`);
  if (counts.hook) parts.push(`${counts.hook} hook${counts.hook === 1 ? '' : 's'} to run`);
  if (counts.keep) parts.push(`${counts.keep} not pruned (prune is off)`);
  if (counts.unchanged) parts.push(`${counts.unchanged} unchanged`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}

/** A wave number for people: the namespace-creation step has the smallest safe integer. */
export function describeWave(wave: number): string {
  return wave <= -1_000_000 ? 'first' : `wave ${wave}`;
}
