/**
 * The annotations that steer a sync. Argo CD's are honoured unchanged, so existing repositories
 * work as they are; `ferry.dev/...` twins are accepted too. Helm's hook annotations map onto
 * phases as Argo CD maps them.
 */
import type { KubeObject } from '../core/index.ts';

export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
export type HookDeletePolicy = 'HookSucceeded' | 'HookFailed' | 'BeforeHookCreation';

export const PHASE_ORDER: Readonly<Record<SyncPhase, number>> = { PreSync: -1, Sync: 0, PostSync: 1, SyncFail: 2 };

const PREFIXES = ['argocd.argoproj.io/', 'ferry.dev/'];

function annotation(object: KubeObject, name: string): string | undefined {
  const annotations = object.metadata.annotations ?? {};
  for (const prefix of PREFIXES) {
    const value = annotations[`${prefix}${name}`];
    if (value !== undefined) return value;
  }
  return undefined;
}

function splitList(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

const HELM_HOOK_PHASES: Readonly<Record<string, SyncPhase>> = {
  'crd-install': 'PreSync',
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
};

const HELM_DELETE_POLICIES: Readonly<Record<string, HookDeletePolicy>> = {
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
  'before-hook-creation': 'BeforeHookCreation',
};

export interface HookInfo {
  /** The phases the object runs in; empty when it is an ordinary resource. */
  readonly phases: readonly SyncPhase[];
  /** True for `Skip` hooks and Helm hooks that have no place in a sync (tests, delete hooks). */
  readonly skip: boolean;
  readonly deletePolicies: readonly HookDeletePolicy[];
}

export function readHookInfo(object: KubeObject): HookInfo {
  const own = annotation(object, 'hook');
  const helm = object.metadata.annotations?.['helm.sh/hook'];
  let phases: SyncPhase[] = [];
  let skip = false;
  if (own !== undefined) {
    for (const word of splitList(own)) {
      if (word === 'Skip') skip = true;
      else if (word in PHASE_ORDER) phases.push(word as SyncPhase);
    }
  } else if (helm !== undefined) {
    const words = splitList(helm);
    phases = [...new Set(words.map((word) => HELM_HOOK_PHASES[word]).filter((phase): phase is SyncPhase => phase !== undefined))];
    skip = phases.length === 0;
  }
  const ownPolicy = annotation(object, 'hook-delete-policy');
  const helmPolicy = object.metadata.annotations?.['helm.sh/hook-delete-policy'];
  let deletePolicies: HookDeletePolicy[] = [];
  if (ownPolicy !== undefined) deletePolicies = splitList(ownPolicy).filter((p): p is HookDeletePolicy => ['HookSucceeded', 'HookFailed', 'BeforeHookCreation'].includes(p));
  else if (helmPolicy !== undefined) deletePolicies = splitList(helmPolicy).map((p) => HELM_DELETE_POLICIES[p]).filter((p): p is HookDeletePolicy => p !== undefined);
  if (phases.length > 0 && deletePolicies.length === 0) deletePolicies = ['BeforeHookCreation'];
  return { phases, skip, deletePolicies };
}

/** The sync wave; Helm's hook weight stands in for hooks that give none. Not an integer: an error. */
export function readSyncWave(object: KubeObject): number | Error {
  const text = annotation(object, 'sync-wave') ?? object.metadata.annotations?.['helm.sh/hook-weight'];
  if (text === undefined) return 0;
  const wave = Number(text.trim());
  if (!Number.isSafeInteger(wave) || text.trim() === '') return new Error(`sync wave ${JSON.stringify(text)} is not an integer`);
  return wave;
}

/** Per-resource sync options (`Prune=false,ServerSideApply=true`), names and values as written. */
export function readSyncOptions(object: KubeObject | undefined): ReadonlyMap<string, string> {
  const options = new Map<string, string>();
  const text = object ? annotation(object, 'sync-options') : undefined;
  for (const entry of splitList(text ?? '')) {
    const equals = entry.indexOf('=');
    if (equals > 0) options.set(entry.slice(0, equals).trim(), entry.slice(equals + 1).trim());
  }
  return options;
}
