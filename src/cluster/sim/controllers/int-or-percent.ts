import { FerryError } from '../../../core/index.ts';

/**
 * `intstr.GetScaledValueFromIntOrPercent`: an integer as is, or `N%` of `total` rounded up or
 * down. maxSurge rounds up, maxUnavailable down (so "25%" of 10 gives 3 and 2).
 */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value);
    if (match) {
      const scaled = (Number(match[1]) * total) / 100;
      return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
    }
    if (/^\d+$/.test(value)) return Number(value);
  }
  throw new FerryError('CLUSTER_INVALID', `invalid value for IntOrString: invalid type: string is not a percentage: ${JSON.stringify(value)}`, { httpStatus: 422 });
}
