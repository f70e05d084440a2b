// docs/api.md from the route table: every route with its body/query fields (type, required,
// default), its answer, its errors and an example. `npm run docs` writes it; a test fails when the
// file differs from what the table gives (test/docs/apiDocs.test.ts).
import type { RouteDef } from '../routes/types.ts';
import { ENVELOPE_SCHEMA, ERROR_SCHEMA } from './envelopeSchema.ts';
import { answerOf, errorsOf, examplePath, groupRoutes, requestSchema, routeExample, type JsonSchema } from './routeSchemas.ts';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (variants) return variants.map(typeOf).join(' or ');
  if (Array.isArray(s.type)) return s.type.join(' or ');
  if (s.type === 'array') return `array of ${typeOf((s.items ?? {}) as JsonSchema)}`;
  if (s.type === 'integer' || s.type === 'number') {
    const lo = s.minimum ?? s.exclusiveMinimum; const hi = s.maximum ?? s.exclusiveMaximum;
    return lo !== undefined || hi !== undefined ? `${s.type} ${lo ?? ''}..${hi ?? ''}` : String(s.type);
  }
  if (s.type === 'string' && (s.minLength !== undefined || s.maxLength !== undefined)) return `string (${s.minLength ?? 0}..${s.maxLength ?? ''} chars)`;
  return typeof s.type === 'string' ? s.type : 'any';
}

/** Fields every action takes: listed once in "Common action fields", named in each route's table. */
const COMMON_FIELDS = ['screenshot', 'wait_until'];

interface FieldRow { name: string; type: string; required: boolean; default?: unknown; description?: string }

/** Top-level fields, and the fields of an object-valued field one level down (`screenshot.format`). */
function fieldRows(schema: JsonSchema | undefined, prefix = '', depth = 0, common: string[] = []): FieldRow[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema?.required ?? []) as string[];
  const rows: FieldRow[] = [];
  for (const [name, field] of Object.entries(properties)) {
    const full = prefix + name;
    if (depth === 0 && common.includes(name)) {
      rows.push({ name: full, type: 'object', required: false, description: 'see "Common action fields"' });
      continue;
    }
    const nested = field.type === 'object' && field.properties && depth === 0;
    rows.push({ name: full, type: nested ? 'object' : typeOf(field), required: required.includes(name), default: field.default, description: field.description as string | undefined });
    if (nested) rows.push(...fieldRows(field, `${full}.`, depth + 1));
  }
  return rows;
}

function fieldTable(rows: FieldRow[]): string[] {
  if (rows.length === 0) return [];
  return ['| field | type | required | default | notes |', '|---|---|---|---|---|',
    ...rows.map((r) => `| \`${r.name}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${r.default === undefined ? '' : `\`${cell(JSON.stringify(r.default))}\``} | ${cell(r.description ?? '')} |`)];
}

function curl(route: RouteDef): string {
  const url = `$B${examplePath(route)}`;
  if (route.method === 'GET') return `curl -s "${url}"`;
  if (route.method === 'DELETE') return `curl -s -X DELETE "${url}"`;
  return `curl -s -X POST "${url}" -H 'content-type: application/json' -d '${JSON.stringify(routeExample(route) ?? {})}'`;
}

function routeSection(route: RouteDef): string[] {
  const out = [`### \`${route.method} /api/v1${route.path}\``, '', `${route.summary} (\`${route.name}\`, ${route.kind === 'action' ? 'an action: one atomic step' : 'not an action'})`, ''];
  const body = fieldRows(requestSchema(route, 'body'), '', 0, COMMON_FIELDS);
  const query = fieldRows(requestSchema(route, 'query'));
  if (body.length) out.push('Body (JSON):', '', ...fieldTable(body), '');
  else if (route.method === 'POST') out.push('Body: `{}` (no fields of its own).', '');
  if (query.length) out.push('Query:', '', ...fieldTable(query), '');
  out.push(`Answer: ${answerOf(route)}.`, '');
  out.push('Errors: ' + errorsOf(route).map((e) => `${e.status} \`${e.code}\` (${e.when})`).join('; ') + '.', '');
  out.push('```sh', curl(route), '```', '');
  return out;
}

/** The common fields' schema, as the first route that has them declares it. */
function commonSchema(routes: readonly RouteDef[]): JsonSchema {
  for (const route of routes) {
    const properties = (requestSchema(route, 'body')?.properties ?? {}) as Record<string, JsonSchema>;
    if (COMMON_FIELDS.every((f) => properties[f])) return { properties: Object.fromEntries(COMMON_FIELDS.map((f) => [f, properties[f]!])) };
  }
  return {};
}

export function renderApiDoc(routes: readonly RouteDef[]): string {
  const groups = groupRoutes(routes);
  const out = [
    '# abpd REST API reference',
    '',
    '<!-- Generated from the route table by `npm run docs` (daemon/docs/apiMarkdown.ts); do not edit by hand.',
    '     test/docs/apiDocs.test.ts fails when this file and the table differ. -->',
    '',
    `Every route of the daemon, ${routes.length} in all, from the same table and zod schemas that validate requests. The same`,
    'content as OpenAPI 3.1: `GET /api/v1/openapi.json`; `GET /api/v1` lists the route groups.',
    '',
    'Conventions: the base is `B=http://127.0.0.1:8222/api/v1` (your `--port`); `$TAB` is a tab id (`GET /api/v1/tabs`, or',
    '`POST /api/v1/tabs`). Bodies are JSON objects (`content-type: application/json`); an empty body is `{}`. Fields not',
    'listed are accepted (clients of other ABP versions send them) and named in the answer\'s `warnings`, with the',
    'nearest known field. With `--auth-token`, send `Authorization: Bearer <token>`.',
    '',
    '## Common action fields',
    '',
    'Every action route (and a few others) takes these beside its own fields:',
    '',
    ...fieldTable(fieldRows(commonSchema(routes))),
    '',
    '## The envelope (every action\'s answer)',
    '',
    ...fieldTable(fieldRows(ENVELOPE_SCHEMA)),
    '',
    '## Errors',
    '',
    'Every error answers this JSON with its HTTP status:',
    '',
    ...fieldTable(fieldRows(ERROR_SCHEMA)),
    '',
    'Common to all routes: 401 `UNAUTHORIZED` (a token is required), 403 `FORBIDDEN_HOST` / `FORBIDDEN_ORIGIN` (a web page or',
    'an unknown Host), 404 `NOT_FOUND` (no such route), 405 `METHOD_NOT_ALLOWED`, 413 `PAYLOAD_TOO_LARGE`, 415',
    '`UNSUPPORTED_MEDIA_TYPE` (a body that is not JSON), 500 `INTERNAL` (a bug). Each route lists its own below.',
    '',
    '## Routes',
    '',
    '| group | method | path | summary |',
    '|---|---|---|---|',
    ...[...groups].flatMap(([group, list]) => list.map((r) => `| ${group} | ${r.method} | \`/api/v1${r.path}\` | ${cell(r.summary)} |`)),
    '',
  ];
  for (const [group, list] of groups) {
    out.push(`## ${group}`, '');
    for (const route of list) out.push(...routeSection(route));
  }
  return out.join('\n').trimEnd() + '\n';
}
