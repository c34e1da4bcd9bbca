/**
 * What the live object becomes once the desired one is applied, field by field, as server-side
 * apply merges: fields Git declares take Git's value; fields only the live object has (defaults,
 * other managers' fields) stay. Comparing the live object with this prediction leaves exactly
 * the drift a sync would correct.
 */
import { isPlainObject, parseQuantity } from '../core/index.ts';

/** Maps whose values are resource quantities (`cpu: 0.5` is stored as `500m`). */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable', 'overhead', 'min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio']);
const QUANTITY_FIELDS = new Set(['sizeLimit', 'storage']);

function sameQuantity(desired: unknown, live: unknown): boolean {
  if ((typeof desired !== 'string' && typeof desired !== 'number') || typeof live !== 'string') return false;
  const a = parseQuantity(desired);
  const b = parseQuantity(live);
  return a !== undefined && b !== undefined && a.nanos === b.nanos;
}

/** An empty map, list or string in Git and an absent live field are the same to the API server. */
function isEmptyValue(value: unknown): boolean {
  return (isPlainObject(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0) || value === '';
}

/** Lists whose elements all carry a string `name` are keyed by it, as most Kubernetes lists are. */
function nameKeyed(list: readonly unknown[]): boolean {
  return list.length > 0 && list.every((element) => isPlainObject(element) && typeof element.name === 'string');
}

function overlayList(live: readonly unknown[], desired: readonly unknown[], parentKey: string): unknown[] {
  if (nameKeyed(desired) && nameKeyed(live)) {
    const byName = new Map(live.map((element) => [(element as Record<string, unknown>).name, element]));
    return desired.map((element) => {
      const match = byName.get((element as Record<string, unknown>).name);
      return match === undefined ? element : overlayValue(match, element, parentKey);
    });
  }
  return desired.map((element, index) => (index < live.length ? overlayValue(live[index], element, parentKey) : element));
}

function overlayValue(live: unknown, desired: unknown, key: string, parentKey = ''): unknown {
  if (isPlainObject(desired) && isPlainObject(live)) {
    const out: Record<string, unknown> = { ...live };
    for (const [childKey, child] of Object.entries(desired)) {
      if (!(childKey in live) && isEmptyValue(child)) continue;
      out[childKey] = childKey in live ? overlayValue(live[childKey], child, childKey, key) : child;
    }
    return out;
  }
  if (Array.isArray(desired) && Array.isArray(live)) return overlayList(live, desired, key);
  if ((QUANTITY_MAPS.has(parentKey) || QUANTITY_FIELDS.has(key)) && sameQuantity(desired, live)) return live;
  return desired;
}

export function overlayDesired(live: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> {
  return overlayValue(live, desired, '') as Record<string, unknown>;
}
