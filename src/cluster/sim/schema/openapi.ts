import { createHash } from 'node:crypto';
import { FerryError } from '../../../core/index.ts';
import type { JsonSchema } from './openapi-data.ts';
import { builtinSchemaData, collectReferences, REF_PREFIX } from './openapi-data.ts';

/**
 * `/openapi/v3` as a Kubernetes 1.35 API server serves it: an index of one document per
 * group-version, and each document with the paths of its resources and the component schemas
 * they use. kubectl reads the PATCH operations (`x-kubernetes-group-version-kind` plus a
 * `fieldValidation` parameter) to decide on server-side validation, the strategic-merge-patch
 * content type to compute client-side apply patches from the schemas' patch metadata, and the
 * schemas themselves for `kubectl explain`.
 */

/** A resource to describe: a built-in one (schemas from the generated data) or a custom one. */
export interface OpenApiResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly subresources?: readonly { readonly name: string }[];
  /** Custom resources: the version's `schema.openAPIV3Schema` (absent: any object is accepted). */
  readonly customSchema?: JsonSchema;
}

export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

export const OPENAPI_INFO_VERSION = 'v1.35.0';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const META_DEFS = [`${META}.Status`, `${META}.DeleteOptions`, `${META}.Patch`, `${META}.WatchEvent`, `${META}.APIResourceList`];

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** `apps/v1` → `apis/apps/v1`; `v1` → `api/v1` (the index keys). */
export function openApiPathOf(groupVersion: string): string {
  const slash = groupVersion.indexOf('/');
  return slash < 0 ? gvPath('', groupVersion) : gvPath(groupVersion.slice(0, slash), groupVersion.slice(slash + 1));
}

function groupVersionOf(resource: OpenApiResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The `/openapi/v3` index for every group-version of `resources`; the hash changes whenever
 * a document does, which is what lets kubectl cache documents as immutable. */
export function openApiV3Paths(resources: readonly OpenApiResource[]): OpenApiV3Index {
  const groupVersions = [...new Set(resources.map(groupVersionOf))].sort();
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions) {
    const doc = openApiV3Document(gv, resources);
    const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
    const key = openApiPathOf(gv);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}

/** `stable.example.com`/`v1`/`CronTab` → `com.example.stable.v1.CronTab`, as the server names
 * custom resources' definitions. */
export function customDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

function builtinDefinitionName(resource: OpenApiResource): string | undefined {
  const apiVersion = groupVersionOf(resource);
  return builtinSchemaData().kinds.find((k) => k.apiVersion === apiVersion && k.kind === resource.kind)?.defName;
}

function ref(name: string): JsonSchema {
  return { $ref: `${REF_PREFIX}${name}` };
}

/** The schema a custom resource is served with: its own plus apiVersion, kind and metadata. */
function customResourceSchema(resource: OpenApiResource): JsonSchema {
  const own = resource.customSchema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const ownProps = (own.properties ?? {}) as Record<string, JsonSchema>;
  return {
    ...own,
    type: 'object',
    properties: {
      ...ownProps,
      apiVersion: {
        description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
        type: 'string',
      },
      kind: {
        description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        type: 'string',
      },
      metadata: {
        description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        allOf: [ref(`${META}.ObjectMeta`)],
      },
    },
    'x-kubernetes-group-version-kind': [{ group: resource.group, kind: resource.kind, version: resource.version }],
  };
}

function customListSchema(resource: OpenApiResource, itemName: string): JsonSchema {
  return {
    description: `${resource.kind}List is a list of ${resource.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      items: { description: `List of ${resource.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: 'array', items: ref(itemName) },
      kind: { type: 'string' },
      metadata: { allOf: [ref(`${META}.ListMeta`)] },
    },
    'x-kubernetes-group-version-kind': [{ group: resource.group, kind: `${resource.kind}List`, version: resource.version }],
  };
}

