import { messageOf, type KubeObject } from '../../../core/index.ts';
import { selectorMatches, type LabelSelectorSpec } from '../../selectors.ts';
import { controllerRefOf, keyOf } from './cache.ts';
import { controllerRef } from './pod-util.ts';
import type { ControllerContext } from './types.ts';

/**
 * `ControllerRefManager`: a controller claims the objects its selector matches. Objects it
 * controls that no longer match are released (its reference removed); orphans that match are
 * adopted (a controller reference added) unless the owner is being deleted. Objects being
 * deleted are neither adopted nor released.
 */
export function selectorOf(owner: KubeObject): LabelSelectorSpec | undefined {
  return (owner.spec as { selector?: LabelSelectorSpec } | undefined)?.selector;
}

export function isEmptySelector(selector: LabelSelectorSpec | undefined): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

export function matches(selector: LabelSelectorSpec | undefined, object: KubeObject): boolean {
  if (isEmptySelector(selector)) return false;
  try {
    return selectorMatches(selector as LabelSelectorSpec, object.metadata.labels);
  } catch {
    return false;
  }
}

export function claimObjects(
  context: ControllerContext,
  owner: KubeObject,
  resource: string,
  match: (object: KubeObject) => boolean,
): KubeObject[] {
  const { cache, client } = context;
  const uid = owner.metadata.uid ?? '';
  const namespace = owner.metadata.namespace ?? '';
  const claimed: KubeObject[] = [];
  for (const object of cache.controlledBy(resource, uid)) {
    if (match(object) || object.metadata.deletionTimestamp) {
      claimed.push(object);
      continue;
    }
    try {
      const refs = (object.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== uid);
      client.update(resource, { ...object, metadata: { ...object.metadata, ownerReferences: refs } });
    } catch (error) {
      context.logger.debug({ object: keyOf(object), error: messageOf(error) }, 'release failed');
    }
  }
  if (owner.metadata.deletionTimestamp) return claimed;
  for (const object of cache.orphansIn(resource, namespace)) {
    if (object.metadata.deletionTimestamp || !match(object)) continue;
    if (controllerRefOf(object)) continue;
    const refs = [...(object.metadata.ownerReferences ?? []), controllerRef(owner)];
    claimed.push(client.update(resource, { ...object, metadata: { ...object.metadata, ownerReferences: refs } }));
  }
  return claimed;
}

/** Enqueues, for an object without a controller, every owner in its namespace whose selector matches. */
export function enqueueMatchingOwners(
  context: ControllerContext,
  controller: string,
  ownerResource: string,
  object: KubeObject,
  selectorFor: (owner: KubeObject) => LabelSelectorSpec | undefined = selectorOf,
): void {
  for (const owner of context.cache.inNamespace(ownerResource, object.metadata.namespace ?? '')) {
    if (matches(selectorFor(owner), object)) context.enqueue(controller, keyOf(owner));
  }
}

/** The namespace/name key of the object's controller if it is of `kind`. */
export function controllerKeyOf(object: KubeObject, kind: string): string | undefined {
  const ref = controllerRefOf(object);
  if (!ref || ref.kind !== kind) return undefined;
  return object.metadata.namespace ? `${object.metadata.namespace}/${ref.name}` : ref.name;
}
