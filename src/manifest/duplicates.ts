import { describeResourceKey, FerryError, formatResourceKey, resourceKeyOf } from '../core/index.ts';
import { formatOrigin } from './locate.ts';
import type { ManifestOrigin } from './types.ts';
import type { KubeObject } from '../core/index.ts';

/**
 * Refuses two objects with the same ResourceKey: they would fight over one resource in the
 * cluster, and which one wins would depend on file order. Hooks named by generateName only
 * are left out: each run creates a new resource from them.
 */
export function checkNoDuplicates(objects: readonly { readonly object: KubeObject; readonly origin: ManifestOrigin }[]): void {
  const seen = new Map<string, ManifestOrigin>();
  for (const { object, origin } of objects) {
    if (!object.metadata.name) continue;
    const key = resourceKeyOf(object);
    const text = formatResourceKey(key);
    const first = seen.get(text);
    if (first) {
      throw new FerryError(
        'MANIFEST_DUPLICATE_OBJECT',
        `${describeResourceKey(key)} is defined twice: at ${formatOrigin(first)} and at ${formatOrigin(origin)}`,
        { httpStatus: 400 },
      );
    }
    seen.set(text, origin);
  }
}
