import type { KubeObject } from '../../../core/index.ts';
import type { NodeSelectorTerm, Taint, Toleration } from './pod-util.ts';

/** Taint/toleration and node-selector matching, shared by the scheduler, DaemonSets and eviction. */

/** `v1.Toleration.ToleratesTaint`. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  if (!toleration.key) return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

export function isTolerated(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((toleration) => tolerates(toleration, taint));
}

export function nodeTaints(node: KubeObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
}

/** The first taint with one of `effects` that `tolerations` do not tolerate. */
export function untoleratedTaint(
  node: KubeObject,
  tolerations: readonly Toleration[] | undefined,
  effects: readonly string[] = ['NoSchedule', 'NoExecute'],
): Taint | undefined {
  return nodeTaints(node).find((taint) => effects.includes(taint.effect) && !isTolerated(tolerations, taint));
}

function matchesExpression(
  expression: { key: string; operator: string; values?: string[] },
  lookup: (key: string) => string | undefined,
): boolean {
  const value = lookup(expression.key);
  const values = expression.values ?? [];
  switch (expression.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      const bound = Number(values[0]);
      return expression.operator === 'Gt' ? Number(value) > bound : Number(value) < bound;
    }
    default:
      return false;
  }
}

/** One `nodeSelectorTerms` entry: all expressions and fields hold; an empty term matches nothing. */
export function matchesTerm(term: NodeSelectorTerm, node: KubeObject): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return (
    expressions.every((e) => matchesExpression(e, (key) => (Object.hasOwn(labels, key) ? labels[key] : undefined))) &&
    fields.every((f) => matchesExpression(f, (key) => (key === 'metadata.name' ? node.metadata.name : undefined)))
  );
}

/** nodeSelector and required node affinity (the NodeAffinity filter). */
export function matchesNodeSelectorAndAffinity(
  spec: { nodeSelector?: Record<string, string>; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } } },
  node: KubeObject,
): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => matchesTerm(term, node));
}
