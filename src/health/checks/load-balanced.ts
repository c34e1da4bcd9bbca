import type { HealthCheck } from '../types.ts';
import { listField, stringField } from './fields.ts';

function hasLoadBalancerIngress(object: Record<string, unknown>): boolean {
  return listField(object, 'status', 'loadBalancer', 'ingress').length > 0;
}

/** Only a LoadBalancer Service waits for anything: the cloud's address. */
export const checkService: HealthCheck = (service) => {
  if (stringField(service, 'spec', 'type') !== 'LoadBalancer') return { status: 'Healthy' };
  return hasLoadBalancerIngress(service) ? { status: 'Healthy' } : { status: 'Progressing', message: 'Waiting for the load balancer address' };
};

export const checkIngress: HealthCheck = (ingress) =>
  hasLoadBalancerIngress(ingress) ? { status: 'Healthy' } : { status: 'Progressing', message: 'Waiting for the ingress address' };
