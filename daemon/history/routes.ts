// /api/v1/history/... (history.md, abp-reference §8.4), in ABP's {success, data} wrapper.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { RouteDef, RouteRequest, RouteResponse } from '../routes/types.ts';
import { deleteActions, deleteEvents, deleteHistory } from './deletes.ts';
import { exportChunk } from './exportSession.ts';
import { ownScreenshotPath } from './files.ts';
import { failure, HistoryError, ok } from './historyErrors.ts';
import { IMAGE_TYPES } from './layout.ts';
import { getAction, getEvent, getSession, pageOf, rowFilter, sessionFilter, timeRange } from './queries.ts';
import { QueryParams } from './queryParams.ts';
import { historyOf, peekHistory, type HistoryRuntime } from './runtime.ts';
import { describeDbError, isStorageError } from './health.ts';
import { actionJson, eventJson, sessionJson, type ActionRow, type EventRow, type SessionRow } from './shapes.ts';

type Handler = (q: QueryParams, h: HistoryRuntime, req: RouteRequest) => Promise<RouteResponse> | RouteResponse;

function route(name: string, method: RouteDef['method'], path: string, summary: string, fn: Handler): RouteDef {
  return {
    name, method, path, kind: 'query', summary,
    async handle(req, deps) {
      try {
        return await fn(new QueryParams(req.query as Record<string, string>), historyOf(deps), req);
      } catch (err) {
        if (err instanceof HistoryError) return failure(err);
        // A broken file is not a bug: say what happened (issue 27 item 3).
        if (isStorageError(err)) return failure(storageFailure(err, peekHistory(deps)));
        deps.log.error(`history ${method} ${path}: ${(err as Error).stack ?? err}`);
        return failure(new HistoryError(500, 'INTERNAL', `History query failed: ${(err as Error).message}. This is a bug in abpd; the daemon log has the details.`));
      }
    },
  };
}

function storageFailure(err: unknown, h: HistoryRuntime | undefined): HistoryError {
  const held = h && h.health.queue.length > 0 ? ` ${h.health.queue.length} recent action(s) are held in memory and written when it recovers.` : '';
  return new HistoryError(503, 'HISTORY_UNAVAILABLE', `The history database ${h?.layout.database ?? ''} cannot be read or written (${describeDbError(err)}): `
    + `the disk may be full or the file damaged.${held} GET /api/v1/browser/status shows history.state; free disk space, or stop abpd, `
    + 'move history.db aside and restart (a corrupt file is moved aside at start by itself).');
}

function sessionById(h: HistoryRuntime, id: string): SessionRow {
  const row = getSession(h.db, id === 'current' ? h.store.sessionId : id);
  const aside = h.health.movedAside ? ` Sessions before ${new Date(h.health.movedAside.at).toISOString()} are in ${h.health.movedAside.path} (moved aside at start: ${h.health.movedAside.reason}).` : '';
  if (!row) throw new HistoryError(404, 'SESSION_NOT_FOUND', `Session not found: ${id}. List sessions with GET /api/v1/history/sessions.${aside}`);
  return row;
}

function actionById(h: HistoryRuntime, id: string): ActionRow {
  const row = getAction(h.db, id);
  if (!row) throw new HistoryError(404, 'ACTION_NOT_FOUND', `Action not found: ${id}. List actions with GET /api/v1/history/actions.`);
  return row;
}

/** A delete with no filter wipes every session's rows: as DELETE /history, it must say so (issue 27 item 8). */
function requireFilterOrConfirm(q: QueryParams, filter: { clauses: string[] }, what: string, filters: string): void {
  if (filter.clauses.length > 0 || q.bool('confirm') === true) return;
  throw new HistoryError(400, 'INVALID_QUERY', `No filter given: this would delete the ${what} of every session. `
    + `Pass a filter (${filters}), or confirm=true to delete them all.`);
}

const pageData = <R extends { rowid: number }>(key: string, page: ReturnType<typeof pageOf<R>>, shape: (r: R) => unknown) =>
  ok({ [key]: page.rows.map(shape), prev_cursor: page.prev_cursor, next_cursor: page.next_cursor, has_more: page.has_more });

