import type { KubeObject } from '../../../core/index.ts';
import { keyOf, splitKey } from './cache.ts';
import { createServiceAllocator, withAllocations, type ServiceAllocatorOptions } from './service-allocator.ts';
import type { Controller, ControllerContext } from './types.ts';

/**
 * The service controller and a cloud provider's load balancers, simulated: a Service written
 * without a ClusterIP or NodePorts (by a client that bypassed the API layer's allocation) gets
 * them; a LoadBalancer Service gets `status.loadBalancer.ingress` with an IP from the pool
 * 172.18.250.1-172.18.255.254 (the kind of range MetalLB gives a kind cluster), and every Ingress
 * gets the one address of the simulated ingress controller, as all Ingresses served by one
 * nginx controller share its load balancer. Health checks that wait for an address (Argo CD)
 * see them Healthy and `kubectl get svc` shows an EXTERNAL-IP.
 */
const INGRESS_CONTROLLER_IP = '172.18.255.200';
const POOL_FIRST = ipNumber('172.18.250.1');
const POOL_LAST = ipNumber('172.18.255.254');

function ipNumber(ip: string): number {
  return ip.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function ipText(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

interface LoadBalancerStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] };
}

function ingressIps(object: KubeObject): string[] {
  return ((object.status as LoadBalancerStatus | undefined)?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []));
}

export function serviceController(options: ServiceAllocatorOptions = {}): (context: ControllerContext) => Controller {
  return (context) => {
    const { cache, client, store } = context;
    const allocator = createServiceAllocator(store, { random: context.random, ...options });

    const poolIp = (): string | undefined => {
      const used = new Set<string>([INGRESS_CONTROLLER_IP]);
      for (const object of cache.all('services')) for (const ip of ingressIps(object)) used.add(ip);
      for (let i = POOL_FIRST; i <= POOL_LAST; i++) if (!used.has(ipText(i))) return ipText(i);
      return undefined;
    };

    const syncService = (namespace: string, name: string): void => {
      let service = cache.get('services', namespace, name);
      if (!service || service.metadata.deletionTimestamp) return;
      const allocated = withAllocations(service, allocator);
      if (allocated !== service) service = client.update('services', allocated);
      const type = (service.spec as { type?: string } | undefined)?.type ?? 'ClusterIP';
      const ips = ingressIps(service);
      if (type === 'LoadBalancer' && ips.length === 0) {
        const ip = poolIp();
        if (ip) client.updateStatus('services', { ...service, status: { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } });
      } else if (type !== 'LoadBalancer' && ips.length > 0) {
        client.updateStatus('services', { ...service, status: { loadBalancer: {} } });
      }
    };

    const syncIngress = (namespace: string, name: string): void => {
      const ingress = cache.get('networking.k8s.io/ingresses', namespace, name);
      if (!ingress || ingress.metadata.deletionTimestamp || ingressIps(ingress).length > 0) return;
      client.updateStatus('networking.k8s.io/ingresses', { ...ingress, status: { loadBalancer: { ingress: [{ ip: INGRESS_CONTROLLER_IP }] } } });
    };

    return {
      name: 'service',
      handlers: {
        services: (type, service) => {
          if (type !== 'DELETED') context.enqueue('service', `services\0${keyOf(service)}`);
        },
        'networking.k8s.io/ingresses': (type, ingress) => {
          if (type !== 'DELETED') context.enqueue('service', `ingresses\0${keyOf(ingress)}`);
        },
      },
      sync(key) {
        const [kind, rest = ''] = key.split('\0');
        const { namespace, name } = splitKey(rest);
        if (kind === 'services') syncService(namespace, name);
        else syncIngress(namespace, name);
        return undefined;
      },
    };
  };
}
