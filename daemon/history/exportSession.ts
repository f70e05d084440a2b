// GET /history/sessions/{id}/export: the session's actions and events in chunks, oldest first,
// optionally with the screenshots inlined as base64.
import { readFile } from 'node:fs/promises';
import type { Db } from './db.ts';
import { ownScreenshotPath } from './files.ts';
import type { SessionLayout } from './layout.ts';
import { pageOf } from './queries.ts';
import type { QueryParams } from './queryParams.ts';
import { actionJson, eventJson, sessionJson, type ActionRow, type EventRow, type Json, type SessionRow } from './shapes.ts';

/** Inlined screenshots stop a chunk early past this, so one response never holds gigabytes. */
const CHUNK_IMAGE_BUDGET = 64 * 1024 * 1024;

export async function exportChunk(db: Db, layout: SessionLayout, session: SessionRow, q: QueryParams,
  waitForFile: (path: string) => Promise<void> | undefined): Promise<Json> {
  const chunkSize = q.clamped('chunk_size', 1000, 1, 5000);
  const withImages = q.bool('include_screenshots', true)!;
  const filter = { clauses: ['session_id = ?'], args: [session.id] };
  const actions = pageOf<ActionRow>(db, 'actions', filter, q.int('actions_cursor'), 'forward', chunkSize);
  const events = pageOf<EventRow>(db, 'events', filter, q.int('events_cursor'), 'forward', chunkSize);

  const out: Json[] = [];
  let imageBytes = 0;
  let lastRowid = q.int('actions_cursor') ?? 0;
  let cutShort = false;
  for (const row of actions.rows) {
    if (withImages && imageBytes > CHUNK_IMAGE_BUDGET) { cutShort = true; break; }
    const action = actionJson(row);
    if (withImages) {
      for (const [which, stored] of [['before', row.screenshot_before_path], ['after', row.screenshot_after_path]] as const) {
        if (!stored) continue;
        const image = await readImage(layout, stored, waitForFile);
        if (image) { action[`screenshot_${which}`] = image.toString('base64'); imageBytes += image.length; }
      }
    }
    out.push(action);
    lastRowid = row.rowid;
  }
  const actionsDone = !cutShort && !actions.has_more;
  const eventsDone = !events.has_more;
  const complete = actionsDone && eventsDone;
  // A stream that finished before the other keeps a cursor (it reads as empty from then on), so a
  // client that simply passes both cursors back never restarts a finished stream from the top.
  const lastEvent = events.rows.at(-1)?.rowid ?? q.int('events_cursor') ?? 0;
  return {
    session: sessionJson(session),
    actions: out,
    events: events.rows.map(eventJson),
    next_actions_cursor: complete ? null : lastRowid,
    next_events_cursor: complete ? null : lastEvent,
    export_complete: complete,
  };
}

async function readImage(layout: SessionLayout, stored: string, waitForFile: (path: string) => Promise<void> | undefined): Promise<Buffer | null> {
  const path = ownScreenshotPath(layout, stored);
  await waitForFile(path);
  try { return await readFile(path); } catch {
    return null; // lost to a kill -9 before it was written, or deleted: the row still exports
  }
}
