// POST /task, GET /task, GET /task/{id}, DELETE /task/{id} (compat.md "Smooth /task"): a task is a
// native task (POST /api/v1/tasks) in a sessions.md session labelled as Smooth's; `task: null` is a
// session of its own waiting for events (events.ts). Admission: 429 once --max-agent-tasks tasks run
// and as many again wait (the vendor's "rate limit" status, with what to do).
import type { Config } from '../../config.ts';
import type { DaemonCalls } from '../daemonCalls.ts';
import { SmoothError } from './http.ts';
import { ATTACH_TOOL, attachTool, checkFiles, serveAttachments } from './attach.ts';
import type { FileStore } from './files.ts';
import { finishedDownloads } from './downloads.ts';
import { recordTask, type Recordings } from './recording.ts';
import { invalid, SMOOTH_BASE } from './http.ts';
import { newSessionId, SmoothRecords, type SmoothRecord } from './records.ts';
import { nativeTaskBody, parseTaskRequest, sessionBody } from './request.ts';
import { isTerminal, nativeTask, smoothStatus, taskResponse } from './view.ts';

export interface SurfaceCall { calls: DaemonCalls; records: SmoothRecords; files: FileStore; recordings: Recordings; config: Config; origin: string }

const notFound = (id: string): SmoothError => new SmoothError(404, `no task ${id}: list tasks with GET /task`);

export function recordOf(s: SurfaceCall, id: string): SmoothRecord {
  const r = s.records.get(id);
  if (!r) throw notFound(id);
  return r;
}

async function checkAdmission(s: SurfaceCall): Promise<void> {
  const { tasks } = await s.calls.json<{ tasks: { status: string }[] }>('GET', '/tasks');
  const open = tasks.filter((t) => !isTerminal(smoothStatus(t.status))).length;
  const cap = s.config.maxAgentTasks * 2;
  if (open >= cap) {
    throw new SmoothError(429, `the task queue is full: ${s.config.maxAgentTasks} task(s) run at a time (--max-agent-tasks) and ${s.config.maxAgentTasks} more may wait; retry when one ends, or start abpd with a higher --max-agent-tasks`);
  }
}

export async function createTask(s: SurfaceCall, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const req = parseTaskRequest(body);
  if (req.customTools.some((t) => t.name === ATTACH_TOOL)) throw invalid('custom_tools', `"${ATTACH_TOOL}" is the tool abpd gives the agent for the task's files; pick another name`);
  const files = checkFiles(s.files, req.files);
  if (files.length) req.customTools.push(attachTool(files));
  const saveProfile = !!req.profileId && !req.profileReadOnly;
  const base = { device: req.device, createdAt: Date.now(), output: null, own: [], closing: null, saveProfile,
    runDefaults: { agent: req.agent, customTools: req.customTools } };
  let record: SmoothRecord;
  if (req.task === null) {
    const created = await s.calls.json<{ session_id: string; tab_id: string }>('POST', '/sessions', sessionBody(req));
    record = s.records.add({ ...base, id: newSessionId(), kind: 'session', nativeTasks: [], sessionId: created.session_id, tabId: created.tab_id, tabIds: [created.tab_id], status: 'running' });
    if (req.enableRecording) s.recordings.start(record.id);
    if (req.url) {
      const nav = await s.calls.reply('POST', `/tabs/${encodeURIComponent(created.tab_id)}/navigate`, { url: req.url, screenshot: { area: 'none' } });
      if (nav.status !== 200) s.records.note(record, 'log', { message: `url ${req.url} did not load: ${(nav.json as { error?: string })?.error ?? nav.status}` });
    }
  } else {
    await checkAdmission(s);
    // A writable profile is saved when its session ends: the surface opens that session itself and
    // ends it (save_profile=true) after the task; otherwise the native task's own session is used.
    const own = saveProfile ? await s.calls.json<{ session_id: string }>('POST', '/sessions', sessionBody(req)) : null;
    const where = own ? { sessionId: own.session_id } : { session: sessionBody(req) };
    let created: { task_id: string };
    try {
      created = await s.calls.json<{ task_id: string }>('POST', '/tasks', nativeTaskBody({ ...req, task: req.task }, where));
    } catch (err) {
      if (own) await s.calls.reply('DELETE', `/sessions/${encodeURIComponent(own.session_id)}`).catch(() => undefined);
      throw err;
    }
    record = s.records.add({ ...base, id: created.task_id, kind: 'task', nativeTasks: [created.task_id], sessionId: own?.session_id ?? null, tabId: null, tabIds: [], status: 'waiting' });
    if (own) void endAfterTask(s, record);
    if (files.length) void serveAttachments(s.calls, created.task_id, files);
    if (req.enableRecording) void recordTask(s.calls, s.recordings, record);
  }
  for (const message of req.notes) s.records.note(record, 'log', { message });
  return taskResponse(s.calls, record, { withEvents: true, origin: s.origin });
}

