// The daemon's /mcp endpoint as a plugin. Tool calls go through the daemon's own hono app with the
// caller's Host and Authorization headers, so the security middleware and history see an MCP call
// exactly as they see the REST call it stands for.
import type { Hono } from 'hono';
import type { DaemonPlugin } from '../plugins.ts';
import { ABPD_VERSION } from '../routes/browserRoutes.ts';
import { appDispatch } from './dispatch.ts';
import { McpHttpEndpoint } from './http.ts';
import { limitsFromEnv } from './limits.ts';
import { buildCatalog, createMcpServer } from './server.ts';

// Only what the REST layer's middleware checks; Origin stays behind (it was checked for /mcp).
const FORWARDED_HEADERS = ['host', 'authorization'];

export function forwardedHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers?.[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

// Per daemon (tests run several in one process): the stop hook finds its own endpoint.
const endpoints = new WeakMap<object, McpHttpEndpoint>();

export const mcpPlugin: DaemonPlugin = {
  name: 'mcp',
  install(app: Hono, deps, routes) {
    const catalog = buildCatalog(routes);
    const limits = limitsFromEnv(process.env);
    const endpoint = new McpHttpEndpoint({
      allowedOrigins: deps.config.allowedOrigins,
      allowedHosts: deps.config.allowedHosts,
      log: deps.log,
      newServer: () => createMcpServer({
        catalog, limits, version: ABPD_VERSION, log: deps.log,
        dispatchFor: (headers) => appDispatch(app, () => forwardedHeaders(headers)),
      }),
    });
    endpoints.set(deps, endpoint);
    app.all('/mcp', (c) => endpoint.handle(c.req.raw));
  },
  async stop(deps) {
    await endpoints.get(deps)?.closeAll();
  },
};
