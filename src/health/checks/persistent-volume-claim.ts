import type { HealthCheck } from '../types.ts';
import { stringField } from './fields.ts';

export const checkPersistentVolumeClaim: HealthCheck = (claim) => {
  switch (stringField(claim, 'status', 'phase')) {
    case 'Bound':
      return { status: 'Healthy' };
    case 'Pending':
      return { status: 'Progressing', message: 'Waiting for the claim to be bound' };
    case 'Lost':
      return { status: 'Degraded', message: 'The claim lost its volume' };
    default:
      return { status: 'Unknown' };
  }
};
