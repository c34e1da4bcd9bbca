/**
 * Secret values never leave Ferry: in a diff each value becomes a mask that still tells whether
 * it changed, so a reviewer sees "this key changed" without seeing either value.
 */
import { isPlainObject } from '../core/index.ts';

export const MASK_UNCHANGED = '********';
export const MASK_LIVE = '******** (live value)';
export const MASK_DESIRED = '******** (desired value)';

function maskData(own: unknown, other: unknown, changedMask: string): unknown {
  if (!isPlainObject(own)) return own;
  const otherData = isPlainObject(other) ? other : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(own)) {
    out[key] = key in otherData && otherData[key] === value ? MASK_UNCHANGED : changedMask;
  }
  return out;
}

/** Masks the `data` and `stringData` of a Secret pair; other kinds pass through untouched. */
export function redactSecretPair(
  live: Record<string, unknown> | undefined,
  desired: Record<string, unknown> | undefined,
): { live: Record<string, unknown> | undefined; desired: Record<string, unknown> | undefined } {
  const isSecret = (live ?? desired)?.kind === 'Secret';
  if (!isSecret) return { live, desired };
  const mask = (own: Record<string, unknown> | undefined, other: Record<string, unknown> | undefined, changedMask: string) => {
    if (!own) return own;
    const out = { ...own };
    for (const field of ['data', 'stringData']) {
      if (field in own) out[field] = maskData(own[field], other?.[field], changedMask);
    }
    return out;
  };
  return { live: mask(live, desired, MASK_LIVE), desired: mask(desired, live, MASK_DESIRED) };
}
