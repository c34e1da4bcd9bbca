import { canonicalQuantity, isPlainObject } from '../../../../core/index.ts';

/** Loose JSON object: defaulting walks unvalidated input, so every level is checked. */
export type Obj = Record<string, unknown>;

export function asObj(value: unknown): Obj | undefined {
  return isPlainObject(value) ? value : undefined;
}

export function asList(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/** The object at `obj[key]`, created empty when absent (null counts as absent, as a Go nil). */
export function child(obj: Obj, key: string): Obj {
  const existing = obj[key];
  if (isPlainObject(existing)) return existing;
  const created: Obj = {};
  obj[key] = created;
  return created;
}

/** Sets `obj[key]` when it is absent, null or the empty string (Go's zero value of an
 * `omitempty` string or a nil pointer). */
export function defaultTo(obj: Obj, key: string, value: unknown): void {
  const current = obj[key];
  if (current === undefined || current === null || current === '') obj[key] = value;
}

/** Rewrites each quantity of a resource list as the API server stores it (`1000m` → `1`). */
export function canonicalizeResourceList(list: unknown): void {
  const map = asObj(list);
  if (!map) return;
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const canonical = canonicalQuantity(value);
    if (canonical !== undefined) map[name] = canonical;
  }
}

export function canonicalizeQuantityField(obj: Obj, key: string): void {
  const value = obj[key];
  if (typeof value !== 'string' && typeof value !== 'number') return;
  const canonical = canonicalQuantity(value);
  if (canonical !== undefined) obj[key] = canonical;
}
