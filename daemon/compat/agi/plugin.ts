// AGI Agent Sessions served locally at /compat/agi/v1 (compat.md "AGI Agent Sessions"): the 13
// endpoints of agent-apis.md §1.2.1. A plugin: routes and shape mapping only; sessions are
// sessions.md sessions, messages start or answer /api/v1/tasks, everything is read from the log.
import type { Context, Hono } from 'hono';
import type { DaemonPlugin } from '../../plugins.ts';
import type { Deps } from '../../routes/types.ts';
import { cancel, getMessages, getStatus, pause, resume, sendMessage } from './agent.ts';
import { eventStream } from './events.ts';
import { AGI_BASE, AgiError, errorResponse, jsonBody, keyRefusal, sessionNotFound } from './http.ts';
import { createSession, deleteSession, getSession, listSessions } from './sessions.ts';
import type { AgiSession } from './state.ts';
import { Surface } from './surface.ts';
import { navigate, screenshot } from './view.ts';

const surfaces = new WeakMap<Deps, Surface>();
/** The surface of a running daemon (tests shorten webhook backoff). */
export function agiSurfaceOf(deps: Deps): Surface | undefined { return surfaces.get(deps); }

type Out = Record<string, unknown> | Record<string, unknown>[] | Response;
interface Call { c: Context; body: Record<string, unknown>; query: Record<string, string | undefined> }

function route(deps: Deps, handler: (call: Call, surface: Surface) => Promise<Out>, status = 200) {
  return async (c: Context): Promise<Response> => {
    const refused = keyRefusal(c, deps.config);
    if (refused) return errorResponse(c, refused);
    try {
      const surface = surfaces.get(deps)!;
      const body = c.req.method === 'POST' ? await jsonBody(c) : {};
      const out = await handler({ c, body, query: c.req.query() }, surface);
      return out instanceof Response ? out : c.json(out, status as 200);
    } catch (err) {
      return errorResponse(c, err);
    }
  };
}

/** The same with the `{id}` of the path resolved to a live AGI session (404 otherwise). */
function withSession(deps: Deps, handler: (call: Call, surface: Surface, s: AgiSession) => Promise<Out>, serial = false) {
  return route(deps, (call, surface) => {
    const id = call.c.req.param('id')!;
    const s = surface.state.sessions.get(id);
    if (!s || s.deleted) throw sessionNotFound(id);
    if (!serial) return handler(call, surface, s);
    // After the session's previous message/control call (whatever its outcome).
    const run = s.turn.then(() => {
      if (s.deleted) throw sessionNotFound(id);
      return handler(call, surface, s);
    });
    s.turn = run.catch(() => undefined);
    return run;
  });
}

const ENDPOINTS = 'POST/GET /sessions, GET/DELETE /sessions/{id}, POST /sessions/{id}/message, GET /sessions/{id}/messages, GET /sessions/{id}/status, '
  + 'GET /sessions/{id}/events, POST /sessions/{id}/pause|resume|cancel|navigate, GET /sessions/{id}/screenshot';

function install(app: Hono, deps: Deps): void {
  surfaces.set(deps, new Surface(app, deps));
  const b = `${AGI_BASE}/sessions`;
  app.post(b, route(deps, ({ c, body }, surface) => createSession(surface, body, c.req.header('host')), 201));
  app.get(b, route(deps, (_call, surface) => listSessions(surface)));
  app.get(`${b}/:id`, withSession(deps, (_call, surface, s) => getSession(surface, s)));
  app.delete(`${b}/:id`, withSession(deps, ({ query }, surface, s) => deleteSession(surface, s, query), true));
  app.post(`${b}/:id/message`, withSession(deps, ({ body }, surface, s) => sendMessage(surface, s, body), true));
  app.get(`${b}/:id/messages`, withSession(deps, ({ query }, surface, s) => getMessages(surface, s, query)));
  app.get(`${b}/:id/status`, withSession(deps, (_call, surface, s) => getStatus(surface, s)));
  app.get(`${b}/:id/events`, withSession(deps, async ({ c }, surface, s) => eventStream(c, surface, s)));
  app.post(`${b}/:id/pause`, withSession(deps, (_call, surface, s) => pause(surface, s), true));
  app.post(`${b}/:id/resume`, withSession(deps, (_call, surface, s) => resume(surface, s), true));
  app.post(`${b}/:id/cancel`, withSession(deps, (_call, surface, s) => cancel(surface, s), true));
  app.post(`${b}/:id/navigate`, withSession(deps, ({ body }, surface, s) => navigate(surface, s, body)));
  app.get(`${b}/:id/screenshot`, withSession(deps, (_call, surface, s) => screenshot(surface, s)));
  app.all(`${AGI_BASE}/*`, (c) => {
    const refused = keyRefusal(c, deps.config);
    return errorResponse(c, refused ?? new AgiError(404, 'Not Found', `no AGI endpoint ${c.req.method} ${c.req.path}; this abpd serves ${ENDPOINTS} under ${AGI_BASE}`));
  });
}

export const agiPlugin: DaemonPlugin = {
  name: 'agi',
  install,
  stop(deps) { surfaces.get(deps)?.stop(); },
};
