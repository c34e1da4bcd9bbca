/**
 * The Kubernetes REST URL grammar: `/api/v1/…` for the core group, `/apis/{group}/{version}/…`
 * otherwise, then `[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]`. `/api/v1/namespaces/x`
 * is the Namespace `x` itself: a path is namespaced only when the segment after
 * `namespaces/{ns}/` names a resource. A leading `watch/` segment is the legacy watch form.
 */
export type Route =
  | { readonly kind: 'version' | 'health' | 'api-root' | 'apis-root' | 'openapi-v2' | 'openapi-v3-index' }
  | { readonly kind: 'openapi-v3-document'; readonly groupVersion: string }
  | { readonly kind: 'api-group'; readonly group: string }
  | { readonly kind: 'group-version'; readonly group: string; readonly version: string }
  | ResourceRoute
  | { readonly kind: 'unknown' };

export interface ResourceRoute {
  readonly kind: 'resource';
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  /** Set for namespaced paths (`namespaces/{ns}/pods`). */
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
  /** The legacy `/watch/` prefix was used. */
  readonly watchPrefix: boolean;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(pathname: string): Route {
  const segments = pathname.split('/').filter((s) => s !== '').map(decode);
  const [first, second, third] = segments;
  if (segments.length === 0) return { kind: 'unknown' };
  if (first === 'version' && segments.length === 1) return { kind: 'version' };
  if ((first === 'healthz' || first === 'livez' || first === 'readyz') && segments.length <= 2) return { kind: 'health' };
  if (first === 'openapi') {
    if (second === 'v2' && segments.length === 2) return { kind: 'openapi-v2' };
    if (second === 'v3' && segments.length === 2) return { kind: 'openapi-v3-index' };
    if (second === 'v3') return { kind: 'openapi-v3-document', groupVersion: segments.slice(2).join('/') };
    return { kind: 'unknown' };
  }
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (first === 'api') {
    if (segments.length === 1) return { kind: 'api-root' };
    group = '';
    version = second;
    rest = segments.slice(2);
  } else if (first === 'apis') {
    if (segments.length === 1) return { kind: 'apis-root' };
    if (segments.length === 2) return { kind: 'api-group', group: second as string };
    group = second as string;
    version = third;
    rest = segments.slice(3);
  } else {
    return { kind: 'unknown' };
  }
  if (!version) return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'group-version', group, version };
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}…` is namespaced; `namespaces/{name}[/status|/finalize]` is a Namespace.
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length === 4 && (rest[2] === 'status' || rest[2] === 'finalize')) {
    return { kind: 'unknown' };
  }
  const [plural, name, subresource, ...extra] = rest;
  if (!plural || extra.length > 0) return { kind: 'unknown' };
  return { kind: 'resource', group, version, plural, namespace, name, subresource, watchPrefix };
}
