// Tabstack served locally at /compat/tabstack/v1 (compat.md "Tabstack"), so the official
// @tabstack/sdk runs unchanged with TABSTACK_BASE_URL pointing here. A plugin: routes and shape
// mapping only; every browser step and every task goes through the daemon's own routes in-process.
import type { Context, Hono } from 'hono';
import type { DaemonPlugin } from '../../plugins.ts';
import type { Deps } from '../../routes/types.ts';
import { compatDispatch } from '../keys.ts';
import { DaemonCalls } from '../daemonCalls.ts';
import { automate } from './automate.ts';
import { extractJson, extractMarkdown, generateJson, research, type Call } from './extract.ts';
import { errorResponse, jsonBody, keyRefusal, TABSTACK_BASE, TabstackError } from './http.ts';
import { automateInput } from './input.ts';
import { InputRequests } from './inputRequests.ts';

interface SurfaceState { inputs: InputRequests }
// Per daemon (tests run several in one process).
const states = new WeakMap<Deps, SurfaceState>();

/** The surface of a running daemon (tests shorten the input expiry). */
export function tabstackStateOf(deps: Deps): SurfaceState | undefined {
  return states.get(deps);
}

type Handler = (call: Call & { c: Context }) => Promise<Record<string, unknown> | Response>;

/** Key check, body, the handler; every failure before a stream in the vendor's `{"error"}` shape. */
function route(app: Hono, deps: Deps, handler: Handler, status = 200) {
  return async (c: Context): Promise<Response> => {
    const refused = keyRefusal(c, deps.config);
    if (refused) return errorResponse(c, refused);
    try {
      const body = await jsonBody(c);
      const calls = new DaemonCalls(compatDispatch(app, deps.config, c.req.header('host')!));
      const out = await handler({ body, calls, deps, signal: c.req.raw.signal, c });
      return out instanceof Response ? out : c.json(out, status as 200);
    } catch (err) {
      return errorResponse(c, err);
    }
  };
}

const ENDPOINTS = 'POST /automate, POST /automate/{requestId}/input, POST /extract/markdown, POST /extract/json, POST /generate/json, POST /research';

export const tabstackPlugin: DaemonPlugin = {
  name: 'tabstack',
  install(app, deps) {
    const state: SurfaceState = { inputs: new InputRequests() };
    states.set(deps, state);
    app.post(`${TABSTACK_BASE}/automate`, route(app, deps, ({ c, calls, body }) => automate(c, { app, config: deps.config, calls, inputs: state.inputs }, body)));
    app.post(`${TABSTACK_BASE}/automate/:requestId/input`, route(app, deps, ({ c, calls, body }) => automateInput(calls, state.inputs, c.req.param('requestId')!, body), 202));
    app.post(`${TABSTACK_BASE}/extract/markdown`, route(app, deps, extractMarkdown));
    app.post(`${TABSTACK_BASE}/extract/json`, route(app, deps, extractJson));
    app.post(`${TABSTACK_BASE}/generate/json`, route(app, deps, generateJson));
    app.post(`${TABSTACK_BASE}/research`, route(app, deps, research));
    app.all(`${TABSTACK_BASE}/*`, (c) => {
      const refused = keyRefusal(c, deps.config);
      return errorResponse(c, refused ?? new TabstackError(404, `no Tabstack endpoint ${c.req.method} ${c.req.path}; this abpd serves ${ENDPOINTS} under ${TABSTACK_BASE}`));
    });
  },
  stop(deps) { states.get(deps)?.inputs.clear(); },
};
