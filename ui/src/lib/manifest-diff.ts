/**
 * Two sets of manifests compared object by object (matched by group, kind, namespace and
 * name), each pair as a line diff of its YAML: what a rollback would change, from the
 * revision deployed now to the one chosen.
 */
import type { KubeObjectLike } from '../api/types.ts';
import { diffLines, diffStats, type DiffStats, type LineEdit } from './diff-lines.ts';
import { toYamlLines } from './yaml.ts';

export type ObjectChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ObjectDiff {
  readonly ref: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly change: ObjectChange;
  readonly edits: readonly LineEdit[];
  readonly stats: DiffStats;
}

function groupOf(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

export function objectRef(object: KubeObjectLike): string {
  return `${groupOf(object.apiVersion)}/${object.kind ?? ''}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

const ORDER: Readonly<Record<ObjectChange, number>> = { changed: 0, added: 1, removed: 2, unchanged: 3 };

export function diffManifestSets(from: readonly KubeObjectLike[], to: readonly KubeObjectLike[]): ObjectDiff[] {
  const before = new Map(from.map((o) => [objectRef(o), o]));
  const after = new Map(to.map((o) => [objectRef(o), o]));
  const refs = [...new Set([...before.keys(), ...after.keys()])];
  const out = refs.map((ref): ObjectDiff => {
    const a = before.get(ref);
    const b = after.get(ref);
    const edits = diffLines(a ? toYamlLines(a) : [], b ? toYamlLines(b) : []);
    const stats = diffStats(edits);
    const change: ObjectChange = !a ? 'added' : !b ? 'removed' : stats.added + stats.removed > 0 ? 'changed' : 'unchanged';
    const object = (b ?? a) as KubeObjectLike;
    return { ref, kind: object.kind ?? '', namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '', change, edits, stats };
  });
  return out.sort((x, y) => ORDER[x.change] - ORDER[y.change] || x.ref.localeCompare(y.ref));
}
