// History as a daemon plugin (history.md): records every action once Chromium is ready, closes the
// session row on clean shutdown, serves /api/v1/history/... and the viewer at / and /ui.
import type { MiddlewareHandler } from 'hono';
import type { DaemonPlugin } from '../plugins.ts';
import { historyRoutes } from './routes.ts';
import { closeHistory, openHistorySafely } from './runtime.ts';
import { installViewer } from './viewerRoute.ts';

const HISTORY_PREFIX = '/api/v1/history';

/**
 * An unknown path or a wrong method under /history answers in the history wrapper too (ABP's
 * NOT_FOUND / METHOD_NOT_ALLOWED), not in the rest of the API's error shape.
 */
const historyWrapperForMisses: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.req.path.startsWith(HISTORY_PREFIX) || (c.res.status !== 404 && c.res.status !== 405)) return;
  const body = await c.res.clone().json().catch(() => null) as { code?: unknown; error?: unknown } | null;
  if (body?.code !== 'NOT_FOUND' && body?.code !== 'METHOD_NOT_ALLOWED') return;
  c.res = new Response(JSON.stringify({ success: false, error: body.code, message: body.error }), {
    status: c.res.status, headers: { 'content-type': 'application/json' },
  });
};

export const historyPlugin: DaemonPlugin = {
  name: 'history',
  routes: historyRoutes,
  middleware: () => historyWrapperForMisses,
  install: (app, deps) => installViewer(app, deps),
  start: (deps) => openHistorySafely(deps),
  stop: (deps) => closeHistory(deps),
};
