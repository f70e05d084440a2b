// The OpenAPI 3.1 document of whatever the route table holds (served at GET /api/v1/openapi.json,
// summarised in docs/api.md): paths from the rows, request schemas from their zod schemas.
import type { RouteDef } from '../routes/types.ts';
import { ENVELOPE_SCHEMA, ERROR_SCHEMA } from './envelopeSchema.ts';
import { answerOf, errorsOf, groupOf, openApiPath, pathParams, requestSchema, routeExample, type JsonSchema } from './routeSchemas.ts';

function operation(route: RouteDef): JsonSchema {
  const parameters: JsonSchema[] = pathParams(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = requestSchema(route, 'query');
  const queryProps = (query?.properties ?? {}) as Record<string, JsonSchema>;
  const queryRequired = (query?.required ?? []) as string[];
  for (const [name, schema] of Object.entries(queryProps)) {
    parameters.push({ name, in: 'query', required: queryRequired.includes(name), schema, ...(schema.description ? { description: schema.description } : {}) });
  }
  const body = requestSchema(route, 'body');
  const example = routeExample(route);
  const errors = new Map<number, string[]>();
  for (const e of errorsOf(route)) errors.set(e.status, [...(errors.get(e.status) ?? []), `${e.code}: ${e.when}`]);
  const responses: JsonSchema = {
    200: route.kind === 'action'
      ? { description: answerOf(route), content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } } }
      : { description: answerOf(route), content: { 'application/json': { schema: {} } } },
  };
  for (const [status, lines] of errors) {
    responses[status] = { description: lines.join('; '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    operationId: route.name,
    summary: route.summary,
    tags: [groupOf(route)],
    ...(parameters.length ? { parameters } : {}),
    ...(route.method === 'POST'
      ? { requestBody: { required: false, content: { 'application/json': { schema: body ?? { type: 'object' }, ...(example ? { example } : {}) } } } }
      : {}),
    responses,
  };
}

export function buildOpenApi(routes: readonly RouteDef[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'abpd', version,
      description: 'The Agent Browser Protocol (ABP) REST API of abpd. Unknown body fields are accepted and named in `warnings`. '
        + 'With --auth-token, every route needs Authorization: Bearer <token> (GET /browser/status answers {ready} without it).',
    },
    servers: [{ url: '/api/v1' }],
    tags: [...new Set(routes.map(groupOf))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Envelope: ENVELOPE_SCHEMA, Error: ERROR_SCHEMA },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the --auth-token value (auto: the file "token" next to the session dir)' } },
    },
    security: [{}, { bearer: [] }],
  };
}
