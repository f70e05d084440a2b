// JSON Schema (2020-12, what OpenAPI 3.1 uses) of a route's body and query, from the zod schemas that
// validate requests, and the facts the reference derives from a route row: group, errors, example.
import { z } from 'zod';
import type { RouteDef } from '../routes/types.ts';

export type JsonSchema = Record<string, unknown>;

/** Drops `$schema` and the empty `additionalProperties: {}` of loose objects (no information). */
function clean(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(clean);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if (key === 'additionalProperties' && typeof value === 'object' && value !== null && Object.keys(value).length === 0) continue;
    out[key] = clean(value);
  }
  return out;
}

/** What a caller sends (io "input": optional fields stay optional); refinements are not representable. */
export function requestSchema(route: RouteDef, where: 'body' | 'query'): JsonSchema | undefined {
  const schema = route[where];
  return schema ? clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as JsonSchema : undefined;
}

/** `/tabs/:id/click` → `/tabs/{id}/click`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

const TAB_COMMANDS = new Set(['activate', 'stop']);

/** The reference's section: declared, or from the path (tab actions together, other tab routes by their segment). */
export function groupOf(route: RouteDef): string {
  if (route.docs?.group) return route.docs.group;
  const parts = route.path.split('/').filter(Boolean);
  if (route.kind === 'action') return 'actions';
  if (parts[0] === 'tabs' && parts.length >= 3 && !TAB_COMMANDS.has(parts[2]!)) return parts[2]!;
  return parts[0] ?? 'api';
}

/** Groups in table order (the first route of a group places it). */
export function groupRoutes(routes: readonly RouteDef[]): Map<string, RouteDef[]> {
  const groups = new Map<string, RouteDef[]>();
  for (const route of routes) {
    const name = groupOf(route);
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name)!.push(route);
  }
  return groups;
}

export interface ErrorDoc { status: number; code: string; when: string }

/** The errors a caller can meet on this route: the common ones its shape implies, then its own. */
export function errorsOf(route: RouteDef): ErrorDoc[] {
  const out: ErrorDoc[] = [];
  if (route.body || route.query) out.push({ status: 400, code: 'INVALID_PARAMS', when: 'a field is missing or has the wrong type or value; the message names it' });
  if (route.method === 'POST') out.push({ status: 400, code: 'INVALID_JSON', when: 'the body is not a JSON object' });
  if (route.path.startsWith('/tabs/:')) out.push({ status: 404, code: 'TAB_NOT_FOUND', when: 'no open tab has this id (GET /api/v1/tabs lists them)' });
  if (route.kind === 'action') {
    out.push({ status: 409, code: 'DIALOG_PENDING', when: 'a JavaScript dialog is open on the tab: answer it first (dialog/accept or dialog/dismiss)' });
    out.push({ status: 409, code: 'TAB_CRASHED', when: 'the tab\'s renderer died: reload or close the tab' });
    out.push({ status: 429, code: 'QUEUE_FULL', when: 'too many actions wait on this tab' });
    out.push({ status: 504, code: 'ACTION_TIMEOUT', when: 'the action did not finish within the deadline' });
  }
  out.push(...(route.docs?.errors ?? []));
  if (route.path !== '/browser/status') out.push({ status: 503, code: 'BROWSER_UNAVAILABLE', when: 'Chromium is starting or restarting: retry in a few seconds' });
  return out;
}

/** Example values by field name; other fields get one from their type. */
const EXAMPLE_VALUES: Record<string, unknown> = {
  x: 100, y: 200, start_x: 100, start_y: 200, end_x: 300, end_y: 200, url: 'https://example.com/', text: 'hello',
  key: 'Enter', script: 'document.title', ms: 500, value: '2026-01-31', prompt_text: 'yes', indices: [0],
  permission_type: 'geolocation', actions: [{ type: 'mouse_click', x: 100, y: 200 }], scrolls: [{ delta_px: 300, direction: 'y' }],
  paused: true, files: ['/path/to/file.txt'],
};

function exampleOf(name: string, schema: JsonSchema): unknown {
  if (Object.hasOwn(EXAMPLE_VALUES, name)) return EXAMPLE_VALUES[name];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants?.length) return exampleOf(name, variants[0]!);
  switch (schema.type) {
    case 'integer': case 'number': return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean': return true;
    case 'array': return [exampleOf(name, (schema.items ?? {}) as JsonSchema)];
    case 'object': return exampleBody(schema);
    default: return 'text';
  }
}

/** An object with the schema's required fields filled in. */
export function exampleBody(schema: JsonSchema | undefined): Record<string, unknown> {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema?.required ?? []) as string[];
  return Object.fromEntries(required.filter((n) => properties[n]).map((n) => [n, exampleOf(n, properties[n]!)]));
}

export function routeExample(route: RouteDef): Record<string, unknown> | undefined {
  if (route.method !== 'POST') return undefined;
  if (route.docs?.example) return route.docs.example;
  const schema = requestSchema(route, 'body');
  const minimal = exampleBody(schema);
  // A refinement may ask for one of several optional fields (scroll's scrolls, execute's script):
  // then the optional fields with a known example value are added.
  if (!route.body || route.body.safeParse(minimal).success) return minimal;
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const fuller = { ...minimal, ...Object.fromEntries(Object.keys(properties).filter((n) => Object.hasOwn(EXAMPLE_VALUES, n) && !(n in minimal)).map((n) => [n, EXAMPLE_VALUES[n]])) };
  if (route.body.safeParse(fuller).success) return fuller;
  // Else the first optional field that, added alone, makes a valid body.
  for (const [name, field] of Object.entries(properties)) {
    const one = { ...minimal, [name]: exampleOf(name, field) };
    if (!(name in minimal) && route.body.safeParse(one).success) return one;
  }
  return minimal;
}

/** A shell variable for each path parameter: $TAB for a tab's id, $ID otherwise. */
export function examplePath(route: RouteDef): string {
  return route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string, offset: number) =>
    name === 'id' && route.path.slice(0, offset).startsWith('/tabs') ? '$TAB' : `$${name.toUpperCase()}`);
}

export function answerOf(route: RouteDef): string {
  if (route.docs?.answer) return route.docs.answer;
  return route.kind === 'action'
    ? 'the action envelope (see "The envelope"): result, screenshots, events, scroll, cursor, timing, settle'
    : 'JSON (see the summary)';
}
