/**
 * The OpenAPI 3.1 document, generated from the routes as registered: their paths, the JSON
 * schemas fastify validates with, and the access each needs. OpenAPI 3.1 schemas are JSON
 * Schema, so the route schemas go in unchanged.
 */
import type { Access } from './auth.ts';

export interface RouteRecord {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
  readonly schema?: {
    readonly summary?: string;
    readonly description?: string;
    readonly tags?: readonly string[];
    readonly params?: SchemaObject;
    readonly querystring?: SchemaObject;
    readonly headers?: SchemaObject;
    readonly body?: SchemaObject;
    readonly response?: Readonly<Record<string, SchemaObject>>;
    /** Request content types other than JSON. */
    readonly consumes?: readonly string[];
    readonly produces?: readonly string[];
  };
}

type SchemaObject = Readonly<Record<string, unknown>>;

function parameters(schema: SchemaObject | undefined, location: 'path' | 'query' | 'header'): Record<string, unknown>[] {
  const properties = (schema?.properties ?? {}) as Record<string, SchemaObject>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' && { description: property.description }),
    schema: property,
  }));
}

function responses(route: RouteRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.schema?.response ?? {})) {
    const code = status.toUpperCase();
    const content = schema.content as Record<string, unknown> | undefined;
    out[code] = {
      description: typeof schema.description === 'string' ? schema.description : code.startsWith('2') ? 'Success' : 'Error ({code, message, details})',
      content: content ?? { 'application/json': { schema } },
    };
  }
  return out;
}

export function buildOpenApiDocument(routes: readonly RouteRecord[], info: { readonly version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.method === 'HEAD' || route.method === 'OPTIONS') continue;
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const schema = route.schema ?? {};
    const operation: Record<string, unknown> = {
      ...(schema.summary && { summary: schema.summary }),
      ...(schema.description && { description: schema.description }),
      ...(schema.tags && { tags: schema.tags }),
      operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query'), ...parameters(schema.headers, 'header')],
      responses: responses(route),
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      'x-ferry-access': route.access,
    };
    if (schema.body) {
      const types = ['application/json', ...(schema.consumes ?? [])];
      operation.requestBody = { required: true, content: Object.fromEntries(types.map((type) => [type, { schema: schema.body }])) };
    }
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ferry API',
      version: info.version,
      description: 'GitOps continuous delivery for Kubernetes. Send `Authorization: Bearer <token>`; `readonly` tokens may call the operations whose x-ferry-access is read, `admin` tokens all of them.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
