import { resourceKey } from './resources.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * Watches the resources CustomResourceDefinitions add, once the API layer serves them, so the
 * cache, the garbage collector and namespace deletion see custom resources too.
 */
export function createCrdWatcher(context: ControllerContext): Controller {
  const attempts = new Map<string, number>();
  return {
    name: 'crd-watcher',
    handlers: {
      'apiextensions.k8s.io/customresourcedefinitions': (type, crd) => {
        if (type !== 'DELETED') context.enqueue('crd-watcher', crd.metadata.name ?? '');
      },
    },
    sync(name) {
      const crd = context.cache.get('apiextensions.k8s.io/customresourcedefinitions', '', name);
      if (!crd) return undefined;
      const spec = (crd.spec ?? {}) as { group?: string; names?: { plural?: string } };
      const key = resourceKey(spec.group ?? '', spec.names?.plural ?? '');
      if (!context.store.resource(key)) {
        // Not served yet: look again shortly, for a minute at most.
        const count = (attempts.get(name) ?? 0) + 1;
        attempts.set(name, count);
        return count < 60 ? 1000 : undefined;
      }
      attempts.delete(name);
      context.watch(key);
      return undefined;
    },
  };
}
