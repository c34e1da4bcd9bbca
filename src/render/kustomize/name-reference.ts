import { isPlainObject } from '../../core/index.ts';
import type { NameBackReference } from './builtin-config.ts';
import { applyFieldSpec, fieldSpecMatches } from './field-spec.ts';
import {
  formatId, gvkSelected, isClusterScoped, kustomizeError, sameNamespace, type ResMap, type Resource,
} from './resource.ts';

/**
 * After every rename (prefix, suffix, hash, namespace), references by name are brought up to
 * date: a field listed in the name-reference table that holds a name some object of the
 * referred kind had (now or before) gets that object's current name, as kustomize's
 * nameReference transformer does.
 */

/** Objects a referrer can point at: same namespace, cluster-scoped, or a RoleBinding's SAs. */
function candidatesFor(resources: ResMap, referrer: Resource): Resource[] {
  const referrerId = referrer.curId();
  if (isClusterScoped(referrerId)) return resources.list;
  const subjectNamespaces = new Set<string>();
  if (referrer.kind === 'RoleBinding' && Array.isArray(referrer.obj.subjects)) {
    for (const s of referrer.obj.subjects) {
      if (isPlainObject(s) && s.kind === 'ServiceAccount' && typeof s.namespace === 'string') subjectNamespaces.add(s.namespace);
    }
  }
  return resources.list.filter((r) => {
    const id = r.curId();
    return isClusterScoped(id) || sameNamespace(id, referrerId) || subjectNamespaces.has(r.namespace);
  });
}

function selectReferral(
  referrer: Resource,
  oldName: string,
  candidates: readonly Resource[],
  target: NameBackReference['gvk'],
  roleRefKind: string | undefined,
): Resource | undefined {
  let found = candidates.filter((r) => r.prevIds.some((id) => id.name === oldName) || r.name === oldName);
  found = found.filter((r) => r.allIds().some((id) => gvkSelected(id, target)));
  if (roleRefKind !== undefined) found = found.filter((r) => r.kind === roleRefKind);
  const referrerId = referrer.curId();
  if (!isClusterScoped(referrerId)) {
    found = found.filter((r) => isClusterScoped(r.curId()) || r.kind === 'ServiceAccount' || sameNamespace(referrerId, r.curId()));
  }
  if (found.length === 0) return undefined;
  if (found.length === 1 || found.every((r) => r.name === found[0]?.name)) return found[0];
  throw kustomizeError(
    `${referrer.kind} ${referrer.name}: found multiple possible referrals for name ${oldName}: ${found.map((r) => formatId(r.curId())).join('; ')}`,
  );
}

export function fixNameReferences(resources: ResMap, backRefs: readonly NameBackReference[]): void {
  for (const referrer of [...resources.list]) {
    for (const backRef of backRefs) {
      for (const fs of backRef.referrers) {
        if (!fieldSpecMatches(fs, referrer.orgId()) || !fieldSpecMatches(fs, referrer.gvk())) continue;
        const all = candidatesFor(resources, referrer);
        const roleRef = isPlainObject(referrer.obj.roleRef) && fs.path === 'roleRef/name' ? String(referrer.obj.roleRef.kind ?? '') : undefined;
        applyFieldSpec(referrer.obj, fs, undefined, (value) => {
          if (typeof value === 'string') {
            const referral = selectReferral(referrer, value, all, backRef.gvk, roleRef);
            return referral && referral.name !== value ? referral.name : undefined;
          }
          if (isPlainObject(value)) {
            if (value.name === undefined) return undefined;
            let pool = all;
            if (typeof value.namespace === 'string') {
              const ns = value.namespace;
              const wanted = ns || 'default';
              const byOriginal = resources.list.filter((r) => (r.orgId().namespace || 'default') === wanted);
              pool = byOriginal.length > 0 ? byOriginal : resources.list.filter((r) => (r.namespace || 'default') === wanted);
              pool = pool.filter((r) => all.includes(r) || r.kind === 'ServiceAccount');
            }
            const referral = selectReferral(referrer, String(value.name), pool, backRef.gvk, undefined);
            if (!referral) return undefined;
            if (referral.name === value.name && referral.namespace === '') return undefined;
            value.name = referral.name;
            if (referral.namespace !== '') value.namespace = referral.namespace;
            return value;
          }
          return undefined;
        });
      }
    }
  }
}
