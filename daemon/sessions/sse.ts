// The event log as Server-Sent Events (sessions.md §6) on GET /api/v1/sessions/{id}/events with
// `Accept: text/event-stream`: `id:` is the entry id, `Last-Event-ID` (or ?after_id) resumes after
// it, a heartbeat comment every 15 s keeps proxies from closing an idle stream. Each client has a
// bounded queue: a client that cannot keep up is dropped with a final `error` event instead of
// holding the session (or the daemon's memory) back.
import type { Context, Next } from 'hono';
import { streamSSE } from 'hono/streaming';
import { errorResponse } from '../app.ts';
import { toApiError } from '../errors.ts';
import type { Deps } from '../routes/types.ts';
import type { LoggedEvent } from './eventLog.ts';
import { DEFAULT_SESSION, sessionsOf } from './registry.ts';
import { sessionNotFound } from './errors.ts';

export const HEARTBEAT_MS = 15_000;
const MAX_QUEUED = 2_000;
const BACKLOG_PAGE = 500;
const DROP_GRACE_MS = 1_000;

export function sseMiddleware(deps: Deps) {
  return async (c: Context, next: Next): Promise<Response | void> => {
    if (c.req.method !== 'GET' || !(c.req.header('accept') ?? '').includes('text/event-stream')) return next();
    try {
      return stream(c, deps, c.req.param('id')!);
    } catch (err) {
      return errorResponse(c, toApiError(err));
    }
  };
}

function stream(c: Context, deps: Deps, rawId: string): Response {
  const registry = sessionsOf(deps.host);
  let id = rawId;
  if (id !== DEFAULT_SESSION && !registry.sessions.has(id)) {
    const alias = [...registry.sessions.values()].find((s) => s.aliases.has(id));
    if (alias) id = alias.id;
    else if (!registry.events.loadRecord(id)) throw sessionNotFound(id);
  }
  const resumeRaw = c.req.header('last-event-id') ?? c.req.query('after_id') ?? '0';
  let lastSent = /^\d{1,15}$/.test(resumeRaw) ? Number(resumeRaw) : 0;
  const types = c.req.query('types')?.split(',').map((t) => t.trim()).filter(Boolean);
  const wanted = (e: LoggedEvent): boolean => !types?.length || types.includes(e.type);
  const log = registry.events;

  return streamSSE(c, async (sse) => {
    const queue: LoggedEvent[] = [];
    let overflowed = false;
    let wake: (() => void) | null = null;
    let closed = false;
    // Subscribed before the backlog is read, so nothing falls between the two (duplicates are
    // skipped by id below).
    const off = log.subscribe(id, (e) => {
      if (overflowed) return;
      if (queue.length < MAX_QUEUED) { queue.push(e); wake?.(); return; }
      // Too far behind: the error goes after what is already on its way, then the stream is cut
      // (the writer may be stuck on a client that reads nothing).
      overflowed = true;
      void sse.writeSSE({ event: 'error', data: JSON.stringify({ code: 'CLIENT_TOO_SLOW', message: `More than ${MAX_QUEUED} entries waited for this client; reconnect with Last-Event-ID to resume.` }) });
      setTimeout(() => { closed = true; sse.abort(); wake?.(); }, DROP_GRACE_MS).unref();
    });
    sse.onAbort(() => { closed = true; wake?.(); });
    const heartbeat = setInterval(() => { void sse.write(': heartbeat\n\n').catch(() => { closed = true; }); }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      for (;;) {
        const page = log.list(id, { afterId: lastSent, limit: BACKLOG_PAGE });
        for (const e of page) { if (wanted(e)) await sse.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify(e) }); lastSent = e.id; }
        if (page.length < BACKLOG_PAGE) break;
      }
      while (!closed) {
        if (overflowed) { await new Promise<void>((r) => { wake = r; }); continue; }
        const e = queue.shift();
        if (!e) { await new Promise<void>((r) => { wake = r; }); wake = null; continue; }
        if (e.id <= lastSent) continue;
        if (wanted(e)) await sse.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify(e) });
        lastSent = e.id;
      }
    } finally {
      off();
      clearInterval(heartbeat);
    }
  });
}
