/**
 * Guards against YAML alias bombs ("billion laughs"). js-yaml resolves an alias to the very
 * object its anchor built, so a few hundred bytes of nested aliases parse instantly into a
 * graph whose expanded tree has billions of nodes; printing it, storing it or applying it
 * would then exhaust memory. The expanded size is computed over the graph with memoisation
 * (each distinct node visited once), refused above a limit, and a value that shares nodes is
 * copied into a plain tree, so later code can mutate one object without changing another.
 */

/** Size of a value written out: one per node, plus the characters of strings and keys. */
export const DEFAULT_MAX_EXPANDED_SIZE = 16 * 1024 * 1024;
/** Deeper than any Kubernetes object, shallow enough for recursive code (printers, diff). */
export const MAX_VALUE_DEPTH = 1000;

export type ExpandProblem =
  | { readonly kind: 'too-large'; readonly limit: number }
  | { readonly kind: 'cycle' }
  | { readonly kind: 'too-deep'; readonly limit: number }
  | { readonly kind: 'not-finite'; readonly path: string };

export type ExpandResult =
  | { readonly ok: true; readonly value: unknown; readonly size: number }
  | { readonly ok: false; readonly problem: ExpandProblem };

class Stop extends Error {
  readonly problem: ExpandProblem;
  constructor(problem: ExpandProblem) {
    super(problem.kind);
    this.problem = problem;
  }
}

/**
 * Checks that `value` expands to at most `budget` (see DEFAULT_MAX_EXPANDED_SIZE), has no
 * cycle, no nesting deeper than MAX_VALUE_DEPTH and only finite numbers; returns it as a
 * tree without shared nodes.
 */
export function expandValue(value: unknown, budget: number = DEFAULT_MAX_EXPANDED_SIZE): ExpandResult {
  const sizes = new Map<object, number>();
  const active = new Set<object>();
  let shared = false;

  const measure = (node: unknown, depth: number, path: string): number => {
    if (typeof node === 'string') return 1 + node.length;
    if (typeof node === 'number' && !Number.isFinite(node)) throw new Stop({ kind: 'not-finite', path: path || '.' });
    if (node === null || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) {
      shared = true;
      return known;
    }
    if (active.has(node)) throw new Stop({ kind: 'cycle' });
    if (depth > MAX_VALUE_DEPTH) throw new Stop({ kind: 'too-deep', limit: MAX_VALUE_DEPTH });
    active.add(node);
    let total = 1;
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        total += measure(item, depth + 1, `${path}[${index}]`);
        if (total > budget) throw new Stop({ kind: 'too-large', limit: budget });
      });
    } else {
      for (const [key, item] of Object.entries(node)) {
        total += key.length + measure(item, depth + 1, `${path}.${key}`);
        if (total > budget) throw new Stop({ kind: 'too-large', limit: budget });
      }
    }
    active.delete(node);
    sizes.set(node, total);
    return total;
  };

  try {
    const size = measure(value, 0, '');
    return { ok: true, value: shared ? copyTree(value) : value, size };
  } catch (error) {
    if (error instanceof Stop) return { ok: false, problem: error.problem };
    throw error;
  }
}

function copyTree(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(copyTree);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(node)) {
    // defineProperty keeps a `__proto__` key as data instead of changing the prototype.
    Object.defineProperty(copy, key, { value: copyTree(item), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

export function describeExpandProblem(problem: ExpandProblem): string {
  switch (problem.kind) {
    case 'too-large':
      return `the file expands to more than ${problem.limit} nodes and characters through YAML aliases (an alias bomb?)`;
    case 'cycle':
      return 'contains a recursive YAML alias (a node that includes itself)';
    case 'too-deep':
      return `nests deeper than ${problem.limit} levels`;
    case 'not-finite':
      return `holds a number that JSON cannot represent (.inf or .nan) at ${problem.path}`;
  }
}
