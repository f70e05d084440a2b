// The REST route table seen from MCP: routes by `METHOD /path` key, and the JSON Schema of their
// request fields derived from the same zod schemas that validate REST bodies (docs/routeSchemas.ts,
// which the API reference uses too).
import { requestSchema, type JsonSchema } from '../docs/routeSchemas.ts';
import type { RouteDef } from '../routes/types.ts';

export type { JsonSchema };

/** `POST /tabs/:/click`: parameter names do not matter, so tools do not depend on them. */
export type RouteKey = string;

export function routeKey(method: string, path: string): RouteKey {
  return `${method} ${path.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, ':')}`;
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
      // Refinements are not representable and are left out; the REST layer still enforces them.
      const route = this.#routes.get(key);
      schema = (route && requestSchema(route, where)) ?? {};
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
