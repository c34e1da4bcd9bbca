/**
 * How Ferry knows what it owns: every object it applies carries an annotation naming the
 * application and the object's own identity. An object is the app's only when the annotation
 * matches exactly, so a copy made with `kubectl get -o yaml | kubectl apply` into another
 * namespace is never pruned by mistake (the Argo CD annotation-tracking rule).
 */
import type { KubeObject, ResourceKey } from '../core/index.ts';

export const TRACKING_ANNOTATION = 'ferry.dev/tracking-id';

export function trackingIdFor(app: string, key: ResourceKey): string {
  return `${app}:${key.group}/${key.kind}:${key.namespace}/${key.name}`;
}

export function withTracking(object: KubeObject, app: string, key: ResourceKey): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [TRACKING_ANNOTATION]: trackingIdFor(app, key) } },
  };
}

/** The application that owns this live object, or undefined when it is not (exactly) tracked. */
export function owningApp(object: KubeObject, key: ResourceKey): string | undefined {
  const id = object.metadata.annotations?.[TRACKING_ANNOTATION];
  if (!id) return undefined;
  const colon = id.indexOf(':');
  if (colon <= 0) return undefined;
  const app = id.slice(0, colon);
  return id === trackingIdFor(app, key) ? app : undefined;
}
