import { isFerryError, type KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * A dynamic provisioner and the PV binder: a PersistentVolumeClaim of a StorageClass that exists
 * (its own, or the default class when it names none) gets a PersistentVolume `pvc-<uid>` of the
 * requested size and is Bound to it at once; deleting the claim deletes a volume whose reclaim
 * policy is Delete.
 */
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export function createVolumeController(context: ControllerContext): Controller {
  const { cache, client } = context;

  const classFor = (pvc: KubeObject): KubeObject | undefined => {
    const wanted = (pvc.spec as { storageClassName?: string } | undefined)?.storageClassName;
    const classes = cache.all('storage.k8s.io/storageclasses');
    if (wanted === '') return undefined;
    if (wanted) return classes.find((c) => c.metadata.name === wanted);
    return classes.find((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  };

  return {
    name: 'persistentvolume',
    handlers: {
      persistentvolumeclaims: (type, pvc) => {
        if (type === 'DELETED') context.enqueue('persistentvolume', `released\0${pvc.metadata.uid ?? ''}`);
        else context.enqueue('persistentvolume', keyOf(pvc));
      },
      'storage.k8s.io/storageclasses': () => {
        for (const pvc of cache.all('persistentvolumeclaims')) context.enqueue('persistentvolume', keyOf(pvc));
      },
    },
    sync(key) {
      if (key.startsWith('released\0')) {
        const name = `pvc-${key.slice('released\0'.length)}`;
        const pv = cache.get('persistentvolumes', '', name);
        if (pv && (pv.spec as { persistentVolumeReclaimPolicy?: string }).persistentVolumeReclaimPolicy === 'Delete') {
          try {
            client.delete('persistentvolumes', '', name);
          } catch (error) {
            if (!isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
          }
        }
        return undefined;
      }
      const { namespace, name } = splitKey(key);
      const pvc = cache.get('persistentvolumeclaims', namespace, name);
      if (!pvc || pvc.metadata.deletionTimestamp) return undefined;
      if ((pvc.status as { phase?: string } | undefined)?.phase === 'Bound') return undefined;
      const storageClass = classFor(pvc);
      if (!storageClass) return undefined;
      const spec = (pvc.spec ?? {}) as { accessModes?: string[]; resources?: { requests?: { storage?: string } }; volumeMode?: string; storageClassName?: string };
      const className = storageClass.metadata.name ?? '';
      const provisioner = (storageClass.provisioner as string | undefined) ?? 'sim.ferry.dev/hostpath';
      const pvName = `pvc-${pvc.metadata.uid}`;
      const capacity = { storage: spec.resources?.requests?.storage ?? '1Gi' };
      let pv = cache.get('persistentvolumes', '', pvName);
      if (!pv) {
        pv = client.create('persistentvolumes', {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': provisioner } },
          spec: {
            accessModes: spec.accessModes ?? ['ReadWriteOnce'],
            capacity,
            claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid },
            hostPath: { path: `/var/local-path-provisioner/${pvName}_${namespace}_${name}`, type: 'DirectoryOrCreate' },
            persistentVolumeReclaimPolicy: (storageClass.reclaimPolicy as string | undefined) ?? 'Delete',
            storageClassName: className,
            volumeMode: spec.volumeMode ?? 'Filesystem',
          },
        });
      }
      if ((pv.status as { phase?: string } | undefined)?.phase !== 'Bound') {
        client.updateStatus('persistentvolumes', { ...pv, status: { phase: 'Bound' } });
      }
      const annotations = {
        ...(pvc.metadata.annotations ?? {}),
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': provisioner,
        'volume.kubernetes.io/storage-provisioner': provisioner,
      };
      const updated = client.update('persistentvolumeclaims', {
        ...pvc,
        metadata: { ...pvc.metadata, annotations },
        spec: { ...spec, storageClassName: className, volumeName: pvName },
      });
      client.updateStatus('persistentvolumeclaims', { ...updated, status: { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity } });
      return undefined;
    },
  };
}
