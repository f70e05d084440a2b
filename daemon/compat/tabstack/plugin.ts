// Tabstack served locally at /compat/tabstack/v1 (compat.md "Tabstack"), so the official
// @tabstack/sdk runs unchanged with TABSTACK_BASE_URL pointing here. A plugin: routes and shape
// mapping only; every browser step goes through the daemon's own routes in-process.
import type { Context, Hono } from 'hono';
import type { DaemonPlugin } from '../../plugins.ts';
import type { Deps } from '../../routes/types.ts';
import { compatDispatch } from '../keys.ts';
import { DaemonCalls } from '../daemonCalls.ts';
import { extractJson, extractMarkdown, generateJson, research, type Call } from './extract.ts';
import { errorResponse, jsonBody, keyRefusal, TABSTACK_BASE, TabstackError } from './http.ts';

type Handler = (call: Call) => Promise<Record<string, unknown>>;

/** Key check, body, the handler; every failure in the vendor's `{"error"}` shape. */
function jsonRoute(app: Hono, deps: Deps, handler: Handler) {
  return async (c: Context): Promise<Response> => {
    const refused = keyRefusal(c, deps.config);
    if (refused) return errorResponse(c, refused);
    try {
      const body = await jsonBody(c);
      const calls = new DaemonCalls(compatDispatch(app, deps.config, c.req.header('host')!));
      return c.json(await handler({ body, calls, deps, signal: c.req.raw.signal }));
    } catch (err) {
      return errorResponse(c, err);
    }
  };
}

const ENDPOINTS = 'POST /automate, POST /automate/{requestId}/input, POST /extract/markdown, POST /extract/json, POST /generate/json, POST /research';

export const tabstackPlugin: DaemonPlugin = {
  name: 'tabstack',
  install(app, deps) {
    app.post(`${TABSTACK_BASE}/extract/markdown`, jsonRoute(app, deps, extractMarkdown));
    app.post(`${TABSTACK_BASE}/extract/json`, jsonRoute(app, deps, extractJson));
    app.post(`${TABSTACK_BASE}/generate/json`, jsonRoute(app, deps, generateJson));
    app.post(`${TABSTACK_BASE}/research`, jsonRoute(app, deps, research));
    app.all(`${TABSTACK_BASE}/*`, (c) => {
      const refused = keyRefusal(c, deps.config);
      return errorResponse(c, refused ?? new TabstackError(404, `no Tabstack endpoint ${c.req.method} ${c.req.path}; this abpd serves ${ENDPOINTS} under ${TABSTACK_BASE}`));
    });
  },
};
