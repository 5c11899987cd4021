import { IsOptional, IsString } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathsObject,
  RequestBodyObject,
  ResponsesObject,
  SchemaObject,
} from 'openapi3-ts/oas31';
import type { RouteAccess } from '../auth.middleware';
import type { BodyDoc, Produces, RouteDoc } from './route-docs';

/** The error body every 4xx and 5xx answers with (API.md §0.2). */
export class ErrorResponse {
  @IsString() detail!: string;
  @IsString() error!: string;
  @IsString() code!: string;
  @IsString() timestamp!: string;
  @IsOptional() details?: unknown;
  @IsOptional() @IsString() request_id?: string;
}

const MEDIA: Record<Produces, string> = {
  json: 'application/json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  binary: 'application/octet-stream',
  image: 'image/*',
  html: 'text/html',
  text: 'text/plain',
  prometheus: 'text/plain; version=0.0.4',
  javascript: 'application/javascript',
  css: 'text/css',
};

const INTEGER_PARAMS = /^(id|pid|tid|producto_id)$/;

export interface DocumentedRoute {
  readonly method: string;
  readonly path: string;
  readonly access: RouteAccess;
}

export interface OpenApiResult {
  readonly document: OpenAPIObject;
  /** Registered routes with no documentation (a test fails on any). */
  readonly undocumented: string[];
  /** Documented routes the router does not hold (a test fails on any). */
  readonly unknown: string[];
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * The OpenAPI 3.1 document of the routes the router holds: paths and path parameters from the
 * router, who may call each from its guard, request schemas generated from the validation classes
 * the handlers use (class-validator-jsonschema), and summaries from ROUTE_DOCS.
 */
export function buildOpenApiDocument(
  routes: readonly DocumentedRoute[],
  docs: Readonly<Record<string, RouteDoc>>,
  info: { version: string; environment: string },
): OpenApiResult {
  const schemas: Record<string, SchemaObject> = { ErrorResponse: targetConstructorToSchema(ErrorResponse) as SchemaObject };
  const schemaOf = (cls: new () => object): { $ref: string } => {
    schemas[cls.name] ??= targetConstructorToSchema(cls) as SchemaObject;
    return ref(cls.name);
  };
  const paths: PathsObject = {};
  const undocumented: string[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const doc = docs[key];
    if (!doc) {
      undocumented.push(key);
      continue;
    }
    seen.add(key);
    const openPath = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: ParameterObject[] = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1]!,
      in: 'path',
      required: true,
      schema: INTEGER_PARAMS.test(m[1]!) ? { type: 'integer', minimum: 1 } : { type: 'string' },
    }));
    for (const [name, description] of Object.entries(doc.query ?? {}))
      parameters.push({ name, in: 'query', required: false, description, schema: { type: 'string' } });
    for (const [name, description] of Object.entries(doc.headers ?? {}))
      parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
    const operation: OperationObject = {
      tags: [doc.tag],
      summary: doc.summary,
      description: [doc.description, accessText(route.access)].filter(Boolean).join('\n\n'),
      operationId: operationId(route.method, route.path),
      parameters: parameters.length ? parameters : undefined,
      requestBody: doc.body ? requestBody(doc.body, schemaOf) : undefined,
      responses: responses(route.access, doc, parameters.length > 0 || !!doc.body),
    };
    if (route.access.kind !== 'public') {
      operation.security = [{ bearerAuth: [] }];
      operation['x-roles'] = route.access.kind === 'roles' ? [...route.access.roles] : 'any signed-in user';
    }
    (paths[openPath] ??= {})[route.method.toLowerCase() as 'get'] = operation;
  }
  const unknown = Object.keys(docs).filter((k) => !seen.has(k) && !routes.some((r) => `${r.method} ${r.path}` === k));
  const document: OpenAPIObject = {
    openapi: '3.1.0',
    info: {
      title: 'Chorizaurio API — Frío Sur',
      version: info.version,
      description:
        "The order backend of Frío Sur: the shop's frontend, the operator's scripts and the operations console (/ops) use this API. " +
        'Sign in with POST /api/login (a form), then send `Authorization: Bearer <access_token>`. ' +
        `Errors answer with ErrorResponse. Environment: ${info.environment}.`,
    },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.values(docs).map((d) => d.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access_token of POST /api/login' },
      },
    },
  };
  return { document, undocumented, unknown };
}

function accessText(access: RouteAccess): string {
  if (access.kind === 'public') return 'Access: public.';
  if (access.kind === 'user') return 'Access: any signed-in, active user.';
  return `Access: roles ${access.roles.join(', ')}.`;
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/:([A-Za-z_]+)/g, 'by_$1')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words].join('_') || method.toLowerCase();
}

function requestBody(body: BodyDoc, schemaOf: (cls: new () => object) => { $ref: string }): RequestBodyObject {
  if (body.kind === 'multipart') {
    return {
      required: true,
      description: body.description,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: [body.file!],
            properties: { [body.file!]: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
      },
    };
  }
  const lists = Object.entries(body.lists ?? {});
  let schema: SchemaObject | { $ref: string } = body.schema ? schemaOf(body.schema) : { type: 'object' };
  if (lists.length)
    schema = {
      allOf: [
        schema,
        { type: 'object', properties: Object.fromEntries(lists.map(([field, cls]) => [field, { type: 'array', items: schemaOf(cls) }])) },
      ],
    };
  const media = body.kind === 'form' ? ['application/x-www-form-urlencoded', 'multipart/form-data'] : ['application/json'];
  return { required: true, description: body.description, content: Object.fromEntries(media.map((m) => [m, { schema }])) };
}

function responses(access: RouteAccess, doc: RouteDoc, hasInput: boolean): ResponsesObject {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('ErrorResponse') } } });
  const produces = doc.produces ?? 'json';
  const out: ResponsesObject = {
    '200': { description: 'OK', content: { [MEDIA[produces]]: { schema: produces === 'json' ? {} : { type: 'string' } } } },
  };
  if (hasInput) out['422'] = error('A field, parameter or body is invalid; `details` names each one');
  if (access.kind !== 'public') {
    out['401'] = error('No token, or an expired, revoked or invalid one');
    if (access.kind === 'roles') out['403'] = error('The user may not do this');
  }
  out['4XX'] = error('Refused: the message says why and what to do');
  out['5XX'] = error('The database is busy, paused by a restore, or cannot write (Retry-After says when to retry)');
  return out;
}
