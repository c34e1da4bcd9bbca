import type { HealthCheck } from '../types.ts';
import { conditionsOf } from './fields.ts';

/** Condition reasons that mean the autoscaler cannot do its job (Argo CD's list). */
const DEGRADED_REASONS: Readonly<Record<string, readonly string[]>> = {
  AbleToScale: ['FailedGetScale', 'FailedUpdateScale'],
  ScalingActive: ['FailedGetResourceMetric', 'InvalidSelector'],
};
const HEALTHY_WHEN_TRUE = new Set(['AbleToScale', 'ScalingLimited']);

export const checkHorizontalPodAutoscaler: HealthCheck = (autoscaler) => {
  for (const condition of conditionsOf(autoscaler)) {
    if (DEGRADED_REASONS[condition.type]?.includes(condition.reason)) return { status: 'Degraded', message: condition.message };
    if (HEALTHY_WHEN_TRUE.has(condition.type) && condition.status === 'True') return { status: 'Healthy', message: condition.message };
  }
  return { status: 'Progressing', message: 'Waiting to Autoscale' };
};
