// GET /sessions/{id}/events as SSE (agent-apis.md §1.2.1): `id:` (the log entry id) / `event:` /
// `data:` frames over the session's event log. event_types filters (unknown names are a 400 before
// the stream), include_history replays what came before the connection, Last-Event-ID resumes after
// an entry (nothing is lost across a disconnect, whatever include_history says), sanitize hides log
// frames, and a heartbeat `{timestamp}` goes out every 30 s. Subscribed before the backlog is read,
// so nothing falls between the two.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { readSessionEvents, subscribeSessionEvents, type LoggedEvent } from '../../sessions/api.ts';
import { parseBool } from './agent.ts';
import { badRequest } from './http.ts';
import { PageTracker, SSE_EVENT_TYPES, toFrame } from './messages.ts';
import type { AgiSession } from './state.ts';
import type { Surface } from './surface.ts';

export const HEARTBEAT_MS = { value: 30_000 };

export function eventStream(c: Context, surface: Surface, s: AgiSession): Response {
  const sanitize = parseBool(c.req.query('sanitize'), 'sanitize', true);
  const includeHistory = parseBool(c.req.query('include_history'), 'include_history', false);
  const rawTypes = c.req.query('event_types');
  let types: Set<string> | null = null;
  if (rawTypes !== undefined && rawTypes !== '') {
    const list = rawTypes.split(',').map((t) => t.trim()).filter(Boolean);
    const bad = list.filter((t) => !(SSE_EVENT_TYPES as readonly string[]).includes(t));
    if (bad.length) throw badRequest(`event_types: unknown ${bad.map((b) => `"${b}"`).join(', ')}; use a comma list of ${SSE_EVENT_TYPES.join(', ')}`);
    types = new Set(list);
  }
  const resume = c.req.header('last-event-id');
  if (resume !== undefined && !/^\d{1,15}$/.test(resume)) throw badRequest(`Last-Event-ID: must be the id of a frame this stream sent (a whole number), got "${resume.slice(0, 40)}"`);
  const host = surface.deps.host;
  const page = new PageTracker();
  const newest = lastId(surface, s);
  let last = resume !== undefined ? Number(resume) : includeHistory ? 0 : newest;

  return streamSSE(c, async (sse) => {
    const queue: LoggedEvent[] = [];
    let wake: (() => void) | null = null;
    const off = subscribeSessionEvents(host, s.backendId, (e) => { queue.push(e); wake?.(); });
    const heartbeat = setInterval(() => {
      if (!types || types.has('heartbeat')) void sse.writeSSE({ event: 'heartbeat', data: JSON.stringify({ timestamp: new Date().toISOString() }) });
    }, HEARTBEAT_MS.value);
    sse.onAbort(() => wake?.());
    let read = 0;
    const send = async (e: LoggedEvent): Promise<void> => {
      if (e.id <= read) return;
      read = e.id;
      const frame = e.id > last ? toFrame(e, sanitize, page.url) : null;
      page.see(e);
      if (e.id > last) last = e.id;
      if (frame && (!types || types.has(frame.event))) await sse.writeSSE({ id: String(frame.id), event: frame.event, data: JSON.stringify(frame.data) });
    };
    try {
      for (;;) {
        // From the start (frames only after `last`): the tracker learns which page each step ran on.
        const batch = readSessionEvents(host, s.backendId, { afterId: read, limit: 500 });
        for (const e of batch) await send(e);
        if (batch.length < 500) break;
      }
      while (!sse.aborted && !s.deleted) {
        for (const e of queue.splice(0)) await send(e);
        await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 1000); });
      }
    } finally { clearInterval(heartbeat); off(); }
  });
}

/** The newest entry's id (the log has no cheaper way to ask). */
function lastId(surface: Surface, s: AgiSession): number {
  let after = 0;
  for (;;) {
    const page = readSessionEvents(surface.deps.host, s.backendId, { afterId: after, limit: 1000 });
    if (page.length === 0) return after;
    after = page.at(-1)!.id;
  }
}
