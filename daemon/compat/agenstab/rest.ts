// AGENSTAB's REST surface under /compat/agenstab/v1 (compat.md): the same methods as the socket,
// JSON or form-encoded bodies, the same error body with the table's HTTP status. Plus the ticket
// endpoint for the socket.
import type { Context, Hono } from 'hono';
import { keyAdvice, keyFromBearer, keyProblem } from '../keys.ts';
import { invokeMethod } from './methods.ts';
import { RpcError, toRpcError } from './rpcErrors.ts';
import { rpcErrorBody, unauthorizedError } from './socket.ts';
import { contextFor, type SurfaceContext, type SurfaceState } from './surface.ts';

export const REST_BASE = '/compat/agenstab/v1';
export const TICKET_PATH = '/compat/agenstab/api/auth/ticket';

// Form fields arrive as strings; these are turned back into what the JSON form carries.
const NUMBER_FIELDS = new Set(['token_ttl', 'hitl_transaction_threshold', 'max_elements', 'rate_limit_apm', 'navigation_timeout_ms', 'timeout']);
const BOOLEAN_FIELDS = new Set(['stealth_mode', 'allow_js_eval', 'clear_first']);
const LIST_FIELDS = new Set(['domain_allowlist']);

/** `interact`'s action_type → the method (or the semantic act action) it runs. */
const INTERACT: Record<string, { method: string } | { act: string }> = {
  semantic_click: { method: 'browser.click' }, click: { method: 'browser.click' },
  type: { method: 'browser.type' }, select: { method: 'browser.select' },
  hover: { act: 'hover' }, check: { act: 'check' }, uncheck: { act: 'uncheck' }, clear: { act: 'clear' },
};

function coerce(field: string, value: string): unknown {
  if (NUMBER_FIELDS.has(field) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (BOOLEAN_FIELDS.has(field) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** JSON object or form fields (`a[]=x&a[]=y` and repeated names are lists). */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, unknown> = {};
    for (const [rawKey, value] of new URLSearchParams(text)) {
      const list = rawKey.endsWith('[]');
      const key = list ? rawKey.slice(0, -2) : rawKey;
      const v = coerce(key, value);
      if (list || LIST_FIELDS.has(key) || key in out) out[key] = [...(Array.isArray(out[key]) ? out[key] as unknown[] : key in out ? [out[key]] : []), v];
      else out[key] = v;
    }
    return out;
  }
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) {
    throw new RpcError(-32700, `The body is not valid JSON (${(err as Error).message}); send a JSON object or form fields.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RpcError(-32600, 'The body must be a JSON object, e.g. {"agent_id": "submit_btn", "action_type": "semantic_click"}.');
  return value as Record<string, unknown>;
}

function fail(c: Context, err: RpcError): Response {
  const retry = err.data.retry_after_ms;
  if (typeof retry === 'number') c.header('Retry-After', String(Math.max(1, Math.ceil(retry / 1000))));
  if (err.status === 401) c.header('WWW-Authenticate', 'Bearer realm="agenstab"');
  return c.json(rpcErrorBody(err), err.status as 400);
}

type Handler = (ctx: SurfaceContext, c: Context) => Promise<{ status?: number; json: Record<string, unknown> }>;

function route(state: SurfaceState, handler: Handler) {
  return async (c: Context): Promise<Response> => {
    const problem = keyProblem(keyFromBearer(c.req.header('authorization')), state.config);
    if (problem) return fail(c, unauthorizedError(problem, keyAdvice(problem, '"Authorization: Bearer <key>"')));
    const id = c.req.param('id');
    const ctx = contextFor(state, c.req.header('host')!, () => {
      if (id === undefined) throw new RpcError(-32602, 'session id: missing in the path');
      return state.registry.get(id);
    });
    try {
      const out = await handler(ctx, c);
      return c.json(out.json, (out.status ?? 200) as 200);
    } catch (err) {
      return fail(c, toRpcError(err, c.req.path));
    }
  };
}

const call = async (ctx: SurfaceContext, method: string, params: unknown) => ({ json: await invokeMethod(ctx, method, params) });

export function installRest(app: Hono, state: SurfaceState): void {
  app.post(TICKET_PATH, route(state, async () => ({ json: state.tickets.issue() })));
  app.post(`${REST_BASE}/sessions`, route(state, async (ctx, c) => call(ctx, 'browser.create_session', await readBody(c))));
  app.get(`${REST_BASE}/sessions/:id`, route(state, async (ctx) => {
    const s = ctx.session();
    return { json: { session_id: s.backend.session_id, status: s.status, created_at: new Date(s.createdAt).toISOString(),
      expires_at: new Date(s.backend.expires_at).toISOString(), ...(s.lastUrl ? { url: s.lastUrl } : {}) } };
  }));
  app.post(`${REST_BASE}/sessions/:id/interact`, route(state, async (ctx, c) => {
    const body = await readBody(c);
    const kind = typeof body.action_type === 'string' ? INTERACT[body.action_type] : undefined;
    if (!kind) {
      throw new RpcError(-32602, `action_type: ${body.action_type === undefined ? 'required' : `"${String(body.action_type).slice(0, 50)}" is not one`}; use ${Object.keys(INTERACT).join(', ')}.`, { param: 'action_type' });
    }
    const result = 'method' in kind
      ? await invokeMethod(ctx, kind.method, body)
      : await invokeMethod(ctx, 'browser.act', { ...body, action: kind.act });
    const { success: _s, agent_id: _a, ...rest } = result;
    return { json: { success: true, action_type: body.action_type, agent_id: body.agent_id ?? null, result: rest, observation_delta: rest.changed ?? [] } };
  }));
  app.get(`${REST_BASE}/sessions/:id/observe`, route(state, async (ctx, c) => {
    const q = c.req.query();
    const params: Record<string, unknown> = { ...q };
    if (q.max_elements !== undefined) params.max_elements = /^\d+$/.test(q.max_elements) ? Number(q.max_elements) : q.max_elements;
    return call(ctx, 'browser.observe', params);
  }));
  app.post(`${REST_BASE}/sessions/:id/navigate`, route(state, async (ctx, c) => call(ctx, 'browser.navigate', await readBody(c))));
  // abpd extensions: the socket's other methods as REST calls (same params, same answers).
  for (const name of ['evaluate', 'scroll', 'wait_for', 'screenshot'] as const) {
    app.post(`${REST_BASE}/sessions/:id/${name}`, route(state, async (ctx, c) => call(ctx, `browser.${name}`, await readBody(c))));
  }
  for (const verdict of ['approve', 'deny'] as const) {
    app.post(`${REST_BASE}/sessions/:id/hitl/:approval_id/${verdict}`, route(state, async (ctx, c) =>
      call(ctx, `browser.${verdict}`, { approval_id: c.req.param('approval_id') })));
  }
  app.delete(`${REST_BASE}/sessions/:id`, route(state, async (ctx) => call(ctx, 'browser.terminate_session', {})));
  app.all(`${REST_BASE}/*`, route(state, async (_ctx, c) => {
    throw new RpcError(-32601, `No AGENSTAB route ${c.req.method} ${c.req.path}. REST: POST ${REST_BASE}/sessions, POST …/sessions/{id}/interact, GET …/sessions/{id}/observe, POST …/sessions/{id}/navigate, DELETE …/sessions/{id}; JSON-RPC: ws://…${REST_BASE}/session.`);
  }));
}
