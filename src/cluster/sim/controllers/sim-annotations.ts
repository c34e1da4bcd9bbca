import type { KubeObject } from '../../../core/index.ts';

/**
 * The documented convention (see ../README.md) that makes a simulated container misbehave, so
 * Degraded health, CrashLoopBackOff and failed Jobs can be shown without real containers. Put
 * the annotations on the pod (usually through the workload's pod template). Flags take `"true"`
 * (every container) or a comma-separated list of container names.
 */
export const SIM_ANNOTATIONS = {
  /** The container exits (code `exit-code`, default 1) `crash-after-seconds` (default 2) after each start. */
  crash: 'sim.ferry.dev/crash',
  crashAfterSeconds: 'sim.ferry.dev/crash-after-seconds',
  /** The readiness probe never succeeds: Running but not Ready. */
  notReady: 'sim.ferry.dev/not-ready',
  /** Pulling the image fails: ErrImagePull, then ImagePullBackOff. */
  imagePullError: 'sim.ferry.dev/image-pull-error',
  /** The container exits by itself after N seconds (Job pods: default 5). */
  runSeconds: 'sim.ferry.dev/run-seconds',
  /** Exit code of a container that exits by itself (default 0; with `crash`, 1). */
  exitCode: 'sim.ferry.dev/exit-code',
  /** How long containers take to stop once the pod is deleted (default 1, capped by the grace period). */
  stopSeconds: 'sim.ferry.dev/stop-seconds',
  /** On a Node: its kubelet stops reporting (its pods' statuses freeze; no node lifecycle taints yet). */
  nodeDown: 'sim.ferry.dev/node-down',
} as const;

function annotation(object: KubeObject, name: string): string | undefined {
  return object.metadata.annotations?.[name];
}

/** Whether a flag annotation selects `container`. */
export function flagSelects(object: KubeObject, name: string, container: string): boolean {
  const value = annotation(object, name)?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').some((part) => part.trim() === container);
}

/** A non-negative number annotation, or undefined when absent or malformed. */
export function numberAnnotation(object: KubeObject, name: string): number | undefined {
  const value = annotation(object, name);
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value);
}

/**
 * Images that cannot exist fail to pull like an annotated container: a syntactically invalid
 * reference is `InvalidImageName`; a registry under the reserved `.invalid` TLD (RFC 2606) or a
 * tag spelled `doesnotexist`, `does-not-exist` or `nonexistent` is `ErrImagePull`.
 */
export function imageProblem(image: string | undefined): 'InvalidImageName' | 'ErrImagePull' | undefined {
  if (!image) return 'InvalidImageName';
  const reference = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
  if (!reference.test(image)) return 'InvalidImageName';
  const first = image.split('/')[0] ?? '';
  if (image.includes('/') && (first.includes('.') || first.includes(':')) && /\.invalid(:\d+)?$/.test(first)) return 'ErrImagePull';
  const tag = /:([\w][\w.-]*)$/.exec(image.split('@')[0] ?? '')?.[1];
  if (tag && ['doesnotexist', 'does-not-exist', 'nonexistent'].includes(tag.toLowerCase())) return 'ErrImagePull';
  return undefined;
}

/** `nginx` → `docker.io/library/nginx:latest`, as containerd reports image references. */
export function fullImageName(image: string): string {
  const [withoutDigest = image] = image.split('@');
  const parts = withoutDigest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let name = hasRegistry ? withoutDigest : parts.length === 1 ? `docker.io/library/${withoutDigest}` : `docker.io/${withoutDigest}`;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':')) name += ':latest';
  return name;
}
