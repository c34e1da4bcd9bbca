import type { Obj } from './util.ts';
import { asList, asObj, defaultTo } from './util.ts';

/**
 * What the admission plugins of a default kube-apiserver write into a new Pod. A real cluster
 * stores these values, so Ferry's diff must see them too, but they are not defaulting: they
 * run only on Pod create, and some need cluster state (PriorityClasses, the ServiceAccount).
 */
export interface PodAdmissionOptions {
  /** Priority admission: the PriorityClass named by the pod (value and preemption policy). */
  readonly priorityClass?: (name: string) => { value: number; preemptionPolicy?: string } | undefined;
  /** Priority admission: the class marked `globalDefault`, used when the pod names none. */
  readonly globalDefaultPriorityClass?: { name: string; value: number; preemptionPolicy?: string };
  /**
   * ServiceAccount admission: the name of the projected token volume to add
   * (`kube-api-access-<5 random chars>`). Absent: no token volume is added (the ServiceAccount
   * does not exist yet, or automounting is off).
   */
  readonly tokenVolumeName?: string;
}

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** DefaultTolerationSeconds: tolerate not-ready and unreachable nodes for 300 s unless the pod
 * already tolerates them (a toleration with that key, or no key, and NoExecute or no effect). */
function addDefaultTolerations(spec: Obj): void {
  const tolerations = asList(spec.tolerations);
  const tolerates = (key: string): boolean =>
    tolerations.some((t) => (t.key === key || t.key === undefined || t.key === '') && (t.effect === 'NoExecute' || t.effect === undefined || t.effect === ''));
  const added: Obj[] = [];
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!tolerates(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (added.length > 0) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

function addTokenVolume(spec: Obj, volumeName: string): void {
  if (spec.automountServiceAccountToken === false) return;
  const volumes = asList(spec.volumes);
  if (volumes.some((v) => typeof v.name === 'string' && v.name.startsWith('kube-api-access-'))) return;
  const containers = [...asList(spec.initContainers), ...asList(spec.containers)];
  // A container that mounts something at the token path itself keeps its own mount.
  for (const container of containers) {
    const mounts = asList(container.volumeMounts);
    if (mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    container.volumeMounts = [...(Array.isArray(container.volumeMounts) ? container.volumeMounts : []), { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
  }
  spec.volumes = [
    ...(Array.isArray(spec.volumes) ? spec.volumes : []),
    {
      name: volumeName,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 420,
      },
    },
  ];
}

/** Applies the admission plugins' changes to a Pod being created. */
export function admitPod(pod: Obj, options: PodAdmissionOptions = {}): void {
  const spec = asObj(pod.spec);
  if (!spec) return;
  // ServiceAccount admission
  defaultTo(spec, 'serviceAccountName', 'default');
  defaultTo(spec, 'serviceAccount', spec.serviceAccountName);
  if (options.tokenVolumeName) addTokenVolume(spec, options.tokenVolumeName);
  // DefaultTolerationSeconds admission
  addDefaultTolerations(spec);
  // Priority admission
  const className = typeof spec.priorityClassName === 'string' && spec.priorityClassName !== '' ? spec.priorityClassName : undefined;
  const resolved = className ? options.priorityClass?.(className) : options.globalDefaultPriorityClass;
  if (!className && options.globalDefaultPriorityClass) spec.priorityClassName = options.globalDefaultPriorityClass.name;
  if (spec.priority === undefined || spec.priority === null) spec.priority = resolved?.value ?? 0;
  defaultTo(spec, 'preemptionPolicy', resolved?.preemptionPolicy ?? 'PreemptLowerPriority');
}
