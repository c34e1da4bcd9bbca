import type { ManifestOrigin } from './types.ts';

/** `app/web.yaml:12` — the form every message uses to point at an object. */
export function formatOrigin(origin: ManifestOrigin): string {
  return `${origin.file}:${origin.line}`;
}

/** `app/web.yaml:12 (document 2, item 0)`, for errors about one object. */
export function describeOrigin(origin: ManifestOrigin): string {
  const item = origin.item === undefined ? '' : `, item ${origin.item}`;
  return `${formatOrigin(origin)} (document ${origin.document}${item})`;
}
