/** Safe readers for unstructured objects: a missing or mistyped field reads as absent. */
import { isPlainObject } from '../../core/index.ts';

export type Unstructured = Record<string, unknown>;

export function field(object: unknown, ...path: string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function numberField(object: unknown, ...path: string[]): number | undefined {
  const value = field(object, ...path);
  return typeof value === 'number' ? value : undefined;
}

export function stringField(object: unknown, ...path: string[]): string | undefined {
  const value = field(object, ...path);
  return typeof value === 'string' ? value : undefined;
}

export function listField(object: unknown, ...path: string[]): Unstructured[] {
  const value = field(object, ...path);
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

export function conditionsOf(object: unknown): Condition[] {
  return listField(object, 'status', 'conditions').map((c) => ({
    type: String(c.type ?? ''),
    status: String(c.status ?? ''),
    reason: String(c.reason ?? ''),
    message: String(c.message ?? ''),
  }));
}

export function findCondition(object: unknown, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}

/** True when the controller has not yet seen the latest spec (generation > observedGeneration). */
export function generationNotObserved(object: unknown): boolean {
  const generation = numberField(object, 'metadata', 'generation');
  const observed = numberField(object, 'status', 'observedGeneration');
  return generation !== undefined && (observed === undefined || generation > observed);
}
