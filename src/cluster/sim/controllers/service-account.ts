import { isFerryError, type KubeObject } from '../../../core/index.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The ServiceAccount controller and the root-CA publisher: every active namespace holds a
 * `default` ServiceAccount and a `kube-root-ca.crt` ConfigMap (recreated when deleted).
 */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

/** A stand-in CA bundle when the API layer does not provide its certificate. */
export const PLACEHOLDER_CA = '-----BEGIN CERTIFICATE-----\nRmVycnkgZW1iZWRkZWQgY2x1c3RlciByb290IENB\n-----END CERTIFICATE-----\n';

export function serviceAccountController(rootCa: string = PLACEHOLDER_CA): (context: ControllerContext) => Controller {
  return (context) => {
    const { cache, client } = context;
    const create = (resource: string, object: KubeObject): void => {
      try {
        client.create(resource, object);
      } catch (error) {
        if (!isFerryError(error, 'CLUSTER_ALREADY_EXISTS') && !isFerryError(error, 'CLUSTER_FORBIDDEN') && !isFerryError(error, 'CLUSTER_NOT_FOUND')) throw error;
      }
    };
    return {
      name: 'serviceaccount',
      handlers: {
        namespaces: (type, ns) => {
          if (type !== 'DELETED') context.enqueue('serviceaccount', ns.metadata.name ?? '');
        },
        serviceaccounts: (type, sa) => {
          if (type === 'DELETED' && sa.metadata.name === 'default') context.enqueue('serviceaccount', sa.metadata.namespace ?? '');
        },
        configmaps: (type, cm) => {
          if (cm.metadata.name === ROOT_CA_CONFIGMAP) context.enqueue('serviceaccount', cm.metadata.namespace ?? '');
          void type;
        },
      },
      sync(namespace) {
        const ns = cache.get('namespaces', '', namespace);
        if (!ns || ns.metadata.deletionTimestamp) return undefined;
        if (!cache.get('serviceaccounts', namespace, 'default')) {
          create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
        }
        const cm = cache.get('configmaps', namespace, ROOT_CA_CONFIGMAP);
        const data = { 'ca.crt': rootCa };
        const annotations = { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' };
        if (!cm) {
          create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations }, data });
        } else if ((cm.data as Record<string, string> | undefined)?.['ca.crt'] !== rootCa) {
          client.update('configmaps', { ...cm, data });
        }
        return undefined;
      },
    };
  };
}
