// Smooth's /task API served locally at /compat/smooth/api/v1 (compat.md "Smooth /task"): the
// official SDK runs with SMOOTH_BASE_URL=http://127.0.0.1:8222/compat/smooth/api/ (it appends v1).
// A plugin: routes and shape mapping only — tasks are native tasks, sessions are sessions.md
// sessions, profiles are sessions.md profiles, all reached through the daemon's own routes.
import type { Context, Hono } from 'hono';
import type { DaemonPlugin } from '../../plugins.ts';
import type { Deps } from '../../routes/types.ts';
import { DaemonCalls } from '../daemonCalls.ts';
import { compatDispatch } from '../keys.ts';
import { postEvent, type EventCall } from './events.ts';
import { errorResponse, invalid, jsonBody, keyRefusal, SMOOTH_BASE, SmoothError, wrap } from './http.ts';
import { deleteFile, FileStore, uploadFile } from './files.ts';
import { createProfile, deleteProfile, listProfiles } from './profiles.ts';
import { SmoothRecords } from './records.ts';
import { Recordings } from './recording.ts';
import { downloadsZip } from './downloads.ts';
import { createTask, deleteTask, getTask, listTasks, recordOf } from './tasks.ts';

interface State { records: SmoothRecords; files: FileStore; recordings: Recordings }
const states = new WeakMap<Deps, State>();

type Handler = (call: EventCall, c: Context) => Promise<Response>;

function route(app: Hono, deps: Deps, state: State, handler: Handler) {
  return async (c: Context): Promise<Response> => {
    const refused = keyRefusal(c, deps.config);
    if (refused) return errorResponse(c, refused);
    try {
      const host = c.req.header('host')!;
      const calls = new DaemonCalls(compatDispatch(app, deps.config, host));
      return await handler({ calls, records: state.records, files: state.files, recordings: state.recordings, config: deps.config, llm: deps.llm, origin: `http://${host}` }, c);
    } catch (err) {
      return errorResponse(c, err);
    }
  };
}

function eventT(c: Context): number | undefined {
  const raw = c.req.query('event_t');
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw invalid('event_t', 'must be a time in milliseconds (the timestamp of the last event you processed)');
  return n;
}

const ENDPOINTS = 'POST/GET /task, GET/DELETE /task/{id}, POST /task/{id}/event, POST/GET /profile, DELETE /profile/{id}, POST /file, DELETE /file/{id}';

export const smoothPlugin: DaemonPlugin = {
  name: 'smooth',
  install(app, deps) {
    const state: State = { records: new SmoothRecords(), files: new FileStore(), recordings: new Recordings() };
    states.set(deps, state);
    const on = (h: Handler) => route(app, deps, state, h);
    app.post(`${SMOOTH_BASE}/task`, on(async (s, c) => wrap(c, await createTask(s, await jsonBody(c)))));
    app.get(`${SMOOTH_BASE}/task`, on(async (s, c) => wrap(c, await listTasks(s))));
    app.get(`${SMOOTH_BASE}/task/:id`, on(async (s, c) => {
      const { value, running } = await getTask(s, c.req.param('id')!, eventT(c), c.req.query('downloads') === 'true');
      return wrap(c, value, running ? 202 : 200);
    }));
    app.get(`${SMOOTH_BASE}/task/:id/downloads.zip`, on(async (s, c) => {
      const body = await downloadsZip(s.calls, recordOf(s, c.req.param('id')!));
      return c.body(new Uint8Array(body), 200, { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${c.req.param('id')}-downloads.zip"` });
    }));
    app.get(`${SMOOTH_BASE}/task/:id/recording.zip`, on(async (s, c) => {
      const id = recordOf(s, c.req.param('id')!).id;
      const body = s.recordings.bundle(id);
      if (!body) throw new SmoothError(404, `task ${id} has no recording (it was started with enable_recording: false, or no frame was taken yet)`);
      return c.body(new Uint8Array(body), 200, { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${id}-recording.zip"` });
    }));
    app.delete(`${SMOOTH_BASE}/task/:id`, on(async (s, c) => wrap(c, await deleteTask(s, c.req.param('id')!))));
    app.post(`${SMOOTH_BASE}/task/:id/event`, on(async (s, c) => wrap(c, await postEvent(s, c.req.param('id')!, await jsonBody(c)))));
    app.post(`${SMOOTH_BASE}/profile`, on(async (s, c) => wrap(c, await createProfile(s, (await c.req.text()).trim() ? await jsonBody(c) : {}))));
    app.get(`${SMOOTH_BASE}/profile`, on(async (s, c) => wrap(c, await listProfiles(s))));
    app.delete(`${SMOOTH_BASE}/profile/:id`, on(async (s, c) => wrap(c, await deleteProfile(s, c.req.param('id')!))));
    app.post(`${SMOOTH_BASE}/file`, on(async (s, c) => wrap(c, await uploadFile(c, s.files))));
    app.delete(`${SMOOTH_BASE}/file/:id`, on(async (s, c) => wrap(c, deleteFile(s.files, c.req.param('id')!))));
    for (const cloudOnly of ['extension', 'extension/*']) {
      app.all(`${SMOOTH_BASE}/${cloudOnly}`, on(async () => { throw new SmoothError(403, 'browser extensions are not available locally (Chromium is started once, without them)'); }));
    }
    app.all(`${SMOOTH_BASE}/*`, on(async (_s, c) => { throw new SmoothError(404, `no Smooth endpoint ${c.req.method} ${c.req.path}; this abpd serves ${ENDPOINTS} under ${SMOOTH_BASE}`); }));
  },
  stop(deps) { const s = states.get(deps); s?.records.clear(); s?.files.clear(); s?.recordings.clear(); },
};
