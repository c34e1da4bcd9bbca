/**
 * JSON schemas of the API: fastify validates requests and serialises responses with them, and
 * the OpenAPI document is generated from the very same objects, so the two cannot disagree.
 * Kubernetes objects and Application specs stay open (`additionalProperties`): their own
 * validators (the Application schema, the cluster) check them in full and report every problem.
 */

/** A DNS subdomain: what Kubernetes and Argo CD accept as an application name; no `/`, no `..`. */
export const NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

const open = { type: 'object', additionalProperties: true } as const;
const text = { type: 'string' } as const;

export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable machine-readable code (APP_NOT_FOUND, AUTH_REQUIRED...)' },
    message: { type: 'string', description: 'One line naming what failed and where' },
    details: open,
  },
} as const;

export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

export const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern: NAME_PATTERN, maxLength: 253, description: 'Application name' } },
} as const;

const healthSchema = { type: 'object', properties: { status: text, message: text } } as const;

export const resourceStatusSchema = {
  type: 'object',
  properties: {
    group: text,
    version: text,
    kind: text,
    namespace: text,
    name: text,
    status: { type: 'string', enum: ['Synced', 'OutOfSync', 'Missing', 'Extra'] },
    health: healthSchema,
    requiresPruning: { type: 'boolean' },
  },
} as const;

export const operationSchema = {
  type: 'object',
  description: "Ferry's view of a sync operation: phase, stage and each task with its wave",
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    phase: { type: 'string', enum: ['Running', 'Terminating', 'Succeeded', 'Failed', 'Error'] },
    message: text,
    startedAt: text,
    finishedAt: text,
    initiator: text,
    revision: text,
    prune: { type: 'boolean' },
    dryRun: { type: 'boolean' },
    attempt: { type: 'integer' },
    stage: text,
    rollbackOf: { type: 'integer' },
    tasks: { type: 'array', items: open },
  },
} as const;

export const historyItemSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    revision: text,
    deployedAt: text,
    deployStartedAt: text,
    source: open,
    initiatedBy: open,
    initiator: text,
    phase: text,
    commitMessage: text,
    commitAuthor: text,
    operationId: { type: 'integer' },
    results: { type: 'array', items: open },
  },
} as const;

export const applicationStatusSchema = {
  type: 'object',
  description: "Argo CD's Application status, plus Ferry's pin, operation and commit",
  additionalProperties: true,
  properties: {
    sync: { type: 'object', additionalProperties: true, properties: { status: { type: 'string', enum: ['Synced', 'OutOfSync', 'Unknown'] }, revision: text, reasons: { type: 'array', items: text }, comparedTo: open } },
    health: healthSchema,
    resources: { type: 'array', items: resourceStatusSchema },
    operationState: open,
    operation: operationSchema,
    history: { type: 'array', items: historyItemSchema },
    pin: { type: 'object', properties: { revision: text, historyId: { type: 'integer' }, fromRevision: text, pinnedAt: text } },
    commit: { type: 'object', properties: { message: text, author: text, date: text } },
    sourceType: text,
    reconciledAt: text,
    conditions: { type: 'array', items: { type: 'object', properties: { type: text, message: text, lastTransitionTime: text } } },
  },
} as const;

export const applicationSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
  properties: {
    apiVersion: text,
    kind: text,
    metadata: open,
    spec: open,
    status: applicationStatusSchema,
  },
} as const;

export const applicationInputSchema = {
  type: 'object',
  description: 'An Argo CD Application (argoproj.io/v1alpha1) or a ferry.dev/v1alpha1 one, as JSON or YAML; every bad field is reported at once',
  properties: { apiVersion: text, kind: text, metadata: { type: 'object' }, spec: { type: 'object' } },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sync: { type: 'string', enum: ['Synced', 'OutOfSync', 'Unknown'] },
    health: { type: 'string', enum: ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'] },
    project: text,
    repo: { type: 'string', description: 'Repository URL (compared without scheme, credentials, .git and trailing slash)' },
    namespace: { type: 'string', description: 'Destination namespace' },
    cluster: { type: 'string', description: 'Destination server URL or cluster name' },
    search: { type: 'string', description: 'Part of the name' },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    continue: { type: 'string', description: 'From the previous page' },
  },
} as const;

export const applicationListSchema = {
  type: 'object',
  required: ['items', 'metadata'],
  properties: {
    items: { type: 'array', items: applicationSchema },
    metadata: { type: 'object', properties: { continue: text, remainingItemCount: { type: 'integer' } } },
  },
} as const;

export const resourceRefSchema = {
  type: 'object',
  required: ['kind', 'name'],
  additionalProperties: false,
  properties: { group: { type: 'string', default: '' }, kind: text, namespace: { type: 'string', default: '' }, name: text },
} as const;

export const syncBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    revision: { type: 'string', minLength: 1, description: 'A branch, tag or commit other than the target revision' },
    prune: { type: 'boolean' },
    dryRun: { type: 'boolean' },
    resources: { type: 'array', items: resourceRefSchema, minItems: 1, description: 'Sync only these resources (hooks do not run)' },
  },
} as const;

export const operationResponseSchema = { type: 'object', required: ['operation'], properties: { operation: operationSchema } } as const;

export const diffSchema = {
  type: 'object',
  required: ['syncStatus', 'resources'],
  properties: {
    syncStatus: text,
    revision: text,
    resources: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          group: text,
          version: text,
          kind: text,
          namespace: text,
          name: text,
          status: text,
          health: healthSchema,
          changes: { type: 'array', items: open },
          unified: { type: 'string', description: 'Unified diff of the YAML (live to desired); Secret values masked' },
          live: open,
          desired: open,
        },
      },
    },
  },
} as const;

const treeNodeProperties = {
  group: text,
  version: text,
  kind: text,
  namespace: text,
  name: text,
  uid: text,
  status: text,
  health: healthSchema,
  createdAt: text,
  info: { type: 'array', items: { type: 'object', properties: { name: text, value: text } } },
} as const;

/** Three levels spelled out (resource, ReplicaSet, Pod), deeper ones kept open. */
export const resourceTreeSchema = {
  type: 'object',
  required: ['nodes'],
  properties: {
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...treeNodeProperties,
          children: {
            type: 'array',
            items: { type: 'object', properties: { ...treeNodeProperties, children: { type: 'array', items: { type: 'object', additionalProperties: true, properties: treeNodeProperties } } } },
          },
        },
      },
    },
  },
} as const;

export const resourceQuery = {
  type: 'object',
  required: ['kind', 'name'],
  properties: { group: { type: 'string', default: '' }, kind: text, namespace: { type: 'string', default: '' }, name: text },
} as const;

export const resourceManifestSchema = {
  type: 'object',
  properties: { live: open, desired: open, status: text },
} as const;

export const eventSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, app: text, time: text, type: { type: 'string', enum: ['Normal', 'Warning'] }, reason: text, message: text },
} as const;

export const tokenSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: text, role: { type: 'string', enum: ['admin', 'readonly'] }, createdAt: text, expiresAt: text },
} as const;
