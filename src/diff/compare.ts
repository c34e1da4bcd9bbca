import fastJsonPatch, { type Operation } from 'fast-json-patch';
import yaml from 'js-yaml';
import { cloneJson, splitApiVersion, type KubeObject } from '../core/index.ts';
import { hasPath, pathsOfObject, pathsOwnedBy, removePath, type FieldPath } from './managed-fields.ts';
import { getAtPointer, parseJsonPointer, removeAtPointer } from './json-pointer.ts';
import { normalizeDesired, normalizeLive } from './normalize.ts';
import { overlayDesired } from './overlay.ts';
import { redactSecretPair } from './redact.ts';
import { unifiedDiff } from './unified-diff.ts';
import type { CompareOptions, FieldChange, IgnoreDifferencesRule, ResourceDiff } from './types.ts';

const DEFAULT_FIELD_MANAGER = 'ferry';
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

function toYaml(object: Record<string, unknown> | undefined): string {
  return object === undefined ? '' : yaml.dump(object, { noRefs: true, lineWidth: -1 });
}

function ruleMatches(rule: IgnoreDifferencesRule, object: KubeObject): boolean {
  const group = splitApiVersion(object.apiVersion).group;
  return (
    (rule.group ?? '') === group &&
    rule.kind === object.kind &&
    (rule.name === undefined || rule.name === object.metadata.name) &&
    (rule.namespace === undefined || rule.namespace === (object.metadata.namespace ?? ''))
  );
}

function applyIgnoreRules(rules: readonly IgnoreDifferencesRule[], rawLive: KubeObject, live: Record<string, unknown>, predicted: Record<string, unknown>): void {
  for (const rule of rules) {
    if (!ruleMatches(rule, rawLive)) continue;
    for (const pointer of rule.jsonPointers ?? []) {
      const tokens = parseJsonPointer(pointer);
      removeAtPointer(live, tokens);
      removeAtPointer(predicted, tokens);
    }
    for (const path of pathsOwnedBy(rawLive, rule.managedFieldsManagers ?? [])) {
      removePath(live, path);
      removePath(predicted, path);
    }
  }
}

/** What Ferry applied last time: its server-side apply fields, or the client-side last-applied record. */
function appliedBefore(live: KubeObject, fieldManager: string): FieldPath[] {
  const applied = pathsOwnedBy(live, [fieldManager], 'Apply');
  const lastApplied = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!lastApplied) return applied;
  try {
    const recorded = JSON.parse(lastApplied) as Record<string, unknown>;
    delete recorded.status;
    return [...applied, ...pathsOfObject(recorded).filter((path) => !('field' in (path[0] ?? {}) && (path[0] as { field: string }).field === 'metadata' && ['annotations', 'managedFields'].includes((path[1] as { field?: string } | undefined)?.field ?? '')))];
  } catch {
    return applied;
  }
}

function changesOf(patch: readonly Operation[], live: Record<string, unknown>): FieldChange[] {
  return patch.flatMap((operation): FieldChange[] => {
    if (operation.op !== 'add' && operation.op !== 'remove' && operation.op !== 'replace') return [];
    const before = getAtPointer(live, parseJsonPointer(operation.path));
    const change: FieldChange = { path: operation.path, op: operation.op };
    if (operation.op !== 'add') Object.assign(change, { live: before });
    if (operation.op !== 'remove') Object.assign(change, { desired: operation.value });
    return [change];
  });
}

/**
 * Compares what Git declares with what the cluster holds for one resource. Either side may be
 * absent: only desired is Missing, only live is Extra. Fields the server fills in (defaults,
 * status, metadata) and fields other managers own are not drift; a field Ferry applied before
 * and Git no longer declares is.
 */
export function compareResource(desired: KubeObject | undefined, live: KubeObject | undefined, options: CompareOptions = {}): ResourceDiff {
  const normalizedDesired = desired === undefined ? undefined : normalizeDesired(desired, options);
  if (live === undefined) {
    const masked = redactSecretPair(undefined, normalizedDesired).desired;
    return { status: 'Missing', changes: [], patch: [], desired: masked, unified: unifiedDiff('', toYaml(masked)) };
  }
  const normalizedLive = normalizeLive(live);
  if (normalizedDesired === undefined) {
    const masked = redactSecretPair(normalizedLive, undefined).live;
    return { status: 'Extra', changes: [], patch: [], live: masked, unified: unifiedDiff(toYaml(masked), '') };
  }
  // The prediction shares no structure with the live object: paths are removed from each separately.
  const predicted = overlayDesired(cloneJson(normalizedLive), normalizedDesired);
  for (const path of appliedBefore(live, options.fieldManager ?? DEFAULT_FIELD_MANAGER)) {
    if (hasPath(normalizedLive, path) && !hasPath(normalizedDesired, path)) removePath(predicted, path);
  }
  applyIgnoreRules(options.ignoreDifferences ?? [], live, normalizedLive, predicted);
  const masked = redactSecretPair(normalizedLive, predicted);
  const maskedLive = masked.live ?? {};
  const maskedDesired = masked.desired ?? {};
  const patch = fastJsonPatch.compare(maskedLive, maskedDesired);
  return {
    status: patch.length === 0 ? 'Synced' : 'OutOfSync',
    changes: changesOf(patch, maskedLive),
    patch,
    live: maskedLive,
    desired: maskedDesired,
    // Printing both objects is the dearest part of a comparison: skip it when nothing differs.
    unified: patch.length === 0 ? '' : unifiedDiff(toYaml(maskedLive), toYaml(maskedDesired)),
  };
}