export const historyRoutes: RouteDef[] = [
  route('history_sessions', 'GET', '/history/sessions', 'Recorded sessions (one per daemon run), newest first.', (q, h) =>
    pageData('sessions', pageOf<SessionRow>(h.db, 'sessions', sessionFilter(q), q.int('cursor'), q.direction(), q.clamped('limit', 20, 1, 100)), sessionJson)),
  route('history_session', 'GET', '/history/sessions/:id', 'One session; "current" is this daemon run.', (_q, h, req) =>
    ok(sessionJson(sessionById(h, req.params.id!)))),
  route('history_export', 'GET', '/history/sessions/:id/export', 'A session\'s actions and events in chunks (screenshots as base64).', async (q, h, req) =>
    ok(await exportChunk(h.db, h.layout, sessionById(h, req.params.id!), q, (p) => h.recorder.pendingWrite(p)))),
  route('history_actions', 'GET', '/history/actions', 'Recorded actions (default: this session), newest first.', (q, h) => {
    const filter = timeRange(q, rowFilter(q, { sessionId: h.store.sessionId }, { action_type: 'action_type' }));
    const success = q.bool('success');
    if (success !== undefined) { filter.clauses.push('success = ?'); filter.args.push(success ? 1 : 0); }
    return pageData('actions', pageOf<ActionRow>(h.db, 'actions', filter, q.int('cursor'), q.direction(), q.clamped('limit', 50, 1, 500)), actionJson);
  }),
  route('history_action', 'GET', '/history/actions/:id', 'One recorded action (params and result parsed).', (_q, h, req) =>
    ok(actionJson(actionById(h, req.params.id!)))),
  route('history_action_screenshot', 'GET', '/history/actions/:id/screenshot', 'The action\'s after (or before) screenshot file.', async (q, h, req) => {
    const which = q.oneOf('type', ['after', 'before'] as const, 'after');
    const row = actionById(h, req.params.id!);
    const stored = which === 'after' ? row.screenshot_after_path : row.screenshot_before_path;
    if (!stored) throw new HistoryError(404, 'SCREENSHOT_NOT_FOUND', 'Screenshot not available for this action (it was taken with screenshot.area "none", or the action failed before it).');
    const path = ownScreenshotPath(h.layout, stored);
    await h.recorder.pendingWrite(path);
    let data: Buffer;
    try { data = await readFile(path); } catch {
      throw new HistoryError(404, 'SCREENSHOT_NOT_FOUND', 'Screenshot file not found (deleted, or lost when the daemon was killed before writing it).');
    }
    return { binary: data, contentType: IMAGE_TYPES[extname(path).slice(1)] ?? 'application/octet-stream', inline: true };
  }),
  route('history_delete_actions', 'DELETE', '/history/actions', 'Delete recorded actions (and their screenshots) by session, tab, or before a time.', async (q, h) => {
    const filter = rowFilter(q, {}, {});
    const before = q.int('before');
    if (before !== undefined) { filter.clauses.push('timestamp < ?'); filter.args.push(before); }
    requireFilterOrConfirm(q, filter, 'actions', 'session_id, tab_id or before');
    await h.recorder.flush(); // a file still being written would outlive its row
    const deleted = deleteActions(h.db, h.layout, filter, h.deps.log);
    h.retention.forget(deleted.freedBytes);
    return ok({ deleted_count: deleted.actions });
  }),
  route('history_events', 'GET', '/history/events', 'Recorded events (default: this session), newest first.', (q, h) => {
    const filter = timeRange(q, rowFilter(q, { sessionId: h.store.sessionId }, { event_type: 'event_type', action_id: 'action_id' }));
    return pageData('events', pageOf<EventRow>(h.db, 'events', filter, q.int('cursor'), q.direction(), q.clamped('limit', 100, 1, 1000)), eventJson);
  }),
  route('history_event', 'GET', '/history/events/:id', 'One recorded event.', (_q, h, req) => {
    const id = req.params.id!;
    if (!/^\d{1,16}$/.test(id)) throw new HistoryError(400, 'INVALID_QUERY', `Invalid event ID "${id.slice(0, 40)}": event ids are whole numbers.`);
    const row = getEvent(h.db, Number(id));
    if (!row) throw new HistoryError(404, 'EVENT_NOT_FOUND', `Event not found: ${id}. List events with GET /api/v1/history/events.`);
    return ok(eventJson(row));
  }),
  route('history_delete_events', 'DELETE', '/history/events', 'Delete recorded events by session, tab, type, or before a time.', (q, h) => {
    const filter = rowFilter(q, {}, { event_type: 'event_type' });
    const before = q.int('before');
    if (before !== undefined) { filter.clauses.push('timestamp < ?'); filter.args.push(before); }
    requireFilterOrConfirm(q, filter, 'events', 'session_id, tab_id, event_type or before');
    return ok({ deleted_count: deleteEvents(h.db, filter) });
  }),
  route('history_delete_all', 'DELETE', '/history', 'Delete all history (or one session); needs confirm=true.', async (q, h) => {
    if (q.bool('confirm') !== true) throw new HistoryError(400, 'INVALID_QUERY', 'Must pass confirm=true to delete all history (add session_id=ID to delete one session only).');
    await h.recorder.flush();
    const deleted = deleteHistory(h.db, h.layout, q.string('session_id'), h.deps.log);
    // Recording goes on: this run's session row comes back (same id, same start time).
    const version = h.deps.host.version;
    h.store.insertSessionRow(version?.product ?? null, version?.userAgent ?? null);
    h.retention.forget(deleted.freedBytes);
    return ok({ deleted_sessions: deleted.sessions, deleted_actions: deleted.actions, deleted_events: deleted.events });
  }),
];