/** GET /task/{id}: the answer and whether it is still running (the route answers 202 then). */
export async function getTask(s: SurfaceCall, id: string, eventT: number | undefined, downloads = false): Promise<{ value: Record<string, unknown>; running: boolean }> {
  const r = recordOf(s, id);
  if (r.closing?.seen) finishClose(s, r);
  const value = await taskResponse(s.calls, r, { withEvents: true, eventT, origin: s.origin });
  if (s.recordings.has(r.id)) value.recording_url = `${s.origin}${SMOOTH_BASE}/task/${encodeURIComponent(r.id)}/recording.zip`;
  if (downloads && (await finishedDownloads(s.calls, r)).length) value.downloads_url = `${s.origin}${SMOOTH_BASE}/task/${encodeURIComponent(r.id)}/downloads.zip`;
  // The close's result event has now been handed to a poll that saw the session running: the next poll sees it done.
  if (r.closing && (eventT === undefined || eventT < r.closing.eventTs)) r.closing.seen = true;
  return { value, running: !isTerminal(value.status) };
}

export async function listTasks(s: SurfaceCall): Promise<Record<string, unknown>[]> {
  return Promise.all(s.records.list().map((r) => taskResponse(s.calls, r, { withEvents: false, origin: s.origin })));
}

/** A session whose close was confirmed: done, its session ended. */
export function finishClose(s: SurfaceCall, r: SmoothRecord): void {
  if (!r.closing) return;
  clearTimeout(r.closing.timer);
  r.closing = null;
  if (!isTerminal(r.status)) r.status = 'done';
}

/** Ends a session's browser side (its run_tasks are cancelled first; a writable profile saved). */
export async function endSession(s: SurfaceCall, r: SmoothRecord): Promise<void> {
  for (const id of r.nativeTasks) {
    const t = await nativeTask(s.calls, id).catch(() => null);
    if (t && !isTerminal(smoothStatus(t.status))) await s.calls.reply('POST', `/tasks/${encodeURIComponent(id)}/cancel`).catch(() => undefined);
  }
  if (r.sessionId) await s.calls.reply('DELETE', `/sessions/${encodeURIComponent(r.sessionId)}${r.saveProfile ? '?save_profile=true' : ''}`).catch(() => undefined);
}

const WATCH_MS = 250;

/** A one-shot in the surface's own session: that session ends (profile saved) when the task does. */
async function endAfterTask(s: SurfaceCall, r: SmoothRecord): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    const t = await nativeTask(s.calls, r.nativeTasks[0]!).catch(() => null);
    if (!t || isTerminal(smoothStatus(t.status))) break;
  }
  await endSession(s, r);
}

export async function deleteTask(s: SurfaceCall, id: string): Promise<true> {
  const r = recordOf(s, id);
  if (r.kind === 'task') {
    let t = await nativeTask(s.calls, r.nativeTasks[0]!);
    // A native task reads `waiting` both in the queue and while its tab is being opened; a cancel in
    // the second moment would not reach its loop. Give that moment time to pass (a queued task stays
    // `waiting` and is cancelled from the queue afterwards).
    for (let i = 0; i < 30 && t.status === 'waiting'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      t = await nativeTask(s.calls, t.task_id);
    }
    if (!isTerminal(smoothStatus(t.status))) await s.calls.reply('POST', `/tasks/${encodeURIComponent(t.task_id)}/cancel`);
    return true;
  }
  if (!isTerminal(r.status)) {
    if (r.closing) { clearTimeout(r.closing.timer); r.closing = null; }
    r.status = 'cancelled';
    await endSession(s, r);
  }
  return true;
}
