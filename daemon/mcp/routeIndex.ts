// The REST route table seen from MCP: routes by `METHOD /path` key, and the JSON Schema of their
// request fields derived from the same zod schemas that validate REST bodies (zod 4 toJSONSchema).
import { z } from 'zod';
import type { RouteDef } from '../routes/types.ts';

export type JsonSchema = Record<string, unknown>;

/** `POST /tabs/:/click`: parameter names do not matter, so tools do not depend on them. */
export type RouteKey = string;

export function routeKey(method: string, path: string): RouteKey {
  return `${method} ${path.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, ':')}`;
}

/** Drops what carries no information for a model (`additionalProperties: {}` of loose objects). */
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

export class RouteIndex {
  #routes = new Map<RouteKey, RouteDef>();
  #schemas = new Map<string, JsonSchema>();

  constructor(routes: RouteDef[]) {
    for (const route of routes) this.#routes.set(routeKey(route.method, route.path), route);
  }

  has(key: RouteKey): boolean { return this.#routes.has(key); }

  /** JSON Schema of a route's body (or query) object; `{}` when it declares none. */
  objectSchema(key: RouteKey, where: 'body' | 'query' = 'body'): JsonSchema {
    const cacheKey = `${where} ${key}`;
    let schema = this.#schemas.get(cacheKey);
    if (!schema) {
      const zodSchema = this.#routes.get(key)?.[where];
      // io "input": what a caller sends (optional fields stay optional); refinements are not
      // representable and are simply left out — the REST layer still enforces them.
      schema = zodSchema ? clean(z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' })) as JsonSchema : {};
      this.#schemas.set(cacheKey, schema);
    }
    return schema;
  }

  /** One field's schema; `a.b` reaches into a nested object. Undefined if the route lacks it. */
  field(key: RouteKey, path: string, where: 'body' | 'query' = 'body'): { schema: JsonSchema; required: boolean } | undefined {
    let node: JsonSchema | undefined = this.objectSchema(key, where);
    let required = false;
    for (const part of path.split('.')) {
      const properties = node?.properties as Record<string, JsonSchema> | undefined;
      if (!properties?.[part]) return undefined;
      required = ((node!.required as string[] | undefined) ?? []).includes(part);
      node = properties[part];
    }
    return node ? { schema: node, required } : undefined;
  }

  /** Every top-level field of a route's body, in declaration order. */
  fields(key: RouteKey): string[] {
    return Object.keys((this.objectSchema(key).properties as JsonSchema | undefined) ?? {});
  }
}