const QUERY = (name: string, type: 'string' | 'boolean' | 'integer', description: string): JsonSchema => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});
const P_DRY_RUN = QUERY('dryRun', 'string', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed');
const P_FIELD_MANAGER = QUERY('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.');
const P_FIELD_VALIDATION = QUERY('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict');
const P_FORCE = QUERY('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.');
const P_PRETTY = QUERY('pretty', 'string', "If 'true', then the output is pretty printed.");
const P_NAME = (kind: string): JsonSchema => ({ name: 'name', in: 'path', description: `name of the ${kind}`, required: true, schema: { type: 'string', uniqueItems: true } });
const P_NAMESPACE: JsonSchema = { name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, schema: { type: 'string', uniqueItems: true } };
const LIST_PARAMS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'].map((name) =>
  QUERY(name, name === 'limit' || name === 'timeoutSeconds' ? 'integer' : name === 'watch' || name === 'allowWatchBookmarks' || name === 'sendInitialEvents' ? 'boolean' : 'string', name),
);

const JSON_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function content(schema: JsonSchema, types: readonly string[] = JSON_TYPES): JsonSchema {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function operationGroupName(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function pathsOf(resource: OpenApiResource, defName: string, listDefName: string, builtin: boolean): Record<string, JsonSchema> {
  const prefix = `/${gvPath(resource.group, resource.version)}`;
  const base = resource.namespaced ? `${prefix}/namespaces/{namespace}/${resource.plural}` : `${prefix}/${resource.plural}`;
  const gvk = { group: resource.group, kind: resource.kind, version: resource.version };
  const opName = `${operationGroupName(resource.group)}${resource.version.charAt(0).toUpperCase()}${resource.version.slice(1)}${resource.namespaced ? 'Namespaced' : ''}${resource.kind}`;
  const scopeParams = resource.namespaced ? [P_NAMESPACE] : [];
  const ok = (schema: JsonSchema, code = '200'): JsonSchema => ({ [code]: { description: code === '201' ? 'Created' : 'OK', content: content(schema) } });
  const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', ...(builtin ? ['application/strategic-merge-patch+json'] : [])];
  const itemOps = (suffix: string, schemaName: string, opGvk: JsonSchema, withDelete: boolean): JsonSchema => ({
    get: { operationId: `read${opName}${suffix}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': opGvk, responses: ok(ref(schemaName)) },
    put: {
      operationId: `replace${opName}${suffix}`,
      'x-kubernetes-action': 'put',
      'x-kubernetes-group-version-kind': opGvk,
      parameters: [P_DRY_RUN, P_FIELD_MANAGER, P_FIELD_VALIDATION],
      requestBody: { content: content(ref(schemaName)), required: true },
      responses: { ...ok(ref(schemaName)), ...ok(ref(schemaName), '201') },
    },
    patch: {
      operationId: `patch${opName}${suffix}`,
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': opGvk,
      parameters: [P_DRY_RUN, P_FIELD_MANAGER, P_FIELD_VALIDATION, P_FORCE],
      requestBody: { content: content(ref(`${META}.Patch`), patchTypes), required: true },
      responses: { ...ok(ref(schemaName)), ...ok(ref(schemaName), '201') },
    },
    ...(withDelete
      ? {
          delete: {
            operationId: `delete${opName}`,
            'x-kubernetes-action': 'delete',
            'x-kubernetes-group-version-kind': opGvk,
            parameters: [P_DRY_RUN, QUERY('gracePeriodSeconds', 'integer', 'gracePeriodSeconds'), QUERY('propagationPolicy', 'string', 'propagationPolicy')],
            requestBody: { content: content(ref(`${META}.DeleteOptions`)) },
            responses: { ...ok(ref(`${META}.Status`)), '202': { description: 'Accepted', content: content(ref(`${META}.Status`)) } },
          },
        }
      : {}),
    parameters: [P_NAME(resource.kind), ...scopeParams, P_PRETTY],
  });
  const paths: Record<string, JsonSchema> = {
    [base]: {
      get: { operationId: `list${opName}`, 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk, parameters: LIST_PARAMS, responses: ok(ref(listDefName)) },
      post: {
        operationId: `create${opName}`,
        'x-kubernetes-action': 'post',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [P_DRY_RUN, P_FIELD_MANAGER, P_FIELD_VALIDATION],
        requestBody: { content: content(ref(defName)), required: true },
        responses: { ...ok(ref(defName)), ...ok(ref(defName), '201'), '202': { description: 'Accepted', content: content(ref(defName)) } },
      },
      delete: {
        operationId: `deletecollection${opName}`,
        'x-kubernetes-action': 'deletecollection',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [P_DRY_RUN, ...LIST_PARAMS],
        responses: ok(ref(`${META}.Status`)),
      },
      parameters: [...scopeParams, P_PRETTY],
    },
    [`${base}/{name}`]: itemOps('', defName, gvk, true),
  };
  if (resource.namespaced) {
    paths[`${prefix}/${resource.plural}`] = {
      get: { operationId: `list${opName.replace('Namespaced', '')}ForAllNamespaces`, 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk, parameters: LIST_PARAMS, responses: ok(ref(listDefName)) },
    };
  }
  for (const sub of resource.subresources ?? []) {
    if (sub.name === 'status') paths[`${base}/{name}/status`] = itemOps('Status', defName, gvk, false);
    if (sub.name === 'scale') paths[`${base}/{name}/scale`] = itemOps('Scale', 'io.k8s.api.autoscaling.v1.Scale', { group: 'autoscaling', kind: 'Scale', version: 'v1' }, false);
  }
  return paths;
}

/**
 * The OpenAPI v3 document of one group-version (`apps/v1`, `v1`). Throws `OPENAPI_NOT_FOUND`
 * (404) when no resource of `resources` is in that group-version.
 */
export function openApiV3Document(groupVersion: string, resources: readonly OpenApiResource[]): JsonSchema {
  const own = resources.filter((r) => groupVersionOf(r) === groupVersion);
  if (own.length === 0) {
    throw new FerryError('OPENAPI_NOT_FOUND', `openapi: no group-version ${groupVersion}`, { httpStatus: 404 });
  }
  const data = builtinSchemaData();
  const extra: Record<string, JsonSchema> = {};
  const roots = [...META_DEFS];
  const paths: Record<string, JsonSchema> = {};
  for (const resource of [...own].sort((a, b) => a.plural.localeCompare(b.plural))) {
    let defName = resource.customSchema ? undefined : builtinDefinitionName(resource);
    let listDefName = defName ? `${defName}List` : undefined;
    const builtin = defName !== undefined;
    if (!defName) {
      defName = customDefinitionName(resource.group, resource.version, resource.kind);
      listDefName = `${defName}List`;
      extra[defName] = customResourceSchema(resource);
      extra[listDefName] = customListSchema(resource, defName);
    }
    roots.push(defName);
    if (resource.subresources?.some((sub) => sub.name === 'scale')) roots.push('io.k8s.api.autoscaling.v1.Scale');
    if (listDefName && (data.definitions[listDefName] || extra[listDefName])) roots.push(listDefName);
    Object.assign(paths, pathsOf(resource, defName, listDefName ?? defName, builtin));
  }
  const definitions = { ...data.definitions, ...extra };
  const names = [...collectReferences(roots, definitions)].sort();
  const schemas: Record<string, JsonSchema> = {};
  for (const name of names) schemas[name] = definitions[name]!;
  const sortedPaths: Record<string, JsonSchema> = {};
  for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p]!;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: OPENAPI_INFO_VERSION },
    paths: sortedPaths,
    components: { schemas },
  };
}

/** The component schema of a built-in kind (`apps/v1`, `Deployment`), for callers that need
 * field metadata (list types, merge keys) without a whole document. */
export function builtinSchemaFor(apiVersion: string, kind: string): { name: string; schema: JsonSchema; definitions: Readonly<Record<string, JsonSchema>> } | undefined {
  const data = builtinSchemaData();
  const entry = data.kinds.find((k) => k.apiVersion === apiVersion && k.kind === kind);
  if (!entry) return undefined;
  return { name: entry.defName, schema: data.definitions[entry.defName]!, definitions: data.definitions };
}
