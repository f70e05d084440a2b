// GET /api/v1 (an index of route groups, instead of a 404) and GET /api/v1/openapi.json, both from the
// whole route table the daemon serves (core and plugin rows), so they list what this daemon answers.
import type { DaemonPlugin } from '../plugins.ts';
import { ABPD_VERSION } from '../routes/browserRoutes.ts';
import type { RouteDef } from '../routes/types.ts';
import { buildOpenApi } from './openapi.ts';
import { groupRoutes } from './routeSchemas.ts';

export function apiIndex(routes: readonly RouteDef[]): Record<string, unknown> {
  return {
    name: 'abpd', version: ABPD_VERSION, base: '/api/v1',
    openapi: '/api/v1/openapi.json', reference: 'docs/api.md in the abpd repository', mcp: '/mcp', viewer: '/',
    groups: [...groupRoutes(routes)].map(([group, list]) => ({
      group, routes: list.map((r) => ({ method: r.method, path: `/api/v1${r.path}`, name: r.name, summary: r.summary })),
    })),
  };
}

export const docsPlugin: DaemonPlugin = {
  name: 'docs',
  install(app, _deps, routes) {
    let openapi: Record<string, unknown> | undefined; // built on first request: the table does not change while running
    app.get('/api/v1', (c) => c.json(apiIndex(routes)));
    app.get('/api/v1/openapi.json', (c) => c.json(openapi ??= buildOpenApi(routes, ABPD_VERSION)));
  },
};
